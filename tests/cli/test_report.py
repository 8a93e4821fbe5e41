#!/usr/bin/env python3
"""vigil report stats, driven through the real binary: each format holds
the same numbers, an SVG file per table parses as XML with its totals,
figures counted as a role leave out what the role may not see, and every
wrong argument is refused with a message and no file left behind."""
import json
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (TMP, binary_missing, check, command_missing,  # noqa
                       exit_status, vigil, vigil_ok, SKIP)

SVG = "{http://www.w3.org/2000/svg}"
TABLES = ["status_by_year", "acts_by_year", "acts_by_region",
          "people_by_ethnicity", "penalties_by_year", "fines",
          "appeals_by_year", "appeals_waiting", "campaign_days"]


def casebook(work):
    db = os.path.join(work, "report.db")
    vigil_ok("init", "--db", db)
    recs = [
        {"record": "place", "id": "P-000001", "level": "public",
         "name": "Almaty", "kind": "region", "latitude": "43.25",
         "longitude": "76.92"},
        {"record": "place", "id": "P-000002", "level": "confidential",
         "name": "Closed site", "kind": "facility", "latitude": "44",
         "longitude": "87"},
        {"record": "place", "id": "P-000003", "level": "public",
         "name": "Unplaced", "kind": "village", "latitude": "somewhere",
         "longitude": "77"},
        {"record": "person", "id": "V-000001", "level": "public",
         "ethnicity": "Kazakh",
         "names": [{"name": "Aqbota Nurlankyzy", "script": "Latn"}]},
        {"record": "act", "level": "public", "victim": "V-000001",
         "type": "detention", "start_date": "2018-03"},
        {"record": "person", "id": "V-000002", "level": "confidential",
         "ethnicity": "Uyghur",
         "names": [{"name": "Kept Apart", "script": "Latn"}]},
        {"record": "act", "level": "confidential", "victim": "V-000002",
         "type": "sentence", "start_date": "2019"},
        {"record": "intervention", "level": "public", "kind": "appeal",
         "addressee": "Prosecutor", "date": "2024-01-01", "status": "sent"},
        {"record": "penalty", "level": "secret", "kind": "fine",
         "amount": 90000, "currency": "KZT", "date": "2022"},
    ]
    path = os.path.join(work, "records.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"vigil": 1, "records": recs}, f)
    vigil_ok("import", "json", path, "--db", db)
    return db


def stats(db, role, *extra):
    p = vigil_ok("report", "stats", "--db", db, "--as", role, "--format",
                 "json", "--today", "2024-03-01", *extra)
    return {t["name"]: t for t in json.loads(p.stdout)}


def cell(table, row, column):
    cols = [c["label"] for c in table["columns"]]
    for r in table["rows"]:
        if r["label"] == row and column in cols:
            return r["values"][cols.index(column)]
    return None


def test_help():
    p = vigil("report", "stats", "--help")
    check(p.returncode == 0 and "--format" in p.stdout and
          "--out DIR" in p.stdout, "report stats --help")


def test_counts_follow_the_role(db):
    pub, adm = stats(db, "public"), stats(db, "admin")
    check(sorted(pub) == sorted(TABLES), "every table: %r" % sorted(pub))
    check(cell(pub["people_by_ethnicity"], "Kazakh", "People") == 1,
          "public Kazakh")
    check(cell(pub["people_by_ethnicity"], "Uyghur", "People") is None,
          "public counts the confidential Uyghur person")
    check(cell(adm["people_by_ethnicity"], "Uyghur", "People") == 1,
          "admin Uyghur")
    check(cell(pub["acts_by_year"], "2019", "Sentence passed by a court")
          in (None, 0), "public counts the confidential sentence")
    check(cell(adm["acts_by_year"], "2019", "Sentence passed by a court")
          == 1, "admin's sentence")
    check(pub["fines"]["rows"] == [], "public sees the secret fine")
    check(cell(adm["fines"], "KZT", "Total amount") == 90000, "admin fine")
    ed = stats(db, "editor")
    check(ed["fines"]["rows"] == [], "an editor sees the secret fine")
    check(cell(pub["appeals_waiting"], "I-000001 to Prosecutor",
               "Days without an answer") == 60, "60 days waited")
    check(cell(adm["status_by_year"], "2019", "Sentenced and imprisoned")
          == 1 and cell(pub["status_by_year"], "2019",
                        "Sentenced and imprisoned") in (None, 0),
          "status over time follows the role")


def test_files_agree(db, work):
    out = os.path.join(work, "svg")
    p = vigil("report", "stats", "--db", db, "--as", "viewer", "--format",
              "svg", "--out", out, "--today", "2024-03-01")
    check(p.returncode == 0, "svg --out: %s" % p.stderr)
    check(sorted(os.listdir(out)) == sorted(t + ".svg" for t in TABLES),
          "one SVG per table: %r" % os.listdir(out))
    check(all(os.stat(os.path.join(out, f)).st_mode & 0o077 == 0
              for f in os.listdir(out)), "files readable by others")
    tables = stats(db, "viewer")
    for name in TABLES:
        root = ET.parse(os.path.join(out, name + ".svg")).getroot()
        totals = [int(g.findall(SVG + "text")[-1].text)
                  for g in root.iter(SVG + "g") if g.get("class") == "bar"]
        t = tables[name]
        n = t.get("chart_columns", len(t["columns"]))
        check(totals == [sum(r["values"][:n]) for r in t["rows"]],
              "%s: chart totals %r" % (name, totals))
    p = vigil_ok("report", "stats", "--db", db, "--as", "viewer",
                 "--format", "csv", "--table", "people_by_ethnicity")
    # (Read as text, the CRLF line ends come back as newlines.)
    check(p.stdout == "Ethnicity,People\nKazakh,1\n",
          "csv of one table: %r" % p.stdout)
    p = vigil_ok("report", "stats", "--db", db, "--as", "viewer")
    check(re.search(r"People by ethnicity\nEthnicity\s+People\nKazakh\s+1\n",
                    p.stdout), "text: %r" % p.stdout[:300])


def test_map(db, work):
    out = os.path.join(work, "map.svg")
    p = vigil("report", "map", "--db", db, "--as", "public", "--out", out)
    check(p.returncode == 0, "report map: %s" % p.stderr)
    check("P-000003: coordinates do not read" in p.stderr,
          "the unreadable place is named: %r" % p.stderr)
    root = ET.parse(out).getroot()
    links = [a.get("href") for a in root.iter(SVG + "a")]
    check(links == ["/people?home_place=P-000001"], "public map %r" % links)
    p = vigil_ok("report", "map", "--db", db, "--as", "editor")
    check("home_place=P-000002" in p.stdout, "the editor's map")
    p = vigil_ok("report", "map", "--db", db, "--dcw",
                 os.path.join(work, "none"))
    check("The borders could not be drawn." in p.stdout and
          "home_place=P-000001" in p.stdout, "a map without border data")
    ET.fromstring(p.stdout)


def test_refusals(db, work):
    cases = [
        (["--as", "boss"], "unknown role"),
        (["--format", "pdf"], "unknown format"),
        (["--format", "csv"], "needs --out DIR"),
        (["--table", "nosuch"], "no table called"),
        (["--today", "2024-13-01"], "expected YYYY-MM-DD"),
        (["--bogus", "x"], "unexpected argument"),
    ]
    for args, msg in cases:
        p = vigil("report", "stats", "--db", db, *args)
        check(p.returncode == 1 and msg in p.stderr,
              "%r: %d %s" % (args, p.returncode, p.stderr.strip()))
    p = vigil("report", "--db", db)
    check(p.returncode == 1 and "expected 'stats'" in p.stderr, "no stats")
    p = vigil("report", "stats", "--db", os.path.join(work, "none.db"))
    check(p.returncode == 1, "missing database: %d" % p.returncode)
    # A file where the folder should be: refused, nothing written.
    blocker = os.path.join(work, "blocker")
    with open(blocker, "w") as f:
        f.write("x")
    p = vigil("report", "stats", "--db", db, "--format", "csv", "--out",
              os.path.join(blocker, "sub"))
    check(p.returncode != 0 and "blocker" in p.stderr,
          "--out under a file: %d %s" % (p.returncode, p.stderr))
    out = os.path.join(work, "ro")
    os.mkdir(out, 0o500)
    p = vigil("report", "stats", "--db", db, "--format", "csv", "--out", out)
    if os.geteuid() != 0:
        check(p.returncode != 0 and os.listdir(out) == [],
              "read-only --out: %d %r" % (p.returncode, os.listdir(out)))
    os.chmod(out, 0o700)


def main():
    if binary_missing() or command_missing("report stats"):
        return SKIP
    work = tempfile.mkdtemp(prefix="report-", dir=TMP)
    try:
        db = casebook(work)
        test_help()
        test_counts_follow_the_role(db)
        test_files_agree(db, work)
        test_map(db, work)
        test_refusals(db, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
