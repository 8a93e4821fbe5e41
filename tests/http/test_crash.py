#!/usr/bin/env python3
"""Crash durability: writes acknowledged by the server survive SIGKILL.

Each round starts `vigil serve`, sends a burst of concurrent creates
through the JSON API, kills the server with SIGKILL at a random moment
(no shutdown code runs: what is on disk is all there is), and then checks
the database file:
  - every write the server acknowledged (201) is there, whole: its names,
    its notes exactly as sent, its revision and its audit entry;
  - no record is half there (a person without its names, revision or
    audit entry, or an audit entry or revision without its person),
    acknowledged or not;
  - PRAGMA integrity_check is ok, and the audit chain still verifies.
Rounds and seed: VIGIL_CRASH_ROUNDS (default 20), VIGIL_CRASH_SEED."""
import http.client
import json
import os
import random
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safety_server import Failure, Vigil, check, skip  # noqa: E402

ROUNDS = int(os.environ.get("VIGIL_CRASH_ROUNDS", "20"))
SEED = int(os.environ.get("VIGIL_CRASH_SEED", str(int(time.time()))))
WRITERS = 6
API = "/api/v1/people"


def notes_for(tag):
    """Long enough to span pages, and checkable byte for byte."""
    return tag + " " + " ".join("line %d of %s" % (i, tag)
                                for i in range(120))


def person_for(tag):
    return {"level": "internal", "notes": notes_for(tag),
            "names": [{"name": "Crashtest %s" % tag, "script": "Latn"},
                      {"name": "Крештест %s" % tag, "script": "Cyrl"}]}


def writer(port, token, round_no, wid, stop, acked, lock):
    i = 0
    while not stop.is_set():
        tag = "crash-r%d-w%d-%d" % (round_no, wid, i)
        i += 1
        body = json.dumps(person_for(tag)).encode()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", API, body=body, headers={
                "Content-Type": "application/json",
                "Authorization": "Bearer " + token})
            res = conn.getresponse()
            data = res.read()
            conn.close()
        except (OSError, http.client.HTTPException):
            return  # the server is gone: this write was never acknowledged
        if res.status == 201:
            with lock:
                acked.append((tag, json.loads(data)["id"]))
        elif res.status >= 500 or res.status == 503:
            continue
        else:
            raise RuntimeError("unexpected answer %d: %s" % (res.status,
                                                             data[:200]))


def check_database(db, acked):
    """Opens the file as it was left and checks it; returns the number of
    crash records found."""
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        check(ok == "ok", "integrity_check: %s" % ok)
        rows = con.execute("SELECT pk, id, notes FROM person "
                           "WHERE notes LIKE 'crash-%'").fetchall()
        by_tag = {}
        for pk, pid, notes in rows:
            tag = notes.split(" ", 1)[0]
            check(notes == notes_for(tag), "%s: notes cut or altered" % pid)
            names = con.execute("SELECT count(*) FROM person_name "
                                "WHERE parent = ?", (pk,)).fetchone()[0]
            check(names == 2, "%s (%s): half there, %d of 2 names" %
                  (pid, tag, names))
            revs = con.execute("SELECT count(*) FROM revision WHERE "
                               "record_type = 'person' AND record_id = ?",
                               (pid,)).fetchone()[0]
            check(revs >= 1, "%s: no revision" % pid)
            audits = con.execute("SELECT count(*) FROM audit_log WHERE "
                                 "record_id = ?", (pid,)).fetchone()[0]
            check(audits >= 1, "%s: no audit entry" % pid)
            by_tag[tag] = pid
        ids = set(by_tag.values())
        for (rid,) in con.execute("SELECT record_id FROM audit_log WHERE "
                                  "record_type = 'person' AND action = "
                                  "'create'"):
            check(rid in ids, "audit entry for %s, but no such person" % rid)
        for (rid,) in con.execute("SELECT record_id FROM revision WHERE "
                                  "record_type = 'person'"):
            check(rid in ids, "revision for %s, but no such person" % rid)
        for tag, pid in acked:
            check(by_tag.get(tag) == pid,
                  "acknowledged write %s (%s) lost after the crash" %
                  (tag, pid))
        return len(rows)
    finally:
        con.close()


def one_round(v, rng, round_no, token):
    v.start()
    stop = threading.Event()
    acked, lock = [], threading.Lock()
    threads = [threading.Thread(target=writer, args=(
        v.port, token, round_no, w, stop, acked, lock))
        for w in range(WRITERS)]
    for t in threads:
        t.start()
    delay = rng.uniform(0.05, 0.6)
    time.sleep(delay)
    v.kill()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    found = check_database(v.db, acked)
    return delay, len(acked), found


def main():
    v = Vigil(prefix="crash-")
    status = 0
    try:
        token = v.add_user("writer", "editor")
        rng = random.Random(SEED)
        print("seed %d (VIGIL_CRASH_SEED to repeat), %d rounds" %
              (SEED, ROUNDS))
        total_acked = 0
        started = time.time()
        for r in range(ROUNDS):
            delay, n_acked, found = one_round(v, rng, r, token)
            total_acked += n_acked
            print("ok   round %2d: killed after %.3f s, %d acknowledged, "
                  "%d crash records whole" % (r, delay, n_acked, found))
        check(total_acked > 0, "no write was ever acknowledged")
        p = v.run("audit", "verify", "--db", v.db, ok=False)
        if "unknown command" not in p.stderr:
            check(p.returncode == 0, "audit chain broken after crashes: "
                  "%s%s" % (p.stdout, p.stderr))
            print("ok   audit chain verifies after %d kills" % ROUNDS)
        print("survived %d kill points, %d acknowledged writes all whole "
              "(and %d committed but killed before their answer, also "
              "whole), in %.1f s" % (ROUNDS, total_acked, found - total_acked,
                                     time.time() - started))
    except Failure as e:
        print("FAIL %s" % e)
        print("log tail: %s" % open(v.log, errors="replace").read()[-1500:])
        status = 1
    finally:
        v.cleanup()
    return status


if __name__ == "__main__":
    sys.exit(main())
