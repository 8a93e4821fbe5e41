#!/usr/bin/env python3
"""The person page lists the appeals that name the person, and only those:
found through the victims of each intervention, in the order of their
dates, without the ones the reader may not see."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402


def person(pid, name):
    return {"record": "person", "id": pid, "level": "public",
            "names": [{"name": name, "script": "Latn", "kind": "primary"}]}


def appeal(iid, level, date, addressee, victims):
    return {"record": "intervention", "id": iid, "level": level,
            "kind": "appeal", "date": date, "addressee": addressee,
            "victims": [{"person": v} for v in victims]}


RECORDS = [
    person("V-000001", "Serik Bolatuly"),
    person("V-000002", "Aigul Nurkyzy"),
    # Listed here out of date order: the page sorts by date.
    appeal("I-000001", "public", "2021-03", "Ministry of Foreign Affairs",
           ["V-000001", "V-000002"]),
    appeal("I-000002", "public", "2019-11", "Embassy in Astana",
           ["V-000001"]),
    appeal("I-000003", "public", "2020-05", "Working Group on Arbitrary "
           "Detention", ["V-000002"]),
    appeal("I-000004", "internal", "2020-01", "Office of the Prosecutor",
           ["V-000001"]),
]


def test_the_page_lists_the_appeals_naming_the_person_in_date_order(srv):
    page = srv.client().get("/people/V-000001")
    vh.check(page.status == 200, "person page: %d" % page.status)
    text = page.text
    embassy = text.find("Embassy in Astana")
    ministry = text.find("Ministry of Foreign Affairs")
    vh.check(embassy >= 0 and ministry >= 0,
             "both public appeals naming the person are listed")
    vh.check(embassy < ministry, "the 2019 appeal comes before the 2021 one")
    vh.check("Working Group" not in text,
             "an appeal for someone else is not listed")


def test_a_hidden_appeal_is_not_shown_to_the_public(srv):
    text = srv.client().get("/people/V-000001").text
    vh.check("Prosecutor" not in text and "I-000004" not in text,
             "the internal appeal stays hidden")


def test_the_other_victim_sees_the_shared_appeal_and_their_own(srv):
    text = srv.client().get("/people/V-000002").text
    vh.check("Ministry of Foreign Affairs" in text, "the shared appeal")
    vh.check("Working Group" in text, "their own appeal")
    vh.check("Embassy in Astana" not in text, "not the other's appeal")


def set_up_and_test(srv):
    path = os.path.join(srv.dir, "appeals.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"vigil": 1, "records": RECORDS}, f)
    srv.run("import", "json", path, "--db", srv.db)
    srv.start("--public")
    return vh.run_tests([
        test_the_page_lists_the_appeals_naming_the_person_in_date_order,
        test_a_hidden_appeal_is_not_shown_to_the_public,
        test_the_other_victim_sees_the_shared_appeal_and_their_own,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
