#!/usr/bin/env python3
"""The audit chain covers the history, not only itself: deleting
revisions, taking revision ids out of the log, editing a revision's before
or after JSON, editing a record's row or one of its child rows, deleting or
adding a row, a person's status, a revision no entry records — each is
named by `vigil audit verify`, with and without a checkpoint. Entries of
the old hash rule (version 1) still verify, and what they hash is still
checked.

As in test_audit_tamper.py, each change is made with SQLite itself on a
copy of a casebook that saw imports, an edit and a delete."""
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (SOURCE, TMP, binary_missing, check,  # noqa: E402
                       command_missing, exit_status)
from vigil_cli import vigil_ok as vigil  # noqa: E402
from tamper_util import casebook_of, copy_of, tamper, verify  # noqa: E402


def make_database(d):
    db = casebook_of(d, [{"record": "person", "level": "internal",
                          "names": [{"name": "History Test %d" % i,
                                     "script": "Latn"},
                                    {"name": "Alias %d" % i,
                                     "script": "Latn"}],
                          "home_address": "Street %d" % i,
                          "notes": "first notes %d" % i} for i in range(6)])
    vigil("person", "edit", "V-000002", "--notes", "edited notes", "--db", db)
    vigil("person", "delete", "V-000006", "--db", db)
    flush(db)
    return db


def flush(db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def query(db, sql):
    con = sqlite3.connect(db)
    rows = con.execute(sql).fetchall()
    con.close()
    return rows


def last_entry(db, rid):
    return query(db, "SELECT max(seq) FROM audit_log WHERE record_id = '%s'"
                 % rid)[0][0]


def revision_of(db, seq):
    return query(db, "SELECT revision_id FROM audit_log WHERE seq = %d"
                 % seq)[0][0]


def expect_named(d, db, cp, name, words, *sql):
    """Tampers with a copy, then verify must fail naming every word, with
    and without the checkpoint of the untouched casebook."""
    bad = copy_of(d, db, name)
    tamper(bad, *sql)
    for extra in ((), ("--checkpoint", cp)):
        how = " with a checkpoint" if extra else ""
        rc, out = verify(bad, *extra)
        check(rc == 1, "%s%s: verify exits 1 (got %d)" % (name, how, rc))
        missing = [w for w in words if w not in out]
        check(not missing, "%s%s: says %s (said: %s)" %
              (name, how, words, out.strip()))


def test_untouched(db, cp):
    for extra in ((), ("--checkpoint", cp)):
        rc, out = verify(db, *extra)
        check(rc == 0 and "5 records match" in out,
              "an untouched casebook after import, edit and delete verifies "
              "%s(%s)" % ("against its checkpoint " if extra else "",
                          out.strip()))


def test_json(d, db):
    rc, out = verify(db, "--format", "json")
    doc = json.loads(out[:out.rindex("}") + 1])
    check(rc == 0 and doc["ok"] and doc["records"] == 5 and
          doc["records_bad"] == 0,
          "the JSON report counts the records compared (%s)" % out.strip())
    bad = copy_of(d, db, "json-row-edited")
    tamper(bad, "UPDATE person SET notes = 'x' WHERE id IN ('V-000001', "
           "'V-000003')")
    rc, out = verify(bad, "--format", "json")
    doc = json.loads(out[:out.rindex("}") + 1])
    check(rc == 1 and not doc["ok"] and doc["records_bad"] == 2 and
          doc["why"].startswith("person V-000001: field notes differs"),
          "the JSON report names the first record and counts both (%s)"
          % out.strip())


def test_revisions(d, db, cp):
    e4 = last_entry(db, "V-000004")
    r4 = revision_of(db, e4)
    expect_named(d, db, cp, "revisions-deleted",
                 ["entry %d" % e4, "revision %d of V-000004 is missing" % r4],
                 "DELETE FROM revision WHERE record_id = 'V-000004'")
    first = query(db, "SELECT min(seq) FROM audit_log WHERE revision_id "
                  "IS NOT NULL")[0][0]
    expect_named(d, db, cp, "revision-ids-nulled-and-deleted",
                 ["entry %d" % first, "revision id was removed"],
                 "UPDATE audit_log SET revision_id = NULL",
                 "DELETE FROM revision")
    expect_named(d, db, cp, "one-revision-id-nulled",
                 ["entry %d" % e4, "revision id was removed",
                  "V-000004"],
                 "UPDATE audit_log SET revision_id = NULL WHERE seq = %d" % e4)
    e3 = last_entry(db, "V-000003")
    r3 = revision_of(db, e3)
    expect_named(d, db, cp, "after-json-edited",
                 ["entry %d" % e3, "revision %d of V-000003 no longer "
                  "matches" % r3],
                 "UPDATE revision SET after_json = replace(after_json, "
                  "'first notes', 'forged notes') WHERE id = %d" % r3)
    e2 = last_entry(db, "V-000002")
    r2 = revision_of(db, e2)
    expect_named(d, db, cp, "before-json-edited",
                 ["entry %d" % e2, "revision %d of V-000002 no longer "
                  "matches" % r2],
                 "UPDATE revision SET before_json = replace(before_json, "
                  "'first notes', 'other notes') WHERE id = %d" % r2)
    expect_named(d, db, cp, "revision-added",
                 ["revision", "of V-000004 is in no audit entry"],
                 "INSERT INTO revision (record_type, record_id, at, actor,"
                 " action, before_json, after_json) SELECT record_type,"
                 " record_id, at, actor, 'update', after_json, after_json"
                 " FROM revision WHERE id = %d" % r4)


def test_records(d, db, cp):
    e4 = last_entry(db, "V-000004")
    expect_named(d, db, cp, "row-edited",
                 ["person V-000004: field notes differs from its last "
                  "revision (audit entry %d)" % e4],
                 "UPDATE person SET notes = 'forged' WHERE id = 'V-000004'")
    e2 = last_entry(db, "V-000002")
    expect_named(d, db, cp, "edited-row-put-back",
                 ["person V-000002: field notes differs from its last "
                  "revision (audit entry %d)" % e2],
                 "UPDATE person SET notes = 'first notes 1' "
                 "WHERE id = 'V-000002'")
    e3 = last_entry(db, "V-000003")
    expect_named(d, db, cp, "child-row-edited",
                 ["person V-000003: field names[1].name differs from its "
                  "last revision (audit entry %d)" % e3],
                 "UPDATE person_name SET name = 'Forged Alias' WHERE pos = 1"
                 " AND parent = (SELECT pk FROM person WHERE id = "
                 "'V-000003')")
    expect_named(d, db, cp, "child-row-deleted",
                 ["person V-000003: field names[1] differs"],
                 "DELETE FROM person_name WHERE pos = 1 AND parent = "
                 "(SELECT pk FROM person WHERE id = 'V-000003')")
    expect_named(d, db, cp, "sealed-field-swapped",
                 ["person V-000004: field home_address differs"],
                 "UPDATE person SET home_address = (SELECT home_address "
                 "FROM person WHERE id = 'V-000005') WHERE id = 'V-000004'")
    e5 = last_entry(db, "V-000005")
    expect_named(d, db, cp, "row-deleted",
                 ["person V-000005 is missing", "entry, %d, is a create" % e5],
                 "DELETE FROM person_name WHERE parent = (SELECT pk FROM "
                 "person WHERE id = 'V-000005')",
                 "DELETE FROM person WHERE id = 'V-000005'")
    e6 = last_entry(db, "V-000006")
    expect_named(d, db, cp, "deleted-row-back",
                 ["person V-000006: its row is present though audit entry "
                  "%d deleted it" % e6],
                 "INSERT INTO person (id, uuid, level, created_at, "
                 "updated_at) VALUES ('V-000006', 'u-6', 'internal', "
                 "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    expect_named(d, db, cp, "row-added",
                 ["person V-000099 has no audit entry"],
                 "INSERT INTO person (id, uuid, level, created_at, "
                 "updated_at) VALUES ('V-000099', 'u-99', 'internal', "
                 "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    bad = copy_of(d, db, "row-added-with-escapes")
    tamper(bad, "INSERT INTO person (id, uuid, level, created_at, updated_at)"
           " VALUES ('V-0' || char(27) || '[2K' || char(13) || char(8238) ||"
           " 'audit chain holds', 'u-e', 'internal', '2026-01-01T00:00:00Z',"
           " '2026-01-01T00:00:00Z')")
    rc, out = verify(bad)
    check(rc == 1 and "person V-0?[2K??audit chain holds has no audit entry"
          in out and "\x1b" not in out and "\r" not in out and
          "\u202e" not in out,
          "an id made of terminal controls is printed defused (said: %r)"
          % out)
    expect_named(d, db, cp, "status-set",
                 ["person V-000001: field status differs from what the "
                  "person's acts say"],
                 "UPDATE person SET status = 'released' WHERE id = "
                 "'V-000001'")


def hash_part(s):
    b = (s or "").encode()
    return ("%d:" % len(b)).encode() + b


def rewrite_as_version_1(db):
    """The chain as a casebook made before hash version 2 holds it: every
    entry hashed by the old rule, marked version 1."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT seq, at, actor, action, record_type, "
                       "record_id, revision_sha256 FROM audit_log "
                       "ORDER BY seq").fetchall()
    prev = "0" * 64
    for seq, at, actor, action, rtype, rid, sha in rows:
        h = hashlib.sha256(b"".join(hash_part(p) for p in (
            str(seq), at, actor, action, rtype, rid, sha, prev))).hexdigest()
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, "
                    "hash_version = 1 WHERE seq = ?", (prev, h, seq))
        prev = h
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_versions(d, db):
    old = copy_of(d, db, "version-1")
    rewrite_as_version_1(old)
    rc, out = verify(old)
    check(rc == 0, "a chain of version 1 entries verifies (%s)" % out.strip())
    vigil("person", "edit", "V-000003", "--notes", "after upgrade", "--db",
          old)
    flush(old)
    rc, out = verify(old)
    check(rc == 0, "version 2 entries after version 1 ones verify (%s)"
          % out.strip())
    e4 = last_entry(old, "V-000004")
    nulled = copy_of(d, old, "version-1-nulled")
    tamper(nulled, "UPDATE audit_log SET revision_id = NULL WHERE seq = %d"
           % e4)
    rc, out = verify(nulled)
    check(rc == 1 and ("entry %d" % e4) in out and
          "revision id was removed" in out,
          "a version 1 entry's removed revision id is named (said: %s)"
          % out.strip())
    down = copy_of(d, db, "downgraded")
    tamper(down, "UPDATE audit_log SET hash_version = 1 WHERE seq = 3")
    rc, out = verify(down)
    check(rc == 1 and "entry 3" in out and
          "hash version 1 after entries of version 2" in out,
          "an entry set back to version 1 is named (said: %s)" % out.strip())
    odd = copy_of(d, db, "version-9")
    tamper(odd, "UPDATE audit_log SET hash_version = 9 WHERE seq = 2")
    rc, out = verify(odd)
    check(rc == 1 and "entry 2" in out and "hash version 9" in out,
          "an unknown hash version is named (said: %s)" % out.strip())


def test_made_before_013(d):
    """A casebook made with data files before migration 013 (an older
    vigil's) gets version 1 entries; once migrated, version 2 ones follow
    and the whole chain verifies."""
    data = os.environ.get("VIGIL_DATA") or os.path.join(SOURCE, "data")
    old = os.path.join(d, "old-data")
    os.makedirs(os.path.join(old, "schema"))
    for name in os.listdir(data):
        if name != "schema":
            os.symlink(os.path.abspath(os.path.join(data, name)),
                       os.path.join(old, name))
    for name in os.listdir(os.path.join(data, "schema")):
        if name.endswith(".sql") and name < "013":
            os.symlink(os.path.abspath(os.path.join(data, "schema", name)),
                       os.path.join(old, "schema", name))
    db = os.path.join(d, "made-before-013.db")
    vigil("init", "--db", db, env=dict(os.environ, VIGIL_DATA=old))
    vigil("migrate", "--db", db)
    vigil("person", "add", "--name", "After Migration", "--db", db)
    flush(db)
    versions = [v for (v,) in query(db, "SELECT hash_version FROM audit_log"
                                    " ORDER BY seq")]
    rc, out = verify(db)
    check(versions == [1, 2] and rc == 0,
          "a casebook made before 013 has a version 1 entry, then version 2,"
          " and verifies (versions %s: %s)" % (versions, out.strip()))


def main():
    if binary_missing() or command_missing("init", "import", "audit",
                                           "audit checkpoint", "person"):
        return 77
    d = tempfile.mkdtemp(prefix="history-", dir=TMP)
    try:
        db = make_database(d)
        p = vigil("audit", "checkpoint", "--db", db, "--key",
                  os.path.join(d, "off-machine.key"))
        cp = os.path.join(d, "checkpoint.txt")
        with open(cp, "w") as f:
            f.write(p.stdout)
        test_untouched(db, cp)
        test_json(d, db)
        test_revisions(d, db, cp)
        test_records(d, db, cp)
        test_versions(d, db)
        test_made_before_013(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
