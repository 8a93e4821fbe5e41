#!/usr/bin/env python3
"""Measures what a backup and a restore cost: peak memory (the backup
holds one snapshot of the database in memory; the restore streams) and
time, for a database of SIZE_MB (default 50) of random text.

usage: python3 tests/safety/backup_memory.py VIGIL_BINARY [SIZE_MB]"""
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time


def run_measured(args):
    """Runs one command alone; returns (seconds, its peak RSS in KiB)."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(args[0], args)
    t0 = time.time()
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s" % " ".join(args))
    return time.time() - t0, usage.ru_maxrss


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vigil = os.path.abspath(sys.argv[1])
    size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    d = tempfile.mkdtemp(prefix="backup-memory-")
    try:
        db = os.path.join(d, "m.db")
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE t(x)")
        rows = size_mb * 1024 // 2
        con.executemany("INSERT INTO t VALUES (?)",
                        ((os.urandom(1000).hex(),) for _ in range(rows)))
        con.commit()
        con.close()
        with open(db + ".key", "wb") as f:
            f.write(os.urandom(32))
        real = os.path.getsize(db) / 1e6
        secs, rss = run_measured([vigil, "backup", os.path.join(d, "b"),
                                  "--db", db])
        print("backup:  %.0f MB database, peak RSS %d MiB, %.2f s" %
              (real, rss // 1024, secs))
        secs, rss = run_measured([vigil, "restore", os.path.join(d, "b"),
                                  "--db", os.path.join(d, "r.db"),
                                  "--key", db + ".key"])
        print("restore: %.0f MB database, peak RSS %d MiB, %.2f s" %
              (real, rss // 1024, secs))
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
