#!/usr/bin/env python3
"""Measures what the sign-in slow-down costs the server: the time of a
checked failed sign-in (an Argon2id hash) against the time of an answer
during a wait (429, nothing checked, no thread held).

usage: python3 tests/safety/login_wait_cost.py VIGIL_BINARY [PROBES]"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "http"))
import vigil_http as vh  # noqa: E402


def timed_post(c, password):
    t = time.time()
    page = c.post("/login", {"username": "ed", "password": password})
    return page.status, (time.time() - t) * 1000


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    os.environ["VIGIL_BIN"] = sys.argv[1]
    probes = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    srv = vh.Server()
    try:
        password = srv.add_user("ed", "editor")
        srv.start("--login-failures", "3", "--login-delay-max", "900")
        c = srv.client()
        c.get("/login")
        checked = [timed_post(c, "not the password") for _ in range(3)]
        waiting = [timed_post(c, password) for _ in range(probes)]
        if {s for s, _ in checked} != {401} or {s for s, _ in waiting} != {429}:
            sys.exit("unexpected answers: %s %s" % (checked, waiting[:3]))
        ms = [t for _, t in waiting]
        print("checked failure: median %.0f ms; answer during a wait: "
              "median %.1f ms, max %.1f ms (%d answers)"
              % (statistics.median(t for _, t in checked),
                 statistics.median(ms), max(ms), probes))
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
