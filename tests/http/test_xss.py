#!/usr/bin/env python3
"""An XSS payload typed into every text field of every record type comes
back escaped on every page that shows it: lists, record pages, edit forms,
search results and the people list's name search."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

PAYLOAD = "x\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
# Escaped text may still hold "onerror=alert" as words; the HTML checker
# catches it as an attribute.
RAW_MARKERS = ["<script>alert(1)", "<img src=x"]


def text_for(field):
    if field["maxlength"] and field["maxlength"] < len(PAYLOAD):
        return "x" * min(3, field["maxlength"])
    return PAYLOAD


def check_page(c, path, seen):
    page = c.get(path)
    vh.check(page.status == 200, "%s: %r" % (path, page))
    for m in RAW_MARKERS:
        vh.check(m not in page.text, "%s: payload came back raw (%s)" % (path, m))
    vh.check_html(page.text, path)
    if "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text:
        seen.add(path)


def test_payload_is_escaped_everywhere(srv, c, ids):
    seen = set()
    for rtype, rid in ids.items():
        check_page(c, "/records/%s" % rtype, seen)
        check_page(c, "/records/%s/%s" % (rtype, rid), seen)
        check_page(c, "/records/%s/%s/edit" % (rtype, rid), seen)
    check_page(c, "/people/%s" % ids["person"], seen)
    check_page(c, "/people", seen)
    check_page(c, "/search?q=" + vh.urllib.parse.quote(PAYLOAD), seen)
    check_page(c, "/people?q=" + vh.urllib.parse.quote(PAYLOAD), seen)
    check_page(c, "/", seen)
    # The payload must have been shown (escaped) somewhere, or this test
    # proves nothing.
    vh.check("/records/person/%s" % ids["person"] in seen or
             "/people/%s" % ids["person"] in seen, "payload never shown")
    vh.check(len(seen) >= len(ids), "payload shown on too few pages: %s" % seen)


def test_payload_in_a_query_is_escaped(srv, c, ids):
    for path in ["/records/source?text=", "/people?ethnicity=", "/people?q="]:
        page = c.get(path + vh.urllib.parse.quote(PAYLOAD))
        for m in RAW_MARKERS:
            vh.check(m not in page.text, "%s: raw payload" % path)
        vh.check_html(page.text, path)


def test_login_name_is_escaped_when_shown_back(srv, c, ids):
    other = vh.Client(srv.port)
    page = other.login(PAYLOAD, "wrong password here")
    vh.check(page.status == 401, "login: %r" % page)
    for m in RAW_MARKERS:
        vh.check(m not in page.text, "login form echoed the name raw")
    vh.check_html(page.text, "/login")


def set_up_and_test(srv):
    pw = srv.add_user("editor1", "editor")
    srv.start()
    c = srv.client()
    c.login("editor1", pw)
    ids = {}
    refs = {}
    for rtype in vh.RECORD_TYPES:
        ids[rtype] = vh.create_record(c, rtype, "public", text_for, refs)
        refs[rtype] = ids[rtype]
        if rtype == "person":
            refs["other:person"] = vh.create_record(
                c, rtype, "public", text_for, refs)
    return vh.run_tests([test_payload_is_escaped_everywhere,
                         test_payload_in_a_query_is_escaped,
                         test_login_name_is_escaped_when_shown_back],
                        srv, c, ids)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
