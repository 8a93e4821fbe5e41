#!/usr/bin/env python3
"""Schema migrations: two processes opening an old database at the same
moment both succeed (the second finds the work done); the commands that
only read (export, audit verify, person list) leave an old database
byte for byte as it was and say to run `vigil migrate`, which then
brings it up to date; a database from a newer vigil is refused, unchanged,
by every command that opens it.

An old database is made by `vigil init` with a data directory that lacks
the newest migrations (VIGIL_DATA pointing at a copy of data/ without
them)."""
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (BIN, SOURCE, TMP, binary_missing, check,  # noqa: E402
                       exit_status, vigil, vigil_ok)

ROUNDS = int(os.environ.get("VIGIL_MIGRATE_ROUNDS", "20"))
# How many of the newest migrations the old database lacks.
MISSING = 2
DATA = os.environ.get("VIGIL_DATA") or os.path.join(SOURCE, "data")


def migrations():
    names = sorted(n for n in os.listdir(os.path.join(DATA, "schema"))
                   if re.match(r"^\d{3}_.*\.sql$", n))
    return names


def old_data_dir(work):
    """A data directory like the real one without the newest migrations."""
    d = os.path.join(work, "old-data")
    os.makedirs(os.path.join(d, "schema"))
    for name in os.listdir(DATA):
        if name != "schema":
            os.symlink(os.path.abspath(os.path.join(DATA, name)),
                       os.path.join(d, name))
    for name in migrations()[:-MISSING]:
        os.symlink(os.path.abspath(os.path.join(DATA, "schema", name)),
                   os.path.join(d, "schema", name))
    return d


def version_of(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT MAX(version) FROM schema_version"
                           ).fetchone()[0]
    finally:
        con.close()


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def copy_db(src, dst):
    shutil.copyfile(src, dst)
    shutil.copyfile(src + ".key", dst + ".key")
    os.chmod(dst + ".key", 0o600)
    return dst


def test_concurrent(work, old, empty, latest):
    """Both of two commands started together on an old database succeed,
    ROUNDS times; the database ends at the newest schema, whole."""
    failed, bad_rounds = [], set()
    # Two imports (a command that writes, so migrates), then a few rounds
    # of vigil migrate beside an import.
    total = ROUNDS + ROUNDS // 4
    for i in range(total):
        db = copy_db(old, os.path.join(work, "race-%d.db" % i))
        imp = ["import", "json", empty, "--db", db]
        cmds = [imp, imp] if i < ROUNDS else [["migrate", "--db", db], imp]
        procs = [subprocess.Popen([BIN] + c, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for c in cmds]
        outs = [p.communicate(timeout=120) for p in procs]
        for c, p, (_, err) in zip(cmds, procs, outs):
            if p.returncode != 0:
                bad_rounds.add(i)
                failed.append("round %d: vigil %s exit %d: %s" %
                              (i, c[0], p.returncode, err.strip()[-300:]))
        if version_of(db) != latest:
            failed.append("round %d: schema %s, not %d" %
                          (i, version_of(db), latest))
    check(not failed, "two processes migrating one old database at once "
          "both succeed, %d rounds (%d failed: %s)" %
          (total, len(bad_rounds), "; ".join(failed[:3])))


def test_readers_do_not_migrate(work, old, latest):
    db = copy_db(old, os.path.join(work, "readers.db"))
    before = digest(db)
    for cmd in (["export", "json"], ["audit", "verify"],
                ["person", "list"]):
        p = vigil(*(cmd + ["--db", db]))
        what = "vigil %s on an old database" % " ".join(cmd)
        check(p.returncode == 1, "%s exits 1 (got %d)" % (what, p.returncode))
        check("run `vigil migrate --db %s`" % db in p.stderr,
              "%s says to run `vigil migrate` (said: %s)" %
              (what, p.stderr.strip()))
        check(digest(db) == before, "%s leaves the file unchanged" % what)
    p = vigil("migrate", "--help")
    check(p.returncode == 0 and "usage: vigil migrate" in p.stdout,
          "vigil migrate --help explains it")
    p = vigil("migrate", "--db", db)
    check(p.returncode == 0 and "to %d" % latest in p.stdout,
          "vigil migrate brings it to schema %d (%s%s)" %
          (latest, p.stdout.strip(), p.stderr.strip()))
    check(version_of(db) == latest, "the file is at the newest schema")
    p = vigil("export", "json", "--db", db)
    check(p.returncode == 0, "export works once migrated (%s)" %
          p.stderr.strip())
    p = vigil("migrate", "--db", db)
    check(p.returncode == 0 and "nothing to do" in p.stdout,
          "a second vigil migrate has nothing to do (%s)" % p.stdout.strip())


def test_newer_refused(work, empty, latest):
    db = os.path.join(work, "newer.db")
    vigil_ok("init", "--db", db)
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version(version, applied_at) "
                "VALUES (?, '2030-01-01T00:00:00Z')", (latest + 50,))
    con.commit()
    con.close()
    before = digest(db)
    article = os.path.join(work, "article.txt")
    with open(article, "w") as f:
        f.write("Rysbek Sarsenbay, a teacher, was detained in 2018.\n")
    queries = os.path.join(work, "queries.tsv")
    with open(queries, "w") as f:
        f.write("q1\tRysbek Sarsenbay\n")
    commands = [
        ["export", "json"], ["audit", "verify"], ["audit", "checkpoint"],
        ["person", "list"], ["person", "add", "--name", "Newer Test"],
        ["import", "json", empty], ["migrate"], ["user", "list"],
        ["ingest", article, "--queue"], ["match", "--queries", queries],
        ["dedup"], ["serve", "--listen", "127.0.0.1:0"],
    ]
    for cmd in commands:
        what = "vigil %s on a newer database" % " ".join(cmd[:2])
        try:
            p = subprocess.run([BIN] + cmd + ["--db", db], timeout=20,
                               capture_output=True, text=True)
            code, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            code, err = None, "still running after 20 s"
        check(code not in (0, None), "%s is refused (exit %s)" %
              (what, code))
        check("newer" in err and str(latest + 50) in err,
              "%s: the refusal says the database is newer (said: %s)" %
              (what, err.strip()[-300:]))
        check(digest(db) == before, "%s: the file is unchanged" % what)


def main():
    if binary_missing():
        return 77
    names = migrations()
    latest = int(names[-1][:3])
    work = tempfile.mkdtemp(prefix="migrate-", dir=TMP)
    try:
        data = old_data_dir(work)
        old = os.path.join(work, "old.db")
        vigil_ok("init", "--db", old, env=dict(os.environ, VIGIL_DATA=data))
        check(version_of(old) < latest, "the old database is at schema "
              "%s, before %d" % (version_of(old), latest))
        empty = os.path.join(work, "empty.json")
        with open(empty, "w") as f:
            json.dump({"vigil": 1, "records": []}, f)
        test_concurrent(work, old, empty, latest)
        test_readers_do_not_migrate(work, old, latest)
        test_newer_refused(work, empty, latest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
