#!/usr/bin/env python3
"""Witness identities are encrypted at rest: a canary test.

A unique canary string goes into every field the model marks
FIELD_ENCRYPTED (a person's home address and identity numbers, a
testimony's testifier name and contact), through every way in: the
command-line import and person commands, the JSON API (create and
update) and the web forms (signed in through the login form, two-factor
enrolment included). Then the ordinary workflows run: export as admin
(who may see them: the canaries must be there, which proves they were
stored at all), export as lesser roles (they must not be), a backup. At
the end the database file, its -wal and -shm, the server's log, the
lesser exports and the backup file are searched for every canary, as raw
bytes and as base64 and hex: zero may be found."""
import base64
import binascii
import hashlib
import hmac
import http.client
import json
import os
import secrets
import struct
import sys
import time
import urllib.parse
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safety_server import check, run_with_accounts  # noqa: E402

API = "/api/v1"
# field -> the least role that may see it (model_types.c)
SECRET_FIELDS = ("testifier_name", "testifier_contact")
CONFIDENTIAL_FIELDS = ("home_address", "id_number")

canaries = {}   # canary -> (how it went in, field)
superseded = set()  # replaced by an update: only old revisions hold them


def canary(route, field):
    value = "Kanareyka%s%s" % (secrets.token_hex(6), field.replace("_", ""))
    canaries[value] = (route, field)
    return value


def person(route, level="confidential"):
    return {"level": level,
            "names": [{"name": "Witness Test %s" % secrets.token_hex(3),
                       "script": "Latn"}],
            "home_address": canary(route, "home_address"),
            "id_docs": [{"kind": "passport",
                         "number": canary(route, "id_number")}]}


def source(route):
    return {"level": "internal", "kind": "testimony",
            "title": "A testimony taken for the canary test",
            "testifier_name": canary(route, "testifier_name"),
            "testifier_contact": canary(route, "testifier_contact")}


def encodings(value):
    """The canary as it could leak: raw, base64 at each of the three
    alignments, and hex."""
    raw = value.encode()
    forms = [raw, binascii.hexlify(raw), binascii.hexlify(raw).upper()]
    for pad in range(3):
        b64 = base64.b64encode(b"\0" * pad + raw)
        # Drop the characters that depend on the padding bytes and the
        # tail, keep the stable middle.
        start = (pad * 4 + 2) // 3 + 1
        forms.append(b64[start:-4])
    return forms


def found_in(path, exclude=()):
    if not os.path.exists(path):
        return []
    data = open(path, "rb").read()
    hits = []
    for value, (route, field) in canaries.items():
        if field in exclude:
            continue
        for form in encodings(value):
            if form and form in data:
                hits.append("%s (%s via %s)" % (value, field, route))
                break
    return hits


def test_canaries_go_in_through_the_command_line(v):
    path = os.path.join(v.dir, "canary-import.json")
    records = [dict(person("cli import"), record="person"),
               dict(source("cli import"), record="source")]
    with open(path, "w") as f:
        json.dump({"vigil": 1, "records": records}, f)
    v.run("import", "json", path, "--db", v.db)
    os.unlink(path)  # the input file is ours, not vigil's to protect
    out = v.run("person", "add", "--name", "Witness Cli Test",
                "--level", "confidential", "--home-address",
                canary("cli person add", "home_address"),
                "--format", "json", "--db", v.db).stdout
    made = json.loads(out)
    pid = made["id"]
    superseded.add(made["home_address"])
    v.run("person", "edit", pid, "--home-address",
          canary("cli person edit", "home_address"), "--db", v.db)


def test_canaries_go_in_through_the_api(v):
    tok = v.tokens["ed"]
    st, p, text = v.call("POST", API + "/people", person("api create"),
                         token=tok)
    check(st == 201, "create person: %d %s" % (st, text[:300]))
    # Testifiers are secret: only an admin may write them.
    st, s, text = v.call("POST", API + "/sources", source("api create"),
                         token=v.tokens["root"])
    check(st == 201, "create source: %d %s" % (st, text[:300]))
    superseded.add(p["home_address"])
    superseded.add(s["testifier_contact"])
    change = {"home_address": canary("api update", "home_address")}
    st, _, text = v.call("PATCH", "%s/people/%s" % (API, p["id"]), change,
                         token=tok)
    check(st == 200, "update person: %d %s" % (st, text[:300]))
    change = {"testifier_contact": canary("api update", "testifier_contact")}
    st, _, text = v.call("PATCH", "%s/sources/%s" % (API, s["id"]), change,
                         token=v.tokens["root"])
    check(st == 200, "update source: %d %s" % (st, text[:300]))


class FormReader(HTMLParser):
    """The fields of the record form on a page, with their defaults."""

    def __init__(self):
        super().__init__()
        self.action = self.enctype = None
        self.fields = {}
        self.csrf = None
        self.in_record = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_record = "record" in (a.get("class") or "") or \
                a.get("action") == "/account/totp"
            if self.in_record:
                self.action = a.get("action")
                self.enctype = a.get("enctype")
        elif tag in ("input", "select", "textarea") and a.get("name"):
            if a["name"] == "csrf":
                self.csrf = a.get("value")
            elif self.in_record and a.get("type") != "file":
                self.fields.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_record = False


def totp_now(secret):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30),
                   hashlib.sha1).digest()
    o = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff)
                     % 1000000)


class Browser:
    """Signs in through the login form (enrolling two-factor sign-in when
    asked, as admins are) and fills in record forms."""

    def __init__(self, v, user):
        self.v, self.cookies = v, {}
        page = self.get("/login")
        st, hd, _ = self.post("/login", {
            "username": user, "password": "correct horse %s battery" % user,
            "csrf": page.csrf})
        check(st == 303, "sign-in as %s: %d" % (user, st))
        if dict(hd).get("Location") == "/account/totp":
            page = self.get("/account/totp")
            st, _, body = self.post("/account/totp", {
                "csrf": page.csrf, "secret": page.fields["secret"],
                "code": totp_now(page.fields["secret"])})
            check(st == 303, "two-factor enrolment: %d %s" % (st, body[:200]))

    def request(self, method, path, body=None, ctype=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.v.port,
                                          timeout=30)
        hdrs = {"Cookie": "; ".join("%s=%s" % kv
                                    for kv in self.cookies.items())}
        if ctype:
            hdrs["Content-Type"] = ctype
        conn.request(method, path, body=body, headers=hdrs)
        res = conn.getresponse()
        data = res.read().decode("utf-8", "replace")
        conn.close()
        for k, val in res.getheaders():
            if k.lower() == "set-cookie":
                name, rest = val.split("=", 1)
                self.cookies[name] = rest.split(";")[0]
        return res.status, res.getheaders(), data

    def get(self, path):
        st, _, body = self.request("GET", path)
        check(st == 200, "GET %s: %d" % (path, st))
        form = FormReader()
        form.feed(body)
        return form

    def post(self, path, fields, multipart=False):
        if not multipart:
            return self.request("POST", path, urllib.parse.urlencode(
                fields).encode(), "application/x-www-form-urlencoded")
        boundary = "canary" + secrets.token_hex(8)
        parts = []
        for k, val in fields.items():
            parts.append("--%s\r\nContent-Disposition: form-data; "
                         "name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, val))
        body = ("".join(parts) + "--%s--\r\n" % boundary).encode()
        return self.request("POST", path, body,
                            "multipart/form-data; boundary=" + boundary)

    def create(self, rtype, values):
        form = self.get("/records/%s/new" % rtype)
        fields = dict(form.fields)
        for k in values:
            check(k in fields, "the %s form has no field %s (has %s)" %
                  (rtype, k, sorted(fields)))
        fields.update(values)
        fields["csrf"] = form.csrf
        st, hd, body = self.post(form.action, fields,
                                 multipart=form.enctype ==
                                 "multipart/form-data")
        check(st == 303, "form create %s: %d %s" % (rtype, st, body[:300]))


def test_canaries_go_in_through_the_web_forms(v):
    Browser(v, "ed").create("person", {
        "level": "confidential", "f_names.0.name": "Witness Form Test",
        "f_home_address": canary("web form", "home_address"),
        "f_id_docs.0.kind": "passport",
        "f_id_docs.0.number": canary("web form", "id_number")})
    Browser(v, "root").create("source", {
        "level": "internal", "f_kind": "testimony",
        "f_title": "A testimony typed into the form",
        "f_testifier_name": canary("web form", "testifier_name"),
        "f_testifier_contact": canary("web form", "testifier_contact")})


def test_viewer_gets_no_canary_from_the_api(v):
    st, _, text = v.call("GET", API + "/people?limit=1000",
                         token=v.tokens["viewer"])
    check(st == 200, "list people as viewer: %d" % st)
    st2, _, text2 = v.call("GET", API + "/sources?limit=1000",
                           token=v.tokens["viewer"])
    leaked = [c for c in canaries if c in text or c in text2]
    check(not leaked, "viewer saw %s" % leaked)


def export(v, role, name):
    out = os.path.join(v.dir, name)
    args = ["export", "json", "--db", v.db, "-o", out]
    if role:
        args += ["--as", role]
    v.run(*args)
    return out


def test_admin_export_shows_the_canaries(v):
    """Proves the canaries were stored: otherwise 'none found' would be
    meaningless."""
    out = export(v, None, "admin-export.json")
    text = open(out, encoding="utf-8").read()
    missing = [c for c in canaries if c not in text and c not in superseded]
    os.unlink(out)  # an admin export is the plain text, by design
    check(not missing, "admin export lacks %d canaries: %s" %
          (len(missing), missing[:4]))


def test_lesser_exports_hold_no_canary_they_may_not_see(v):
    for role, exclude in (("editor", CONFIDENTIAL_FIELDS),
                          ("viewer", ()), ("public", ())):
        out = export(v, role, "export-%s.json" % role)
        hits = found_in(out, exclude)
        check(not hits, "export as %s shows %s" % (role, hits))


def test_backup_holds_no_canary(v):
    out = os.path.join(v.dir, "canary.vbak")
    v.run("backup", out, "--db", v.db)
    check(os.path.getsize(out) > 0, "backup written")


def test_the_search_finds_a_canary_in_every_encoding(v):
    """The search itself can fail: fed each encoding at each alignment,
    it must find the canary."""
    value = next(iter(canaries))
    probe = os.path.join(v.dir, "probe.bin")
    for pad in range(3):
        wrapped = b"{\"x\": \"" + b"." * pad + value.encode() + b"\"}"
        for blob in (wrapped, base64.b64encode(wrapped),
                     binascii.hexlify(wrapped)):
            with open(probe, "wb") as f:
                f.write(b"header" + blob + b"trailer")
            check(found_in(probe), "search missed %r" % blob[:40])
    os.unlink(probe)


def test_nothing_at_rest_holds_a_canary(v):
    """The database and everything beside it, while the server runs and
    after it stops (when the WAL is folded into the main file)."""
    def scan():
        hits = []
        for name in ("vigil.db", "vigil.db-wal", "vigil.db-shm",
                     "serve.log", "canary.vbak", "export-editor.json",
                     "export-viewer.json", "export-public.json"):
            exclude = CONFIDENTIAL_FIELDS if name == "export-editor.json" \
                else ()
            for h in found_in(os.path.join(v.dir, name), exclude):
                hits.append("%s: %s" % (name, h))
        return hits
    check(len(canaries) >= 10, "canaries planted: %d" % len(canaries))
    running = scan()
    v.stop()
    stopped = scan()
    check(not running and not stopped, "canaries found: %s" %
          (running + stopped))
    print("     %d canaries planted, searched in db, -wal, -shm, log, "
          "exports, backup: 0 found" % len(canaries))


def main():
    return run_with_accounts("canary-", {
        "root": "admin", "ed": "editor", "viewer": "viewer"}, [
            test_canaries_go_in_through_the_command_line,
            test_canaries_go_in_through_the_api,
            test_canaries_go_in_through_the_web_forms,
            test_viewer_gets_no_canary_from_the_api,
            test_admin_export_shows_the_canaries,
            test_lesser_exports_hold_no_canary_they_may_not_see,
            test_backup_holds_no_canary,
            test_the_search_finds_a_canary_in_every_encoding,
            test_nothing_at_rest_holds_a_canary,
        ])


if __name__ == "__main__":
    sys.exit(main())
