#!/usr/bin/env python3
"""The audit log is tamper-evident: `vigil audit verify` names the entry
that was edited, deleted or reordered, and a signed checkpoint kept
elsewhere reveals a truncated or rewritten history.

Each tampering is done the way an intruder with the file would do it:
with SQLite itself (python's sqlite3 module), on a copy of the database."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (BIN, TMP, binary_missing, check,  # noqa: E402
                       command_missing, exit_status)
from vigil_cli import vigil_ok as vigil  # noqa: E402
from tamper_util import casebook_of, copy_of, tamper, verify  # noqa: E402


def make_database(d):
    db = casebook_of(d, [{"record": "person", "level": "public",
                          "names": [{"name": "Tamper Test %d" % i,
                                     "script": "Latn"}],
                          "notes": "entry %d" % i} for i in range(8)])
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    con.close()
    return db, n


def expect_broken(d, db, name, entry, word, *sql):
    bad = copy_of(d, db, name)
    tamper(bad, *sql)
    rc, out = verify(bad)
    check(rc == 1, "%s: verify exits 1 (got %d)" % (name, rc))
    check(("entry %d" % entry) in out and word in out,
          "%s: names entry %d, '%s' (said: %s)" % (name, entry, word,
                                                   out.strip()))


AUDIT_COLS = ("at", "actor", "action", "record_type", "record_id",
              "revision_id", "revision_sha256", "prev_hash", "hash")


def swap_into(seq, from_seq):
    """SQL that gives entry seq the content entry from_seq had (kept in
    the table 'keep'), seq number unchanged."""
    sets = ", ".join("%s = (SELECT %s FROM keep WHERE seq = %d)" %
                     (c, c, from_seq) for c in AUDIT_COLS)
    return "UPDATE audit_log SET %s WHERE seq = %d" % (sets, seq)


def test_tampering(d, db, n):
    rc, out = verify(db)
    check(rc == 0, "untouched chain of %d entries holds (%s)" %
          (n, out.strip()))
    expect_broken(d, db, "edited", 3, "edited",
                  "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3")
    expect_broken(d, db, "edited-with-hash", 3, "edited",
                  "UPDATE audit_log SET actor = 'x', hash = "
                  "'%s' WHERE seq = 3" % ("ab" * 32))
    expect_broken(d, db, "deleted", 3, "deleted",
                  "DELETE FROM audit_log WHERE seq = 3")
    # Swap the content of entries 3 and 4, keeping the seq numbers.
    expect_broken(d, db, "reordered", 3, "reordered",
                  "CREATE TABLE keep AS SELECT * FROM audit_log "
                  "WHERE seq IN (3, 4)",
                  swap_into(3, 4), swap_into(4, 3),
                  "DROP TABLE keep")
    expect_broken(d, db, "revision-edited", 2, "revision",
                  "UPDATE revision SET after_json = replace(after_json, "
                  "'Tamper', 'Forged') WHERE id = (SELECT revision_id FROM "
                  "audit_log WHERE seq = 2)")


def test_checkpoint(d, db, n):
    key = os.path.join(d, "off-machine.key")
    p = vigil("audit", "checkpoint", "--db", db, "--key", key)
    cp = os.path.join(d, "checkpoint.txt")
    with open(cp, "w") as f:
        f.write(p.stdout)
    check(("seq %d" % n) in p.stdout, "checkpoint names the head %d" % n)
    check(oct(os.stat(key).st_mode & 0o777) == "0o600",
          "signing key made private")
    rc, out = verify(db, "--checkpoint", cp)
    check(rc == 0, "chain holds against its checkpoint (%s)" % out.strip())

    cut = copy_of(d, db, "truncated")
    tamper(cut, "DELETE FROM audit_log WHERE seq > %d" % (n - 2))
    rc, out = verify(cut)
    check(rc == 1 and "has no audit entry" in out,
          "without a checkpoint, the truncation shows as records the chain "
          "does not record (said: %s)" % out.strip())
    rc, out = verify(cut, "--checkpoint", cp)
    check(rc == 1 and "truncated" in out,
          "checkpoint reveals the truncation (said: %s)" % out.strip())

    forged = os.path.join(d, "forged.txt")
    with open(forged, "w") as f:
        f.write(p.stdout.replace("seq %d" % n, "seq %d" % (n - 2)))
    rc, out = verify(cut, "--checkpoint", forged)
    check(rc == 1 and "signature" in out,
          "an altered checkpoint is refused (said: %s)" % out.strip())


def main():
    if binary_missing() or command_missing("init", "import", "audit"):
        return 77
    p = subprocess.run([BIN, "audit", "checkpoint", "--help"],
                       capture_output=True)
    has_checkpoint = p.returncode == 0
    d = tempfile.mkdtemp(prefix="tamper-", dir=TMP)
    try:
        db, n = make_database(d)
        check(n >= 8, "the import left %d audit entries" % n)
        test_tampering(d, db, n)
        if has_checkpoint:
            test_checkpoint(d, db, n)
        else:
            check(False, "vigil audit checkpoint is missing")
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
