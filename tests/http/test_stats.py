#!/usr/bin/env python3
"""The statistics page and its files: every chart is well-formed SVG
holding the same numbers as the table beside it and as its CSV; the
figures count only what the reader may see (a confidential person and
act, an internal person, a confidential fine and appeal are planted);
labels leave escaped and CSV cells cannot start a formula; the public
server shows public figures without signing in."""
import csv
import html.parser
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> vigil"
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def records():
    """Public records, and beside them the hidden ones."""
    r = [
        {"record": "place", "id": "P-000001", "level": "public",
         "name": "China", "kind": "country"},
        {"record": "place", "id": "P-000002", "level": "public",
         "name": "Xinjiang", "kind": "region", "parent": "P-000001",
         "latitude": "43.8", "longitude": "87.6"},
        {"record": "place", "id": "P-000003", "level": "confidential",
         "name": "Secret site", "kind": "facility", "parent": "P-000002",
         "latitude": "44.1", "longitude": "86.0"},
        {"record": "person", "id": "V-000001", "level": "public",
         "ethnicity": "Kazakh", "home_place": "P-000002",
         "names": [{"name": "Nurlan Serikuly", "script": "Latn",
                    "kind": "primary"}]},
        {"record": "act", "level": "public", "victim": "V-000001",
         "type": "arrest", "start_date": "2019-05", "place": "P-000002"},
        # Hidden from a viewer: a confidential person and their act.
        {"record": "person", "id": "V-000002", "level": "confidential",
         "ethnicity": "Uyghur",
         "names": [{"name": "Hidden Person", "script": "Latn",
                    "kind": "primary"}]},
        {"record": "act", "level": "confidential", "victim": "V-000002",
         "type": "disappearance", "start_date": "2020", "place": "P-000002"},
        # Hidden from the public only.
        {"record": "person", "id": "V-000003", "level": "internal",
         "ethnicity": "Dungan",
         "names": [{"name": "Inside Person", "script": "Latn",
                    "kind": "primary"}]},
        {"record": "penalty", "level": "public", "kind": "fine",
         "amount": 150000, "currency": "KZT", "date": "2021"},
        {"record": "penalty", "level": "confidential", "kind": "fine",
         "amount": 7000, "currency": "KZT", "date": "2021"},
        {"record": "intervention", "level": "public", "kind": "appeal",
         "addressee": "Ministry of Foreign Affairs", "date": "2021-12-14",
         "status": "sent"},
        {"record": "intervention", "level": "confidential", "kind": "appeal",
         "addressee": "Quiet Office", "date": "2020-01-10",
         "status": "sent"},
        {"record": "campaign", "level": "public", "name": HOSTILE,
         "kind": "vigil", "start_date": "2021-02-01",
         "end_date": "2021-02-10"},
        {"record": "campaign", "level": "public", "name": FORMULA,
         "kind": "protest", "start_date": "2021-03-01",
         "end_date": "2021-03-02"},
    ]
    return {"vigil": 1, "records": r}


class Tables(html.parser.HTMLParser):
    """Each statistics section's table: {name: [(label, [numbers])]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = {}
        self.section = None
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "stat" in (a.get("class") or ""):
            self.section = a["id"]
            self.tables[self.section] = []
        elif self.section and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("th", "td"):
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row and self.row[1:] and all(
                    re.fullmatch(r"\d+", c) for c in self.row[1:]):
                self.tables[self.section].append(
                    (self.row[0], [int(c) for c in self.row[1:]]))
            self.row = None
        elif tag == "section":
            self.section = None


def page_tables(text):
    p = Tables()
    p.feed(text)
    return p.tables


def svg_bars(root):
    """[(label, total, {column: value})] of a chart."""
    bars = []
    for g in root.iter(SVG + "g"):
        if g.get("class") != "bar":
            continue
        texts = g.findall(SVG + "text")
        label = texts[0].text or ""
        total = int(texts[-1].text)
        segs = {}
        for rect in g.findall(SVG + "rect"):
            title = rect.find(SVG + "title").text
            m = re.fullmatch(r"(.*) — (.*): (\d+)", title, re.S)
            vh.check(m, "segment title %r" % title)
            segs[m.group(2)] = int(m.group(3))
        bars.append((label, total, segs))
    return bars


def unneutralised(cell):
    """A CSV cell as it was before its formula was neutralised."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def csv_rows(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [(unneutralised(r[0]), [int(v) for v in r[1:]])
                     for r in rows[1:]]


def read_all(client, where):
    """Checks that the page, each inline chart, each CSV and each SVG file
    agree; returns {name: {label: [numbers]}} and the CSV texts."""
    page = client.get("/stats")
    vh.check(page.status == 200, "%s: /stats %d" % (where, page.status))
    vh.check_html(page.text, where + " /stats")
    vh.check("<script>" not in page.text.replace(
        '<script src="/static/vigil.js"', ""), where + ": a script")
    tables = page_tables(page.text)
    # Nine statistics tables and the map's table of places.
    vh.check(len(tables) == 10, "%s: %d tables" % (where, len(tables)))
    inline = re.findall(r"<svg .*?</svg>", page.text, re.S)
    vh.check(len(inline) == 10, "%s: %d inline charts" % (where, len(inline)))
    out, csvs = {}, {}
    for name, rows in tables.items():
        vh.check('href="/stats/%s.csv"' % name in page.text,
                 "%s: %s links its CSV" % (where, name))
        got = client.get("/stats/%s.csv" % name)
        vh.check(got.status == 200 and got.header("content-type")
                 .startswith("text/csv"), "%s: %s.csv %d" % (where, name,
                                                             got.status))
        head, crow = csv_rows(got.text)
        vh.check([(l, v) for l, v in crow] == rows,
                 "%s: %s CSV %r is not the table %r" % (where, name, crow,
                                                        rows))
        csvs[name] = got.text
        svg = client.get("/stats/%s.svg" % name)
        vh.check(svg.status == 200 and svg.header("content-type")
                 .startswith("image/svg+xml"), "%s: %s.svg" % (where, name))
        root = ET.fromstring(svg.body)  # raises if not well-formed
        vh.check(root.find(SVG + "title") is not None and
                 root.find(SVG + "desc") is not None,
                 "%s: %s.svg has a title and desc" % (where, name))
        vh.check(not re.search(rb"<script|\son\w+=|style=", svg.body),
                 "%s: %s.svg has script or style" % (where, name))
        if name == "map":
            out[name] = dict(rows)
            out["map_svg"] = svg.text
            continue
        bars = svg_bars(root)
        vh.check(len(bars) == len(rows), "%s: %s: %d bars, %d rows" %
                 (where, name, len(bars), len(rows)))
        charted = len(head) - 1 if name != "fines" else 1
        for (label, total, segs), (rlabel, values) in zip(bars, rows):
            vh.check(total == sum(values[:charted]),
                     "%s: %s %s: bar %d, table %r" % (where, name, rlabel,
                                                      total, values))
            for col, v in zip(head[1:charted + 1], values):
                vh.check(segs.get(col, 0) == v, "%s: %s %s %s: chart %r, "
                         "table %d" % (where, name, rlabel, col,
                                       segs.get(col), v))
        ET.fromstring([s for s in inline if 'id="%s-t"' % name in s][0])
        out[name] = dict(rows)
    return out, csvs, page.text


def col(csv_text, row, column):
    head, rows = csv_rows(csv_text)
    for label, values in rows:
        if label == row and column in head:
            return values[head.index(column) - 1]
    return None


def test_figures_follow_the_reader(srv):
    viewer = srv.client()
    viewer.login("viewer", srv.passwords["viewer"])
    editor = srv.client()
    editor.login("editor", srv.passwords["editor"])
    v, vcsv, vpage = read_all(viewer, "viewer")
    a, acsv, _ = read_all(editor, "editor")
    vh.check("Uyghur" not in v["people_by_ethnicity"], "viewer sees Uyghur")
    vh.check(a["people_by_ethnicity"].get("Uyghur") == [1], "editor Uyghur")
    vh.check(v["people_by_ethnicity"].get("Dungan") == [1], "viewer Dungan")
    vh.check(col(vcsv["acts_by_year"], "2020", "Disappearance") in (None, 0),
             "viewer counts the hidden disappearance")
    vh.check(col(acsv["acts_by_year"], "2020", "Disappearance") == 1,
             "editor 2020 disappearance")
    vh.check(v["acts_by_region"].get("Xinjiang") == [1], "viewer region")
    vh.check(a["acts_by_region"].get("Xinjiang") == [2], "editor region")
    vh.check(v["fines"].get("KZT") == [150000, 1], "viewer fines %r" %
             v["fines"])
    vh.check(a["fines"].get("KZT") == [157000, 2], "editor fines")
    vh.check(len(v["appeals_waiting"]) == 1 and
             len(a["appeals_waiting"]) == 2, "appeals waiting")
    vh.check(v["map"] == {"Xinjiang": [1]}, "viewer's map %r" % v["map"])
    vh.check('href="/people?home_place=P-000002"' in v["map_svg"],
             "the point links to its people")
    vh.check(a["map"].get("Secret site") == [0], "editor's map")
    for hidden in ("Hidden Person", "Quiet Office", "V-000002", "Uyghur",
                   "Secret site", "P-000003"):
        vh.check(hidden not in vpage and
                 all(hidden not in t for t in vcsv.values()),
                 "the viewer's statistics name %s" % hidden)


def test_labels_leave_escaped(srv):
    viewer = srv.client()
    viewer.login("viewer", srv.passwords["viewer"])
    page = viewer.get("/stats")
    vh.check("<script>alert(1)" not in page.text, "raw script in the page")
    vh.check("&lt;script&gt;alert(1)&lt;/script&gt; vigil" in page.text,
             "the hostile name is shown escaped")
    text = viewer.get("/stats/campaign_days.csv").text
    vh.check("\"'=HYPERLINK(" in text, "formula not neutralised: %r" % text)
    rows = list(csv.reader(io.StringIO(text)))
    vh.check(all(not r[0][:1] in "=+-@" for r in rows[1:]),
             "a CSV cell starts a formula")
    svg = viewer.get("/stats/campaign_days.svg").body
    vh.check(b"<script" not in svg, "raw script in the SVG")


def test_unknown_tables_and_signed_out_readers(srv):
    viewer = srv.client()
    viewer.login("viewer", srv.passwords["viewer"])
    for path in ("/stats/nosuch.csv", "/stats/acts_by_year.txt",
                 "/stats/acts_by_year", "/stats/..csv"):
        got = viewer.get(path)
        vh.check(got.status == 404, "%s: %d" % (path, got.status))
    anon = srv.client()
    for path in ("/stats", "/stats/acts_by_year.csv"):
        got = anon.get(path)
        vh.check(got.status in (303, 401, 403) and "Kazakh" not in got.text,
                 "signed out %s: %d" % (path, got.status))


def test_the_public_server_shows_public_figures(srv):
    srv.restart("--public")
    anon = srv.client()
    p, pcsv, page = read_all(anon, "public")
    vh.check("public records only" in page, "the page says what it counts")
    vh.check("Dungan" not in p["people_by_ethnicity"], "public sees Dungan")
    vh.check(p["people_by_ethnicity"].get("Kazakh") == [1], "public Kazakh")
    vh.check(p["fines"].get("KZT") == [150000, 1], "public fines")
    srv.restart()


def set_up_and_test(srv):
    path = os.path.join(srv.dir, "stats.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records(), f)
    srv.run("import", "json", path, "--db", srv.db)
    srv.add_user("viewer", "viewer")
    srv.add_user("editor", "editor")
    srv.start()
    return vh.run_tests([
        test_figures_follow_the_reader,
        test_labels_leave_escaped,
        test_unknown_tables_and_signed_out_readers,
        test_the_public_server_shows_public_figures,
    ], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
