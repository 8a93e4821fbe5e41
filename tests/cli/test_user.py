#!/usr/bin/env python3
"""`vigil user` and `vigil serve` on the command line: accounts are added,
changed and listed; every mistake gets a clear message naming the account
or option and exit status 1; passwords and tokens are printed once and
never stored in clear."""
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import BIN, SKIP, TMP, vigil  # noqa: E402


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def main():
    if not BIN:
        print("SKIP: VIGIL_BIN is not set (run through ctest)")
        sys.exit(SKIP)
    os.makedirs(TMP, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="user-", dir=TMP)
    db = os.path.join(tmp, "v.db")

    failed = 0
    try:
        out = vigil("init", "--db", db)
        check(out.returncode == 0, "init: %s" % out.stderr)
        steps = []

        def step(name):
            def wrap(fn):
                steps.append((name, fn))
                return fn
            return wrap

        @step("add prints a random password once and stores only a hash")
        def _():
            out = vigil("user", "add", "amina", "--role", "editor", "--db", db)
            check(out.returncode == 0, out.stderr)
            m = re.search(r"password for amina: (\S+)", out.stdout)
            check(m and len(m.group(1)) >= 20, "no password printed: %r" % out.stdout)
            con = sqlite3.connect(db)
            row = con.execute('SELECT password_hash FROM "user" WHERE username = ?',
                              ("amina",)).fetchone()
            con.close()
            check(row[0].startswith("$argon2id$") and m.group(1) not in row[0],
                  "the password is not stored as Argon2id")

        @step("mistakes are named and exit 1")
        def _():
            for args, word in [
                (["add", "amina", "--role", "viewer", "--password-stdin"], "amina"),
                (["add", "Bad Name", "--role", "viewer"], "username"),
                (["add", "bob", "--role", "king"], "--role"),
                (["add", "bob", "--role", "viewer", "--password-stdin"], "password"),
                (["role", "ghost", "admin"], "ghost"),
                (["frobnicate", "amina"], "unknown action"),
            ]:
                out = vigil("user", *args, "--db", db, stdin="short\n")
                check(out.returncode == 1, "%s: exit %d" % (args, out.returncode))
                check(word in out.stderr, "%s: message %r" % (args, out.stderr))
            out = vigil("user", "list", "--db", os.path.join(tmp, "none.db"))
            check(out.returncode == 1, "a missing database: %d" % out.returncode)

        @step("passwd, role, disable, enable, totp-reset and list")
        def _():
            out = vigil("user", "passwd", "amina", "--password-stdin", "--db", db,
                        stdin="a long new password\n")
            check(out.returncode == 0 and out.stdout == "", out.stderr + out.stdout)
            check(vigil("user", "role", "amina", "admin", "--db", db).returncode == 0,
                  "role")
            check(vigil("user", "disable", "amina", "--db", db).returncode == 0,
                  "disable")
            out = vigil("user", "list", "--db", db)
            check(re.search(r"amina\s+admin\s+disabled", out.stdout), out.stdout)
            check(vigil("user", "enable", "amina", "--db", db).returncode == 0,
                  "enable")
            check(vigil("user", "totp-reset", "amina", "--db", db).returncode == 0,
                  "totp-reset")
            out = vigil("user", "list", "--db", db)
            check("disabled" not in out.stdout, out.stdout)

        @step("a token is printed once as 64 hex digits and kept hashed")
        def _():
            out = vigil("user", "token", "amina", "--label", "sync", "--db", db)
            m = re.fullmatch(r"([0-9a-f]{64})\n", out.stdout)
            check(out.returncode == 0 and m, "token output %r" % out.stdout)
            con = sqlite3.connect(db)
            rows = [r[0] for r in con.execute("SELECT token_hash FROM api_token")]
            con.close()
            check(rows and m.group(1) not in rows, "the token is stored in clear")

        @step("serve refuses bad options and missing databases clearly")
        def _():
            for args, word in [(["--listen", "nowhere"], "--listen"),
                               (["--listen", "127.0.0.1:99999"], "port"),
                               (["--threads", "zero"], "--threads"),
                               (["--bogus"], "--bogus")]:
                out = vigil("serve", "--db", db, *args)
                check(out.returncode == 1 and word in out.stderr,
                      "serve %s: %d %r" % (args, out.returncode, out.stderr))
            out = vigil("serve", "--db", os.path.join(tmp, "none.db"))
            check(out.returncode == 1, "serve without a database: %d" % out.returncode)
            check(vigil("serve", "--help").returncode == 0, "serve --help")

        for name, fn in steps:
            try:
                fn()
                print("ok   %s" % name)
            except Failure as e:
                failed += 1
                print("FAIL %s: %s" % (name, e))
    except Failure as e:
        print("FAIL setup: %s" % e)
        failed += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
