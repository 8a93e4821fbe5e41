#!/usr/bin/env python3
"""Command-line tests of `vigil dedup`, `vigil match --db` and
`vigil person merge`: a person recorded once in Latin and once in Cyrillic
is found as a pair, merging moves the names, fields and acts and leaves the
history, and bad merges change nothing."""
import json
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (TMP, binary_missing, check,  # noqa: E402
                       exit_status, vigil)


def person(n, name, script, **fields):
    rec = {"record": "person", "id": "V-%06d" % n, "level": "public",
           "names": [{"name": name, "script": script, "kind": "primary"}]}
    rec.update(fields)
    return rec


def act(n, victim):
    return {"record": "act", "id": "A-%06d" % n, "level": "public",
            "victim": "V-%06d" % victim, "type": "detention",
            "start_date": "July 2021"}


def setup(d):
    db = os.path.join(d, "case.db")
    r = vigil("init", "--db", db)
    if r.returncode != 0:
        print("cannot init a database:", r.stderr)
        return None
    doc = {"vigil": 1, "records": [
        person(1, "Garapa Nasiollauly", "Latn", sex="male"),
        person(2, "Гарапа Насиоллаұлы", "Cyrl", occupation="literature teacher"),
        person(3, "Gaukhar Kurmanalieva", "Latn"),
        person(4, "Askar Azatbek", "Latn"),
        act(1, 2), act(2, 1), act(3, 4),
        {"record": "source", "id": "S-000001", "level": "public",
         "kind": "article", "title": "Relatives speak to the press"},
        {"record": "citation", "id": "C-000001", "level": "public",
         "source": "S-000001", "record_type": "person",
         "record_id": "V-000002", "quote": "my youngest son"},
        {"record": "relation", "id": "R-000001", "level": "public",
         "person": "V-000003", "type": "parent_of", "other": "V-000002"}]}
    path = os.path.join(d, "people.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    r = vigil("import", "json", path, "--db", db)
    if r.returncode != 0:
        print("cannot import the people:", r.stderr)
        return None
    return db


def test_dedup_finds_the_cyrillic_and_latin_records(db):
    r = vigil("dedup", "--db", db)
    check(r.returncode == 0, f"dedup runs: {r.stderr}")
    lines = [l.split("\t") for l in r.stdout.splitlines()]
    check(len(lines) == 1, f"one probable pair: {r.stdout}")
    if lines:
        a, b, score, reason = lines[0]
        check((a, b) == ("V-000001", "V-000002"), f"the planted pair: {a} {b}")
        check(float(score) >= 0.8, f"scored as one person: {score}")
        check("Garapa Nasiollauly" in reason and "Гарапа Насиоллаұлы" in reason,
              f"the reason names the aligned names: {reason}")
    r = vigil("dedup", "--db", db, "--format", "json")
    pairs = json.loads(r.stdout) if r.returncode == 0 else []
    check(len(pairs) == 1 and pairs[0]["a"] == "V-000001", "dedup speaks JSON")
    r = vigil("dedup", "--db", db, "--min-score", "2")
    check(r.returncode == 1, "--min-score above 1 is refused")


def test_match_against_the_database(db, d):
    q = os.path.join(d, "q.tsv")
    with open(q, "w", encoding="utf-8") as f:
        f.write("q1\tКурманалиева Гаухар\n")
    r = vigil("match", "--db", db, "--queries", q, "--top", "1")
    check(r.returncode == 0 and r.stdout.startswith("q1\tV-000003\t"),
          f"match --db finds the person from Cyrillic: {r.stdout} {r.stderr}")


def show(db, pid):
    r = vigil("person", "show", pid, "--db", db, "--format", "json")
    return json.loads(r.stdout) if r.returncode == 0 else None


def test_bad_merges_change_nothing(db):
    r = vigil("person", "merge", "V-000001", "V-000001", "--db", db)
    check(r.returncode == 1, "a person is not merged into themselves")
    r = vigil("person", "merge", "V-000001", "V-000099", "--db", db)
    check(r.returncode == 1 and "V-000099" in r.stderr,
          f"a missing person is named: {r.stderr}")
    r = vigil("person", "merge", "V-000001", "--db", db)
    check(r.returncode == 1, "merge needs two ids")
    check(show(db, "V-000002") is not None, "nothing was deleted")


def test_merge_moves_names_fields_and_acts(db):
    r = vigil("person", "merge", "V-000001", "V-000002", "--db", db)
    check(r.returncode == 0, f"merge runs: {r.stderr}")
    check("1 names added" in r.stdout, f"merge says what it did: {r.stdout}")
    kept = show(db, "V-000001")
    check(kept is not None, "the kept person is there")
    if kept:
        p = kept.get("person", kept)
        names = [n["name"] for n in p["names"]]
        check(names == ["Garapa Nasiollauly", "Гарапа Насиоллаұлы"],
              f"names joined, kept person's primary first: {names}")
        check(p.get("occupation") == "literature teacher",
              "an empty field is filled from the merged person")
        acts = {a["id"] for a in kept.get("acts", [])}
        check(acts == {"A-000001", "A-000002"}, f"acts point at the kept person: {acts}")
        cites = {c["id"] for c in kept.get("citations", [])}
        check(cites == {"C-000001"}, f"the citation follows: {kept.get('citations')}")
        rels = {r["id"] for r in kept.get("related_to", []) + kept.get("relations", [])}
        check(rels == {"R-000001"}, f"the relation follows: {rels}")
    check(show(db, "V-000002") is None, "the merged person is gone")
    con = sqlite3.connect(db)
    rows = con.execute("SELECT record_type, record_id, action, before_json "
                       "FROM revision ORDER BY id").fetchall()
    con.close()
    deleted = [r for r in rows if r[0] == "person" and r[2] == "delete"]
    check(len(deleted) == 1 and "Гарапа" in (deleted[0][3] or ""),
          "the merged person's last content stays in its delete revision")
    moved = [r for r in rows if r[0] == "act" and r[2] == "update"]
    check(len(moved) == 1 and "V-000002" in (moved[0][3] or ""),
          "the re-pointed act's revision shows whom it was about before")
    r = vigil("dedup", "--db", db)
    check(r.returncode == 0 and r.stdout == "", "no pair is left after the merge")


def test_undo_brings_the_merged_person_back(db):
    before = show(db, "V-000001")
    r = vigil("person", "merge", "--undo", "V-000001", "V-000002", "--db", db)
    check(r.returncode == 0, f"undo runs: {r.stderr}")
    back = show(db, "V-000002")
    check(back is not None, "the merged person is back under their id")
    if back:
        p = back.get("person", back)
        check([n["name"] for n in p["names"]] == ["Гарапа Насиоллаұлы"],
              "with their own names")
        check(p.get("occupation") == "literature teacher", "and fields")
        acts = {a["id"] for a in back.get("acts", [])}
        check(acts == {"A-000001"}, f"their act points at them again: {acts}")
        cites = {c["id"] for c in back.get("citations", [])}
        check(cites == {"C-000001"}, "and their citation")
        rels = {r["id"] for r in back.get("related_to", []) + back.get("relations", [])}
        check(rels == {"R-000001"}, "and their relation")
    kept = show(db, "V-000001")
    if kept and before:
        p = kept.get("person", kept)
        check([n["name"] for n in p["names"]] == ["Garapa Nasiollauly"],
              "the kept person loses the names the merge gave")
        check("occupation" not in p, "and the field the merge filled")
        check({a["id"] for a in kept.get("acts", [])} == {"A-000002"},
              "and keeps only their own act")
    r = vigil("person", "merge", "--undo", "V-000001", "V-000002", "--db", db)
    check(r.returncode == 1, "undo twice is refused")
    r = vigil("person", "merge", "--undo", "V-000001", "V-000004", "--db", db)
    check(r.returncode == 1, "undo of a merge that never happened is refused")
    r = vigil("dedup", "--db", db)
    check(r.stdout.startswith("V-000001\tV-000002\t"), "the pair is found again")


def main():
    if binary_missing():
        return 77
    with tempfile.TemporaryDirectory(dir=TMP) as d:
        db = setup(d)
        if not db:
            return 1
        test_dedup_finds_the_cyrillic_and_latin_records(db)
        test_match_against_the_database(db, d)
        test_bad_merges_change_nothing(db)
        test_merge_moves_names_fields_and_acts(db)
        test_undo_brings_the_merged_person_back(db)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
