#!/usr/bin/env python3
"""vigil init and vigil person, driven through the real binary.

A new database comes with an owner-only key file; people are added with
names in several scripts, shown with their acts, listed, edited and
deleted; bad input is refused with the record and field named, exit 1,
and nothing is written; no personal data reaches the log on stderr.
"""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import BIN, TMP  # noqa: E402
from vigil_cli import vigil as run  # noqa: E402


def ok(*args, **kw):
    p = run(*args, **kw)
    if p.returncode != 0:
        raise AssertionError("vigil %s: exit %d\n%s%s" % (
            " ".join(args), p.returncode, p.stdout, p.stderr))
    return p


class PersonCommands(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="person-", dir=TMP)
        self.db = os.path.join(self.dir, "vigil.db")
        ok("init", "--db", self.db)


    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def add(self, *args):
        p = ok("person", "add", "--db", self.db, "--format", "json", *args)
        return json.loads(p.stdout)

    def test_init_makes_an_owner_only_key_and_refuses_to_overwrite(self):
        mode = stat.S_IMODE(os.stat(self.db + ".key").st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual(os.path.getsize(self.db + ".key"), 32)
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode) & 0o077, 0)
        p = run("init", "--db", self.db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("already", p.stderr)

    def test_a_failed_init_leaves_nothing_behind(self):
        data = os.path.join(self.dir, "data")
        os.mkdir(data)
        source = os.environ.get("VIGIL_DATA") or os.path.join(
            os.environ.get("VIGIL_SOURCE", "."), "data")
        for part in ("schema", "thesauri"):
            os.symlink(os.path.abspath(os.path.join(source, part)),
                       os.path.join(data, part))
        db = os.path.join(self.dir, "demo.db")
        p = run("init", "--db", db, "--demo",
                env=dict(os.environ, VIGIL_DATA=data))
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("demo", p.stderr)
        left = [f for f in os.listdir(self.dir) if f.startswith("demo.db")]
        self.assertEqual(left, [])

    def test_add_show_edit_delete(self):
        rec = self.add("--name", "Garapa Nasiollauly",
                       "--name", "Гарапа Насиоллаұлы",
                       "--birth", "about 1985", "--occupation", "teacher",
                       "--level", "public")
        pid = rec["id"]
        self.assertRegex(pid, r"^V-\d{6}$")
        self.assertEqual(rec["names"][0]["kind"], "primary")
        self.assertEqual(rec["names"][1]["script"], "Cyrl")
        shown = json.loads(ok("person", "show", pid, "--db", self.db,
                              "--format", "json").stdout)
        self.assertEqual(shown["person"]["birth"], "about 1985")
        self.assertEqual(shown["acts"], [])
        table = ok("person", "show", pid, "--db", self.db).stdout
        self.assertIn("Гарапа Насиоллаұлы", table)
        self.assertIn("about 1985", table)
        edited = json.loads(ok("person", "edit", pid, "--db", self.db,
                               "--occupation", "poet", "--format",
                               "json").stdout)
        self.assertEqual(edited["occupation"], "poet")
        self.assertEqual(len(edited["names"]), 2)
        ok("person", "delete", pid, "--db", self.db)
        p = run("person", "show", pid, "--db", self.db)
        self.assertEqual(p.returncode, 1)
        self.assertIn(pid, p.stderr)
        hist = json.loads(ok("person", "history", pid, "--db", self.db,
                             "--format", "json").stdout)
        self.assertEqual([h["action"] for h in hist],
                         ["create", "update", "delete"])
        self.assertEqual(hist[1]["before"]["occupation"], "teacher")
        self.assertIsNone(hist[2]["after"])
        table = ok("person", "history", pid, "--db", self.db).stdout
        self.assertIn("update  occupation", table)

    def test_show_gives_the_acts_relations_and_citations(self):
        doc = {"vigil": 1, "records": [
            {"record": "person", "id": "V-000010", "level": "public",
             "names": [{"name": "Aigerim Test", "script": "Latn"}]},
            {"record": "person", "id": "V-000011", "level": "public",
             "names": [{"name": "Berik Test", "script": "Latn"}]},
            {"record": "act", "victim": "V-000011", "type": "detention",
             "start_date": "March 2018"},
            {"record": "act", "victim": "V-000011", "type": "sentence",
             "start_date": "2019", "sentence_term": "ten years"},
            {"record": "relation", "person": "V-000010",
             "type": "sibling_of",
             "other": "V-000011"},
            {"record": "source", "id": "S-000005", "kind": "testimony",
             "title": "What his sister saw"},
            {"record": "citation", "source": "S-000005",
             "record_type": "person", "record_id": "V-000011",
             "field": "status", "quote": "they took him in March"},
        ]}
        path = os.path.join(self.dir, "family.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        ok("import", "json", path, "--db", self.db)
        shown = json.loads(ok("person", "show", "V-000011", "--db", self.db,
                              "--format", "json").stdout)
        self.assertEqual(shown["person"]["status"], "sentenced")
        self.assertEqual([a["type"] for a in shown["acts"]],
                         ["detention", "sentence"])
        self.assertEqual(shown["related_to"][0]["person"], "V-000010")
        self.assertEqual(shown["citations"][0]["source"], "S-000005")
        table = ok("person", "show", "V-000011", "--db", self.db).stdout
        self.assertIn("V-000010 Aigerim Test is sibling_of", table)
        self.assertIn("they took him in March", table)
        self.assertIn("March 2018", table)

    def test_add_from_json_on_stdin(self):
        doc = {"names": [{"name": "Askar Azatbek", "script": "Latn"}],
               "ethnicity": "Kazakh"}
        p = ok("person", "add", "--db", self.db, "--json", "-",
               stdin=json.dumps(doc))
        self.assertRegex(p.stdout, r"created V-\d{6}")

    def test_list_finds_by_text_in_any_script(self):
        self.add("--name", "Kamatan Toktamuratkyzy")
        self.add("--name", "Гаухар Құрманалиева")
        out = json.loads(ok("person", "list", "--db", self.db, "--text",
                            "гаухар", "--format", "json").stdout)
        self.assertEqual(out["total"], 1)
        self.assertEqual(out["items"][0]["names"][0]["name"],
                         "Гаухар Құрманалиева")
        out = json.loads(ok("person", "list", "--db", self.db, "--format",
                            "json").stdout)
        self.assertEqual(out["total"], 2)

    def test_bad_field_names_the_field_and_writes_nothing(self):
        p = run("person", "add", "--db", self.db, "--name", "X Y",
                "--birth", "31 February 2020")
        self.assertEqual(p.returncode, 1)
        self.assertIn("birth", p.stderr)
        p = run("person", "add", "--db", self.db, "--json", "-",
                stdin='{"names": [{"name": "A", "script": "Runic"}]}')
        self.assertEqual(p.returncode, 1)
        self.assertIn("names[0].script", p.stderr)
        p = run("person", "add", "--db", self.db, "--json", "-",
                stdin='{"names": [')
        self.assertEqual(p.returncode, 1)
        self.assertIn("line 1", p.stderr)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT COUNT(*) FROM person")
                         .fetchone()[0], 0)
        con.close()

    def test_home_address_is_encrypted_at_rest(self):
        rec = self.add("--name", "Nurbak Bigazin", "--home-address",
                       "7 Orchard Lane")
        self.assertEqual(rec["home_address"], "7 Orchard Lane")
        con = sqlite3.connect(self.db)
        stored = con.execute("SELECT home_address FROM person").fetchone()[0]
        revs = con.execute("SELECT group_concat(after_json) FROM revision"
                           ).fetchone()[0]
        con.close()
        self.assertNotIn("Orchard", stored)
        self.assertNotIn("Orchard", revs)
        os.rename(self.db + ".key", self.db + ".key.away")
        p = run("person", "show", rec["id"], "--db", self.db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("home_address", p.stderr)
        self.assertIn("key", p.stderr)
        os.rename(self.db + ".key.away", self.db + ".key")
        os.chmod(self.db + ".key", 0o644)
        p = run("person", "show", rec["id"], "--db", self.db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("chmod 600", p.stderr)

    def test_log_carries_no_personal_data(self):
        p = run("person", "add", "--db", self.db, "--name",
                "Kydyrali Orazuly", "--occupation", "activist")
        self.assertEqual(p.returncode, 0)
        self.assertNotIn("Kydyrali", p.stderr)
        self.assertNotIn("activist", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)

    def test_missing_database_and_usage_errors(self):
        p = run("person", "list", "--db", os.path.join(self.dir, "none.db"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("vigil init", p.stderr)
        self.assertEqual(run("person", "show", "--db", self.db).returncode, 1)
        self.assertEqual(run("person", "frobnicate").returncode, 1)
        self.assertEqual(ok("person", "--help").returncode, 0)
        self.assertEqual(ok("person", "add", "--help").returncode, 0)
        self.assertEqual(ok("init", "--help").returncode, 0)

    def test_concurrent_writers_each_get_their_own_id(self):
        procs = [subprocess.Popen(
            [BIN, "person", "add", "--db", self.db, "--name",
             "Writer %d" % i, "--format", "json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(8)]
        ids = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            ids.append(json.loads(out)["id"])
        self.assertEqual(len(set(ids)), 8)
        p = run("audit", "verify", "--db", self.db)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("9 entries", p.stdout)

    def test_env_names_the_database(self):
        env = dict(os.environ, VIGIL_DB=self.db)
        ok("person", "add", "--name", "Adenbek Kamashuly", env=env)
        out = ok("person", "list", env=env).stdout
        self.assertIn("Adenbek Kamashuly", out)


if __name__ == "__main__":
    if not BIN or not os.access(BIN, os.X_OK):
        print("skip: VIGIL_BIN not set")
        sys.exit(77)
    unittest.main(verbosity=1)
