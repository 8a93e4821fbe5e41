#!/usr/bin/env python3
"""Nothing reaches a caller who may not see it: a property over the whole
model.

access_world.py plants a unique value in every field of every record type
at every level, the types and fields read from the model's own
descriptors; references point at records one level up, and public people
get their status only from hidden acts. Then every caller crawls: the
anonymous visitor of the main server, the public server (`vigil serve
--public`), a viewer, a contributor, an editor and an admin. Each crawls
the pages reachable from the dashboard, every list with every filter, the
records' pages, edit and delete forms, the review queue, every API
collection and item with every field as a filter, the exports, and error
pages for hidden ids. Asserted:

- no planted value above the caller's level is in any answer, body or
  header, and no id of a record above it;
- a filter, search or path with a hidden value answers byte for byte as
  one with a value that exists nowhere (request tokens aside);
- derived values (a person's status, the status filter and its facet
  counts, the dashboard's counts) are what the caller's visible records
  give.

Every failure is collected and printed (caller, path, what, which plant),
not just the first. The crawl is bounded in pages and time."""
import os
import json
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import access_world as aw  # noqa: E402
import vigil_http as vh  # noqa: E402
from safety_server import run_with_accounts  # noqa: E402

SOURCE = aw.SOURCE
MAX_PAGES = 260          # followed links per caller, besides the seeds
TIME_BUDGET = 150.0      # seconds for all crawls together
USERS = {"admin": "admin", "ed": "editor", "con": "contributor",
         "view": "viewer"}

# (name, visibility role, account) - the account signs in for pages and
# holds the API token; None crawls anonymously.
CALLERS = [("anonymous", "public", None), ("viewer", "viewer", "view"),
           ("contributor", "contributor", "con"), ("editor", "editor", "ed"),
           ("admin", "admin", "admin")]


class Failures:
    def __init__(self):
        self.items = []
        self.seen = set()

    def add(self, caller, path, what, plant=""):
        key = (caller, path, what, plant)
        if key not in self.seen:
            self.seen.add(key)
            self.items.append(key)

    def report(self):
        for caller, path, what, plant in self.items:
            print("LEAK %-12s %-60s %s %s" % (caller, path, what, plant))
        kinds = {}
        for caller, path, what, _ in self.items:
            shape = re.sub(r"[A-Z]-\d{6}", "{id}", path)
            shape = re.sub(r"Cnry\w+|\b1[89]\d\d\b", "{v}", shape)
            kinds.setdefault((caller, what.split(":")[0], shape), 0)
            kinds[(caller, what.split(":")[0], shape)] += 1
        print("summary (caller, what, path shape, count):")
        for (caller, what, shape), n in sorted(kinds.items()):
            print("  %-12s %-28s %-56s %d" % (caller, what, shape, n))


class Caller:
    """One crawler: a client (cookies, CSRF), an API token, and what it
    may see."""

    def __init__(self, name, role, port, token=None):
        self.name, self.role = name, role
        self.client = vh.Client(port)
        self.token = token
        self.hidden_ids = []
        self.by_value = {}
        self.regex = None

    def prepare(self, world):
        """The hidden values as one regex, found in one pass per page."""
        role = self.role or "nobody"
        self.hidden_ids = world.hidden_ids(role)
        self.by_value = {}
        for p in world.hidden_plants(role):
            # A reference's value is another record's id: it is hidden
            # when that record is (below), not when the record naming it
            # is.
            if p.kind != "ref":
                self.by_value.setdefault(p.value, []).append(p)
        for rid in self.hidden_ids:
            self.by_value.setdefault(rid, [])
        values = sorted(self.by_value, key=len, reverse=True)
        self.regex = re.compile(r"(?<![0-9A-Za-z-])(%s)(?![0-9A-Za-z])" %
                                "|".join(re.escape(v) for v in values)) \
            if values else None

    def get(self, path):
        headers = {}
        if self.token and path.startswith(aw.API):
            headers["Authorization"] = "Bearer " + self.token
        return self.client.request("GET", path, headers=headers)


class Crawl:
    def __init__(self, world, failures, deadline):
        self.w, self.f, self.deadline = world, failures, deadline
        self.requests = 0
        self.paths = set()  # every path asked for, without its query
        # What the admin's answers showed of all plants: each must show
        # somewhere, else a plant was never stored or the scan is blind.
        self.found = set()
        values = sorted(set(p.value for p in world.planter.plants),
                        key=len, reverse=True)
        self.everything = re.compile(r"(?<![0-9A-Za-z-])(%s)(?![0-9A-Za-z])"
                                     % "|".join(re.escape(x) for x in values))

    def fetch(self, c, path, echo=()):
        """GETs path as c and scans the answer; echo are the query's own
        values, which the page may show back."""
        page = c.get(path)
        self.requests += 1
        self.paths.add(path.split("?")[0])
        self.scan(c, path, page, echo)
        return page

    def scan(self, c, path, page, echo=()):
        if self.found is not None and c.role == "admin":
            self.found.update(self.everything.findall(page.text))
        if page.status >= 500:
            self.f.add(c.name, path, "server error %d" % page.status)
        if not c.regex:
            return
        # Every header but the body's length (a number, not a value).
        text = "\n".join("%s: %s" % kv for kv in page.headers.items()
                         if kv[0] != "content-length")
        text += "\n" + page.text
        for e in echo:
            text = aw.normalised(text, e)
        found = {}
        for m in c.regex.finditer(text):
            found.setdefault(m.group(1), m.start())
        for value, at in found.items():
            where = " in %r" % text[max(0, at - 50):at + 30]
            if value in self.w.ids:
                # An id planted in a reference is reported as the
                # hidden record it names, once.
                self.f.add(c.name, path, "hidden id: %s" % value,
                           "(%s %s)%s" % (self.w.ids[value] + (where,)))
                continue
            for p in c.by_value.get(value, []):
                self.f.add(c.name, path, "canary: %s" % value,
                           p.describe() + where)

    def oracle(self, c, template, hidden, absent, kind):
        """template % hidden must answer as template % absent."""
        a = self.fetch(c, template % hidden, echo=(hidden,))
        b = self.fetch(c, template % absent, echo=(absent,))
        ta = aw.normalised(a.text, hidden)
        tb = aw.normalised(b.text, absent)
        if a.status != b.status or ta != tb:
            self.f.add(c.name, template % hidden,
                       "oracle: %s answers %d, unlike absent %s (%d)%s" %
                       (kind, a.status, absent, b.status,
                        first_difference(ta, tb)), "")

    def out_of_time(self):
        return time.time() > self.deadline


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return ": ...%r... vs ...%r..." % (a[max(0, i - 40):i + 60],
                                               b[max(0, i - 40):i + 60])
    return ": lengths %d vs %d" % (len(a), len(b))


# ---- what each caller requests ----------------------------------------------

def page_seeds(w):
    seeds = ["/", "/people", "/records", "/search", "/review", "/review/new",
             "/admin/users", "/admin/audit", "/account", "/no/such/page"]
    for t in aw.top_types(w.model):
        seeds += ["/records/%s" % t.name, "/records/%s/new" % t.name]
    return seeds


def people_params():
    """The query parameters of the people list, read from the route
    table so that a filter added there is crawled too."""
    with open(os.path.join(SOURCE, "src", "web", "routes.c")) as f:
        text = f.read()
    m = re.search(r"p_people\[\] = \{(.*?)\};", text, re.S)
    vh.check(m, "src/web/routes.c: no parameter table p_people")
    names = [n for n in re.findall(r'\{ "(\w+)", Q', m.group(1))
             if n != "page"]
    vh.check(names, "src/web/routes.c: p_people lists no query parameter")
    return names


def crawl_pages(cr, c):
    """Follows links from the dashboard and the seeds, scanning each
    page; visible records' pages are seeds too."""
    w = cr.w
    queue = page_seeds(w)
    hidden = set(c.hidden_ids)
    for rid, (rtype, lv) in w.ids.items():
        if rid not in hidden:
            queue.append("/records/%s/%s" % (rtype, rid))
            if rtype == "person":
                queue.append("/people/%s" % rid)
    seen = set()
    followed = 0
    while queue and not cr.out_of_time():
        path = queue.pop(0)
        if path in seen or "/logout" in path:
            continue
        seen.add(path)
        page = cr.fetch(c, path)
        if page.status != 200 or "html" not in (page.header("content-type")
                                                or ""):
            continue
        for href in re.findall(r'href="(/[^"#]*)"', page.text):
            href = vh.unescape(href)
            if href not in seen and not href.startswith("/static/") and \
                    followed < MAX_PAGES:
                followed += 1
                queue.append(href)
    return len(seen)


def crawl_hidden_paths(cr, c):
    """Every page and API item of a hidden record answers as for an id
    that does not exist: 404 (or 403) alike, nothing more."""
    w = cr.w
    for rid in c.hidden_ids:
        if cr.out_of_time():
            return
        rtype = w.type_of(rid)
        absent = w.nonexistent_id(rtype)
        plural = w.model[rtype].plural
        for tpl in ("/records/%s/%%s" % rtype, "/records/%s/%%s/edit" % rtype,
                    "/records/%s/%%s/delete" % rtype,
                    aw.API + "/%s/%%s" % plural):
            cr.oracle(c, tpl, rid, absent, "the hidden %s %s" % (rtype, rid))
        if rtype == "person":
            cr.oracle(c, "/people/%s", rid, absent, "the hidden person")


def absent_value(w, p):
    """A value of the plant's kind that is in no record."""
    if p.kind == "ref":
        return w.nonexistent_id(w.type_of(p.value))
    if p.kind == "date":
        return "1990"
    if p.kind == "number":
        return "7299999"
    return w.planter.token()


def hidden_plants_of(c, w, rtype, field):
    return [p for p in w.hidden_plants(c.role or "nobody")
            if p.rtype == rtype and p.field == field]


def crawl_filters(cr, c):
    """Every list filtered by every hidden value it could be filtered by
    answers as the same filter with an absent value."""
    w = cr.w
    person = w.model["person"]
    for param in people_params():
        f = person.field(param)
        plants = hidden_plants_of(c, w, "person", param)
        if param in ("q", "text"):
            plants = [p for p in w.hidden_plants(c.role or "nobody")
                      if p.rtype == "person" and p.kind == "text"]
        elif param == "year":
            plants = [p for p in w.hidden_plants(c.role or "nobody")
                      if p.rtype == "act" and p.field == "start_date"]
        elif f is not None and f.kind == "REF":
            plants = [aw.Plant("person", "", param, rid, "ref", 3)
                      for rid in c.hidden_ids if w.type_of(rid) == f.vocab]
        for p in plants:
            cr.oracle(c, "/people?" + param + "=%s", p.value,
                      absent_value(w, p), "?%s= %s" % (param, p.describe()))
        if f is not None and f.choices:
            for choice in f.choices:
                cr.fetch(c, "/people?%s=%s" % (param, choice))
    for code in aw.thesaurus("victim_status") + ["release", "torture"]:
        cr.fetch(c, "/people?status=%s" % code)
        cr.fetch(c, "/people?act_type=%s" % code)
    for t in aw.top_types(w.model):
        text_plants = [p for p in w.hidden_plants(c.role or "nobody")
                       if p.rtype == t.name and p.kind == "text"]
        for p in text_plants[:12]:
            cr.oracle(c, "/records/%s?text=%%s" % t.name, p.value,
                      w.planter.token(), "full text " + p.describe())
            cr.oracle(c, "/search?q=%s", p.value, w.planter.token(),
                      "search " + p.describe())
        if cr.out_of_time():
            return


def crawl_api(cr, c):
    """Every collection and visible item, and every field a list takes as
    a filter, with each hidden value against an absent one."""
    w = cr.w
    cr.fetch(c, aw.API + "/")
    cr.fetch(c, aw.API + "/nosuchtype")
    for t in aw.top_types(w.model):
        base = "%s/%s" % (aw.API, t.plural)
        cr.fetch(c, base + "?limit=1000")
        for rid, (rtype, lv) in w.ids.items():
            if rtype == t.name and rid not in c.hidden_ids:
                cr.fetch(c, "%s/%s" % (base, rid))
        for f in t.fields:
            if f.kind in ("LIST", "LONGTEXT") or f.has("DERIVED"):
                continue
            if f.kind == "REF" or (t.name == "citation" and
                                   f.name == "record_id"):
                vocab = f.vocab or "person"
                values = [rid for rid in c.hidden_ids
                          if w.type_of(rid) == vocab]
                absent = w.nonexistent_id(vocab)
                for rid in values:
                    cr.oracle(c, base + "?" + f.name + "=%s", rid, absent,
                              "?%s= the hidden %s" % (f.name, rid))
                continue
            for p in hidden_plants_of(c, w, t.name, f.name):
                cr.oracle(c, base + "?" + f.name + "=%s", p.value,
                          absent_value(w, p), "?%s= %s" % (f.name,
                                                           p.describe()))
        for p in [p for p in w.hidden_plants(c.role or "nobody")
                  if p.rtype == t.name and p.kind == "text"][:8]:
            cr.oracle(c, base + "?text=%s", p.value, w.planter.token(),
                      "?text= " + p.describe())
        if cr.out_of_time():
            return
    for code in ("release", "torture"):
        cr.fetch(c, aw.API + "/people?limit=1000&act_type=%s" % code)


def openapi_paths():
    """The GET paths docs/openapi.yaml describes, as regexes over a
    path: {name} stands for one segment."""
    with open(os.path.join(SOURCE, "docs", "openapi.yaml")) as f:
        text = f.read()
    found = []
    for path, body in re.findall(r"^  (/\S*):\n((?:    .*\n|\n)*)", text,
                                 re.M):
        if re.search(r"^    get:", body, re.M):
            found.append((path, re.compile(
                "^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) +
                "$")))
    vh.check(len(found) > 1, "docs/openapi.yaml: no GET paths read")
    return found


def crawl_openapi(cr, c):
    """Any GET path of docs/openapi.yaml the crawl did not reach (one
    added later): asked for with every hidden id against an absent one,
    and plainly when it takes no id."""
    for template, pattern in openapi_paths():
        if any(pattern.match(p) for p in cr.paths):
            continue
        print("     %s: %s is not among the crawled paths; asked for "
              "with every hidden id" % (c.name, template))
        if "{" not in template:
            cr.fetch(c, template)
            continue
        for rid in c.hidden_ids:
            cr.oracle(c, re.sub(r"\{\w+\}", "%s", template, count=1), rid,
                      cr.w.nonexistent_id(cr.w.type_of(rid)),
                      "the hidden %s" % rid)


# ---- derived values -------------------------------------------------------------

def check_derived(cr, c, truth):
    """A person's status, the status and act-type filters, the facet
    counts and the dashboard's counts follow what the caller may see."""
    w, role = cr.w, c.role or "nobody"
    if c.role is None:
        return
    seen_people = set(w.visible_people(role))
    for status in ("released", "deceased"):
        want = set(p for p in seen_people
                   if w.expected_status(p, role) == status)
        page = cr.fetch(c, aw.API + "/people?limit=1000&status=" + status)
        got = set(i["id"] for i in (page_json(page) or {}).get("items", []))
        for pid in sorted(got - want):
            cr.f.add(c.name, "/api/v1/people?status=" + status,
                     "derived: %s listed as %s" % (pid, status),
                     why_status(w, pid))
        total = (page_json(page) or {}).get("total")
        if total != len(want):
            cr.f.add(c.name, "/api/v1/people?status=" + status,
                     "derived: total %s, %d visible" % (total, len(want)))
        page = cr.fetch(c, "/people?status=" + status)
        m = re.search(r"<p>(\d+) (?:person|people)</p>", page.text)
        if page.status == 200 and (not m or int(m.group(1)) != len(want)):
            cr.f.add(c.name, "/people?status=" + status,
                     "derived: shows %s, %d visible" %
                     (m.group(1) if m else "no count", len(want)))
        facet = facet_count(cr.fetch(c, "/people").text, "status", status)
        if facet is not None and facet != len(want):
            cr.f.add(c.name, "/people",
                     "derived: facet %s (%d), %d visible" %
                     (status, facet, len(want)))
    check_field_facets(cr, c, truth)
    for pid, lv, status in w.derived:
        want = w.expected_status(pid, role)
        item = page_json(cr.fetch(c, "%s/people/%s" % (aw.API, pid))) or {}
        if item.get("status") != want:
            cr.f.add(c.name, "/api/v1/people/%s" % pid,
                     "derived: status %s, visible acts give %s" %
                     (item.get("status"), want), why_status(w, pid))
        label = aw.thesaurus_label("victim_status", status)
        for path in ("/people/%s" % pid, "/records/person/%s" % pid):
            page = cr.fetch(c, path)
            if want != status and label in page.text:
                cr.f.add(c.name, path, "derived: shows %r" % label,
                         why_status(w, pid))
    check_dashboard(cr, c, truth)


def check_field_facets(cr, c, truth):
    """The people list's facets of stored fields (sex, evidence grade)
    count only the people the caller may see, and a field the caller may
    not see has no facet."""
    person = cr.w.model["person"]
    page = cr.fetch(c, "/people")
    text, checked = page.text, 0
    for f in person.fields:
        if not f.choices or f.kind != "TEXT":
            continue
        for code in f.choices:
            got = facet_count(text, f.name, code)
            if got is None:
                continue
            if not cr.w.sees(c.role, aw.LEVELS[f.level]):
                cr.f.add(c.name, "/people", "derived: a facet of the hidden "
                         "field %s (%s: %d)" % (f.name, code, got))
                continue
            want = sum(1 for lv, pending, item in truth.get("person", [])
                       if visible_to(cr.w, c.role, lv, pending) and
                       item.get(f.name) == code)
            checked += 1
            if got != want:
                cr.f.add(c.name, "/people", "derived: facet %s=%s counts %d, "
                         "%d visible" % (f.name, code, got, want))
    if page.status == 200 and not checked:
        cr.f.add(c.name, "/people", "control: no facet of a field found")


def visible_to(w, role, level, pending):
    return w.sees(role, level) and not (pending and role == "public")


def why_status(w, pid):
    acts = [(lv, at, ty) for v, lv, _, at, ty in w.acts if v == pid]
    return "from acts %s" % acts


def check_dashboard(cr, c, truth):
    page = cr.fetch(c, "/")
    if page.status != 200:
        return
    for t in aw.top_types(cr.w.model):
        want = sum(1 for lv, pending, _ in truth.get(t.name, [])
                   if visible_to(cr.w, c.role, lv, pending))
        m = re.search(r'href="/records/%s">[^<]*</a></td><td>(\d+)<' % t.name,
                      page.text)
        if m and int(m.group(1)) != want:
            cr.f.add(c.name, "/", "derived: dashboard counts %s %s of %d "
                     "visible" % (m.group(1), t.plural, want))


def facet_count(text, dim, code):
    m = re.search(r'href="/people\?[^"]*%s=%s[^"]*"[^>]*>[^<]*</a> \((\d+)\)'
                  % (dim, code), text)
    return int(m.group(1)) if m else None


def page_json(page):
    try:
        return json.loads(page.text)
    except ValueError:
        return None


def record_truth(w):
    """{type: [(level, pending, record)]} of every record, as the
    admin's API lists them: what each caller's counts must come to."""
    admin = Caller("admin", "admin", w.v.port, w.v.tokens["admin"])
    truth = {}
    for t in aw.top_types(w.model):
        page = admin.get("%s/%s?limit=1000" % (aw.API, t.plural))
        for item in (page_json(page) or {}).get("items", []):
            truth.setdefault(t.name, []).append(
                (item.get("level"), bool(item.get("pending")), item))
            if item["id"] not in w.ids:
                w.ids[item["id"]] = (t.name, item.get("level"))
    return truth


# ---- exports and the review queue --------------------------------------------

def check_exports(cr, v):
    for role in ("public", "viewer", "contributor", "editor"):
        out = v.run("export", "json", "--as", role, "--db", v.db).stdout
        c = Caller("export:" + role, role, v.port)
        c.prepare(cr.w)
        page = vh.Page(200, [], out.encode("utf-8"))
        cr.scan(c, "vigil export json --as " + role, page)


BAIT = ("Memettohti Qurbanov", "Ghalip Turdiev")
HIDDEN_SOURCE_NAMES = ("Zulpiye Eminova", "Abduqadir Hesenov")


def article(names):
    a, b = names
    return ("News from the families\n\n%s, a teacher from Kashgar, was "
            "detained in April 2018, his brother %s said. \"We have heard "
            "nothing since,\" he said.\n" % (a, b))


def plant_review(w, v, ed, admin):
    """Review items: one whose candidate match is a secret person (the
    editor may not learn the id), and one whose source was made secret
    afterwards (the editor may not see it at all)."""
    for name in BAIT:
        w.create("person", {"level": "secret", "names": [{"name": name}]})
    ed.get("/review/new")
    answer = ed.post_multipart("/review/new", {
        "title": "Families", "text": article(BAIT), "kind": "article"})
    vh.check(answer.status == 303, "the editor posts a text: %r" % answer)
    admin.get("/review/new")
    answer = admin.post_multipart("/review/new", {
        "title": "Kept back", "text": article(HIDDEN_SOURCE_NAMES),
        "kind": "article"})
    vh.check(answer.status == 303, "the admin posts a text: %r" % answer)
    m = re.search(r"from (S-\d+)", admin.get("/review").text)
    vh.check(m, "the queue names the admin's source")
    a = aw.vigil_api.request(v.port, "PATCH", "%s/sources/%s" % (aw.API,
                             m.group(1)), {"level": "secret"},
                             v.tokens["admin"])
    vh.check(a.status == 200, "the source made secret: %r" % a)
    for name in HIDDEN_SOURCE_NAMES:
        p = w.planter.add("review item", "secret", "name", name, "text", 3)
        p.rid = m.group(1)


# ---- the run -----------------------------------------------------------------

def run(v):
    failures = Failures()
    start = time.time()
    w = aw.build(v)
    callers = sign_in(v)
    plant_review(w, v, callers[3].client, callers[4].client)
    truth = record_truth(w)
    print("     %d plants in %d records; not unique, so not planted: %s" %
          (len(w.planter.plants), len(w.ids),
           "; ".join("%s.%s (%s)" % u for u in sorted(w.planter.unplanted))))
    deadline = start + TIME_BUDGET
    cr = Crawl(w, failures, deadline)
    for c in callers:
        crawl_caller(cr, c, truth)
    missing = [] if cr.out_of_time() else sorted(set(
        p.describe() for p in w.planter.plants if p.value not in cr.found))
    for plant in missing:
        failures.add("admin", "(every answer)",
                     "control: a plant the admin was never shown", plant)
    cr.found = None
    check_exports(cr, v)
    v.restart("--public")
    pub = Caller("public-server", "public", v.port)
    crawl_caller(cr, pub, truth)
    print("     %d requests in %.1f s%s" % (
        cr.requests, time.time() - start,
        " (time budget reached)" if cr.out_of_time() else ""))
    if failures.items:
        failures.report()
    vh.check(not failures.items, "%d leaks (listed above)" %
             len(failures.items))


def sign_in(v):
    """A signed-in caller per account of CALLERS (the admin enrols
    two-factor sign-in on the way), in CALLERS order."""
    callers = []
    for name, role, account in CALLERS:
        c = Caller(name, role, v.port, v.tokens.get(account))
        if account == "admin":
            vh.login_admin(c.client, account, "correct horse admin battery")
        elif account:
            answer = c.client.login(account, "correct horse %s battery"
                                    % account)
            vh.check(answer.status == 303, "%s signs in: %r" % (name, answer))
        callers.append(c)
    return callers


def crawl_caller(cr, c, truth):
    c.prepare(cr.w)
    t0, n0 = time.time(), cr.requests
    pages = crawl_pages(cr, c)
    crawl_hidden_paths(cr, c)
    crawl_filters(cr, c)
    crawl_api(cr, c)
    crawl_openapi(cr, c)
    check_derived(cr, c, truth)
    print("     %-13s %3d pages followed, %4d requests, %.1f s" %
          (c.name, pages, cr.requests - n0, time.time() - t0))


def test_no_hidden_value_reaches_any_caller(v):
    run(v)


def main():
    return run_with_accounts("canaryprop-", USERS,
                             [test_no_hidden_value_reaches_any_caller])


if __name__ == "__main__":
    sys.exit(main())
