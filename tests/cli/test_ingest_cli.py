#!/usr/bin/env python3
"""vigil ingest on the command line: spans that find their passage, web
pages read without their chrome, matching against the casebook, the review
queue, and clear errors for bad input."""
import json
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (BIN, SOURCE, TMP, check, exit_status,  # noqa: E402
                       vigil)

FIXTURES = os.path.join(SOURCE, "tests", "fixtures", "ingest")


def proposal(*args):
    p = vigil("ingest", *args)
    if p.returncode != 0:
        raise SystemExit("vigil ingest %s: %s" % (" ".join(args), p.stderr))
    return json.loads(p.stdout)


def test_every_span_finds_its_passage_in_code_points():
    path = os.path.join(FIXTURES, "press-conference-cyrillic.txt")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = proposal(path)
    bad = []
    for p in out["persons"]:
        for ev in p["evidence"] + p["relations"]:
            if text[ev["start"]:ev["end"]] != ev["quote"]:
                bad.append((p["name"], ev))
    check(out["offsets"] == "codepoints", "offsets are declared as code points")
    check(not bad, "every evidence span slices to its quote (%s)" % bad[:2])
    named = {p["name"]: p for p in out["persons"]}
    b = named.get("Bekzat Maksutkhanuly", {})
    check("Бекзат Мақсұтханұлы" in b.get("variants", []),
          "the Cyrillic form in brackets is a variant")


def test_a_web_page_is_read_without_its_chrome():
    out = proposal(os.path.join(FIXTURES, "news-page.html"))
    names = sorted(p["name"] for p in out["persons"])
    check(names == ["Kaisar Zhumagulov", "Yerlan Kaisaruly"],
          "only the article's people, not menu, footer or script (%s)" % names)


def test_table_format_lists_people_and_relations():
    p = vigil("ingest", os.path.join(FIXTURES, "testimony-husband.txt"),
              "--format", "table")
    check(p.returncode == 0 and p.stdout.startswith("NAME"), "table has a header")
    check("Talgat Sultanbekov" in p.stdout and "spouse_of" in p.stdout,
          "table lists people and their relations")


def test_bad_input_is_refused_naming_where():
    p = vigil("ingest", os.path.join(TMP, "no-such-article.txt"))
    check(p.returncode == 1 and "no-such-article.txt" in p.stderr,
          "a missing file is a user error naming the file")
    bad = os.path.join(TMP, "ingest-latin1.txt")
    with open(bad, "wb") as f:
        f.write(b"Serik Abenov said caf\xe9 is closed.")
    p = vigil("ingest", bad)
    check(p.returncode == 1 and "ingest-latin1.txt" in p.stderr and
          "byte 21" in p.stderr, "text that is not UTF-8 names file and byte (%s)"
          % p.stderr.strip())
    p = vigil("ingest", bad, "--format", "xml")
    check(p.returncode == 1 and "--format" in p.stderr, "an unknown format is refused")
    p = vigil("ingest", os.path.join(FIXTURES, "testimony-husband.txt"), "--queue",
              "--db", os.path.join(TMP, "no-such.db"))
    check(p.returncode == 1 and "does not exist" in p.stderr,
          "queueing into a missing database is refused")


def test_queue_stores_the_source_and_one_item_per_person():
    d = tempfile.mkdtemp(prefix="ingest-", dir=TMP)
    db = os.path.join(d, "vigil.db")
    try:
        p = vigil("init", "--db", db)
        if p.returncode != 0:
            print("SKIP queue: vigil init failed: %s" % p.stderr)
            return
        p = vigil("person", "add", "--name", "Talgat Sultanbekov", "--db", db)
        check(p.returncode == 0, "a known person is added")
        path = os.path.join(FIXTURES, "testimony-husband.txt")
        out = proposal(path, "--db", db)
        named = {x["name"]: x for x in out["persons"]}
        check(named["Talgat Sultanbekov"]["match"].startswith("probably V-"),
              "a known person is matched (%s)" % named["Talgat Sultanbekov"]["match"])
        check(named["Daniyar Adilbekov"]["match"] == "new", "an unknown person is new")
        out = proposal(path, "--db", db, "--queue", "--title", "Interview")
        con = sqlite3.connect(db)
        src = con.execute("SELECT id, title, full_text FROM source").fetchall()
        items = con.execute("SELECT source, status, payload FROM review_item").fetchall()
        con.close()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        check(len(src) == 1 and src[0][1] == "Interview" and src[0][2] == text,
              "the source keeps the full text")
        check(len(items) == len(out["persons"]) and
              all(i[0] == src[0][0] and i[1] == "open" for i in items),
              "one open review item per proposed person")
        check(out.get("source") == src[0][0], "the proposal names its source")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    if not BIN:
        print("SKIP: VIGIL_BIN is not set (run through ctest)")
        return 77
    test_every_span_finds_its_passage_in_code_points()
    test_a_web_page_is_read_without_its_chrome()
    test_table_format_lists_people_and_relations()
    test_bad_input_is_refused_naming_where()
    test_queue_stores_the_source_and_one_item_per_person()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
