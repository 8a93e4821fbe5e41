#!/usr/bin/env python3
"""Hostile clients: slow headers and bodies (slowhttptest), oversized
headers and bodies, malformed requests on raw sockets, and many
connections from one address. During each, a well-behaved client from
another address (127.0.0.2: all of 127/8 is loopback) must keep getting
its answers within a bound, the server's memory (VmRSS) must stay
bounded, and nothing may be written to the database."""
import http.client
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safety_server import check, run_with_accounts  # noqa: E402

ANSWER_BOUND_S = 3.0       # a normal request must be answered within this
RSS_GROWTH_BOUND_KIB = 64 * 1024
# AddressSanitizer's shadow memory and (small, see safety_server) quarantine
ASAN_ALLOWANCE_KIB = 64 * 1024
SLOW_SECONDS = int(os.environ.get("VIGIL_HOSTILE_SECONDS", "12"))
results = []


class Watcher:
    """A normal client asking every 0.2 s, and a sampler of the server's
    memory, running while an attack goes on."""

    def __init__(self, v):
        self.v = v
        self.stop = threading.Event()
        self.latencies = []
        self.failures = []
        self.rss = []
        self.thread = threading.Thread(target=self.run)

    def ask(self):
        t0 = time.time()
        try:
            conn = http.client.HTTPConnection(
                "127.0.0.1", self.v.port, timeout=ANSWER_BOUND_S * 2,
                source_address=("127.0.0.2", 0))
            conn.request("GET", "/api/v1/",
                         headers={"Authorization": "Bearer " +
                                  self.v.tokens["reader"]})
            res = conn.getresponse()
            res.read()
            conn.close()
            if res.status != 200:
                self.failures.append("status %d" % res.status)
        except (OSError, http.client.HTTPException) as e:
            self.failures.append(repr(e))
        self.latencies.append(time.time() - t0)

    def run(self):
        while not self.stop.is_set():
            self.ask()
            try:
                self.rss.append(self.v.rss_kib())
            except OSError:
                self.failures.append("server gone")
                return
            self.stop.wait(0.2)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def verdict(self, what, baseline_rss):
        worst = max(self.latencies) if self.latencies else float("inf")
        peak = max(self.rss) if self.rss else 0
        growth = peak - baseline_rss
        results.append("%s: %d normal requests, worst %.3f s, %d failed, "
                       "RSS peak +%d KiB" % (what, len(self.latencies),
                                              worst, len(self.failures),
                                              growth))
        check(self.latencies, "%s: the normal client never got to ask"
              % what)
        check(not self.failures, "%s: normal client failed: %s" %
              (what, self.failures[:3]))
        check(worst <= ANSWER_BOUND_S, "%s: a normal answer took %.2f s"
              % (what, worst))
        bound = RSS_GROWTH_BOUND_KIB
        if self.v.sanitized():
            bound += ASAN_ALLOWANCE_KIB
        check(growth <= bound, "%s: RSS grew by %d KiB (bound %d)" %
              (what, growth, bound))
        check(self.v.proc.poll() is None, "%s: the server died" % what)


def db_state(v):
    """What must not change: the count of every record table and the
    audit log."""
    con = sqlite3.connect("file:%s?mode=ro" % v.db, uri=True)
    try:
        out = {}
        for t in ("person", "source", "act", "revision", "audit_log"):
            out[t] = con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
        return out
    finally:
        con.close()


def raw_exchange(v, payload, wait=3.0):
    """Sends bytes on a fresh socket; returns what came back (b"" when the
    server just closed)."""
    s = socket.create_connection(("127.0.0.1", v.port), timeout=wait)
    got = b""
    try:
        try:
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server stopped reading: an answer may still wait
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except OSError:
        pass
    finally:
        s.close()
    return got


def slowhttptest(v, mode, what):
    if not shutil.which("slowhttptest"):
        results.append("%s: slowhttptest not installed, skipped" % what)
        return
    before = db_state(v)
    base = v.rss_kib()
    args = ["slowhttptest", mode, "-c", "200", "-r", "100", "-i", "2",
            "-x", "24", "-p", "3", "-l", str(SLOW_SECONDS),
            "-u", "http://127.0.0.1:%d/api/v1/people" % v.port]
    if mode == "-B":
        args += ["-t", "POST", "-s", "8192"]
    with Watcher(v) as w:
        p = subprocess.run(args, capture_output=True, text=True,
                           timeout=SLOW_SECONDS + 60)
    w.verdict(what, base)
    check(p.returncode == 0 or "closed" in p.stdout,
          "slowhttptest ran: %s" % p.stderr[-300:])
    check(db_state(v) == before, "%s wrote to the database" % what)


def test_slow_headers_do_not_starve_others(v):
    slowhttptest(v, "-H", "slow headers (200 conns)")


def test_slow_bodies_do_not_starve_others(v):
    slowhttptest(v, "-B", "slow bodies (200 conns)")


def test_oversized_header_is_refused(v):
    before = db_state(v)
    base = v.rss_kib()
    with Watcher(v) as w:
        end = time.time() + 2
        while time.time() < end:
            got = raw_exchange(v, b"GET /api/v1/ HTTP/1.1\r\nHost: x\r\n"
                               b"X-Big: " + b"a" * 200000 + b"\r\n\r\n")
            check(not got.startswith(b"HTTP/1.1 200"),
                  "a 200 KB header was accepted: %r" % got[:80])
    w.verdict("oversized headers", base)
    check(db_state(v) == before, "oversized headers wrote to the database")


def test_oversized_body_is_refused_and_nothing_written(v):
    before = db_state(v)
    base = v.rss_kib()
    big = b'{"level": "public", "notes": "' + b"x" * (8 << 20) + b'"}'
    with Watcher(v) as w:
        end = time.time() + 2
        while time.time() < end:
            try:
                st, _, _ = v.call("POST", "/api/v1/people", raw=big,
                                  token=v.tokens["ed"],
                                  headers={"Content-Type":
                                           "application/json"})
            except (OSError, http.client.HTTPException):
                st = 0  # closed on us mid-upload: also a refusal
            check(st in (0, 413), "an 8 MiB body got %d, not 413" % st)
    w.verdict("oversized bodies", base)
    check(db_state(v) == before, "an oversized body wrote to the database")


def test_concurrent_large_json_bodies_stay_within_the_body_cap(v):
    """A JSON body is capped at 1 MiB; only multipart forms may carry an
    upload's 16 MiB. Eight connections (one address's share) each sending
    12 MiB of JSON must not make the server hold 8 x 16 MiB."""
    before = db_state(v)
    base = v.rss_kib()
    big = b'{"notes": "' + b"y" * (12 << 20) + b'"}'
    answers = []

    def send():
        try:
            st, _, _ = v.call("POST", "/api/v1/people", raw=big,
                              token=v.tokens["ed"], timeout=60,
                              headers={"Content-Type": "application/json"})
        except (OSError, http.client.HTTPException):
            st = 0
        answers.append(st)

    with Watcher(v) as w:
        for _ in range(3):
            threads = [threading.Thread(target=send) for _ in range(7)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    w.verdict("7 concurrent 12 MiB JSON bodies x3", base)
    check(all(a in (0, 413) for a in answers), "answers %r" % answers)
    check(db_state(v) == before, "large bodies wrote to the database")


MALFORMED = [
    b"\x00\x01\x02\x03garbage\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET /\r\n\r\n",
    b"GARBAGE /api/v1/ HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /api/v1/people HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /api/v1/people HTTP/1.1\r\nHost: x\r\n"
    b"Content-Length: 99999999999999999999\r\n\r\n{}",
    b"POST /api/v1/people HTTP/1.1\r\nHost: x\r\n"
    b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    b"POST /api/v1/people HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n",
    b"\r\n\r\n\r\n\r\n",
]

# Well-formed HTTP with hostile paths: any answer but a crash, a 5xx or a
# file from outside vigil.
ODD_PATHS = [
    b"GET /api/v1/people/%00%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /static/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /static/%2e%2e/%2e%2e/CMakeLists.txt HTTP/1.1\r\nHost: x\r\n\r\n",
]


def test_malformed_requests_get_errors_not_crashes(v):
    before = db_state(v)
    base = v.rss_kib()
    with Watcher(v) as w:
        for i, payload in enumerate(MALFORMED * 3):
            t0 = time.time()
            got = raw_exchange(v, payload)
            check(time.time() - t0 < 5, "malformed #%d hung" % i)
            check(b"root:" not in got, "malformed #%d read a system file" % i)
            status = got.split(b" ", 2)[1:2]
            check(not got or (status and status[0][:1] in (b"4", b"5")) or
                  got.startswith(b"HTTP/1.1 3"),
                  "malformed #%d answered %r" % (i, got[:80]))
            check(v.proc.poll() is None, "malformed #%d killed the server"
                  % i)
        for i, payload in enumerate(ODD_PATHS):
            got = raw_exchange(v, payload)
            check(b"root:" not in got and b"project(vigil" not in got,
                  "odd path #%d read a file outside vigil" % i)
            check(not got.startswith(b"HTTP/1.1 5"),
                  "odd path #%d: %r" % (i, got[:80]))
            check(v.proc.poll() is None, "odd path #%d killed the server"
                  % i)
    w.verdict("malformed requests", base)
    check(db_state(v) == before, "malformed requests wrote to the database")


def test_many_connections_from_one_address(v):
    before = db_state(v)
    base = v.rss_kib()
    socks = []
    with Watcher(v) as w:
        for _ in range(300):
            try:
                s = socket.create_connection(("127.0.0.1", v.port),
                                             timeout=2)
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never ends
                socks.append(s)
            except OSError:
                pass
        time.sleep(2)
        alive = 0
        for s in socks:
            s.setblocking(False)
            try:
                s.recv(1)  # closed (b"") or answered: not held open
            except BlockingIOError:
                alive += 1  # still open, still waiting
            except OSError:
                pass
    for s in socks:
        s.close()
    w.verdict("300 connections from one address (%d held open)" % alive,
              base)
    check(alive <= 64, "the server kept %d connections from one address"
          % alive)
    check(db_state(v) == before, "connection flood wrote to the database")


def print_results():
    for r in results:
        print("     " + r)


def main():
    return run_with_accounts("hostile-", {
        "ed": "editor", "reader": "viewer"}, [
            test_oversized_header_is_refused,
            test_oversized_body_is_refused_and_nothing_written,
            test_concurrent_large_json_bodies_stay_within_the_body_cap,
            test_malformed_requests_get_errors_not_crashes,
            test_many_connections_from_one_address,
            test_slow_headers_do_not_starve_others,
            test_slow_bodies_do_not_starve_others,
        ], after=print_results)


if __name__ == "__main__":
    sys.exit(main())
