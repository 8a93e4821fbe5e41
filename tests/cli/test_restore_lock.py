#!/usr/bin/env python3
"""vigil restore --force refuses a database that a running vigil serve
holds open, names the process, and changes nothing: a write acknowledged
by the server after the attempt is in the database file. Once the server
has stopped, the same restore goes through (the lock dies with the
process that held it)."""
import os
import shutil
import sqlite3
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "http"))
from vigil_cli import (TMP, binary_missing, check,  # noqa: E402
                       exit_status, vigil)
import vigil_api  # noqa: E402
import vigil_http  # noqa: E402

PEOPLE = vigil_api.API + "/people"


def add_person(srv, token, tag):
    """Creates a person through the API; the answer's status."""
    a = vigil_api.request(srv.port, "POST", PEOPLE, {
        "level": "internal", "notes": tag,
        "names": [{"name": "Locktest %s" % tag, "script": "Latn"}]},
        token=token)
    return a.status


def notes_in_file(db):
    con = sqlite3.connect(db)
    try:
        return set(r[0] for r in con.execute(
            "SELECT notes FROM person WHERE notes LIKE 'lock-%'"))
    finally:
        con.close()


def restore_over(backup, db):
    return vigil("restore", backup, "--db", db, "--key", db + ".key",
                 "--force")


def main():
    if binary_missing():
        return 77
    work = tempfile.mkdtemp(prefix="restore-lock-", dir=TMP)
    srv = vigil_http.Server()
    try:
        srv.add_user("ed", "editor")
        token = srv.token("ed")
        backup = os.path.join(work, "before.vbak")
        p = vigil("backup", backup, "--db", srv.db)
        check(p.returncode == 0, "backup taken (%s)" % p.stderr.strip())
        srv.start()

        # Before any request: the server holds the lock from its start,
        # not only once a worker thread has opened a connection.
        p = restore_over(backup, srv.db)
        check(p.returncode != 0, "restore --force into a served database "
              "is refused before any request (exit %d)" % p.returncode)
        check("open in another process" in p.stderr,
              "the refusal says the database is open in another process "
              "(said: %s)" % p.stderr.strip())
        check("process %d" % srv.proc.pid in p.stderr,
              "the refusal names the server's process %d" % srv.proc.pid)

        check(add_person(srv, token, "lock-before") == 201,
              "a write before the attempt is acknowledged")
        p = restore_over(backup, srv.db)
        check(p.returncode != 0, "restore --force is refused while the "
              "server runs (exit %d)" % p.returncode)
        check(add_person(srv, token, "lock-after") == 201,
              "a write after the attempt is acknowledged")
        srv.stop(keep=True)
        seen = notes_in_file(srv.db)
        check({"lock-before", "lock-after"} <= seen,
              "both acknowledged writes are in the database file (%s)" %
              sorted(seen))

        p = restore_over(backup, srv.db)
        check(p.returncode == 0, "with the server stopped, the restore "
              "goes through (%s)" % p.stderr.strip())
        check(notes_in_file(srv.db) == set(),
              "the restored database is the backup's")
    finally:
        srv.stop()
        shutil.rmtree(work, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
