"""Shared helpers for the HTTP tests: a fresh database, `vigil serve` on a
free 127.0.0.1 port, a browser-like client that keeps cookies and sends the
CSRF token of the page it read, and an HTML checker.

Typical use:

    import vigil_http as vh
    srv = vh.Server()                      # skips (exit 77) without VIGIL_BIN
    pw = srv.add_user("ed", "editor")
    srv.start()
    c = srv.client()
    c.login("ed", pw)
    page = c.get("/people")
    vh.check(page.status == 200, "people list")
    vh.check_html(page.text, "/people")
    srv.stop()

Only the Python standard library is used. The server's log goes to a file
(never a pipe that could fill up), and stop() always ends the process."""
import base64
import hashlib
import hmac
import html.parser
import http.client
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

SKIP = 77


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def skip(why):
    print("SKIP: %s" % why)
    sys.exit(SKIP)


def env(name):
    value = os.environ.get(name)
    if not value:
        skip("%s is not set (run through ctest)" % name)
    return value


# ---- HTML ---------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# Elements whose end tag the HTML parser may imply; we still write them,
# so a missing one is reported like any other.
RAW_TEXT = {"script", "style"}


class _Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.ids = {}
        self.problems = []
        self.doctype = False
        self.forms = []

    def handle_decl(self, decl):
        if decl.lower().startswith("doctype"):
            self.doctype = True

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        names = [a for a, _ in attrs]
        for a, v in attrs:
            if a == "id":
                if v in self.ids:
                    self.problems.append("line %d: duplicate id %r" % (line, v))
                self.ids[v] = line
            if a.startswith("on"):
                self.problems.append("line %d: inline handler %s" % (line, a))
            if a == "style":
                self.problems.append("line %d: inline style" % line)
        if len(set(names)) != len(names):
            self.problems.append("line %d: repeated attribute in <%s>" %
                                 (line, tag))
        if tag == "script" and "src" not in names:
            self.problems.append("line %d: inline script" % line)
        if tag == "style":
            self.problems.append("line %d: inline <style>" % line)
        if tag == "form":
            self.forms.append(dict(attrs))
        if tag not in VOID:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            self.problems.append("line %d: end tag for void <%s>" % (line, tag))
            return
        if not self.stack:
            self.problems.append("line %d: stray </%s>" % (line, tag))
            return
        open_tag, open_line = self.stack.pop()
        if open_tag != tag:
            self.problems.append("line %d: </%s> closes <%s> of line %d" %
                                 (line, tag, open_tag, open_line))


def html_problems(text):
    """The problems of a page: unbalanced tags, duplicate ids, inline
    script or style, no doctype. An empty list for a good page."""
    p = _Checker()
    p.feed(text)
    p.close()
    problems = list(p.problems)
    if not p.doctype:
        problems.append("no <!DOCTYPE html>")
    for tag, line in p.stack:
        problems.append("<%s> of line %d is never closed" % (tag, line))
    return problems


def check_html(text, where):
    problems = html_problems(text)
    check(not problems, "%s: invalid HTML: %s" % (where, "; ".join(problems[:5])))


def csrf_from(text):
    """The CSRF token of the first form on a page, or None."""
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', text)
    return m.group(1) if m else None


def unescape(text):
    return html.unescape(text)


# ---- TOTP (RFC 6238) -----------------------------------------------------

def totp(secret_b32, at=None, step=30, digits=6):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 15
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7fffffff) % 10 ** digits
    return "%0*d" % (digits, code)


# ---- the client ------------------------------------------------------------

class Page:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {}
        self.cookies = []
        for k, v in headers:
            if k.lower() == "set-cookie":
                self.cookies.append(v)
            self.headers[k.lower()] = v
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:400])


class Client:
    """Keeps cookies like a browser (per name, Max-Age=0 deletes) and
    remembers the CSRF token of the last page that had one."""

    def __init__(self, port, source=None, headers=None):
        """source: the loopback address to connect from (127.0.0.2, ...);
        headers: sent with every request (X-Forwarded-For, ...)."""
        self.port = port
        self.cookies = {}
        self.csrf = None
        self.source = (source, 0) if source else None
        self.headers = dict(headers or {})

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                          source_address=self.source)
        # Non-ASCII in a path or query is sent percent-encoded, as a
        # browser does.
        path = urllib.parse.quote(path, safe="/?&=%:;+,@!$'()*~#")
        hdrs = dict(self.headers)
        hdrs.update(headers or {})
        if self.cookies:
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=hdrs)
            res = conn.getresponse()
            page = Page(res.status, res.getheaders(), res.read())
        finally:
            conn.close()
        for c in page.cookies:
            first = c.split(";")[0]
            name, _, value = first.partition("=")
            if "max-age=0" in c.lower() or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        token = csrf_from(page.text) if page.text else None
        if token:
            self.csrf = token
        return page

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields=None, csrf=True):
        """POSTs a urlencoded form; fields is a dict or a list of pairs.
        csrf=True sends the remembered token, a string sends that one,
        False sends none."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        if csrf is True:
            if self.csrf is None:
                self.get("/login")
            pairs.append(("csrf", self.csrf or ""))
        elif csrf:
            pairs.append(("csrf", csrf))
        body = urllib.parse.urlencode(pairs).encode("utf-8")
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path, fields, files=None, csrf=True):
        """fields {name: value}; files {name: (filename, bytes, type)}."""
        boundary = uuid.uuid4().hex
        parts = []
        items = list(fields.items())
        if csrf is True:
            items.append(("csrf", self.csrf or ""))
        for k, v in items:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                          % (boundary, k)).encode() + str(v).encode("utf-8") + b"\r\n")
        for k, (fname, data, ctype) in (files or {}).items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                          "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                          % (boundary, k, fname, ctype)).encode() + data + b"\r\n")
        body = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        return self.request("POST", path, body,
                            {"Content-Type": "multipart/form-data; boundary=" + boundary})

    def login(self, name, password, code=None):
        """Signs in through the form; returns the answer to the POST."""
        self.get("/login")
        fields = {"username": name, "password": password}
        if code:
            fields["code"] = code
        answer = self.post("/login", fields)
        if answer.status == 303:
            # Like a browser, land on the next page: it carries the
            # session's own form token.
            self.get(answer.header("location"))
        return answer

    def logout(self):
        return self.post("/logout", {})


# ---- the server ------------------------------------------------------------

class Server:
    """A fresh database in VIGIL_TMP and, after start(), `vigil serve` on a
    free port of 127.0.0.1."""

    def __init__(self, demo=False):
        self.bin = env("VIGIL_BIN")
        base = os.environ.get("VIGIL_TMP") or tempfile.gettempdir()
        os.makedirs(base, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="http-", dir=base)
        self.db = os.path.join(self.dir, "vigil.db")
        self.log = os.path.join(self.dir, "serve.log")
        self.proc = None
        self.port = None
        self.passwords = {}
        args = ["init", "--db", self.db] + (["--demo"] if demo else [])
        out = subprocess.run([self.bin] + args, capture_output=True, text=True,
                             timeout=120)
        if out.returncode != 0:
            shutil.rmtree(self.dir, ignore_errors=True)
            if "unknown command" in out.stderr:
                skip("vigil init is not available yet")
            raise Failure("vigil init failed: %s" % out.stderr)

    def run(self, *args, stdin="", ok=True):
        out = subprocess.run([self.bin] + list(args), input=stdin,
                             capture_output=True, text=True, timeout=120)
        if ok and out.returncode != 0:
            raise Failure("vigil %s exited %d: %s" %
                          (" ".join(args), out.returncode, out.stderr))
        return out

    def add_user(self, name, role, password=None):
        password = password or "pass-%s-%s" % (name, uuid.uuid4().hex[:12])
        self.run("user", "add", name, "--role", role, "--password-stdin",
                 "--db", self.db, stdin=password + "\n")
        self.passwords[name] = password
        return password

    def import_json(self, records, name):
        """Writes records to a file of that name in the test directory and
        imports it with `vigil import json`, as another process."""
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"vigil": 1, "records": records}, f)
        self.run("import", "json", path, "--db", self.db)

    def token(self, name):
        out = self.run("user", "token", name, "--db", self.db).stdout
        m = re.search(r"\b[0-9a-f]{64}\b", out)
        check(m, "no token printed: %r" % out)
        return m.group(0)

    def start(self, *extra, env_extra=None):
        envv = dict(os.environ)
        envv.update(env_extra or {})
        self.logf = open(self.log, "w")
        self.proc = subprocess.Popen(
            [self.bin, "serve", "--db", self.db, "--listen", "127.0.0.1:0"] +
            list(extra), stdout=self.logf, stderr=self.logf, env=envv)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(self.log) as f:
                m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", f.read())
            if m:
                self.port = int(m.group(1))
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        with open(self.log) as f:
            seen = f.read()
        self.stop(keep=True)
        raise Failure("vigil serve did not start: %s" % seen[-2000:])

    def restart(self, *extra, env_extra=None):
        self.stop(keep=True)
        return self.start(*extra, env_extra=env_extra)

    def client(self, source=None, headers=None):
        return Client(self.port, source, headers)

    def log_text(self):
        with open(self.log) as f:
            return f.read()

    def stop(self, keep=False):
        """Ends the server. Under the sanitizers, a report in its log (a
        leak found at exit, say) fails the test file on the final stop."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "logf", None):
            self.logf.close()
            self.logf = None
            report = re.findall(r".*(?:Sanitizer|runtime error).*", self.log_text())
            self.sanitizer_reports = getattr(self, "sanitizer_reports", []) + report
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)
            if getattr(self, "sanitizer_reports", None):
                print("FAIL sanitizer: %s" % "; ".join(self.sanitizer_reports[:5]))
                sys.exit(1)


def run_tests(tests, *args):
    """Runs each test(*args); prints ok/FAIL lines and returns the exit
    status (1 if any failed)."""
    passed = failed = 0
    for t in tests:
        try:
            t(*args)
            passed += 1
            print("ok   %s" % t.__name__)
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (t.__name__, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0



def exit_after(srv, run):
    """Exits with the status of run(srv), which sets up and runs the tests.
    A failure before the tests ran is reported as a set-up failure (status
    1); the server always stops."""
    status = 1
    try:
        status = run(srv)
    except Failure as e:
        print("FAIL setup: %s" % e)
    finally:
        srv.stop()
    sys.exit(status)

# ---- records through the forms -------------------------------------------

# Types in an order where each may refer to those before it.
RECORD_TYPES = ["place", "source", "person", "act", "relation", "citation",
                "intervention", "campaign", "penalty"]


class _FormReader(html.parser.HTMLParser):
    """Collects the described inputs (data-kind) of a record form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = []
        self.hidden = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value", "")
        if tag in ("input", "textarea", "select") and "data-kind" in a:
            f = {"name": a["name"], "tag": tag, "kind": a["data-kind"],
                 "level": a.get("data-level"), "vocab": a.get("data-vocab"),
                 "required": "data-required" in a,
                 "maxlength": int(a.get("maxlength", "0") or 0),
                 "options": []}
            self.fields.append(f)
            if tag == "select":
                self._select = f
        if tag == "option" and self._select is not None and a.get("value"):
            self._select["options"].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def read_form(text):
    """The described fields of a record form and its hidden inputs."""
    r = _FormReader()
    r.feed(text)
    return r.fields, r.hidden


def fill_record(fields, hidden, text_for, refs):
    """Form values for a new record: every field of the first row of each
    list, text from text_for(field), references from refs {type: id} or
    {"<field>:<type>": id} for one field."""
    values = {k: v for k, v in hidden.items() if k != "csrf"}
    for f in fields:
        name = f["name"]
        parts = name[2:].split(".")
        if len(parts) == 3 and parts[1] != "0":
            continue  # only the first row of a list
        kind = f["kind"]
        if f["tag"] == "select":
            if parts[-1] == "record_type" and "person" in f["options"]:
                values[name] = "person"  # record_id names a person
            elif f["options"]:
                values[name] = f["options"][-1]
        elif kind == "int":
            values[name] = "3"
        elif kind == "date":
            values[name] = "March 2019"
        elif kind == "ref":
            # refs may name a record per field: {"other:person": id}.
            ref = refs.get(parts[-1] + ":" + (f["vocab"] or ""),
                           refs.get(f["vocab"]))
            if ref:
                values[name] = ref
        elif parts[-1] == "record_id":
            values[name] = refs.get("person", "")
        elif parts[-1] == "url":
            values[name] = "https://example.org/" + text_for(f)
        else:
            values[name] = text_for(f)
    return values


def create_record(client, rtype, level, text_for, refs):
    """Creates a record of rtype through its form; returns its id."""
    page = client.get("/records/%s/new" % rtype)
    check(page.status == 200, "new %s form: %r" % (rtype, page))
    fields, hidden = read_form(page.text)
    values = fill_record(fields, hidden, text_for, refs)
    values["level"] = level
    answer = client.post("/records/%s/new" % rtype, values)
    loc = answer.header("location") or ""
    check(answer.status == 303 and loc,
          "create %s failed (%d): %s" % (rtype, answer.status, "; ".join(
              re.findall(r'class="(?:error|field-error)"[^>]*>([^<]*)',
                         answer.text))))
    return loc.rstrip("/").split("/")[-1]


def login_admin(client, name, password, secret=None):
    """Signs an admin in, enrolling two-factor on the first sign-in as the
    server requires; returns the TOTP secret to use next time."""
    if secret:
        answer = client.login(name, password, totp(secret))
        check(answer.status == 303, "admin sign-in: %r" % answer)
        return secret
    answer = client.login(name, password)
    check(answer.status == 303 and answer.header("location") == "/account/totp",
          "an admin without two-factor is sent to enrol: %r" % answer)
    page = client.get("/account/totp")
    m = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text)
    check(m, "the enrolment page shows the secret")
    answer = client.post("/account/totp", {"secret": m.group(1),
                                           "code": totp(m.group(1))})
    check(answer.status == 303, "enrolment: %r" % answer)
    return m.group(1)
