#!/usr/bin/env python3
"""Confidentiality, deny by default: one focused test per rule.

1. Derived values come only from what the caller may see: a public person
   whose only release is a confidential act is not "Released" (record,
   status filter, facet, dashboard count), neither to a viewer nor on the
   public server.
2. References are not oracles: a filter, a write-time existence check, a
   delete conflict and an edit form treat a hidden id as one that does not
   exist.
3. The review queue keeps to the reviewer's level: candidates only among
   visible people, merges only into writable ones, and an item whose
   source became hidden is hidden too.
4. Nobody may set a level they cannot read back, through a form or the
   API.

The main server's tests run first, then the same database is served with
--public for the public view's."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import access_world as aw  # noqa: E402
import vigil_http as vh  # noqa: E402
from safety_server import run_with_accounts  # noqa: E402
from vigil_api import request  # noqa: E402

API = aw.API
USERS = {"admin": "admin", "ed": "editor", "con": "contributor",
         "view": "viewer"}


class Fixture:
    """The records every test reads, made once by the admin."""

    def __init__(self, v):
        self.v = v
        tok = v.tokens["admin"]

        def make(plural, rec):
            a = request(v.port, "POST", "%s/%s" % (API, plural), rec, tok)
            vh.check(a.status == 201, "create %s: %r" % (plural, a))
            return a.json["id"]
        self.make = make
        self.person = make("people", {"level": "public", "names": [
            {"name": "Plain Public Person"}]})
        self.release = make("acts", {"level": "confidential",
                                     "victim": self.person,
                                     "type": "release", "start_date": "1871"})
        self.secret_person = make("people", {"level": "secret", "names": [
            {"name": "Memettohti Qurbanov"}]})
        self.hidden_source = make("sources", {
            "level": "secret", "kind": "article", "title": "Kept back"})
        self.citation = make("citations", {
            "level": "public", "source": self.hidden_source,
            "record_type": "person", "record_id": self.person,
            "quote": "a public quote"})
        self.conf_place = make("places", {"level": "confidential",
                                          "name": "Quiet Place",
                                          "kind": "village"})
        self.secret_place = make("places", {"level": "secret",
                                            "name": "Dark Place",
                                            "kind": "facility"})
        self.secret_act = make("acts", {"level": "secret",
                                        "victim": self.secret_person,
                                        "type": "detention",
                                        "place": self.conf_place})
        self.conf_act = make("acts", {"level": "confidential",
                                      "victim": self.person,
                                      "type": "interrogation",
                                      "place": self.secret_place})

    def hidden_ids(self):
        return [self.secret_person, self.hidden_source, self.secret_place,
                self.secret_act]


def api(v, method, path, body=None, who=None):
    return request(v.port, method, path, body,
                   v.tokens[who] if who else None)


def same_answer(a, b, hidden, absent):
    """Two API answers alike once the ids they were asked about are set
    aside."""
    return a.status == b.status and \
        aw.normalised(a.raw, hidden) == aw.normalised(b.raw, absent)


def signed_in(v, who):
    c = vh.Client(v.port)
    if USERS[who] == "admin":
        secret = getattr(v, "admin_totp", None)
        v.admin_totp = vh.login_admin(c, who, "correct horse %s battery" %
                                      who, secret)
    else:
        answer = c.login(who, "correct horse %s battery" % who)
        vh.check(answer.status == 303, "%s signs in: %r" % (who, answer))
    return c


# ---- 1. derived values -------------------------------------------------------

def check_not_released(fx, get_api, get_page, who):
    item = get_api("%s/people/%s" % (API, fx.person))
    vh.check(item.status == 200, "%s reads the public person: %r" %
             (who, item))
    vh.check(item.json.get("status") is None,
             "%s sees the status %r, set only by the confidential act %s"
             % (who, item.json.get("status"), fx.release))
    vh.check("1871" not in item.raw, "%s sees the date of the confidential "
             "release (status_since): %s" % (who, item.raw[:300]))
    listed = get_api(API + "/people?status=released")
    vh.check(listed.json and listed.json.get("total") == 0,
             "%s: ?status=released counts %s" %
             (who, listed.json and listed.json.get("total")))
    page = get_page("/people/%s" % fx.person)
    vh.check(page.status == 200 and "Released" not in page.text,
             "%s: the person's page says Released (%d)" % (who, page.status))
    page = get_page("/people")
    vh.check(not re.search(r"status=released[^\"]*\"[^>]*>Released</a>",
                           page.text),
             "%s: the people list offers a Released facet" % who)
    page = get_page("/people?status=released")
    vh.check("<p>0 people</p>" in page.text,
             "%s: /people?status=released lists someone: %s" %
             (who, re.findall(r"<p>\d+ (?:person|people)</p>", page.text)))


def test_viewer_sees_no_status_from_a_confidential_release(v):
    fx = fixture(v)
    c = signed_in(v, "view")
    check_not_released(fx, lambda p: api(v, "GET", p, who="view"), c.get,
                       "a viewer")


def test_dashboard_counts_only_what_the_viewer_sees(v):
    fx = fixture(v)
    page = signed_in(v, "view").get("/")
    seen = api(v, "GET", API + "/places?limit=1000", who="view").json
    m = re.search(r'href="/records/place">[^<]*</a></td><td>(\d+)<',
                  page.text)
    vh.check(m and int(m.group(1)) == seen["total"],
             "the viewer's dashboard counts %s places, the viewer sees %d" %
             (m and m.group(1), seen["total"]))


def test_public_server_shows_no_status_from_a_confidential_release(v):
    fx = fixture(v)
    c = vh.Client(v.port)
    check_not_released(fx, lambda p: api(v, "GET", p), c.get,
                       "the public server")


# ---- 2. references are not oracles -------------------------------------------

def check_source_filter(v, fx, who, where):
    hidden = api(v, "GET", API + "/citations?source=" + fx.hidden_source,
                 who=who)
    absent = api(v, "GET", API + "/citations?source=S-987654", who=who)
    vh.check(same_answer(hidden, absent, fx.hidden_source, "S-987654"),
             "%s: ?source=%s (hidden) gives total %s, an absent source %s" %
             (where, fx.hidden_source, (hidden.json or {}).get("total"),
              (absent.json or {}).get("total")))


def test_viewer_source_filter_tells_nothing(v):
    fx = fixture(v)
    check_source_filter(v, fx, "view", "a viewer")


def test_public_source_filter_tells_nothing(v):
    fx = fixture(v)
    check_source_filter(v, fx, None, "the public server")


def test_contributor_act_naming_a_hidden_victim(v):
    fx = fixture(v)
    """The answer to an act whose victim is secret is the answer to one
    whose victim does not exist: through the API and the form."""
    def attempt(victim):
        return api(v, "POST", API + "/acts", {
            "level": "internal", "victim": victim, "type": "detention"},
            who="con")
    problems = []
    hidden, absent = attempt(fx.secret_person), attempt("V-987654")
    if not same_answer(hidden, absent, fx.secret_person, "V-987654"):
        problems.append("API: a hidden victim answers %r, an absent one %r"
                        % (hidden, absent))
    c = signed_in(v, "con")
    answers = []
    for victim in (fx.secret_person, "V-987654"):
        c.get("/records/act/new")
        answers.append(c.post("/records/act/new", {
            "level": "internal", "f_victim": victim, "f_type": "detention"}))
    a, b = answers
    if a.status != b.status or aw.normalised(a.text, fx.secret_person) != \
            aw.normalised(b.text, "V-987654"):
        problems.append("form: a hidden victim answers %d %s, an absent one "
                        "%d" % (a.status, a.header("location") or "",
                                b.status))
    vh.check(not problems, "; ".join(problems))


def test_delete_conflict_names_no_hidden_referrer(v):
    fx = fixture(v)
    """The confidential place is the place of a secret act: the editor's
    delete may be refused, but must not name that act."""
    problems = []
    c = signed_in(v, "ed")
    c.get("/records/place/%s/delete" % fx.conf_place)
    page = c.post("/records/place/%s/delete" % fx.conf_place, {})
    if fx.secret_act in page.text:
        problems.append("form delete names the hidden referrer %s (%d)" %
                        (fx.secret_act, page.status))
    a = api(v, "DELETE", "%s/places/%s" % (API, fx.conf_place), who="ed")
    if fx.secret_act in a.raw:
        problems.append("API delete names the hidden referrer: %r" % a)
    vh.check(not problems, "; ".join(problems))


def test_edit_form_prints_no_hidden_id(v):
    fx = fixture(v)
    """The confidential act is at a secret place; the editor's edit form
    (and any new form's choices) must not print that place's id."""
    c = signed_in(v, "ed")
    problems = []
    for path in ("/records/act/%s/edit" % fx.conf_act, "/records/act/new",
                 "/records/citation/%s/edit" % fx.citation):
        page = c.get(path)
        vh.check(page.status == 200, "%s: %d" % (path, page.status))
        shown = [rid for rid in fx.hidden_ids() if rid in page.text]
        if shown:
            problems.append("%s prints the hidden ids %s" % (path, shown))
    vh.check(not problems, "; ".join(problems))


# ---- 3. the review queue ------------------------------------------------------

def post_article(c, names, title):
    c.get("/review/new")
    answer = c.post_multipart("/review/new", {
        "title": title, "kind": "article", "text":
        "%s, a teacher from Kashgar, was detained in April 2018, his brother "
        "%s said.\n" % names})
    vh.check(answer.status == 303, "%s posted: %r" % (title, answer))


def review_items(c):
    return re.findall(r'href="/review/(\d+)">([^<]+)</a>',
                      c.get("/review").text)


def test_review_candidates_only_among_visible_people(v):
    fx = fixture(v)
    c = signed_in(v, "ed")
    post_article(c, ("Memettohti Qurbanov", "Ghalip Qurbanov"), "Candidates")
    items = dict((name, n) for n, name in review_items(c))
    vh.check("Memettohti Qurbanov" in items, "proposed: %s" % items)
    page = c.get("/review/%s" % items["Memettohti Qurbanov"])
    vh.check(fx.secret_person not in page.text and
             fx.secret_person not in c.get("/review").text,
             "the editor is offered the secret person %s as a match" %
             fx.secret_person)


def test_review_merges_only_into_writable_people(v):
    fx = fixture(v)
    c = signed_in(v, "ed")
    post_article(c, ("Abdurehim Tursun", "Yasin Tursun"), "Merge")
    items = dict((name, n) for n, name in review_items(c))
    n = items.get("Abdurehim Tursun")
    vh.check(n, "proposed: %s" % items)
    answers = []
    for target in (fx.secret_person, "V-987654"):
        c.get("/review/%s" % n)
        answers.append(c.post("/review/%s/accept" % n,
                              {"merge_into": target}))
    a, b = answers
    vh.check(a.status == b.status and
             aw.normalised(a.text, fx.secret_person) ==
             aw.normalised(b.text, "V-987654"),
             "merging into the secret %s answers %d, into an absent person "
             "%d" % (fx.secret_person, a.status, b.status))
    rec = api(v, "GET", "%s/people/%s" % (API, fx.secret_person),
              who="admin").json
    vh.check(len(rec.get("names", [])) == 1,
             "the editor's merge changed the secret person: %s" %
             rec.get("names"))


def test_review_item_of_a_hidden_source_is_hidden(v):
    fx = fixture(v)
    admin = signed_in(v, "admin")
    post_article(admin, ("Zulpiye Eminova", "Abduqadir Eminov"), "Hidden")
    m = re.search(r"from (S-\d+)", admin.get("/review").text)
    vh.check(m, "the queue names the new source")
    items = [n for n, name in review_items(admin) if "Eminov" in name]
    a = api(v, "PATCH", "%s/sources/%s" % (API, m.group(1)),
            {"level": "secret"}, who="admin")
    vh.check(a.status == 200, "source made secret: %r" % a)
    ed = signed_in(v, "ed")
    listing = ed.get("/review").text
    vh.check("Eminov" not in listing and m.group(1) not in listing,
             "the editor's queue lists items of the secret source %s" %
             m.group(1))
    one, none = ed.get("/review/%s" % items[0]), ed.get("/review/987654")
    vh.check(one.status == none.status and "Eminov" not in one.text,
             "an item of the secret source answers %d, an absent item %d" %
             (one.status, none.status))


# ---- 4. one rule for levels --------------------------------------------------

def test_editor_cannot_set_secret_through_the_form(v):
    fx = fixture(v)
    c = signed_in(v, "ed")
    page = c.get("/records/person/new")
    fields, hidden = vh.read_form(page.text)
    values = {k: val for k, val in hidden.items() if k != "csrf"}
    values.update({"level": "secret", "f_names.0.name": "Form Secret Try"})
    problems = []
    answer = c.post("/records/person/new", values)
    if answer.status in (200, 201, 303):
        problems.append("an editor's form made a secret record (%d %s)" %
                        (answer.status, answer.header("location")))
    act = fx.make("acts", {"level": "confidential", "victim": fx.person,
                           "type": "interrogation"})
    c.get("/records/act/%s/edit" % act)
    answer = c.post("/records/act/%s/edit" % act,
                    {"level": "secret", "f_victim": fx.person,
                     "f_type": "interrogation"})
    if answer.status in (200, 201, 303):
        problems.append("an editor's edit form raised %s to secret (%d)" %
                        (act, answer.status))
    vh.check(not problems, "; ".join(problems))


def test_editor_cannot_set_secret_through_the_api(v):
    fx = fixture(v)
    a = api(v, "POST", API + "/people", {"level": "secret", "names": [
        {"name": "Api Secret Try"}]}, who="ed")
    vh.check(a.status in (403, 422), "an editor's API create at secret: %r"
             % a)
    act = fx.make("acts", {"level": "confidential", "victim": fx.person,
                           "type": "interrogation"})
    a = api(v, "PATCH", "%s/acts/%s" % (API, act), {"level": "secret"},
            who="ed")
    vh.check(a.status in (403, 422), "an editor's API raise to secret: %r" %
             a)


def fixture(v):
    """The shared records, made on first use."""
    if not hasattr(v, "fixture"):
        v.fixture = Fixture(v)
    return v.fixture


def test_the_same_database_served_public(v):
    fixture(v)
    v.restart("--public")
    a = api(v, "GET", API + "/")
    vh.check(a.status == 200, "the public server answers: %r" % a)


def main():
    return run_with_accounts("access-", USERS, [
        test_viewer_sees_no_status_from_a_confidential_release,
        test_dashboard_counts_only_what_the_viewer_sees,
        test_viewer_source_filter_tells_nothing,
        test_contributor_act_naming_a_hidden_victim,
        test_delete_conflict_names_no_hidden_referrer,
        test_edit_form_prints_no_hidden_id,
        test_review_candidates_only_among_visible_people,
        test_review_merges_only_into_writable_people,
        test_review_item_of_a_hidden_source_is_hidden,
        test_editor_cannot_set_secret_through_the_form,
        test_editor_cannot_set_secret_through_the_api,
        # From here on the public view of the same database.
        test_the_same_database_served_public,
        test_public_server_shows_no_status_from_a_confidential_release,
        test_public_source_filter_tells_nothing])


if __name__ == "__main__":
    sys.exit(main())
