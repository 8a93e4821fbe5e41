#!/usr/bin/env python3
"""How soon a running server finds people imported by another process,
and what a name search costs once it has.

usage: VIGIL_BIN=build/vigil nice -n 10 python3 bench/http/follow.py [BASE] [ADDED...]

Starts `vigil serve` on a casebook of BASE made-up people (default 10000,
bench/http/gen_people.py), then for each ADDED (default 100 1000 5000)
imports that many more with `vigil import json` and prints the import's
seconds, the seconds from the import's end until an API name search finds
the last person imported (the catch-up happens inside that search), and
the median of 50 searches afterwards."""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "http"))
import vigil_api as va  # noqa: E402
import vigil_http as vh  # noqa: E402


def people(srv, n, seed, name, first=0):
    """A file of n people (and their acts) whose numbers start after
    first; the last person's record."""
    path = os.path.join(srv.dir, name)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_people.py"),
                    str(n), path, str(seed)], check=True)
    with open(path, encoding="utf-8") as f:
        records = json.load(f)["records"]
    for r in records:
        for key in ("id", "victim"):
            if key in r and r[key][:2] in ("V-", "A-"):
                r[key] = "%s%06d" % (r[key][:2], int(r[key][2:]) + first)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"vigil": 1, "records": records}, f, ensure_ascii=False)
    return path, [r for r in records if r["record"] == "person"][-1]


def search(srv, token, q):
    t0 = time.monotonic()
    a = va.request(srv.port, "GET", va.API + "/people?q=" + q, token=token)
    vh.check(a.status == 200, "search: %r" % a)
    return time.monotonic() - t0, [p["id"] for p in a.json["items"]]


def main():
    base = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    added = [int(a) for a in sys.argv[2:]] or [100, 1000, 5000]
    os.environ.setdefault("VIGIL_TMP", "/tmp")
    srv = vh.Server()
    try:
        srv.run("import", "json", people(srv, base, 1, "base.json")[0],
                "--db", srv.db)
        srv.add_user("viewer", "viewer")
        srv.start()
        token = srv.token("viewer")
        print("base %d people" % base)
        first = base
        for k, n in enumerate(added):
            path, last = people(srv, n, 100 + k, "add%d.json" % k, first)
            first += n
            t0 = time.monotonic()
            out = subprocess.run([srv.bin, "import", "json", path, "--db",
                                  srv.db], capture_output=True, text=True)
            if out.returncode != 0:
                raise vh.Failure("import: %s" % out.stderr)
            imported = time.monotonic() - t0
            q = last["names"][0]["name"].replace(" ", "%20")
            t1 = time.monotonic()
            ids = search(srv, token, q)[1]
            vh.check(last["id"] in ids, "%s found" % last["id"])
            caught = time.monotonic() - t1
            times = [search(srv, token, q)[0] for _ in range(50)]
            print("added %5d: import %.2f s, first search after %.3f s "
                  "(%d hits), then median %.1f ms" %
                  (n, imported, caught, len(ids),
                   statistics.median(times) * 1000))
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
