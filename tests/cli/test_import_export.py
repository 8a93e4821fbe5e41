#!/usr/bin/env python3
"""vigil import json / export json, driven through the real binary.

An import is all or nothing: a bad record anywhere leaves the database as
it was, and the error names the file, the record, its id and the field. An
export imported into a fresh database exports back byte for byte. The demo
data's citations quote their source exactly.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("VIGIL_BIN", "")
SOURCE = os.environ.get("VIGIL_SOURCE", ".")
TMP = os.environ.get("VIGIL_TMP") or tempfile.gettempdir()
DEMO = os.path.join(SOURCE, "data", "demo", "demo.json")


def run(*args, check=None):
    p = subprocess.run([BIN] + list(args), capture_output=True, text=True,
                       timeout=120)
    if check is not None and p.returncode != check:
        raise AssertionError("vigil %s: exit %d, expected %d\n%s%s" % (
            " ".join(args), p.returncode, check, p.stdout, p.stderr))
    return p


def binary_has(*commands):
    if not BIN or not os.access(BIN, os.X_OK):
        return False
    out = subprocess.run([BIN, "--help"], capture_output=True,
                         text=True).stdout
    listed = {line.split()[0] for line in out.splitlines()
              if line.startswith("  ") and line.split()}
    return all(c in listed for c in commands)


CAN_RUN = binary_has("init", "import", "export")


def write_json(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)


def person(n, name):
    return {"record": "person", "id": "V-%06d" % n, "level": "public",
            "names": [{"name": name, "script": "Latn", "kind": "primary"}]}


def act(n, victim, kind):
    return {"record": "act", "id": "A-%06d" % n, "level": "public",
            "victim": "V-%06d" % victim, "type": kind,
            "start_date": "since July 2021"}


def fifty_records_with_a_bad_40th():
    """30 people then 20 acts; record 40 is act A-000010, type 'jailing'."""
    recs = [person(i, "Person %d Testov" % i) for i in range(1, 31)]
    for i in range(1, 21):
        recs.append(act(i, i, "jailing" if i == 10 else "detention"))
    assert recs[39]["id"] == "A-000010"
    return {"vigil": 1, "records": recs}


class DemoCitations(unittest.TestCase):
    """Needs only the data file, not the binary."""

    def test_every_demo_citation_quotes_its_source_at_its_offsets(self):
        with open(DEMO, encoding="utf-8") as f:
            doc = json.load(f)
        recs = doc["records"]
        texts = {r["id"]: r["full_text"] for r in recs
                 if r["record"] == "source"}
        ids = {r["id"] for r in recs}
        cites = [r for r in recs if r["record"] == "citation"]
        self.assertGreaterEqual(len(cites), 20)
        for c in cites:
            text = texts[c["source"]]
            got = text[c["start_offset"]:c["end_offset"]]
            self.assertEqual(got, c["quote"], c["id"])
            self.assertIn(c["record_id"], ids, c["id"])

    def test_demo_source_text_is_plain_ascii_so_offsets_mean_one_thing(self):
        with open(DEMO, encoding="utf-8") as f:
            doc = json.load(f)
        for r in doc["records"]:
            if r["record"] == "source":
                r["full_text"].encode("ascii")

    def test_demo_holds_the_twelve_people_of_the_press_conference(self):
        with open(DEMO, encoding="utf-8") as f:
            doc = json.load(f)
        names = {n["name"] for r in doc["records"]
                 if r["record"] == "person" for n in r["names"]}
        for name in ["Rysbek Sarsenbay", "Kamatan Toktamuratkyzy",
                     "Garapa Nasiollauly", "Gaukhar Kurmanalieva",
                     "Askar Azatbek", "Kydyrali Orazuly",
                     "Nagyz Mukhammetuly", "Kabyken Zeinurain",
                     "Kalysbek Babanuly", "Adenbek Kamashuly",
                     "Sarkytzhan Salykuly", "Nurbak Bigazin",
                     "Гарапа Насиоллаұлы", "伊力哈木·土赫提"]:
            self.assertIn(name, names)


@unittest.skipUnless(CAN_RUN, "vigil init/import/export not built yet")
class ImportExport(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(dir=TMP)
        self.n = 0

    def tearDown(self):
        self.dir.cleanup()

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def new_db(self):
        self.n += 1
        db = self.path("db%d.sqlite" % self.n)
        run("init", "--db", db, check=0)
        return db

    def export(self, db, *extra):
        return run("export", "json", "--db", db, *extra, check=0).stdout

    def test_a_bad_40th_record_names_itself_and_writes_nothing(self):
        db = self.new_db()
        base = self.path("base.json")
        write_json(base, {"vigil": 1, "records": [
            person(101, "Already Here"), act(101, 101, "arrest")]})
        run("import", "json", base, "--db", db, check=0)
        before = self.export(db)
        bad = self.path("people.json")
        write_json(bad, fifty_records_with_a_bad_40th())
        p = run("import", "json", bad, "--db", db, check=1)
        self.assertIn("people.json: record 40 (A-000010): field type",
                      p.stderr)
        self.assertIn("'jailing'", p.stderr)
        self.assertIn("arrest", p.stderr)
        after = self.export(db)
        self.assertEqual(hashlib.sha256(before.encode()).hexdigest(),
                         hashlib.sha256(after.encode()).hexdigest())
        self.assertEqual(len(json.loads(after)["records"]), 2)

    def test_malformed_json_is_refused_with_line_and_column(self):
        db = self.new_db()
        bad = self.path("broken.json")
        with open(bad, "w") as f:
            f.write('{"vigil": 1,\n "records": [\n  {"record": "person",,}\n]}\n')
        p = run("import", "json", bad, "--db", db, check=1)
        self.assertIn("broken.json: line 3, column", p.stderr)

    def test_wrong_envelope_and_record_types_are_refused(self):
        db = self.new_db()
        cases = [
            ({"vigil": 2, "records": []}, '"vigil" must be 1'),
            ({"vigil": 1, "records": {}}, '"records" must be a list'),
            ({"vigil": 1, "records": [{"record": "jail", "id": "X-1"}]},
             "record 1 (X-1): field record: unknown record type 'jail'"),
            ({"vigil": 1, "records": [dict(person(1, "A B"), id="A-000001")]},
             "record 1 (A-000001): field id"),
        ]
        for doc, message in cases:
            f = self.path("case.json")
            write_json(f, doc)
            p = run("import", "json", f, "--db", db, check=1)
            self.assertIn(message, p.stderr)

    def test_a_file_over_the_size_limit_is_refused_unread(self):
        db = self.new_db()
        big = self.path("huge.json")
        with open(big, "wb") as f:
            f.truncate(257 * 1024 * 1024)  # sparse: costs no disk
        p = run("import", "json", big, "--db", db, check=1)
        self.assertIn("the limit is 256 MiB", p.stderr)

    def test_dry_run_checks_everything_and_writes_nothing(self):
        db = self.new_db()
        before = self.export(db)
        p = run("import", "json", DEMO, "--dry-run", "--db", db, check=0)
        self.assertIn("nothing was written", p.stdout)
        self.assertEqual(self.export(db), before)
        bad = self.path("people.json")
        write_json(bad, fifty_records_with_a_bad_40th())
        p = run("import", "json", bad, "--dry-run", "--db", db, check=1)
        self.assertIn("record 40 (A-000010)", p.stderr)

    def test_demo_round_trips_byte_for_byte(self):
        first = self.new_db()
        p = run("import", "json", DEMO, "--db", first, check=0)
        self.assertIn("76 records imported", p.stdout)
        exported = self.path("export1.json")
        run("export", "json", "--db", first, "-o", exported, check=0)
        self.assertEqual(os.stat(exported).st_mode & 0o077, 0)
        second = self.new_db()
        run("import", "json", exported, "--db", second, check=0)
        with open(exported, encoding="utf-8") as f:
            one = f.read()
        two = self.export(second)
        self.assertEqual(one, two)
        recs = json.loads(one)["records"]
        self.assertEqual(len(recs), 76)
        order = [r["record"] for r in recs]
        self.assertLess(order.index("person"), order.index("act"))
        self.assertEqual(order[-1], "citation")

    def test_export_as_public_leaves_out_internal_fields(self):
        db = self.new_db()
        run("import", "json", DEMO, "--db", db, check=0)
        admin = json.loads(self.export(db))["records"]
        public = json.loads(self.export(db, "--as", "public"))["records"]
        a = next(r for r in admin if r["id"] == "V-000003")
        p = next(r for r in public if r["id"] == "V-000003")
        self.assertIn("notes", a)
        self.assertNotIn("notes", p)
        src = next(r for r in public if r["id"] == "S-000001")
        self.assertNotIn("full_text", src)

    def test_unknown_role_and_format_are_refused(self):
        db = self.new_db()
        p = run("export", "json", "--as", "king", "--db", db, check=1)
        self.assertIn("unknown role 'king'", p.stderr)
        p = run("export", "xml", "--db", db, check=1)
        self.assertIn("unknown format 'xml'", p.stderr)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    if not result.wasSuccessful():
        sys.exit(1)
    if not CAN_RUN:
        print("skipping the binary tests: vigil init/import/export not "
              "built yet")
    sys.exit(0)
