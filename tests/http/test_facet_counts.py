#!/usr/bin/env python3
"""The people list's facet counts follow the casebook: each server thread
keeps the counts it made while nothing changed, so after a change made by
another process (an import) or through the server itself (the API), every
answer, whichever thread gives it, shows the new counts."""
import http.client
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

# More than the server's threads, so that each thread answers at least once
# (the connections are new each time, so the threads take turns).
ASKS = 12


def detained(n, first):
    """n public Kazakh people, each with a detention."""
    records = []
    for k in range(first, first + n):
        pid = "V-%06d" % k
        records.append({"record": "person", "id": pid, "level": "public",
                        "ethnicity": "Kazakh",
                        "names": [{"name": "Dosbol Nurzhanuly %d" % k,
                                   "script": "Latn", "kind": "primary"}]})
        records.append({"record": "act", "level": "public", "victim": pid,
                        "type": "detention", "start_date": "2019-04"})
    return records


def import_people(srv, records, name):
    path = os.path.join(srv.dir, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"vigil": 1, "records": records}, f)
    srv.run("import", "json", path, "--db", srv.db)


def detained_counts(reader):
    """The 'detained' facet count of every one of ASKS answers."""
    counts = []
    for _ in range(ASKS):
        page = reader.get("/people?ethnicity=Kazakh")
        vh.check(page.status == 200, "people list: %d" % page.status)
        m = re.search(r'status=detained[^"]*"[^>]*>[^<]+</a> \((\d+)\)',
                      page.text)
        counts.append(int(m.group(1)) if m else 0)
    return counts


def api_post(srv, token, plural, record):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request("POST", "/api/v1/" + plural,
                     body=json.dumps(record).encode("utf-8"),
                     headers={"Content-Type": "application/json",
                              "Authorization": "Bearer " + token})
        res = conn.getresponse()
        body = res.read().decode("utf-8", "replace")
    finally:
        conn.close()
    vh.check(res.status == 201, "create %s: %d %s" % (plural, res.status,
                                                      body[:200]))
    return json.loads(body)


def test_counts_follow_an_import_and_a_write_through_the_server(srv):
    reader = srv.client()
    reader.login("viewer", srv.passwords["viewer"])
    vh.check(detained_counts(reader) == [3] * ASKS,
             "3 detained to start with")
    import_people(srv, detained(2, 10), "more.json")
    got = detained_counts(reader)
    vh.check(got == [5] * ASKS, "after an import of 2: %r" % got)
    token = srv.token("editor")
    person = api_post(srv, token, "people", {
        "level": "public", "ethnicity": "Kazakh",
        "names": [{"name": "Gulnar Serikkyzy", "script": "Latn",
                   "kind": "primary"}]})
    api_post(srv, token, "acts", {"level": "public", "victim": person["id"],
                                  "type": "detention",
                                  "start_date": "2020-02"})
    got = detained_counts(reader)
    vh.check(got == [6] * ASKS, "after a write through the API: %r" % got)


def set_up_and_test(srv):
    import_people(srv, detained(3, 1), "first.json")
    srv.add_user("editor", "editor")
    srv.add_user("viewer", "viewer")
    srv.start()
    return vh.run_tests([
        test_counts_follow_an_import_and_a_write_through_the_server,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
