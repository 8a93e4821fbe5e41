"""What the audit tampering tests share: a copy of a casebook to spoil,
SQL run on it with SQLite itself as an intruder with the file would, and
`vigil audit verify` on it. Not a test itself."""
import json
import os
import shutil
import sqlite3

from vigil_cli import vigil, vigil_ok


def copy_of(d, db, name):
    """A copy of db (and its key file) in d, called name."""
    new = os.path.join(d, name + ".db")
    for suffix in ("", ".key"):
        if os.path.exists(db + suffix):
            shutil.copy(db + suffix, new + suffix)
    return new


def tamper(db, *sql):
    """Runs each statement on db, commits, and folds the WAL back in."""
    con = sqlite3.connect(db)
    for s in sql:
        con.execute(s)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def verify(db, *extra):
    """Exit status and everything `vigil audit verify` said."""
    p = vigil("audit", "verify", "--db", db, *extra)
    return p.returncode, p.stdout + p.stderr


def casebook_of(d, records):
    """A new casebook in d holding records, imported through `vigil
    import json`, its WAL folded in; returns its path."""
    db = os.path.join(d, "vigil.db")
    vigil_ok("init", "--db", db)
    path = os.path.join(d, "records.json")
    with open(path, "w") as f:
        json.dump({"vigil": 1, "records": records}, f)
    vigil_ok("import", "json", path, "--db", db)
    tamper(db)
    return db
