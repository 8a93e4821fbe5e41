#!/usr/bin/env python3
"""The public view never shows what is not public. Canary values are
planted in every field that is not public (of public records) and in every
field of records that are not public; then `vigil serve --public` is
crawled — lists, every record's page, searches for the canaries, facets,
the JSON API — and no canary may appear anywhere. Public values must
appear, so that an empty public view cannot pass."""
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

PLURALS = {"place": "places", "source": "sources", "person": "people",
           "act": "acts", "relation": "relations", "citation": "citations",
           "intervention": "interventions", "campaign": "campaigns",
           "penalty": "penalties"}


class Planter:
    """Makes field values: plain words for public fields of public
    records, a unique canary for everything else."""

    def __init__(self):
        self.canaries = []
        self.hidden_ids = []
        self.public_words = []
        self.record_level = "public"

    def __call__(self, field):
        short = field["maxlength"] and field["maxlength"] < 16
        if self.record_level == "public" and field["level"] == "public":
            word = "open%s" % uuid.uuid4().hex[:8]
            if not short:
                self.public_words.append(word)
            return word[:field["maxlength"]] if short else word
        if short:
            return "abc"[:field["maxlength"]]
        canary = "CANARY%s" % uuid.uuid4().hex[:10]
        self.canaries.append(canary)
        return canary


def plant(srv, planter):
    admin = srv.client()
    vh.login_admin(admin, "admin1", srv.passwords["admin1"])
    ids = []
    refs_by_level = {}
    for level in ["public", "internal", "confidential", "secret"]:
        planter.record_level = level
        refs = refs_by_level[level] = {}
        for rtype in vh.RECORD_TYPES:
            rid = vh.create_record(admin, rtype, level, planter, refs)
            refs[rtype] = rid
            ids.append((rtype, rid, level))
            if rtype == "person":
                other = vh.create_record(admin, rtype, level, planter, refs)
                refs["other:person"] = other
                ids.append((rtype, other, level))
    # Public records that point at hidden ones: the public page may show
    # neither the hidden record nor its id.
    planter.record_level = "public"
    hidden = dict(refs_by_level["internal"])
    hidden["person"] = refs_by_level["public"]["person"]
    hidden["other:person"] = refs_by_level["internal"]["person"]
    for rtype in ("act", "relation", "penalty"):
        rid = vh.create_record(admin, rtype, "public", planter, hidden)
        ids.append((rtype, rid, "public"))
    for rtype in ("intervention", "citation", "campaign"):
        rid = vh.create_record(admin, rtype, "public", planter,
                               refs_by_level["internal"])
        ids.append((rtype, rid, "public"))
    planter.hidden_ids = [rid for _, rid, level in ids if level != "public"]
    return ids


def scan(c, path, planter, pages):
    page = c.get(path)
    text = page.text
    if "?" in path:
        # A search shows its own query back in the form and the paging
        # links; that is not a leak.
        text = re.sub(r'(?:value|href)="[^"]*"', "", text)
    for canary in planter.canaries:
        vh.check(canary not in text,
                 "%s shows the canary %s to the public" % (path, canary))
    for rid in planter.hidden_ids:
        vh.check(not re.search(r"\b%s\b" % rid, text),
                 "%s names the hidden record %s" % (path, rid))
    pages[path] = page
    return page


def test_no_canary_on_any_public_page(srv, c, planter, ids):
    pages = {}
    for path in ["/", "/people", "/search", "/static/vigil.css"]:
        scan(c, path, planter, pages)
    for rtype, rid, level in ids:
        scan(c, "/records/%s" % rtype, planter, pages)
        scan(c, "/records/%s/%s" % (rtype, rid), planter, pages)
        if rtype == "person":
            scan(c, "/people/%s" % rid, planter, pages)
    for canary in planter.canaries:
        scan(c, "/search?q=%s" % canary, planter, pages)
        scan(c, "/people?q=%s" % canary, planter, pages)
        scan(c, "/people?text=%s" % canary, planter, pages)
    for page_path, page in pages.items():
        if page.status == 200 and "text/html" in (page.header("content-type") or ""):
            vh.check_html(page.text, page_path)


def test_searching_for_a_hidden_value_finds_nothing(srv, c, planter, ids):
    for canary in planter.canaries:
        page = c.get("/people?text=%s" % canary)
        vh.check("<p>0 people</p>" in page.text,
                 "a full-text search for hidden %s counts matches" % canary)
        page = c.get("/search?q=%s" % canary)
        vh.check("Records with these words</h2></section>" in page.text,
                 "the search page lists matches for hidden %s" % canary)
        for rtype in ("person", "source"):
            page = c.get("/records/%s?text=%s" % (rtype, canary))
            vh.check("<p>0 found</p>" in page.text,
                     "the %s list counts matches for hidden %s" % (rtype, canary))


def test_hidden_records_are_not_found(srv, c, planter, ids):
    for rtype, rid, level in ids:
        if level == "public":
            continue
        page = c.get("/records/%s/%s" % (rtype, rid))
        vh.check(page.status == 404, "%s %s (%s) answered %d to the public" %
                 (rtype, rid, level, page.status))


def test_public_records_are_shown(srv, c, planter, ids):
    shown = 0
    text = ""
    for rtype, rid, level in ids:
        if level != "public":
            continue
        page = c.get("/records/%s/%s" % (rtype, rid))
        vh.check(page.status == 200, "public %s %s: %r" % (rtype, rid, page))
        text += page.text
    listing = c.get("/people").text
    for word in planter.public_words:
        if word in text or word in listing:
            shown += 1
    vh.check(shown >= len(planter.public_words) // 2,
             "only %d of %d public values shown" % (shown, len(planter.public_words)))


def test_no_canary_in_the_public_api(srv, c, planter, ids):
    for rtype, rid, level in ids:
        for path in ["/api/v1/%s" % PLURALS[rtype],
                     "/api/v1/%s/%s" % (PLURALS[rtype], rid)]:
            page = c.get(path)
            for canary in planter.canaries:
                vh.check(canary not in page.text,
                         "%s shows the canary %s" % (path, canary))


def test_no_hidden_record_id_in_any_public_api_answer(srv, c, planter, ids):
    """A public record pointing at a hidden one (an act at an internal
    place, a citation of an internal source) must not name it."""
    paths = ["/api/v1/"]
    for plural in sorted(set(PLURALS.values())):
        paths.append("/api/v1/%s?limit=1000" % plural)
    paths += ["/api/v1/%s/%s" % (PLURALS[rtype], rid)
              for rtype, rid, _ in ids]
    answered = 0
    for path in paths:
        page = c.get(path)
        answered += page.status == 200
        for rid in planter.hidden_ids:
            vh.check(not re.search(r"\b%s\b" % rid, page.text),
                     "%s names the hidden record %s: %s"
                     % (path, rid, page.text[:400]))
    vh.check(answered > len(PLURALS), "too few API answers: %d" % answered)


def test_public_view_has_no_sign_in_and_no_writes(srv, c, planter, ids):
    for path in ["/login", "/admin/users", "/records/person/new", "/account"]:
        page = c.get(path)
        vh.check(page.status == 404, "%s exists in the public view: %d" %
                 (path, page.status))
    page = c.post("/records/person/new", {"f_sex": "male"}, csrf="0" * 64)
    vh.check(page.status in (404, 405), "a write reached the public view: %d" %
             page.status)


def test_filtering_by_a_hidden_field_tells_nothing(srv, c, planter, ids):
    base = c.get("/people").text
    for grade in ["confirmed", "corroborated", "single_source", "unverified"]:
        page = c.get("/people?evidence_grade=%s" % grade)
        count = re.search(r"<p>(\d+) (?:person|people)</p>", page.text)
        vh.check(count and count.group(0) in base,
                 "the evidence grade filter changed the public list")


def set_up_and_test(srv):
    planter = Planter()
    srv.add_user("admin1", "admin")
    srv.start()
    ids = plant(srv, planter)
    vh.check(len(planter.canaries) > 20, "too few canaries planted: %d" %
             len(planter.canaries))
    srv.restart("--public")
    c = srv.client()
    return vh.run_tests([test_no_canary_on_any_public_page,
                         test_searching_for_a_hidden_value_finds_nothing,
                         test_hidden_records_are_not_found,
                         test_public_records_are_shown,
                         test_no_canary_in_the_public_api,
                         test_no_hidden_record_id_in_any_public_api_answer,
                         test_public_view_has_no_sign_in_and_no_writes,
                         test_filtering_by_a_hidden_field_tells_nothing],
                        srv, c, planter, ids)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
