#!/usr/bin/env python3
"""vigil import refuses what is not a regular file before opening it: a
FIFO (whose open would wait for a writer forever), a device such as
/dev/zero (which never ends), a directory. Each is refused at once with
exit 1, an error naming the file and what it is, and the database as it
was (it is not even opened)."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (TMP, binary_missing, check, exit_status,  # noqa: E402
                       vigil, vigil_ok)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def refused(db, path, kind):
    before = digest(db)
    try:
        p = vigil("import", "json", path, "--db", db, timeout=10)
    except subprocess.TimeoutExpired as e:  # it waited on the file
        check(False, "import of %s returns at once (%s)" % (kind, e))
        return
    check(p.returncode == 1, "import of %s exits 1 (got %d)" %
          (kind, p.returncode))
    check(path in p.stderr and kind in p.stderr,
          "the error names %s and says it is %s (said: %s)" %
          (path, kind, p.stderr.strip()))
    check(digest(db) == before, "import of %s leaves the database as it "
          "was" % kind)


def main():
    if binary_missing():
        return 77
    work = tempfile.mkdtemp(prefix="import-special-", dir=TMP)
    try:
        db = os.path.join(work, "vigil.db")
        vigil_ok("init", "--db", db)
        fifo = os.path.join(work, "records.json")
        os.mkfifo(fifo)
        refused(db, fifo, "a FIFO")
        refused(db, "/dev/zero", "a character device")
        refused(db, work, "a directory")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
