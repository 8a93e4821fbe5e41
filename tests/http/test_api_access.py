#!/usr/bin/env python3
"""Who may do what through the JSON API: bearer tokens, viewers who read
but cannot write, an anonymous public view without confidential fields,
fields nobody may write without being able to read them, and browser
sessions whose writes need their CSRF token."""
import os
import re
import socket
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_http import check  # noqa: E402
from vigil_api import API, Answer, create, main  # noqa: E402


def cookies_of(answer, jar):
    for key, value in answer.headers:
        if key.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar):
    return "; ".join("%s=%s" % kv for kv in jar.items() if kv[1])


def csrf_of(answer):
    match = re.search(r'name="csrf" value="([0-9a-f]{64})"', answer.raw)
    check(match, "a form with a CSRF token: %r" % answer)
    return match.group(1)


def test_tokens_authenticate_and_bad_ones_do_not(v):
    a = v.call("POST", API + "/people", {"names": [{"name": "No Token"}]})
    check(a.status == 401, "anonymous write: %r" % a)
    check(any(k.lower() == "www-authenticate" for k, _ in a.headers),
          "401 says how to authenticate")
    a = v.call("POST", API + "/people", {"names": [{"name": "Bad Token"}]},
               token="0" * 64)
    check(a.status in (401, 403), "wrong token: %r" % a)
    a = v.call("GET", API + "/people?text=Token", token=v.tokens["ed"])
    check(a.json["total"] == 0, "nothing written without a good token")


def test_a_viewer_reads_but_cannot_write(v):
    tok = v.tokens["vi"]
    made = create(v, "ed", "people", {"names": [{"name": "Viewer Sees"}]})
    url = "%s/people/%s" % (API, made["id"])
    check(v.call("GET", url, token=tok).status == 200, "viewer reads")
    for method, path, body in (("POST", API + "/people",
                                {"names": [{"name": "Viewer Writes"}]}),
                               ("PATCH", url, {"occupation": "x"}),
                               ("PUT", url, {"names": [{"name": "Y"}]}),
                               ("DELETE", url, None)):
        a = v.call(method, path, body, token=tok)
        check(a.status == 403 and a.error().get("code") == "forbidden",
              "viewer %s: %r" % (method, a))
    check(v.call("GET", url, token=tok).json["names"][0]["name"] ==
          "Viewer Sees", "unchanged")


def test_a_contributor_proposes_and_an_editor_decides(v):
    made = create(v, "co", "people", {"names": [{"name": "Proposed Person"}]})
    check(made.get("pending") is True, "a contributor's record waits: %r"
          % made)
    url = "%s/people/%s" % (API, made["id"])
    for method, body in (("PATCH", {"occupation": "x"}), ("DELETE", None)):
        a = v.call(method, url, body, token=v.tokens["co"])
        check(a.status == 403, "contributor %s: %r" % (method, a))
    a = v.call("DELETE", url, token=v.tokens["ed"])
    check(a.status == 204, "an editor deletes it: %r" % a)


def test_head_answers_like_get_without_a_body(v):
    made = create(v, "ed", "people", {"names": [{"name": "Head Request"}]})
    a = v.call("HEAD", "%s/people/%s" % (API, made["id"]),
               token=v.tokens["ed"])
    check(a.status == 200 and a.raw == "", "HEAD: %r" % a)


def test_the_public_sees_no_confidential_field(v):
    tok = v.tokens["ed"]
    public = create(v, "ed", "people", {
        "level": "public", "names": [{"name": "Shown Publicly"}],
        "home_address": "12 Hidden Street", "notes": "a private note",
        "evidence_grade": "confirmed"})
    internal = create(v, "ed", "people", {"names": [{"name": "Kept Inside"}]})
    check(internal.get("level") == "internal", "internal by default")
    a = v.call("GET", "%s/people/%s" % (API, public["id"]))
    check(a.status == 200, "anonymous reads a public person: %r" % a)
    for key in ("home_address", "notes", "evidence_grade", "id_docs"):
        check(key not in a.json, "anonymous sees %s: %r" % (key, a.json))
    check("Hidden Street" not in a.raw, "address nowhere in the answer")
    a = v.call("GET", "%s/people/%s" % (API, internal["id"]))
    check(a.status == 404, "an internal person is not found: %r" % a)
    a = v.call("GET", API + "/people?limit=1000")
    check(all(p.get("level") == "public" for p in a.json["items"]),
          "anonymous lists only public people")
    check(a.json["total"] == len(a.json["items"]), "total counts only them")
    check(internal["id"] not in a.raw, "no trace of the internal person")
    a = v.call("GET", API + "/people?evidence_grade=confirmed")
    check(a.status == 400, "no filtering on a hidden field: %r" % a)
    viewer = v.call("GET", "%s/people/%s" % (API, public["id"]),
                    token=v.tokens["vi"])
    check("notes" in viewer.json and "home_address" not in viewer.json,
          "a viewer sees internal fields, not confidential: %r" % viewer.json)
    editor = v.call("GET", "%s/people/%s" % (API, public["id"]), token=tok)
    check(editor.json.get("home_address") == "12 Hidden Street",
          "an editor sees the address")


def test_a_search_does_not_reveal_hidden_words(v):
    create(v, "ed", "people", {
        "level": "public", "names": [{"name": "Quiet Person"}],
        "notes": "hiddenword lives only in the internal notes"})
    a = v.call("GET", API + "/people?text=hiddenword", token=v.tokens["ed"])
    check(a.json["total"] == 1, "an editor finds the note: %r" % a)
    a = v.call("GET", API + "/people?text=hiddenword")
    check(a.status == 200 and a.json["total"] == 0 and not a.json["items"],
          "the public cannot find it by a hidden word: %r" % a)
    a = v.call("GET", API + "/people?text=Quiet")
    check(a.json["total"] == 1, "but by a visible one: %r" % a)
    made = create(v, "co", "people", {"level": "public",
                                      "names": [{"name": "Pending Quiet"}]})
    a = v.call("GET", API + "/people?text=Pending")
    check(a.json["total"] == 0, "a pending record is not public: %r" % a)
    a = v.call("GET", "%s/people/%s" % (API, made["id"]))
    check(a.status == 404, "not even by its id: %r" % a)


def test_nobody_writes_what_they_could_not_read(v):
    a = v.call("POST", API + "/sources",
               {"kind": "testimony", "title": "Witness", "level": "internal",
                "testifier_name": "Someone"}, token=v.tokens["ed"])
    check(a.status == 403 and a.error().get("field") == "testifier_name",
          "an editor may not write a secret field: %r" % a)
    a = v.call("POST", API + "/sources",
               {"kind": "testimony", "title": "Witness", "level": "secret"},
               token=v.tokens["ed"])
    check(a.status == 403 and a.error().get("field") == "level",
          "an editor may not make a secret record: %r" % a)


def test_a_browser_session_writes_only_with_its_csrf_token(v):
    jar = {}
    login = v.call("GET", "/login")
    cookies_of(login, jar)
    form = urllib.parse.urlencode({
        "username": "ed", "password": v.srv.passwords["ed"],
        "csrf": csrf_of(login)}).encode()
    a = v.call("POST", "/login", raw=form,
               ctype="application/x-www-form-urlencoded",
               headers={"Cookie": cookie_header(jar)})
    check(a.status in (302, 303), "signed in: %r" % a)
    cookies_of(a, jar)
    page = v.call("GET", "/", headers={"Cookie": cookie_header(jar)})
    token = csrf_of(page)
    body = {"names": [{"name": "Made In A Browser"}]}
    a = v.call("POST", API + "/people", body,
               headers={"Cookie": cookie_header(jar)})
    check(a.status == 403, "a session's write without its token: %r" % a)
    a = v.call("POST", API + "/people", body,
               headers={"Cookie": cookie_header(jar),
                        "X-CSRF-Token": "0" * 64})
    check(a.status == 403, "a session's write with a wrong token: %r" % a)
    a = v.call("POST", API + "/people", body,
               headers={"Cookie": cookie_header(jar), "X-CSRF-Token": token})
    check(a.status == 201, "a session's write with its token: %r" % a)
    a = v.call("GET", API + "/people/" + a.json["id"],
               headers={"Cookie": cookie_header(jar)})
    check(a.status == 200, "the session reads an internal record: %r" % a)


def writable(record):
    """What a client sends back to PUT a record it read."""
    return dict((k, val) for k, val in record.items()
                if k not in ("id", "uuid", "pending", "created_at",
                             "updated_at", "date_type", "days"))


def editor_puts_back(v, url, hidden, field, value, what):
    """The editor reads the record at url without its hidden key, changes
    field to value and PUTs what they read back."""
    ed = v.tokens["ed"]
    seen = v.call("GET", url, token=ed).json
    check(hidden not in seen, "an editor sees %s: %r" % (hidden, seen))
    seen[field] = value
    a = v.call("PUT", url, writable(seen), token=ed)
    check(a.status == 200, "the editor's PUT of %s: %r" % (what, a))


def test_an_editor_saving_a_record_keeps_what_they_cannot_see(v):
    ad, ed = v.tokens["ad"], v.tokens["ed"]
    made = create(v, "ad", "sources", {
        "kind": "testimony", "title": "Kept Testimony", "level": "internal",
        "testifier_name": "Secret Witness", "testifier_contact": "a phone"})
    url = "%s/sources/%s" % (API, made["id"])
    editor_puts_back(v, url, "testifier_name", "title",
                     "Kept Testimony, retitled", "the source")
    a = v.call("PATCH", url, {"publisher": "Someone"}, token=ed)
    check(a.status == 200, "the editor's PATCH: %r" % a)
    full = v.call("GET", url, token=ad).json
    check(full.get("title") == "Kept Testimony, retitled",
          "the change was made: %r" % full)
    check(full.get("testifier_name") == "Secret Witness" and
          full.get("testifier_contact") == "a phone",
          "the secret fields survived the editor's save: %r" % full)
    # A reference to a record the editor may not see is left out of what
    # they read; putting the record back must not clear it.
    place = create(v, "ad", "places", {"name": "Secret Camp", "kind": "facility",
                                       "level": "secret"})
    victim = create(v, "ed", "people", {"names": [{"name": "Act Victim"}]})
    act = create(v, "ad", "acts", {"victim": victim["id"], "type": "detention",
                                   "place": place["id"]})
    url = "%s/acts/%s" % (API, act["id"])
    editor_puts_back(v, url, "place", "responsible", "a bureau", "the act")
    full = v.call("GET", url, token=ad).json
    check(full.get("place") == place["id"] and
          full.get("responsible") == "a bureau",
          "the hidden place survived the editor's save: %r" % full)
    source = create(v, "ed", "sources", {"kind": "article",
                                         "title": "About A Camp"})
    cite = create(v, "ad", "citations", {
        "source": source["id"], "record_type": "place",
        "record_id": place["id"], "quote": "a camp was built"})
    url = "%s/citations/%s" % (API, cite["id"])
    editor_puts_back(v, url, "record_id", "quote", "a camp was built there",
                     "the citation")
    full = v.call("GET", url, token=ad).json
    check(full.get("record_id") == place["id"] and
          full.get("quote") == "a camp was built there",
          "the citation kept its hidden record: %r" % full)


def check_api_error(a, status, code, what):
    """An /api/ error: JSON of the documented shape, whoever raised it."""
    ctype = dict((k.lower(), val) for k, val in a.headers).get(
        "content-type", "")
    check(a.status == status, "%s: status %r" % (what, a))
    check(ctype.startswith("application/json"),
          "%s: Content-Type %r" % (what, ctype))
    err = a.error()
    check(err.get("code") == code and isinstance(err.get("message"), str)
          and err["message"], "%s: error shape %r" % (what, a))
    check("field" not in err or isinstance(err["field"], str),
          "%s: field %r" % (what, a))


def post_too_big(v, path, token):
    """Announces a 2 MiB body; the server answers before reading it all,
    so the answer is read from a raw socket whatever happens to the send."""
    head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n"
            % (path, token, 2 << 20)).encode()
    sock = socket.create_connection(("127.0.0.1", v.port), timeout=30)
    try:
        try:
            sock.sendall(head + b"x" * 65536)
        except OSError:
            pass
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        sock.close()
    top, _, body = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0] else 0
    headers = [tuple(x.split(": ", 1)) for x in lines[1:] if ": " in x]
    return Answer(status, headers, body.decode("utf-8", "replace"))


def test_every_api_error_is_json_of_one_shape(v):
    tok = v.tokens["ed"]
    check_api_error(post_too_big(v, API + "/people", tok), 413, "too_big",
                    "a body over the cap")
    check_api_error(v.call("GET", API + "/people", token="0" * 64),
                    401, "unauthorized", "an unknown token")
    check_api_error(v.call("POST", API + "/people",
                           {"names": [{"name": "Nobody"}]}),
                    401, "unauthorized", "an anonymous write")
    check_api_error(v.call("GET", "/api/v2/people"), 404, "not_found",
                    "an unknown API version")
    check_api_error(v.call("GET", "/api"), 404, "not_found", "/api itself")
    check_api_error(v.call("GET", API + "/people/%00x"), 400, "invalid",
                    "a NUL in the path")
    check_api_error(v.call("PATCH", API + "/nothings/V-1", {"a": 1},
                           token=tok), 404, "not_found", "an unknown type")


def test_a_nul_or_bad_utf8_in_a_path_or_query_is_refused(v):
    tok = v.tokens["ed"]
    for path in (API + "/people/%00x", API + "/people%00",
                 API + "/people/%FF", API + "/people?text=a%00b",
                 API + "/people?text=%C3", API + "/people?%00=1"):
        a = v.call("GET", path, token=tok)
        check(a.status == 400, "%s answered %r" % (path, a))
    for path in ("/people%00x", "/people/%00", "/login?next=%00",
                 "/people/%E2%82"):
        a = v.call("GET", path)
        check(a.status == 400, "%s answered %r" % (path, a))
    a = v.call("GET", API + "/people?text=%C3%A9", token=tok)
    check(a.status == 200, "a clean UTF-8 query still works: %r" % a)


def test_the_public_server_is_read_only_and_anonymous(v):
    shown = create(v, "ed", "people", {"level": "public",
                                       "names": [{"name": "Shown Outside"}],
                                       "notes": "not for outside"})
    kept = create(v, "ed", "people", {"names": [{"name": "Kept Inside"}]})
    v.srv.restart("--public")
    v.port = v.srv.port
    a = v.call("GET", "%s/people/%s" % (API, shown["id"]),
               token=v.tokens["ed"])
    check(a.status == 200 and "notes" not in a.json,
          "a token counts for nothing on the public server: %r" % a)
    a = v.call("GET", "%s/people/%s" % (API, kept["id"]),
               token=v.tokens["ed"])
    check(a.status == 404, "an internal record stays hidden: %r" % a)
    a = v.call("POST", API + "/people", {"names": [{"name": "Outside"}]},
               token=v.tokens["ed"])
    check(a.status == 405, "no writes on the public server: %r" % a)
    check_api_error(a, 405, "method_not_allowed", "a public-view write")
    check(any(k.lower() == "allow" for k, _ in a.headers),
          "the public view's 405 says what is allowed: %r" % a.headers)


TESTS = [
    test_tokens_authenticate_and_bad_ones_do_not,
    test_a_viewer_reads_but_cannot_write,
    test_a_contributor_proposes_and_an_editor_decides,
    test_head_answers_like_get_without_a_body,
    test_the_public_sees_no_confidential_field,
    test_a_search_does_not_reveal_hidden_words,
    test_nobody_writes_what_they_could_not_read,
    test_a_browser_session_writes_only_with_its_csrf_token,
    test_every_api_error_is_json_of_one_shape,
    test_an_editor_saving_a_record_keeps_what_they_cannot_see,
    test_a_nul_or_bad_utf8_in_a_path_or_query_is_refused,
    test_the_public_server_is_read_only_and_anonymous,  # restarts: last
]

if __name__ == "__main__":
    main(TESTS, {"ed": "editor", "vi": "viewer", "co": "contributor",
                 "ad": "admin"})
