#!/usr/bin/env python3
"""What keeps an account safe from someone who holds less than the whole
of it, against a real server:

- an admin signed in with a password alone reaches nothing but two-factor
  enrolment, on pages and through the JSON API alike;
- replacing a second factor takes the password and a code of the current
  one;
- two-factor keys are not in the casebook's files in clear, and the keys
  an older casebook kept in clear are sealed when the server starts;
- failed sign-ins slow down the pair of account name and address, with a
  wait that grows, and never keep the owner out from another address;
- X-Forwarded-For and X-Forwarded-Proto count only from the proxy named
  by --behind-proxy;
- a pre-sign-in form token cannot be made up by the client;
- a newline in a path cannot forge a log line;
- a name holding a bidirectional control is isolated on the page."""
import base64
import hashlib
import json
import os
import re
import secrets
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402
import vigil_api  # noqa: E402

RLO = "\u202e"


def casebook_bytes(srv):
    """The database file with its -wal and -shm, as one byte string."""
    data = b""
    for suffix in ("", "-wal", "-shm"):
        try:
            with open(srv.db + suffix, "rb") as f:
                data += f.read()
        except FileNotFoundError:
            pass
    return data


def key_forms(secret):
    """A base32 two-factor key as the ways it could sit in a file: the
    text itself, lower case, its raw bytes, their hex and base64."""
    raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return [secret.encode(), secret.lower().encode(), raw,
            raw.hex().encode(), base64.b64encode(raw)]


def holds_key(srv, secret):
    data = casebook_bytes(srv)
    return [f for f in key_forms(secret) if f in data]


def new_key():
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def api_error(page):
    try:
        return json.loads(page.text).get("error", {})
    except ValueError:
        return {}


# ---- 5. two-factor ---------------------------------------------------------

def test_an_admin_without_two_factor_reaches_only_enrolment(srv):
    c = srv.client()
    page = c.login("admin2", srv.passwords["admin2"])
    vh.check(page.status == 303 and page.header("location") == "/account/totp",
             "sign-in did not lead to enrolment: %r" % page)
    for path in ("/api/v1/people", "/api/v1/people/" + srv.person_id,
                 "/api/v1/testimonies"):
        page = c.get(path)
        err = api_error(page)
        vh.check(page.status == 403 and "enrol" in err.get("message", ""),
                 "%s answered an admin without two-factor: %r" % (path, page))
        vh.check(srv.person_name not in page.text,
                 "%s showed a record before enrolment" % path)
    page = c.request("POST", "/api/v1/places",
                     b'{"level":"public","name":"Qumul","kind":"county"}',
                     {"Content-Type": "application/json",
                      "X-CSRF-Token": c.csrf})
    vh.check(page.status == 403, "an API write before enrolment: %r" % page)
    for path in ("/account", "/people", "/admin/users"):
        page = c.get(path)
        vh.check(page.status == 303 and
                 page.header("location") == "/account/totp",
                 "%s before enrolment: %r" % (path, page))
    page = c.post("/account/password", {"current": srv.passwords["admin2"],
                                        "password": "taken over by a thief"})
    vh.check(page.status == 303 and page.header("location") == "/account/totp",
             "a password change before enrolment: %r" % page)
    page = srv.client().login("admin2", srv.passwords["admin2"])
    vh.check(page.status == 303, "the password was changed before enrolment")
    vh.check(c.get("/account/totp").status == 200, "enrolment is reachable")


def test_replacing_two_factor_takes_the_password_and_a_current_code(srv):
    c = srv.client()
    old = vh.login_admin(c, "admin3", srv.passwords["admin3"])
    page = c.get("/account/totp")
    new = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    form = page.text
    wrong_code = "000000" if vh.totp(old) != "000000" else "111111"
    attempts = [
        ({}, "neither password nor code"),
        ({"password": srv.passwords["admin3"]}, "the password alone"),
        ({"current": vh.totp(old)}, "a current code alone"),
        ({"password": "not the password", "current": vh.totp(old)},
         "a wrong password"),
        ({"password": srv.passwords["admin3"], "current": wrong_code},
         "a wrong current code"),
    ]
    for extra, what in attempts:
        fields = {"secret": new, "code": vh.totp(new)}
        fields.update(extra)
        page = c.post("/account/totp", fields)
        vh.check(page.status == 422, "replaced with %s: %r" % (what, page))
    page = srv.client().login("admin3", srv.passwords["admin3"],
                              vh.totp(new))
    vh.check(page.status == 401, "a refused replacement took effect")
    vh.check('name="password"' in form and 'name="current"' in form,
             "the replacement form does not ask for password and code")
    page = c.post("/account/totp", {"secret": new, "code": vh.totp(new),
                                    "password": srv.passwords["admin3"],
                                    "current": vh.totp(old)})
    vh.check(page.status == 303, "a proper replacement was refused: %r" % page)
    page = srv.client().login("admin3", srv.passwords["admin3"],
                              vh.totp(old, at=time.time() + 30))
    vh.check(page.status == 401, "the replaced key still signs in")
    page = srv.client().login("admin3", srv.passwords["admin3"], vh.totp(new))
    vh.check(page.status == 303, "the new key does not sign in: %r" % page)


def test_two_factor_keys_are_not_in_the_casebook_files(srv):
    key = vh.login_admin(srv.client(), "admin4", srv.passwords["admin4"])
    found = holds_key(srv, key)
    vh.check(not found, "the casebook holds a two-factor key: %r" % found[:1])
    con = sqlite3.connect(srv.db)
    try:
        row = con.execute('SELECT totp_secret, totp_sealed FROM "user" '
                          "WHERE username = 'admin4'").fetchone()
    finally:
        con.close()
    vh.check(row[0] is None and row[1], "the key is not stored sealed: %r"
             % (row,))


def test_keys_an_older_casebook_kept_in_clear_are_sealed_at_start(srv):
    key = new_key()
    srv.stop(keep=True)
    try:
        con = sqlite3.connect(srv.db)
        # As a casebook from before the keys were sealed has them.
        con.execute('UPDATE "user" SET totp_secret = ?, totp_sealed = NULL '
                    "WHERE username = 'ed2'", (key,))
        con.commit()
        con.close()
        vh.check(holds_key(srv, key), "the search does not see a key in clear")
    except sqlite3.Error as e:
        raise vh.Failure("the casebook has no place for a sealed key: %s" % e)
    finally:
        srv.start()
    log = srv.log_text()
    vh.check("sealed the two-factor keys of 1 account" in log,
             "the start does not say it sealed a key: %s" % log[-300:])
    found = holds_key(srv, key)
    vh.check(not found, "the key is still in clear after the start: %r"
             % found[:1])
    page = srv.client().login("ed2", srv.passwords["ed2"])
    vh.check(page.status == 401, "signed in without the sealed key's code")
    page = srv.client().login("ed2", srv.passwords["ed2"], vh.totp(key))
    vh.check(page.status == 303, "the sealed key does not sign in: %r" % page)


# ---- 6. slow-down, proxy, tokens, log, display ------------------------------

def restart_with(srv, *args):
    """Restarts the server with args; if it will not start so, starts it
    as before (for the tests that follow) and fails."""
    try:
        srv.restart(*args)
    except vh.Failure:
        srv.start()
        raise


def retry_after(page):
    vh.check(page.status == 429, "no wait: %r" % page)
    vh.check("Too many failed sign-ins" in page.text, "no clear message")
    return int(page.header("retry-after"))


def fail_until_waiting(attempts, at_least):
    """attempts: functions that each make one failed sign-in and return
    the answer. Repeats each, sleeping out the waits it is given, until
    each is told to wait at least at_least seconds (so that what follows
    meets a wait, however slow the machine)."""
    pending = list(attempts)
    while pending:
        waits = []
        for attempt in list(pending):
            page = attempt()
            vh.check(page.status in (401, 429), "a failed sign-in: %r" % page)
            if page.status == 401:
                continue
            if retry_after(page) >= at_least:
                pending.remove(attempt)
            else:
                waits.append(retry_after(page))
        if waits:
            time.sleep(max(waits) + 0.2)


def test_failed_sign_ins_slow_the_pair_and_never_the_owner_elsewhere(srv):
    restart_with(srv, "--login-failures", "3", "--login-delay-max", "4")
    attacker = srv.client(source="127.0.0.3")
    statuses = [attacker.login("viewer1", "wrong guess %d" % i).status
                for i in range(20)]
    vh.check(statuses[:3] == [401] * 3 and set(statuses) <= {401, 429} and
             statuses.count(429) >= 10,
             "20 guesses from one address: %s" % statuses)
    owner = srv.client(source="127.0.0.4")
    page = owner.login("viewer1", srv.passwords["viewer1"])
    vh.check(page.status == 303,
             "the owner elsewhere was kept out by the guesses: %r" % page)

    # The wait grows with each failure checked after the last wait: 1, 2,
    # 4 seconds, then the cap of 4. The right password during a wait is
    # not even checked. A wait is read a moment after it began, so it may
    # have run down by that moment (span), never more.
    c = srv.client(source="127.0.0.5")
    for i in range(3):
        vh.check(c.login("contrib1", "wrong %d" % i).status == 401,
                 "a free try was not checked")
    began, waits = time.time(), []
    for expected in (1, 2, 4, 4):
        page = c.login("contrib1", srv.passwords["contrib1"])
        wait, span = retry_after(page), time.time() - began
        vh.check(expected - span <= wait <= expected,
                 "a wait of %d s %.1f s after a failure, expected %d"
                 % (wait, span, expected))
        waits.append(wait)
        time.sleep(wait + 0.2)
        began = time.time()
        vh.check(c.login("contrib1", "wrong again").status == 401,
                 "a try after the wait was not checked")
    print("waits read: %s" % waits)
    time.sleep(retry_after(c.login("contrib1", "x" * 12)) + 0.2)
    page = c.login("contrib1", srv.passwords["contrib1"])
    vh.check(page.status == 303, "nothing is locked after the wait: %r" % page)

    # An address trying many names is slowed too, after 4 x 3 free
    # failures, and only that address.
    sprayer = srv.client(source="127.0.0.6")
    names = iter("name%d" % i for i in range(1000))
    for i in range(12):
        vh.check(sprayer.login(next(names), "guess").status == 401,
                 "free failure %d of the address not checked" % i)
    fail_until_waiting([lambda: sprayer.login(next(names), "guess")], 4)
    retry_after(sprayer.login("ed", srv.passwords["ed"]))
    page = srv.client(source="127.0.0.7").login("ed", srv.passwords["ed"])
    vh.check(page.status == 303, "another address was slowed: %r" % page)


def test_forwarded_headers_count_only_from_the_configured_proxy(srv):
    restart_with(srv, "--behind-proxy", "127.0.0.2", "--login-failures", "2",
                 "--login-delay-max", "60")

    def forger(xff):
        # Not the proxy: its X-Forwarded-For is the client's own claim.
        return srv.client(source="127.0.0.8",
                          headers={"X-Forwarded-For": xff,
                                   "X-Forwarded-Proto": "https"})

    def via_proxy(xff):
        return srv.client(source="127.0.0.2",
                          headers={"X-Forwarded-For": xff,
                                   "X-Forwarded-Proto": "https"})
    # A new forged address for every guess, until the one real address
    # must wait 8 s.
    forged = iter("198.51.100.%d" % i for i in range(1, 250))
    fail_until_waiting(
        [lambda: forger(next(forged)).login("viewer1", "wrong")], 8)
    retry_after(forger("198.51.100.250").login("viewer1",
                                               srv.passwords["viewer1"]))
    page = srv.client(source="127.0.0.9",
                      headers={"X-Forwarded-Proto": "https"}).login(
        "viewer1", srv.passwords["viewer1"])
    vh.check(page.status == 303 and not [c for c in page.cookies
                                         if "Secure" in c or "__Host-" in c],
             "X-Forwarded-Proto believed from a peer that is not the proxy:"
             " %s" % page.cookies)

    # Through the proxy the client is the right-most address the proxy
    # did not write itself; what is left of it is the client's claim.
    fail_until_waiting([lambda: via_proxy("203.0.113.5").login("ed", "wrong")],
                       8)
    for xff in ("203.0.113.5", "198.51.100.9, 203.0.113.5",
                "203.0.113.5, 127.0.0.2"):
        retry_after(via_proxy(xff).login("ed", srv.passwords["ed"]))
    page = via_proxy("203.0.113.5, 198.51.100.7").login("ed", srv.passwords["ed"])
    vh.check(page.status == 303, "another client behind the proxy was slowed:"
             " %r" % page)
    vh.check([c for c in page.cookies if c.startswith("__Host-vigil=") and
              "Secure" in c], "the proxy's https was not believed: %s"
             % page.cookies)


def test_the_proxy_option_needs_an_address(srv):
    out = srv.run("serve", "--help")
    vh.check("--behind-proxy PROXY-ADDR" in out.stdout and
             "X-Forwarded-For" in out.stdout, "--help: %s" % out.stdout)
    for args, says in ((["--behind-proxy"], "needs the proxy's address"),
                       (["--behind-proxy", "--quiet"],
                        "needs the proxy's address"),
                       (["--behind-proxy", "proxy.example"],
                        "'proxy.example' is not an IP address")):
        out = srv.run("serve", "--db", srv.db, "--listen", "127.0.0.1:0",
                      *args, ok=False)
        vh.check(out.returncode == 1 and says in out.stderr,
                 "serve %s: %d %s" % (" ".join(args), out.returncode,
                                      out.stderr))


def test_a_sign_in_token_the_client_made_up_is_refused(srv):
    c = srv.client()
    pre = secrets.token_hex(32)
    c.cookies["vigil_pre"] = pre
    # What the token was before it was bound to a server secret.
    made_up = hashlib.sha256(("login:" + pre).encode()).hexdigest()
    page = c.post("/login", {"username": "ed", "password": srv.passwords["ed"]},
                  csrf=made_up)
    vh.check(page.status == 403, "a made-up sign-in token worked: %r" % page)
    page = srv.client().login("ed", srv.passwords["ed"])
    vh.check(page.status == 303, "a served sign-in token is refused: %r" % page)


def test_a_newline_in_a_path_cannot_forge_a_log_line(srv):
    # No "/" in it, so that the path still matches the route /people/:id.
    forged = "2026-01-01T00:00:00Z vigil: POST - 303 1ms"
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    page = c.get("/people/V-1%0a" + urllib.parse.quote(forged) + "%0d%1b[2J")
    vh.check(page.status in (400, 404), "the odd path: %r" % page)
    time.sleep(0.2)
    lines = srv.log_text().splitlines()
    vh.check(not [ln for ln in lines if ln.startswith(forged[:28])],
             "a client wrote a line of the log")
    vh.check([ln for ln in lines if "/people/V-1\\x0a2026-01-01" in ln and
              "\\x0d\\x1b[2J" in ln],
             "the path is not in the log, escaped: %s" % lines[-3:])


def test_a_name_with_a_bidi_control_is_isolated_on_the_page(srv):
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    name = srv.bidi_name
    shown = vh.html.escape(name, quote=False)
    for path in ("/people", "/people/" + srv.bidi_id,
                 "/search?q=" + urllib.parse.quote("Tursun")):
        page = c.get(path)
        vh.check(page.status == 200, "%s: %r" % (path, page))
        vh.check_html(page.text, path)
        vh.check(shown in page.text, "%s does not show the name" % path)
        # In the title, where no element may go, the isolate controls
        # FSI ... PDI do the same.
        vh.check(not [m for m in re.finditer(re.escape(shown), page.text)
                      if not page.text[:m.start()].endswith(
                          ("<bdi>", "<title>\u2068"))],
                 "%s shows the name outside <bdi>" % path)
    page = c.get("/people/" + srv.bidi_id)
    title = re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)
    vh.check(title.startswith("\u2068" + shown + "\u2069"),
             "the title does not isolate the name: %r" % title)
    page = c.get("/records/person/%s/edit" % srv.bidi_id)
    vh.check(re.search(r'<input[^>]*dir="auto"[^>]*value="%s"' % re.escape(
        vh.html.escape(name)), page.text),
             "the name's input does not take its direction from its text")


def set_up_and_test(srv):
    for name, role in [("ed", "editor"), ("ed2", "editor"),
                       ("viewer1", "viewer"), ("contrib1", "contributor"),
                       ("admin2", "admin"), ("admin3", "admin"),
                       ("admin4", "admin")]:
        srv.add_user(name, role)
    srv.start()
    api = vigil_api.Api(srv, ["ed"])
    srv.person_name = "Zulpiya Witnessed%s" % secrets.token_hex(4)
    srv.person_id = vigil_api.create(api, "ed", "people", {
        "level": "internal", "names": [{"name": srv.person_name}]})["id"]
    srv.bidi_name = "Tursun " + RLO + "gpj.exe"
    srv.bidi_id = vigil_api.create(api, "ed", "people", {
        "level": "internal", "names": [{"name": srv.bidi_name}]})["id"]
    return vh.run_tests([
        test_an_admin_without_two_factor_reaches_only_enrolment,
        test_replacing_two_factor_takes_the_password_and_a_current_code,
        test_two_factor_keys_are_not_in_the_casebook_files,
        test_keys_an_older_casebook_kept_in_clear_are_sealed_at_start,
        test_failed_sign_ins_slow_the_pair_and_never_the_owner_elsewhere,
        test_forwarded_headers_count_only_from_the_configured_proxy,
        test_the_proxy_option_needs_an_address,
        test_a_sign_in_token_the_client_made_up_is_refused,
        test_a_newline_in_a_path_cannot_forge_a_log_line,
        test_a_name_with_a_bidi_control_is_isolated_on_the_page,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
