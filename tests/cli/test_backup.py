#!/usr/bin/env python3
"""vigil backup and vigil restore: encrypted, consistent, and refused when
anything about the file is wrong.

The restore drill round-trips a database and compares everything in it
before and after; then the backup file is damaged in every way a disk, a
network or a person could damage it (cut at every chunk boundary, a byte
flipped in every chunk, chunks swapped) and each must be refused, naming
where, with nothing written."""
import os
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (BIN, TMP, binary_missing, check,  # noqa: E402
                       command_missing, exit_status)
from vigil_cli import vigil_ok as vigil  # noqa: E402

HEADER = 72
CANARY = "backup-canary-7f3a9c1e-plain-text-must-not-appear"


def make_database(d, name="live.db", demo=True):
    """A database spanning several backup chunks, with its key file.
    Uses `vigil init --demo` when it exists so that the drill runs on the
    real schema; otherwise a stand-in with the same kind of content."""
    db = os.path.join(d, name)
    for extra in ((["--demo"], []) if demo else ([],)):
        p = subprocess.run([BIN, "init", "--db", db] + extra,
                           capture_output=True, text=True, timeout=120)
        if p.returncode == 0:
            break
        for f in (db, db + "-wal", db + "-shm", db + ".key"):
            if os.path.exists(f):
                os.unlink(f)
    if p.returncode != 0:
        con = sqlite3.connect(db)
        con.execute("PRAGMA journal_mode=WAL")
        with open(db + ".key", "wb") as f:
            f.write(os.urandom(32))
        os.chmod(db + ".key", 0o600)
    else:
        con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS drill_notes"
                "(id INTEGER PRIMARY KEY, body TEXT)")
    con.executemany("INSERT INTO drill_notes(body) VALUES (?)",
                    [("note %d " % i + "x" * 900,) for i in range(400)])
    con.execute("INSERT INTO drill_notes(body) VALUES (?)", (CANARY,))
    con.commit()
    con.close()
    return db


def dump(db):
    con = sqlite3.connect(db)
    lines = [l for l in con.iterdump()]
    con.close()
    return lines


def export(db):
    """The full export, if the export command exists; None otherwise."""
    p = subprocess.run([BIN, "export", "json", "--db", db],
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        return None
    return p.stdout


def chunks(path):
    """[(offset, index, length)] of every chunk in a backup file."""
    data = open(path, "rb").read()
    out, off = [], HEADER
    while off < len(data):
        idx, ln = struct.unpack(">II", data[off:off + 8])
        out.append((off, idx, ln))
        off += 8 + ln
    return out


def leftovers(d, name):
    return [f for f in os.listdir(d) if f.startswith(name)]


def refused(d, backup, what, expect, key):
    target = os.path.join(d, "refused.db")
    p = vigil("restore", backup, "--db", target, "--key", key, ok=False)
    check(p.returncode == 1, "%s: restore exits 1 (got %d)" %
          (what, p.returncode))
    check(expect in p.stderr, "%s: says '%s' (said: %s)" %
          (what, expect, p.stderr.strip()))
    check(not leftovers(d, "refused.db"),
          "%s: nothing written (%s)" % (what, leftovers(d, "refused.db")))


def test_round_trip(d):
    db = make_database(d)
    key = db + ".key"
    before, before_export = dump(db), export(db)
    out = os.path.join(d, "a.vbak")
    vigil("backup", out, "--db", db)
    check(stat.S_IMODE(os.stat(out).st_mode) == 0o600,
          "backup file is private (0600)")
    raw = open(out, "rb").read()
    check(CANARY.encode() not in raw, "backup holds no plain text")
    check(b"SQLite format 3" not in raw, "backup holds no database header")
    check(len(chunks(out)) > 5, "backup spans several chunks")
    new = os.path.join(d, "new.db")
    p = vigil("restore", out, "--db", new, "--key", key)
    check("integrity ok" in p.stdout, "restore reports integrity ok")
    check(dump(new) == before, "restored database equals the original")
    if before_export is not None:
        check(export(new) == before_export,
              "full export identical before and after")
    check(open(new + ".key", "rb").read() == open(key, "rb").read(),
          "restored database gets its key file")
    check(stat.S_IMODE(os.stat(new + ".key").st_mode) == 0o600,
          "restored key file is private (0600)")
    return db, key, out


def test_no_overwrite(d, db, key, out):
    p = vigil("backup", out, "--db", db, ok=False)
    check(p.returncode == 1 and "already exists" in p.stderr,
          "backup never overwrites a file")
    new = os.path.join(d, "new.db")
    stamp = os.stat(new).st_mtime_ns
    p = vigil("restore", out, "--db", new, "--key", key, ok=False)
    check(p.returncode == 1 and "--force" in p.stderr,
          "restore refuses an existing database without --force")
    check(os.stat(new).st_mtime_ns == stamp, "existing database untouched")
    with open(new + "-wal", "wb") as f:
        f.write(b"stale wal that must not be replayed")
    vigil("restore", out, "--db", new, "--key", key, "--force")
    check(not os.path.exists(new + "-wal"), "--force removes a stale WAL")
    check(dump(new) == dump(db), "--force replaces the database")


def test_truncation(d, key, out):
    data = open(out, "rb").read()
    cut = os.path.join(d, "cut.vbak")
    for off, idx, ln in chunks(out):
        with open(cut, "wb") as f:
            f.write(data[:off])
        expect = "truncated after chunk %d" % (idx - 1) if idx else \
            "only a header"
        refused(d, cut, "cut before chunk %d" % idx, expect, key)
    off, idx, ln = chunks(out)[3]
    with open(cut, "wb") as f:
        f.write(data[:off + 8 + ln // 2])
    refused(d, cut, "cut inside chunk 3", "chunk 3: cut short", key)
    with open(cut, "wb") as f:
        f.write(data[:40])
    refused(d, cut, "cut inside the header", "header: truncated", key)
    with open(cut, "wb") as f:
        f.write(data + b"extra")
    refused(d, cut, "bytes after the end", "after the final chunk", key)


def test_flipped_bytes(d, key, out):
    data = bytearray(open(out, "rb").read())
    bad = os.path.join(d, "flip.vbak")
    for off, idx, ln in chunks(out):
        for pos in (off + 8, off + 8 + ln // 2, off + 8 + ln - 1):
            copy = bytearray(data)
            copy[pos] ^= 0x01
            open(bad, "wb").write(copy)
            refused(d, bad, "flipped byte %d in chunk %d" % (pos, idx),
                    "chunk %d: fails authentication" % idx, key)
    for pos in (20, 40, 60):  # salt, limits, stream header
        copy = bytearray(data)
        copy[pos] ^= 0x80
        open(bad, "wb").write(copy)
        refused(d, bad, "flipped byte %d in the header" % pos,
                "chunk 0: fails authentication", key)
    copy = bytearray(data)
    copy[0] ^= 0x20
    open(bad, "wb").write(copy)
    refused(d, bad, "damaged signature", "not a vigil backup", key)


def test_hostile_headers(d, key, out):
    """A crafted header must not make restore allocate or hash without
    bound, nor be read as another format."""
    data = bytearray(open(out, "rb").read())
    bad = os.path.join(d, "hdr.vbak")
    cases = [
        ("future version", {8: 2}, "version 2 is not supported"),
        ("unknown key derivation", {9: 7}, "unknown key derivation"),
        ("chunk size 4 GiB", {12: 0xff, 13: 0xff, 14: 0xff, 15: 0xff},
         "chunk size"),
        ("Argon2 asking 1 TiB", {9: 1, 40: 0, 41: 0, 42: 1, 43: 0},
         "limits out of range"),
    ]
    for what, changes, expect in cases:
        copy = bytearray(data)
        for pos, val in changes.items():
            copy[pos] = val
        open(bad, "wb").write(copy)
        if copy[9] == 1:
            pw = os.path.join(d, "any-pass.txt")
            with open(pw, "w") as f:
                f.write("some long passphrase\n")
            target = os.path.join(d, "refused.db")
            p = vigil("restore", bad, "--db", target, "--passphrase-file",
                      pw, ok=False)
            check(p.returncode == 1 and expect in p.stderr,
                  "%s: refused (said: %s)" % (what, p.stderr.strip()))
            continue
        refused(d, bad, what, expect, key)


def test_reordered(d, key, out):
    data = open(out, "rb").read()
    cs = chunks(out)
    piece = [data[o:o + 8 + ln] for o, i, ln in cs]
    bad = os.path.join(d, "order.vbak")
    swapped = piece[:2] + [piece[3], piece[2]] + piece[4:]
    open(bad, "wb").write(data[:HEADER] + b"".join(swapped))
    refused(d, bad, "chunks 2 and 3 swapped", "chunk 2: out of order", key)
    # A forger who also rewrites the cleartext indices is still caught.
    relabel = [struct.pack(">I", 2) + piece[3][4:],
               struct.pack(">I", 3) + piece[2][4:]]
    open(bad, "wb").write(data[:HEADER] + b"".join(piece[:2] + relabel +
                                                    piece[4:]))
    refused(d, bad, "chunks swapped with relabelled indices",
            "chunk 2: fails authentication", key)
    open(bad, "wb").write(data[:HEADER] + b"".join(piece[:2] + piece[3:]))
    refused(d, bad, "chunk 2 dropped", "chunk 2: out of order", key)


def test_wrong_key(d, out):
    other = os.path.join(d, "other.key")
    with open(other, "wb") as f:
        f.write(os.urandom(32))
    refused(d, out, "wrong key", "wrong key or passphrase", other)


def test_passphrase(d, db, key):
    pw = os.path.join(d, "pass.txt")
    with open(pw, "w") as f:
        f.write("correct horse battery staple\n")
    out = os.path.join(d, "p.vbak")
    vigil("backup", out, "--db", db, "--passphrase-file", pw)
    raw = open(out, "rb").read()
    check(open(key, "rb").read() not in raw,
          "passphrase backup does not show the key file")
    new = os.path.join(d, "fromp.db")
    vigil("restore", out, "--db", new, "--passphrase-file", pw)
    check(dump(new) == dump(db), "passphrase backup restores the database")
    check(open(new + ".key", "rb").read() == open(key, "rb").read(),
          "passphrase backup carries the key file")
    wrong = os.path.join(d, "wrong.txt")
    with open(wrong, "w") as f:
        f.write("incorrect horse battery staple\n")
    p = vigil("restore", out, "--db", os.path.join(d, "w.db"),
              "--passphrase-file", wrong, ok=False)
    check(p.returncode == 1 and "wrong key or passphrase" in p.stderr,
          "wrong passphrase refused")
    p = vigil("restore", out, "--db", os.path.join(d, "w.db"), "--key",
              key, ok=False)
    check(p.returncode == 1 and "--passphrase-file" in p.stderr,
          "a passphrase backup asks for the passphrase")
    os.rename(key, key + ".away")
    p = vigil("backup", os.path.join(d, "nokey.vbak"), "--db", db, ok=False)
    os.rename(key + ".away", key)
    check(p.returncode == 1 and "no key file" in p.stderr,
          "without a key file, backup asks for one (said: %s)" %
          p.stderr.strip())
    short = os.path.join(d, "short.txt")
    with open(short, "w") as f:
        f.write("abc\n")
    p = vigil("backup", os.path.join(d, "s.vbak"), "--db", db,
              "--passphrase-file", short, ok=False)
    check(p.returncode == 1 and "shorter than" in p.stderr,
          "a short passphrase is refused")


def test_online(d):
    """A backup taken while another process writes is consistent."""
    db = make_database(d, "busy.db", demo=False)
    stop = threading.Event()
    written = [0]

    def writer():
        con = sqlite3.connect(db, timeout=10)
        while not stop.is_set():
            con.execute("INSERT INTO drill_notes(body) VALUES (?)",
                        ("busy " * 200,))
            con.commit()
            written[0] += 1
        con.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        time.sleep(0.2)
        outs = []
        for i in range(3):
            out = os.path.join(d, "busy%d.vbak" % i)
            vigil("backup", out, "--db", db)
            outs.append(out)
    finally:
        stop.set()
        t.join()
    check(written[0] > 0, "writes ran during the backups (%d)" % written[0])
    for i, out in enumerate(outs):
        new = os.path.join(d, "busy-restored%d.db" % i)
        vigil("restore", out, "--db", new, "--key", db + ".key")
        con = sqlite3.connect(new)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        n = con.execute("SELECT count(*) FROM drill_notes").fetchone()[0]
        con.close()
        check(ok == "ok" and n >= 401,
              "backup %d under load restores whole (%d rows)" % (i, n))


def main():
    if binary_missing() or command_missing("backup"):
        return 77
    d = tempfile.mkdtemp(prefix="backup-", dir=TMP)
    try:
        db, key, out = test_round_trip(d)
        test_no_overwrite(d, db, key, out)
        test_truncation(d, key, out)
        test_flipped_bytes(d, key, out)
        test_reordered(d, key, out)
        test_hostile_headers(d, key, out)
        test_wrong_key(d, out)
        test_passphrase(d, db, key)
        test_online(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
