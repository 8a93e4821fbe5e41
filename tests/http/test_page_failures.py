#!/usr/bin/env python3
"""A page whose store call fails answers with an error page, never with a
section silently missing: the person page when one of its lists cannot be
read, a list when the store refuses it. The failure is made real: another
process takes a table away under the running server (as damage to the
file or a half-applied change would), then puts it back."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

RECORDS = [
    {"record": "person", "id": "V-000001", "level": "public",
     "names": [{"name": "Serik Bolatuly", "script": "Latn",
                "kind": "primary"}]},
    {"record": "intervention", "id": "I-000001", "level": "public",
     "kind": "appeal", "date": "2021-03", "addressee": "Ministry of Justice",
     "victims": [{"person": "V-000001"}]},
]


class TableAway:
    """Renames a table for the duration of a with-block."""

    def __init__(self, db, table):
        self.db, self.table = db, table

    def _rename(self, old, new):
        con = sqlite3.connect(self.db, timeout=10)
        try:
            con.execute("ALTER TABLE %s RENAME TO %s" % (old, new))
            con.commit()
        finally:
            con.close()

    def __enter__(self):
        self._rename(self.table, self.table + "_away")

    def __exit__(self, *exc):
        self._rename(self.table + "_away", self.table)


def test_the_person_page_fails_whole_when_a_section_cannot_be_read(srv):
    client = srv.client()
    page = client.get("/people/V-000001")
    vh.check(page.status == 200 and "Ministry of Justice" in page.text,
             "the page with its appeal: %d" % page.status)
    with TableAway(srv.db, "intervention_victim"):
        page = client.get("/people/V-000001")
    vh.check(page.status == 500, "a section that cannot be read fails the "
             "page: %d" % page.status)
    vh.check("Serik Bolatuly" not in page.text,
             "no half page is sent: %r" % page.text[:300])
    vh.check("could not be read" in page.text,
             "the page says what went wrong")
    vh.check_html(page.text, "the error page")
    page = client.get("/people/V-000001")
    vh.check(page.status == 200 and "Ministry of Justice" in page.text,
             "whole again once the table is back: %d" % page.status)


def test_a_list_the_store_cannot_read_is_an_error_not_zero(srv):
    client = srv.client()
    with TableAway(srv.db, "intervention"):
        page = client.get("/records/intervention")
    vh.check(page.status == 500, "the list fails: %d" % page.status)
    vh.check("0 found" not in page.text, "no empty list is shown")


def set_up_and_test(srv):
    path = os.path.join(srv.dir, "records.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"vigil": 1, "records": RECORDS}, f)
    srv.run("import", "json", path, "--db", srv.db)
    srv.start("--public")
    return vh.run_tests([
        test_the_person_page_fails_whole_when_a_section_cannot_be_read,
        test_a_list_the_store_cannot_read_is_an_error_not_zero,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
