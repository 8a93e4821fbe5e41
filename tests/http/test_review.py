#!/usr/bin/env python3
"""The review queue over HTTP: an editor posts an article, reads each
proposal with its passages marked, accepts two people (one after editing a
fact) and rejects one; the accepted people then exist with their names,
their relation and citations pointing into the source. Roles below editor
are kept out, and text from the article is always escaped."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

SOURCE = os.environ.get("VIGIL_SOURCE", ".")
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(SOURCE, "..", "shared"))
SHARED_ARTICLE = os.path.join(SHARED, "fixtures", "articles",
                              "qazaq-times-press-conference.txt")
OWN_ARTICLE = os.path.join(SOURCE, "tests", "fixtures", "ingest",
                           "news-vigil-almaty.txt")


def article():
    """The shared article when present, else one of our own: both have a
    relative and the victim she speaks for."""
    if os.path.exists(SHARED_ARTICLE):
        with open(SHARED_ARTICLE, encoding="utf-8") as f:
            return f.read(), "Kamatan Toktamuratkyzy", "Garapa Nasiollauly"
    with open(OWN_ARTICLE, encoding="utf-8") as f:
        return f.read(), "Aigul Temirkhanova", "Yerzhan Kasymkhan"


def queue_items(c):
    page = c.get("/review")
    vh.check(page.status == 200, "review list answers 200 (%d)" % page.status)
    vh.check_html(page.text, "/review")
    return {vh.unescape(name): int(n) for n, name in
            re.findall(r'href="/review/(\d+)">([^<]+)</a>', page.text)}


def post_text(c, text, title):
    c.get("/review/new")
    return c.post_multipart("/review/new", {"title": title, "text": text,
                                            "kind": "article"})


def test_accept_two_reject_one_then_people_carry_citations(srv, c):
    text, relative, victim = article()
    res = post_text(c, text, "Press conference")
    vh.check(res.status == 303 and res.header("Location") == "/review",
             "posting a text redirects to the queue (%d)" % res.status)
    items = queue_items(c)
    vh.check(relative in items and victim in items,
             "both people are proposed (%s)" % sorted(items))
    page = c.get("/review/%d" % items[victim])
    vh.check(page.status == 200, "an item's page answers 200")
    vh.check_html(page.text, "/review/N")
    vh.check("<mark>" + victim + "</mark>" in page.text,
             "the victim's name is marked in its passage")
    vh.check(page.text.count("<mark>") >= 3, "each fact shows its marked passage")

    res = c.post("/review/%d/accept" % items[relative],
                 {"name": relative, "role": "relative", "status": "",
                  "occupation": "mother", "ethnicity": ""})
    vh.check(res.status == 303, "accepting after an edit redirects (%d: %s)"
             % (res.status, res.text[:300]))
    rel_id = res.header("Location").rsplit("/", 1)[-1]
    c.get("/review/%d" % items[victim])
    res = c.post("/review/%d/accept" % items[victim], {})
    vh.check(res.status == 303, "accepting as proposed redirects (%d: %s)"
             % (res.status, res.text[:300]))
    vic_id = res.header("Location").rsplit("/", 1)[-1]
    vh.check(re.match(r"V-\d+$", rel_id) and re.match(r"V-\d+$", vic_id),
             "both accepted people have ids (%s, %s)" % (rel_id, vic_id))

    third = sorted(n for n in items if n not in (relative, victim))[0]
    c.get("/review")
    res = c.post("/review/%d/reject" % items[third], {})
    vh.check(res.status == 303, "rejecting redirects (%d)" % res.status)
    left = queue_items(c)
    vh.check(third not in left and relative not in left and victim not in left,
             "decided items leave the queue")
    res = c.post("/review/%d/reject" % items[third], {})
    vh.check(res.status in (400, 409, 422), "a decided item cannot be decided "
             "again (%d)" % res.status)

    page = c.get("/people/" + vic_id)
    vh.check(page.status == 200 and victim in page.text,
             "the accepted victim has a page with the name")
    vh.check(relative in page.text or rel_id in page.text,
             "the victim's page shows the relation to the relative")
    vh.check("S-000001" in page.text or "Press conference" in page.text,
             "the victim's page cites the source")
    out = srv.run("export", "json", "--db", srv.db).stdout
    vh.check('"record":"citation"' in out.replace(" ", ""),
             "citations are records")
    vh.check(('"record_id":"%s"' % vic_id) in out.replace(" ", ""),
             "a citation points at the accepted person")
    page = c.get("/people/" + rel_id)
    vh.check("mother" in page.text, "the edited fact is what was stored")


def test_text_from_the_article_is_escaped(srv, c):
    res = post_text(c, "Nurlan Serikbayev, a teacher <script>alert(1)</script>, "
                    "was detained in 2019.", "Hostile")
    vh.check(res.status == 303, "a hostile text is still queued (%d)" % res.status)
    items = queue_items(c)
    vh.check("Nurlan Serikbayev" in items, "its person is proposed")
    page = c.get("/review/%d" % items["Nurlan Serikbayev"])
    vh.check("<script>alert" not in page.text and "&lt;script&gt;" in page.text,
             "the passage is escaped")


def test_roles_below_editor_are_kept_out(srv, c):
    pw = srv.add_user("vi", "viewer")
    v = srv.client()
    v.login("vi", pw)
    vh.check(v.get("/review").status in (403, 404), "a viewer cannot see the queue")
    res = v.post("/review/1/reject", {})
    vh.check(res.status in (403, 404), "a viewer cannot decide (%d)" % res.status)


def test_an_empty_text_is_refused(srv, c):
    res = post_text(c, "", "Nothing")
    vh.check(res.status == 400, "an empty text is refused (%d)" % res.status)


def set_up_and_test(srv):
    pw = srv.add_user("ed", "editor")
    srv.start()
    c = srv.client()
    res = c.login("ed", pw)
    vh.check(res.status in (200, 303), "editor signs in (%d)" % res.status)
    return vh.run_tests([test_accept_two_reject_one_then_people_carry_citations,
                         test_text_from_the_article_is_escaped,
                         test_roles_below_editor_are_kept_out,
                         test_an_empty_text_is_refused], srv, c)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
