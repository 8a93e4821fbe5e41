"""A vigil database and server for the safety tests (crash, canary,
hostile clients): fresh database, accounts with API tokens, `vigil serve`
on a free 127.0.0.1 port with its log captured to a file, and a small JSON
client. Not a test itself: the test files import it.

It builds on vigil_http (the same failures, skips and test runner, and a
Server whose commands and tokens it reuses) and sends requests through
vigil_api.request. What it adds: the server can be killed and started
again on the same database, its log kept across starts, and the database
kept until cleanup()."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_api  # noqa: E402
import vigil_http as vh  # noqa: E402
from vigil_http import (SKIP, Failure, check, env, run_tests,  # noqa: E402,F401
                        skip)


class Vigil(vh.Server):
    """One database, at most one running server; cleanup() ends both."""

    def __init__(self, prefix="safety-"):
        self.bin = env("VIGIL_BIN")
        base = os.environ.get("VIGIL_TMP") or tempfile.gettempdir()
        os.makedirs(base, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=prefix, dir=base)
        self.db = os.path.join(self.dir, "vigil.db")
        self.log = os.path.join(self.dir, "serve.log")
        self.proc = None
        self.port = None
        self.tokens = {}
        for cmd in (["init", "--help"], ["user", "--help"],
                    ["serve", "--help"]):
            p = subprocess.run([self.bin] + cmd, capture_output=True)
            if p.returncode != 0:
                self.cleanup()
                skip("this vigil has no '%s' command yet" % cmd[0])
        self.run("init", "--db", self.db)

    def add_user(self, name, role):
        password = "correct horse %s battery" % name
        self.run("user", "add", name, "--role", role, "--password-stdin",
                 "--db", self.db, stdin=password + "\n")
        self.tokens[name] = self.token(name)
        return self.tokens[name]

    def start(self, *extra):
        """Starts the server; its stdout and stderr go to self.log."""
        offset = os.path.getsize(self.log) if os.path.exists(self.log) \
            else 0
        logf = open(self.log, "ab")
        env = dict(os.environ)
        # Under AddressSanitizer freed memory waits in a quarantine (256
        # MiB by default), which would read as growth in RSS checks.
        env["ASAN_OPTIONS"] = ":".join(filter(None, [
            env.get("ASAN_OPTIONS"), "quarantine_size_mb=16"]))
        self.proc = subprocess.Popen(
            [self.bin, "serve", "--db", self.db, "--listen", "127.0.0.1:0"]
            + list(extra), stdout=logf, stderr=subprocess.STDOUT, env=env)
        logf.close()
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(self.log, "r", errors="replace") as f:
                f.seek(offset)  # this run's lines, not a previous run's
                text = f.read()
            ports = re.findall(r"listening on http://127\.0\.0\.1:(\d+)",
                               text)
            if ports and ports[-1] != "0":
                self.port = int(ports[-1])
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise Failure("vigil serve did not start: %s" %
                      open(self.log, errors="replace").read()[-2000:])

    def restart(self, *extra):
        """The same database and log, a new process."""
        self.stop()
        self.start(*extra)

    def kill(self):
        """SIGKILL: no cleanup, no checkpoint, like a power cut to the
        process."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        if os.environ.get("VIGIL_KEEP_TMP"):
            print("kept " + self.dir)
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    def sanitized(self):
        """True for a binary built with AddressSanitizer."""
        with open(self.bin, "rb") as f:
            return b"__asan_init" in f.read()

    def rss_kib(self):
        """The server's resident memory in KiB, from /proc."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def call(self, method, path, body=None, token=None, timeout=30,
             headers=None, raw=None):
        """One request; returns (status, parsed JSON or None, raw text)."""
        a = vigil_api.request(self.port, method, path, body, token,
                              raw=raw, headers=headers, timeout=timeout)
        return a.status, a.json, a.raw


def run_with_accounts(prefix, users, tests, after=None):
    """A fresh database with the accounts {name: role} and a running
    server; runs tests(vigil), then after() if given (a summary to print),
    and always cleans up. Returns the exit status."""
    v = Vigil(prefix=prefix)
    try:
        for name, role in users.items():
            v.add_user(name, role)
        v.start()
        status = run_tests(tests, v)
        if after:
            after()
    except Failure as e:
        print("FAIL setup: %s" % e)
        status = 1
    finally:
        v.cleanup()
    return status
