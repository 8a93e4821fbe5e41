#!/usr/bin/env python3
"""Sign-in, sessions and CSRF against a real server: one answer for
unknown names and wrong passwords, tokens on every form, cookies that
scripts and other sites cannot use, sessions that end on sign-out,
idleness, age, password change and disabling, two-factor for admins, API
tokens, body caps, security headers and a log without personal data. The
slow-down after failed sign-ins, the proxy's headers and the rest of what
keeps accounts safe are in test_auth_trust.py."""
import os
import re
import socket
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def revisions(srv):
    con = sqlite3.connect(srv.db)
    try:
        return con.execute("SELECT count(*) FROM revision").fetchone()[0]
    finally:
        con.close()


def without_tokens(text):
    return re.sub(r"[0-9a-f]{64}", "TOKEN", text)


def test_sign_in_works_and_sets_a_strict_http_only_cookie(srv):
    c = srv.client()
    page = c.login("ed", srv.passwords["ed"])
    vh.check(page.status == 303 and page.header("location") == "/",
             "sign in: %r" % page)
    cookie = [x for x in page.cookies if x.startswith("vigil_session=")]
    vh.check(cookie, "no session cookie: %s" % page.cookies)
    vh.check("HttpOnly" in cookie[0] and "SameSite=Strict" in cookie[0],
             "cookie attributes: %s" % cookie[0])
    vh.check("Secure" not in cookie[0], "Secure on plain http: %s" % cookie[0])
    vh.check(c.get("/").status == 200, "dashboard after sign-in")


def test_unknown_name_and_wrong_password_answer_alike(srv):
    a = srv.client().login("ed", "not the password at all")
    b = srv.client().login("nobody-here", "not the password at all")
    vh.check(a.status == b.status == 401, "statuses %d %d" % (a.status, b.status))
    ta = without_tokens(a.text).replace("nobody-here", "NAME").replace("ed", "NAME")
    tb = without_tokens(b.text).replace("nobody-here", "NAME").replace("ed", "NAME")
    vh.check(ta == tb, "the two failures can be told apart")
    vh.check("Wrong name, password or code." in a.text, "no clear message")


def test_sign_in_needs_the_form_token(srv):
    c = srv.client()
    c.get("/login")
    page = c.post("/login", {"username": "ed", "password": srv.passwords["ed"]},
                  csrf=False)
    vh.check(page.status == 403, "sign-in without token: %r" % page)
    other = srv.client()
    other.get("/login")
    page = c.post("/login", {"username": "ed", "password": srv.passwords["ed"]},
                  csrf=other.csrf)
    vh.check(page.status == 403, "sign-in with another visitor's token: %r" % page)


def test_forms_refuse_a_wrong_token_and_change_nothing(srv):
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    before = revisions(srv)
    for token in (False, "0" * 64, c.csrf[:-1] + ("0" if c.csrf[-1] != "0" else "1")):
        page = c.post("/records/place/new", {"level": "public",
                                             "f_name": "Ghulja", "f_kind": "county"},
                      csrf=token)
        vh.check(page.status == 403, "token %r accepted: %r" % (token, page))
    vh.check(revisions(srv) == before, "a refused form changed records")
    page = c.post("/records/place/new", {"level": "public", "f_name": "Ghulja",
                                         "f_kind": "county"})
    vh.check(page.status == 303, "the right token is accepted: %r" % page)
    vh.check(revisions(srv) == before + 1, "the accepted form made one revision")


def test_sign_out_ends_the_session(srv):
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    stolen = dict(c.cookies)
    page = c.logout()
    vh.check(page.status == 303, "sign out: %r" % page)
    thief = srv.client()
    thief.cookies = stolen
    page = thief.get("/")
    vh.check(page.status == 303 and page.header("location") == "/login",
             "the old cookie still works: %r" % page)


def test_a_password_change_ends_other_sessions(srv):
    a, b = srv.client(), srv.client()
    a.login("viewer1", srv.passwords["viewer1"])
    b.login("viewer1", srv.passwords["viewer1"])
    a.get("/account")
    new = "a new password for viewer1"
    page = a.post("/account/password", {"current": srv.passwords["viewer1"],
                                        "password": new})
    vh.check(page.status == 303, "password change: %r" % page)
    srv.passwords["viewer1"] = new
    vh.check(a.get("/account").status == 200, "the changer stays signed in")
    page = b.get("/account")
    vh.check(page.status == 303, "the other session survived: %r" % page)
    page = a.post("/account/password", {"current": "wrong wrong wrong",
                                        "password": "whatever else 123"})
    vh.check(page.status == 422, "a wrong current password is refused")


def test_disabling_an_account_ends_its_session(srv):
    c = srv.client()
    c.login("contrib1", srv.passwords["contrib1"])
    vh.check(c.get("/people").status == 200, "signed in")
    srv.run("user", "disable", "contrib1", "--db", srv.db)
    vh.check(c.get("/people").status == 303, "a disabled account kept its session")
    page = srv.client().login("contrib1", srv.passwords["contrib1"])
    vh.check(page.status == 401, "a disabled account signed in")
    srv.run("user", "enable", "contrib1", "--db", srv.db)


def test_an_admin_must_enrol_two_factor_and_then_use_it(srv):
    c = srv.client()
    page = c.login("admin1", srv.passwords["admin1"])
    vh.check(page.header("location") == "/account/totp", "not sent to enrol")
    page = c.get("/admin/users")
    vh.check(page.status == 303 and page.header("location") == "/account/totp",
             "admin pages reachable before enrolment: %r" % page)
    page = c.get("/account/totp")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    vh.check("otpauth://totp/vigil:admin1?secret=" + secret in page.text,
             "no otpauth URI")
    page = c.post("/account/totp", {"secret": secret, "code": "000000"
                                    if vh.totp(secret) != "000000" else "111111"})
    vh.check(page.status == 422, "a wrong code enrolled: %r" % page)
    page = c.post("/account/totp", {"secret": secret, "code": vh.totp(secret)})
    vh.check(page.status == 303, "enrolment: %r" % page)
    vh.check(c.get("/admin/users").status == 200, "admin pages after enrolment")
    page = srv.client().login("admin1", srv.passwords["admin1"])
    vh.check(page.status == 401, "signed in without the code: %r" % page)
    page = srv.client().login("admin1", srv.passwords["admin1"], "123456"
                              if vh.totp(secret) != "123456" else "654321")
    vh.check(page.status == 401, "signed in with a wrong code")
    admin = srv.client()
    code = vh.totp(secret)
    page = admin.login("admin1", srv.passwords["admin1"], code)
    srv.admin_totp = (secret, code)
    vh.check(page.status == 303 and page.header("location") == "/",
             "signed in with the code: %r" % page)
    audit = admin.get("/admin/audit")
    vh.check("sign in" in audit.text and "two-factor enrol" in audit.text,
             "sign-ins and enrolment are not in the audit log")
    vh.check("the hash chain holds" in audit.text, "the audit chain is broken")


def test_a_two_factor_code_signs_in_once_even_across_a_restart(srv):
    secret, used = srv.admin_totp
    page = srv.client().login("admin1", srv.passwords["admin1"], used)
    vh.check(page.status == 401, "a used code signed in again: %r" % page)
    srv.restart()
    page = srv.client().login("admin1", srv.passwords["admin1"], used)
    vh.check(page.status == 401,
             "a used code signed in again after a restart: %r" % page)
    # The next step's code is newer than the used one: it must still pass
    # (the server allows one step of clock drift either way).
    fresh = vh.totp(secret, at=time.time() + 30)
    admin = srv.client()
    page = admin.login("admin1", srv.passwords["admin1"], fresh)
    vh.check(page.status == 303, "a fresh code was refused: %r" % page)
    srv.admin_client = admin


def test_editors_and_admins_find_the_review_queue_in_the_navigation(srv):
    link = 'href="/review"'
    for name in ("ed", "viewer1", "contrib1"):
        c = srv.client()
        c.login(name, srv.passwords[name])
        page = c.get("/")
        vh.check(page.status == 200, "%s's dashboard: %r" % (name, page))
        shown = link in page.text.split("</nav>", 1)[0]
        vh.check(shown == (name == "ed"),
                 "review link shown to %s: %s" % (name, shown))
    page = srv.admin_client.get("/")
    vh.check(link in page.text.split("</nav>", 1)[0],
             "no review link for an admin")


def test_api_tokens_authenticate_scripts(srv):
    token = srv.token("ed")
    c = srv.client()
    page = c.request("GET", "/api/v1/people",
                     headers={"Authorization": "Bearer " + token})
    vh.check(page.status == 200, "API with a token: %r" % page)
    page = c.request("GET", "/api/v1/people",
                     headers={"Authorization": "Bearer " + "f" * 64})
    vh.check(page.status == 401, "API with a wrong token: %r" % page)
    page = c.request("GET", "/people", headers={"Authorization": "Bearer " + token})
    vh.check(page.status == 401, "a page answered an API token: %r" % page)
    c.login("ed", srv.passwords["ed"])
    page = c.request("POST", "/api/v1/places",
                     b'{"level":"public","name":"Aksu","kind":"county"}',
                     {"Content-Type": "application/json"})
    vh.check(page.status == 403, "a session's API write without its token: %r" % page)


def test_bodies_and_fields_over_their_caps_are_refused(srv):
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    # A body announced over the cap is refused before it is read.
    cookie = "; ".join("%s=%s" % kv for kv in c.cookies.items())
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(("POST /records/place/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\n"
                   "Content-Length: %d\r\nCookie: %s\r\n\r\n"
                   % (2 << 20, cookie)).encode())
        head = s.recv(200).decode("latin-1")
    vh.check(head.startswith("HTTP/1.1 413"), "a 2 MiB form: %r" % head)
    # A long article pasted as a source's text is not a field over a cap.
    page = c.post("/records/source/new", {"level": "internal", "f_kind": "article",
                                          "f_title": "Long", "f_full_text": "word " * 40000})
    vh.check(page.status == 303, "a 200 KB paste: %r" % page)
    page = c.post("/login", {"username": "u" * 100, "password": "p"})
    vh.check(page.status == 413, "an over-long declared field: %r" % page)


def test_every_response_carries_the_security_headers(srv):
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    for path in ["/", "/login", "/people", "/nowhere", "/static/vigil.css",
                 "/api/v1/people"]:
        page = c.get(path)
        for name, value in SECURITY_HEADERS.items():
            vh.check(value in (page.header(name) or ""),
                     "%s: %s is %r" % (path, name, page.header(name)))
        vh.check("frame-ancestors 'none'" in page.header("content-security-policy"),
                 "%s: no frame-ancestors" % path)
        vh.check(page.header("server") is None or "/" not in page.header("server"),
                 "%s: a version banner %r" % (path, page.header("server")))
    page = c.get("/people")
    vh.check(page.header("cache-control") == "no-store", "private page cached")


def test_the_log_holds_no_query_and_no_names(srv):
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    c.get("/people?q=Zulpiyaxyz")
    c.post("/login", {"username": "Qurbanxyz", "password": "Secretxyz!!"})
    time.sleep(0.2)
    log = srv.log_text()
    for word in ("Zulpiyaxyz", "Qurbanxyz", "Secretxyz", "q="):
        vh.check(word not in log, "the log holds %r" % word)
    vh.check(re.search(r"GET /people 200 \d+ms", log), "no request line: %s" % log[-500:])


def test_sessions_end_when_idle_or_too_old(srv):
    srv.restart("--session-idle", "1", "--session-max", "2")
    c = srv.client()
    c.login("ed", srv.passwords["ed"])
    time.sleep(2.2)
    page = c.get("/")
    vh.check(page.status == 303, "an idle session lived on: %r" % page)
    c.login("ed", srv.passwords["ed"])
    deadline = time.time() + 3.5
    while time.time() < deadline:
        time.sleep(0.5)
        c.get("/")
    page = c.get("/")
    vh.check(page.status == 303, "a session outlived its maximum age")


def test_behind_a_tls_proxy_the_cookie_is_host_and_secure(srv):
    # The client connects from 127.0.0.1, the address given as the proxy's.
    srv.restart("--behind-proxy", "127.0.0.1")
    c = srv.client()
    https = {"X-Forwarded-Proto": "https"}
    page = c.request("GET", "/login", headers=https)
    token = vh.csrf_from(page.text)
    body = vh.urllib.parse.urlencode({"username": "ed", "csrf": token,
                                      "password": srv.passwords["ed"]}).encode()
    hdrs = dict(https)
    hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    page = c.request("POST", "/login", body, hdrs)
    vh.check(page.status == 303, "sign in behind the proxy: %r" % page)
    cookie = [x for x in page.cookies if x.startswith("__Host-vigil=")]
    vh.check(cookie and "Secure" in cookie[0] and "Path=/" in cookie[0],
             "cookie behind TLS: %s" % page.cookies)


def set_up_and_test(srv):
    for name, role in [("ed", "editor"), ("viewer1", "viewer"),
                       ("contrib1", "contributor"), ("admin1", "admin")]:
        srv.add_user(name, role)
    srv.start()
    return vh.run_tests([
        test_sign_in_works_and_sets_a_strict_http_only_cookie,
        test_unknown_name_and_wrong_password_answer_alike,
        test_sign_in_needs_the_form_token,
        test_forms_refuse_a_wrong_token_and_change_nothing,
        test_sign_out_ends_the_session,
        test_a_password_change_ends_other_sessions,
        test_disabling_an_account_ends_its_session,
        test_an_admin_must_enrol_two_factor_and_then_use_it,
        test_a_two_factor_code_signs_in_once_even_across_a_restart,
        test_editors_and_admins_find_the_review_queue_in_the_navigation,
        test_api_tokens_authenticate_scripts,
        test_bodies_and_fields_over_their_caps_are_refused,
        test_every_response_carries_the_security_headers,
        test_the_log_holds_no_query_and_no_names,
        test_sessions_end_when_idle_or_too_old,
        test_behind_a_tls_proxy_the_cookie_is_host_and_secure,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
