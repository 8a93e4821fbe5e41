#!/usr/bin/env python3
"""A restore or a backup killed with SIGKILL half-way leaves no plaintext
and no partial file: the restore's database, which it writes decrypted,
has no name until it is complete and checked. Each process is killed
once its temporary file has grown past a threshold, several times at
different thresholds; then every file in the directory is read for the
SQLite header and for a canary stored in the database. Temporary files
that a kill in the last instant of a restore leaves (or that an older
vigil left) are removed by the next command that opens the database."""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (BIN, TMP, binary_missing, check,  # noqa: E402
                       exit_status, vigil, vigil_ok)

CANARY = b"restore-kill-canary-5d1e8b27-must-not-lie-on-disk"
SQLITE_HEADER = b"SQLite format 3\x00"
MIB = 1024 * 1024
# Sizes the temporary file must reach before the kill; the database is
# about 50 MB, so each lands half-way through.
THRESHOLDS = [1 * MIB, 6 * MIB, 16 * MIB, 32 * MIB]


def make_database(d):
    db = os.path.join(d, "live.db")
    vigil_ok("init", "--db", db)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE kill_notes(id INTEGER PRIMARY KEY, body BLOB)")
    rows = [(CANARY + os.urandom(16) + b"x" * 4000,) for _ in range(12000)]
    con.executemany("INSERT INTO kill_notes(body) VALUES (?)", rows)
    con.commit()
    con.close()
    return db


def temp_fd_size(pid, d):
    """The size of the largest file the process has open in d (its
    temporary file, named or not); None once the process is gone."""
    fds = "/proc/%d/fd" % pid
    d = os.path.realpath(d)
    best = 0
    try:
        names = os.listdir(fds)
    except OSError:
        return None
    for fd in names:
        try:
            target = os.readlink(os.path.join(fds, fd))
            if not target.startswith(d + "/") or target.endswith(".lock"):
                continue
            best = max(best, os.stat(os.path.join(fds, fd)).st_size)
        except OSError:
            continue
    return best


def kill_when_grown(args, d, threshold):
    """Runs vigil args and SIGKILLs it once its file in d has reached
    threshold bytes. True if it was killed half-way; False if it ended
    (or never got there) first."""
    p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    killed = False
    while time.time() < deadline and p.poll() is None:
        size = temp_fd_size(p.pid, d)
        if size is not None and size >= threshold:
            p.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.0005)
    if p.poll() is None and not killed:
        p.kill()
    p.wait()
    return killed and p.returncode == -signal.SIGKILL


def plaintext_files(d):
    """Files of d that hold the SQLite header or the canary."""
    found = []
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if SQLITE_HEADER in data or CANARY in data:
            found.append(name)
    return found


def test_killed_restore(work, backup, key):
    halfway = 0
    for threshold in THRESHOLDS:
        d = tempfile.mkdtemp(prefix="target-", dir=work)
        target = os.path.join(d, "new.db")
        if not kill_when_grown(["restore", backup, "--db", target,
                                "--key", key], d, threshold):
            continue
        halfway += 1
        left = plaintext_files(d)
        check(not left, "restore killed at %d MiB: no file holds the "
              "database in plaintext (found %s)" % (threshold // MIB, left))
        check(not os.path.exists(target), "restore killed at %d MiB: no "
              "database under the new name" % (threshold // MIB))
        p = vigil("restore", backup, "--db", target, "--key", key)
        check(p.returncode == 0, "a restore after the kill works (%s)" %
              p.stderr.strip())
    check(halfway >= 2, "at least two restores were killed half-way "
          "(%d of %d)" % (halfway, len(THRESHOLDS)))


def test_killed_backup(work, db):
    halfway = 0
    for threshold in THRESHOLDS[:2]:
        d = tempfile.mkdtemp(prefix="out-", dir=work)
        out = os.path.join(d, "copy.vbak")
        if not kill_when_grown(["backup", out, "--db", db], d, threshold):
            continue
        halfway += 1
        check(os.listdir(d) == [], "backup killed at %d MiB leaves no "
              "file (found %s)" % (threshold // MIB, os.listdir(d)))
    check(halfway >= 1, "at least one backup was killed half-way")


def test_leftovers_removed(work, db):
    """What a restore killed between naming its checked file and renaming
    it over the database leaves, the next open removes; names that only
    look alike stay."""
    d = os.path.dirname(db)
    leftovers = ["live.db.tmp-Ab12Cd", "live.db.key.tmp-Zz99Yy"]
    kept = ["live.db.tmp-notes.txt", "other.db.tmp-Ab12Cd"]
    for name in leftovers + kept:
        with open(os.path.join(d, name), "wb") as f:
            f.write(SQLITE_HEADER + CANARY)
    p = vigil("person", "list", "--db", db)
    check(p.returncode == 0, "person list opens the database (%s)" %
          p.stderr.strip())
    for name in leftovers:
        check(not os.path.exists(os.path.join(d, name)),
              "the next start removed %s" % name)
    for name in kept:
        check(os.path.exists(os.path.join(d, name)),
              "a file that only looks like a leftover stays: %s" % name)


def main():
    if binary_missing():
        return 77
    work = tempfile.mkdtemp(prefix="restore-kill-", dir=TMP)
    try:
        src = os.path.join(work, "src")
        os.mkdir(src)
        db = make_database(src)
        backup = os.path.join(work, "live.vbak")
        vigil_ok("backup", backup, "--db", db)
        test_killed_restore(work, backup, db + ".key")
        test_killed_backup(work, db)
        test_leftovers_removed(work, db)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
