#!/usr/bin/env python3
"""The server's name index follows writes made by other processes: a person
imported with `vigil import json` while the server runs is found by name on
the people page, the search page and the API, and counted in the people
list's facets, within about a second and without a restart. A person whose
names another process changes is found by the new name and no longer by the
old one, and one it deletes is found by neither."""
import os
import re
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_api as va  # noqa: E402
import vigil_http as vh  # noqa: E402

# How long a change made elsewhere may take to show: the server checks on
# each search, so this only allows for a slow, shared machine.
FOLLOW_S = 1.5
# More than the server's threads, so that every thread's connection is asked.
ASKS = 8


def person(pid, name, ethnicity="Uyghur"):
    return {"record": "person", "id": pid, "level": "public",
            "ethnicity": ethnicity,
            "names": [{"name": name, "script": "Latn", "kind": "primary"}]}


def found_everywhere(srv, reader, token, name, pid):
    """How many of the people page, search page and API answers (ASKS of
    each) list pid for a search by name."""
    q = urllib.parse.quote(name)
    hits = 0
    for _ in range(ASKS):
        page = reader.get("/people?q=" + q)
        vh.check(page.status == 200, "people page: %r" % page)
        hits += pid in page.text
        page = reader.get("/search?q=" + q)
        vh.check(page.status == 200, "search page: %r" % page)
        hits += pid in page.text
        a = va.request(srv.port, "GET", va.API + "/people?q=" + q,
                       token=token)
        vh.check(a.status == 200, "API search: %r" % a)
        hits += pid in [p["id"] for p in a.json["items"]]
    return hits


def wait_until(what, cond):
    """Polls cond() until it holds or FOLLOW_S has passed; returns the
    seconds it took."""
    t0 = time.monotonic()
    while not cond():
        if time.monotonic() - t0 > FOLLOW_S:
            raise vh.Failure("%s: not within %.1f s" % (what, FOLLOW_S))
        time.sleep(0.05)
    return time.monotonic() - t0


def detained_count(reader):
    """The people list's count of detained Kazakh people."""
    page = reader.get("/people?ethnicity=Kazakh")
    vh.check(page.status == 200, "people list: %r" % page)
    m = re.search(r'status=detained[^"]*"[^>]*>[^<]+</a> \((\d+)\)',
                  page.text)
    return int(m.group(1)) if m else 0


def detention(pid):
    return {"record": "act", "level": "public", "victim": pid,
            "type": "detention", "start_date": "2019-04"}


def test_an_import_elsewhere_is_found_by_name_and_counted(srv):
    reader = srv.client()
    reader.login("viewer", srv.passwords["viewer"])
    token = srv.token("viewer")
    name = "Erkinbek Tursunbayev"
    vh.check(found_everywhere(srv, reader, token, name, "V-000700") == 0,
             "nobody of that name before the import")
    before = detained_count(reader)
    srv.import_json([person("V-000700", name, "Kazakh"),
                        detention("V-000700")], "one.json")
    took = wait_until("found by name after an import", lambda:
                      found_everywhere(srv, reader, token, name,
                                       "V-000700") == 3 * ASKS)
    print("found on every page and thread %.2f s after the import" % took)
    wait_until("counted in the facets", lambda:
               detained_count(reader) == before + 1)


def imported_and_found(srv, pid, name):
    """Imports one person and waits until found; a viewer's client and
    token."""
    reader = srv.client()
    reader.login("viewer", srv.passwords["viewer"])
    token = srv.token("viewer")
    srv.import_json([person(pid, name)], pid + ".json")
    wait_until("found after the import", lambda: found_everywhere(
        srv, reader, token, name, pid) == 3 * ASKS)
    return reader, token


def test_names_changed_or_deleted_elsewhere_follow(srv):
    reader, token = imported_and_found(srv, "V-000710", "Zulpiqar Mamatimin")
    srv.run("person", "edit", "V-000710", "--name", "Abdusalam Qurban",
            "--db", srv.db)
    wait_until("found by the new name", lambda: found_everywhere(
        srv, reader, token, "Abdusalam Qurban", "V-000710") == 3 * ASKS)
    vh.check(found_everywhere(srv, reader, token, "Zulpiqar Mamatimin",
                              "V-000710") == 0,
             "the old name no longer finds the person")
    srv.run("person", "delete", "V-000710", "--db", srv.db)
    wait_until("gone after the delete", lambda: found_everywhere(
        srv, reader, token, "Abdusalam Qurban", "V-000710") == 0)


def test_a_change_outside_vigil_is_caught_by_a_rebuild(srv):
    """A casebook changed by hand, outside vigil, leaves no revision to
    follow. When its revision table is shorter than the index has seen,
    the server cannot tell what changed and builds the index again."""
    reader, token = imported_and_found(srv, "V-000720", "Nurmemet Yasin")
    con = sqlite3.connect(srv.db, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE person_name SET name = 'Ablikim Hoshur' WHERE "
                    "parent = (SELECT pk FROM person WHERE id = 'V-000720')")
        con.execute("DELETE FROM revision")
        con.execute("COMMIT")
    finally:
        con.close()
    wait_until("found by the name changed by hand", lambda: found_everywhere(
        srv, reader, token, "Ablikim Hoshur", "V-000720") == 3 * ASKS)


def set_up_and_test(srv):
    srv.import_json([person("V-000001", "Dilnur Abdukerim", "Kazakh"),
                        detention("V-000001")], "first.json")
    srv.add_user("viewer", "viewer")
    srv.add_user("editor", "editor")
    srv.start()
    return vh.run_tests([
        test_an_import_elsewhere_is_found_by_name_and_counted,
        test_names_changed_or_deleted_elsewhere_follow,
        test_a_change_outside_vigil_is_caught_by_a_rebuild,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
