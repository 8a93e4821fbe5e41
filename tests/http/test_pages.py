#!/usr/bin/env python3
"""Every page renders valid HTML for every role: a crawl of the demo
casebook from the dashboard, following every link, checks each page parses
with balanced tags, no duplicate ids and no inline script or style. Then
the pages themselves: the person page, the people list's search, filters,
facets and paging, forms that re-show what was typed with a message per
field, sources from an uploaded file, a vigil's day count, print CSS."""
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

MAX_PAGES = 400


def crawl(c, start="/", times=None):
    """Follows every same-site link; returns {path: page}. times (a list)
    receives each request's milliseconds."""
    seen, queue, pages = set([start]), [start], {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        t0 = time.monotonic()
        page = c.get(path)
        if times is not None:
            times.append((time.monotonic() - t0) * 1000)
        pages[path] = page
        if "text/html" not in (page.header("content-type") or ""):
            continue
        for href in re.findall(r'href="([^"]+)"', page.text):
            href = vh.unescape(href)
            if href.startswith("?"):
                href = path.split("?")[0] + href
            if not href.startswith("/") or href.startswith("//") or \
                    href.startswith("/static/") or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    return pages


def test_every_page_is_valid_html_for_every_role(srv, clients):
    for role, c in clients.items():
        times = []
        pages = crawl(c, "/login" if role == "anonymous" else "/", times)
        html_pages = 0
        for path, page in pages.items():
            vh.check(page.status < 500, "%s %s: %d" % (role, path, page.status))
            if page.status == 200 and "text/html" in (page.header("content-type") or ""):
                vh.check_html(page.text, "%s %s" % (role, path))
                html_pages += 1
        vh.check(html_pages > (0 if role == "anonymous" else 20),
                 "%s reached only %d pages" % (role, html_pages))
        times.sort()
        print("     %s: %d pages checked, median %.1f ms, slowest %.1f ms" %
              (role, html_pages, times[len(times) // 2], times[-1]))


def test_error_pages_are_valid_html(srv, clients):
    c = clients["editor"]
    for path, status in [("/nowhere", 404), ("/people/V-999999", 404),
                         ("/records/nothing", 404), ("/records/person/new/x", 404)]:
        page = c.get(path)
        vh.check(page.status == status, "%s: %d" % (path, page.status))
        vh.check_html(page.text, path)
    page = c.request("DELETE", "/people")
    vh.check(page.status == 405 and page.header("allow") == "GET",
             "DELETE /people: %d, Allow %r" % (page.status, page.header("allow")))


def test_the_person_page_shows_names_scripts_acts_and_sources(srv, clients):
    c = clients["editor"]
    listing = c.get("/people")
    ids = re.findall(r'href="/people/(V-\d+)"', listing.text)
    vh.check(ids, "no people listed")
    found_timeline = found_cyrillic = found_quote = False
    for pid in ids:
        page = c.get("/people/" + pid)
        vh.check(page.status == 200, "person %s: %d" % (pid, page.status))
        found_timeline |= '<ol class="timeline"><li>' in page.text
        found_cyrillic |= bool(re.search(r"[\u0400-\u04ff]", page.text)) and "Cyrl" in page.text
        found_quote |= "<blockquote>" in page.text
    vh.check(found_timeline, "no person page has an act in its timeline")
    vh.check(found_cyrillic, "no person page shows a Cyrillic name with its script")
    vh.check(found_quote, "no person page quotes a source")


def test_people_can_be_found_by_name_in_another_script(srv, clients):
    c = clients["viewer"]
    listing = c.get("/people")
    names = re.findall(r'href="/people/(V-\d+)"><bdi>([^<]+)</bdi></a>', listing.text)
    vh.check(names, "no names listed")
    pid, name = names[0]
    page = c.get("/people?q=" + urllib.parse.quote(vh.unescape(name)))
    vh.check(pid in page.text, "name search does not find %s" % name)
    page = c.get("/search?q=" + urllib.parse.quote(vh.unescape(name)))
    vh.check(pid in page.text and "People by name" in page.text,
             "the search page does not find %s" % name)


def test_filters_and_facets_narrow_the_list(srv, clients):
    c = clients["viewer"]
    page = c.get("/people")
    total = int(re.search(r"<p>(\d+) (?:person|people)</p>", page.text).group(1))
    facets = re.findall(r'<li><a href="/people\?([^"]+)"[^>]*>[^<]+</a> \((\d+)\)</li>',
                        page.text)
    vh.check(facets, "no facets")
    for query, count in facets[:6]:
        narrowed = c.get("/people?" + vh.unescape(query))
        got = int(re.search(r"<p>(\d+) (?:person|people)</p>", narrowed.text).group(1))
        vh.check(got == int(count), "facet %s says %s, list shows %d" % (query, count, got))
        vh.check(got <= total, "a filter grew the list")
    page = c.get("/people?sex=nonexistent")
    vh.check("<p>0 people</p>" in page.text, "an impossible filter matched")
    # Filters over acts: an act type and a year narrow to their victims.
    acts = c.get("/records/act").text
    vh.check("A-" in acts, "no acts in the demo")
    for query in ["act_type=disappearance", "year=2021",
                  "act_type=disappearance&year=2021&q=a"]:
        page = c.get("/people?" + query)
        vh.check(page.status == 200, "/people?%s: %d" % (query, page.status))
        vh.check_html(page.text, "/people?" + query)
    page = c.get("/people?year=1801")
    vh.check("<p>0 people</p>" in page.text, "a year without acts matched")


def test_long_lists_are_paged(srv, clients, token):
    for i in range(55):
        body = json.dumps({"level": "internal", "kind": "village",
                           "name": "Village number %02d" % i}).encode()
        page = clients["editor"].request(
            "POST", "/api/v1/places", body,
            {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        vh.check(page.status == 201, "API create place: %r" % page)
    c = clients["viewer"]
    first = c.get("/records/place")
    vh.check('rel="next"' in first.text, "no next page link")
    nxt = re.search(r'rel="next" href="([^"]+)"', first.text).group(1)
    second = c.get("/records/place" + vh.unescape(nxt))
    vh.check(second.status == 200 and 'rel="prev"' in second.text, "page 2")
    vh.check_html(second.text, "page 2")
    ids1 = set(re.findall(r"P-\d+", first.text))
    ids2 = set(re.findall(r"P-\d+", second.text))
    vh.check(ids2 and not ids1 & ids2, "page 2 repeats page 1")


def test_a_bad_form_is_shown_again_with_what_was_typed(srv, clients):
    c = clients["editor"]
    page = c.get("/records/person/new")
    vh.check_html(page.text, "/records/person/new")
    values = {"level": "internal", "f_names.rows": "2",
              "f_names.0.name": "Qelbinur Sidiq-unique", "f_names.0.script": "Latn",
              "f_birth": "31 February 1969", "f_occupation": "teacher-typed"}
    answer = c.post("/records/person/new", values)
    vh.check(answer.status == 422, "an impossible date was accepted: %r" % answer)
    vh.check('value="Qelbinur Sidiq-unique"' in answer.text, "the name typed was lost")
    vh.check('value="teacher-typed"' in answer.text, "the occupation typed was lost")
    vh.check(re.search(r'name="f_birth"[^>]*value="31 February 1969"', answer.text),
             "the date typed was lost")
    vh.check(re.search(r'value="31 February 1969">\s*<span class="field-error"',
                       answer.text), "no message by the date field")
    vh.check_html(answer.text, "form shown again")
    values["f_birth"] = "about 1969"
    answer = c.post("/records/person/new", values)
    vh.check(answer.status == 303, "the corrected form: %r" % answer)
    page = c.get(answer.header("location"))
    vh.check("Qelbinur Sidiq-unique" in page.text and "about 1969" in page.text,
             "the new person's page")


def test_a_source_can_be_uploaded_as_a_file(srv, clients):
    c = clients["editor"]
    c.get("/records/source/new")
    text = "A letter from the family, written in March 2019.\nSecond line."
    answer = c.post_multipart("/records/source/new",
                              {"level": "internal", "f_kind": "testimony",
                               "f_title": "Letter from the family"},
                              {"upload": ("letter.txt", text.encode(), "text/plain")})
    vh.check(answer.status == 303, "upload: %r" % answer)
    page = c.get(answer.header("location"))
    vh.check("written in March 2019" in page.text, "the uploaded text is not shown")
    answer = c.post_multipart("/records/source/new",
                              {"level": "internal", "f_kind": "testimony",
                               "f_title": "Binary"},
                              {"upload": ("x.bin", b"\xff\xfe\x00bad", "application/octet-stream")})
    vh.check(answer.status == 422 and "not UTF-8" in answer.text,
             "a binary upload was accepted: %r" % answer)


def test_a_vigil_shows_its_day_count(srv, clients):
    c = clients["viewer"]
    page = c.get("/records/campaign")
    ids = re.findall(r'href="/records/campaign/(G-\d+)"', page.text)
    vh.check(ids, "no campaigns in the demo")
    days = [re.search(r"Day (\d+) of the vigil", c.get("/records/campaign/" + i).text)
            for i in ids]
    vh.check(any(days), "no campaign page shows its day count")


def test_the_stylesheet_is_responsive_and_printable(srv, clients):
    page = clients["anonymous"].get("/static/vigil.css")
    vh.check(page.status == 200 and "text/css" in page.header("content-type"),
             "stylesheet: %r" % page)
    vh.check("@media print" in page.text and "@media (max-width" in page.text,
             "no print or narrow-screen rules")
    vh.check(clients["anonymous"].get("/static/../README.md").status == 404 and
             clients["anonymous"].get("/static/.hidden.css").status == 404,
             "the static route serves other files")


def test_the_dashboard_counts_records(srv, clients):
    page = clients["editor"].get("/")
    vh.check('<table class="counts">' in page.text, "no counts")
    vh.check("Latest changes" in page.text and "Review queue" in page.text,
             "dashboard sections")


def set_up_and_test(srv):
    for role in ["viewer", "contributor", "editor", "admin"]:
        srv.add_user(role + "1", role)
    token = srv.token("editor1")
    srv.start()
    clients = {"anonymous": srv.client()}
    for role in ["viewer", "contributor", "editor"]:
        clients[role] = srv.client()
        clients[role].login(role + "1", srv.passwords[role + "1"])
    clients["admin"] = srv.client()
    vh.login_admin(clients["admin"], "admin1", srv.passwords["admin1"])
    tests = [test_every_page_is_valid_html_for_every_role,
             test_error_pages_are_valid_html,
             test_the_person_page_shows_names_scripts_acts_and_sources,
             test_people_can_be_found_by_name_in_another_script,
             test_filters_and_facets_narrow_the_list,
             test_a_bad_form_is_shown_again_with_what_was_typed,
             test_a_source_can_be_uploaded_as_a_file,
             test_a_vigil_shows_its_day_count,
             test_the_stylesheet_is_responsive_and_printable,
             test_the_dashboard_counts_records]
    status = vh.run_tests(tests, srv, clients)
    status |= vh.run_tests([test_long_lists_are_paged], srv, clients, token)
    return status


def main():
    vh.exit_after(vh.Server(demo=True), set_up_and_test)


if __name__ == "__main__":
    main()
