#!/usr/bin/env python3
"""The JSON API against a real server: a round trip for every record type,
filters and paging, names across scripts, errors that name the field,
413/415, unknown paths, and an OpenAPI file that covers every path.
Access rules are in test_api_access.py."""
import json
import os
import re
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402
from vigil_http import check  # noqa: E402
from vigil_api import API, create, main  # noqa: E402


def announce_body(vigil, method, path, length, token):
    """Sends a request whose body is length bytes with Expect:
    100-continue, the body only if the server asks for it; returns the
    final status of the answer."""
    sock = socket.create_connection(("127.0.0.1", vigil.port), timeout=10)
    try:
        sock.sendall(("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Authorization: Bearer %s\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n"
                      % (method, path, token, length)).encode())
        head = sock.recv(4096).decode("latin-1")
        if re.match(r"HTTP/1\.[01] 100", head):
            head = head.split("\r\n\r\n", 1)[1]
            try:
                sock.sendall(b'{"notes": "' + b"x" * (length - 13) + b'"}')
            except OSError:
                pass  # the server may stop reading past its cap
            while not re.match(r"HTTP/1\.[01] \d{3}", head):
                more = sock.recv(4096).decode("latin-1")
                if not more:
                    break
                head += more
    finally:
        sock.close()
    match = re.match(r"HTTP/1\.[01] (\d{3})", head)
    return int(match.group(1)) if match else head


def samples():
    """A minimal valid record of each type, in dependency order; values
    may name earlier records as {ref}."""
    return [
        ("people", {"level": "public",
                    "names": [{"name": "Гарапа Насиоллаұлы",
                               "script": "Cyrl"}]},
         {"occupation": "poet"}),
        ("places", {"level": "public", "name": "Tacheng", "kind": "county"},
         {"name": "Chuguchak"}),
        ("sources", {"level": "public", "kind": "testimony",
                     "title": "A daughter's account"},
         {"publisher": "Our own notes"}),
        ("acts", {"level": "public", "victim": "{people}",
                  "type": "detention", "start_date": "July 2021"},
         {"start_date": "about 2021"}),
        ("citations", {"level": "public", "source": "{sources}",
                       "record_type": "act", "record_id": "{acts}",
                       "quote": "taken away in July 2021"},
         {"quote": "taken away in the summer"}),
        ("relations", {"level": "public", "person": "{people}",
                       "type": "friend_of", "other": "{other}"},
         {"type": "colleague_of"}),
        ("interventions", {"level": "public", "kind": "appeal",
                           "victims": [{"person": "{people}"}]},
         {"response": "no_response"}),
        ("campaigns", {"level": "public", "name": "Weekly vigil",
                       "kind": "vigil", "start_date": "2021"},
         {"name": "Saturday vigil"}),
        ("penalties", {"level": "public", "kind": "fine", "amount": 30000,
                       "currency": "KZT"},
         {"amount": 60000}),
    ]


def fill(value, ids):
    if isinstance(value, str) and value.startswith("{") and \
            value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return dict((k, fill(x, ids)) for k, x in value.items())
    if isinstance(value, list):
        return [fill(x, ids) for x in value]
    return value


def test_every_record_type_survives_a_round_trip(v):
    ids = {"other": create(v, "ed", "people",
                           {"names": [{"name": "Second Person"}]})["id"]}
    listed = v.call("GET", API + "/")
    check(listed.status == 200, "index: %r" % listed)
    plurals = [t["plural"] for t in listed.json["types"]]
    check(sorted(plurals) == sorted(p for p, _, _ in samples()),
          "every type has a sample: %r" % plurals)
    for plural, record, change in samples():
        made = create(v, "ed", plural, fill(record, ids))
        ids[plural] = made["id"]
        url = "%s/%s/%s" % (API, plural, made["id"])
        got = v.call("GET", url, token=v.tokens["ed"])
        check(got.status == 200, "get %s: %r" % (url, got))
        check(got.json["uuid"] == made["uuid"], "same record back")
        by_uuid = v.call("GET", "%s/%s/%s" % (API, plural, made["uuid"]),
                         token=v.tokens["ed"])
        check(by_uuid.status == 200 and by_uuid.json["id"] == made["id"],
              "found by uuid: %r" % by_uuid)
        patched = v.call("PATCH", url, fill(change, ids), token=v.tokens["ed"])
        check(patched.status == 200, "patch %s: %r" % (url, patched))
        for key, value in change.items():
            check(key in patched.json, "%s kept %s: %r" % (plural, key,
                                                           patched.json))
        replaced = v.call("PUT", url, fill(record, ids), token=v.tokens["ed"])
        check(replaced.status == 200, "put %s: %r" % (url, replaced))
        for key in change:
            if key not in record:
                check(key not in replaced.json or
                      replaced.json[key] in (None, "", []),
                      "PUT cleared %s.%s: %r" % (plural, key, replaced.json))
    # Delete in reverse order, so that nothing still refers to a record.
    for plural, _, _ in reversed(samples()):
        url = "%s/%s/%s" % (API, plural, ids[plural])
        gone = v.call("DELETE", url, token=v.tokens["ed"])
        check(gone.status == 204, "delete %s: %r" % (url, gone))
        again = v.call("GET", url, token=v.tokens["ed"])
        check(again.status == 404, "deleted %s answers 404: %r" % (url, again))


def test_a_record_still_referred_to_cannot_be_deleted(v):
    person = create(v, "ed", "people", {"names": [{"name": "Kept Person"}]})
    create(v, "ed", "acts", {"victim": person["id"], "type": "arrest"})
    a = v.call("DELETE", "%s/people/%s" % (API, person["id"]),
               token=v.tokens["ed"])
    check(a.status == 409 and a.error().get("code") == "conflict",
          "delete of a victim with acts: %r" % a)


def test_lists_filter_and_page(v):
    tag = "Zhaksylyk"
    for n, ethnicity in enumerate(["Kazakh", "Kazakh", "Kazakh", "Uyghur",
                                   "Uyghur"]):
        p = create(v, "ed", "people", {
            "level": "public", "ethnicity": ethnicity,
            "names": [{"name": "%s Test%d" % (tag, n)}]})
        create(v, "ed", "acts", {
            "level": "public", "victim": p["id"],
            "type": "disappearance" if n % 2 else "sentence"})
    tok = v.tokens["ed"]
    a = v.call("GET", API + "/people?text=%s&ethnicity=Kazakh" % tag, token=tok)
    check(a.status == 200, "filtered list: %r" % a)
    check(a.json["total"] == 3 and len(a.json["items"]) == 3,
          "three Kazakh people: %r" % a.json)
    check(all(p["ethnicity"] == "Kazakh" for p in a.json["items"]),
          "only Kazakh people")
    a = v.call("GET", API + "/people?text=%s&limit=2&offset=4" % tag, token=tok)
    check(a.json["total"] == 5 and len(a.json["items"]) == 1,
          "last page holds one: %r" % a.json)
    check(a.json["offset"] == 4 and a.json["limit"] == 2, "paging echoed")
    pages = []
    for offset in (0, 2, 4):
        a = v.call("GET", API + "/people?text=%s&limit=2&offset=%d&order=id"
                   % (tag, offset), token=tok)
        pages += [p["id"] for p in a.json["items"]]
    check(len(pages) == 5 and len(set(pages)) == 5,
          "pages neither repeat nor skip: %r" % pages)
    a = v.call("GET", API + "/people?text=%s&act_type=disappearance" % tag,
               token=tok)
    check(a.status == 200 and a.json["total"] == 2,
          "filter by act type: %r" % a)
    a = v.call("GET", API + "/people?text=%s&status=sentenced,disappeared"
               % tag, token=tok)
    check(a.status == 200 and a.json["total"] == 5,
          "filter by several statuses: %r" % a)
    a = v.call("GET", API + "/people?text=%s&status=sentenced" % tag,
               token=tok)
    check(a.status == 200 and a.json["total"] == 3,
          "filter by derived status: %r" % a)
    a = v.call("GET", API + "/people?limit=1001", token=tok)
    check(a.status == 400 and a.error().get("field") == "limit",
          "limit over 1000: %r" % a)


def test_a_name_is_found_from_another_script(v):
    made = create(v, "ed", "people", {
        "names": [{"name": "Гарапа Насиоллаұлы", "script": "Cyrl"}]})
    create(v, "ed", "acts", {"victim": made["id"], "type": "detention"})
    tok = v.tokens["ed"]
    a = v.call("GET", API + "/people?q=Garapa%20Nasiollauly", token=tok)
    check(a.status == 200, "name search: %r" % a)
    check(made["id"] in [p["id"] for p in a.json["items"]],
          "the Latin spelling finds the Cyrillic name: %r" % a.json)
    a = v.call("GET", API + "/people?q=Garapa%20Nasiollauly&act_type=release",
               token=tok)
    check(made["id"] not in [p["id"] for p in a.json["items"]],
          "name and act type together: %r" % a.json)
    a = v.call("GET", API + "/people?q=Garapa%20Nasiollauly&act_type=detention",
               token=tok)
    check(made["id"] in [p["id"] for p in a.json["items"]],
          "name and act type together: %r" % a.json)


def test_invalid_records_are_refused_naming_the_field(v):
    tok = v.tokens["ed"]
    a = v.call("POST", API + "/people",
               {"names": [{"name": "Garapa"}, {"name": "X", "script": "Latin"}]},
               token=tok)
    check(a.status == 422, "bad script: %r" % a)
    check(a.error().get("code") == "invalid", "code invalid: %r" % a)
    check(a.error().get("field") == "names[1].script", "field path: %r" % a)
    a = v.call("POST", API + "/acts", {"victim": "V-999999", "type": "jailing"},
               token=tok)
    check(a.status == 422 and a.error().get("field") in ("type", "victim"),
          "bad act: %r" % a)
    a = v.call("POST", API + "/people", {"names": []}, token=tok)
    check(a.status == 422 and a.error().get("field", "").startswith("names"),
          "a person needs a name: %r" % a)
    a = v.call("POST", API + "/people", raw=b'{"names": [', token=tok,
               ctype="application/json")
    check(a.status == 400, "broken JSON: %r" % a)
    count = v.call("GET", API + "/people?text=Garapa", token=tok)
    check(count.json["total"] == 0, "nothing half-written: %r" % count.json)


def test_writes_need_a_json_body(v):
    tok = v.tokens["ed"]
    body = json.dumps({"names": [{"name": "Plain Text"}]}).encode()
    for ctype in ("text/plain", "application/x-www-form-urlencoded",
                  "application/xml"):
        a = v.call("POST", API + "/people", raw=body, ctype=ctype, token=tok)
        check(a.status == 415, "%s answers 415: %r" % (ctype, a))
        check("error" in (a.json or {}), "415 is JSON: %r" % a)
    # Announced as over 1 MiB: refused before the body is sent, so that
    # nobody can make the server read (or the client send) it.
    status = announce_body(v, "POST", API + "/people", 1100 * 1024, tok)
    check(status == 413, "a body over 1 MiB answers 413, not %r" % status)


def test_unknown_paths_and_methods(v):
    a = v.call("GET", API + "/prisoners", token=v.tokens["ed"])
    check(a.status == 404 and a.error().get("code") == "not_found",
          "unknown type: %r" % a)
    a = v.call("GET", API + "/people/V-999999", token=v.tokens["ed"])
    check(a.status == 404, "unknown id: %r" % a)


def test_the_openapi_document_covers_every_path(v):
    path = os.path.join(vh.env("VIGIL_SOURCE"), "docs", "openapi.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    check(re.search(r"^openapi: 3\.0", text, re.M), "an OpenAPI 3.0 file")
    types = v.call("GET", API + "/").json["types"]
    for t in types:
        for p, methods in (("%s/%s:" % (API, t["plural"]), ("get", "post")),
                           ("%s/%s/{id}:" % (API, t["plural"]),
                            ("get", "patch", "put", "delete"))):
            start = text.find("\n  " + p + "\n")
            check(start >= 0, "openapi.yaml has %s" % p)
            block = text[start + 1:].split("\n  /", 1)[0]
            for m in methods:
                check("\n    %s:" % m in block,
                      "openapi.yaml has %s %s" % (m, p))


TESTS = [
    test_every_record_type_survives_a_round_trip,
    test_a_record_still_referred_to_cannot_be_deleted,
    test_lists_filter_and_page,
    test_a_name_is_found_from_another_script,
    test_invalid_records_are_refused_naming_the_field,
    test_writes_need_a_json_body,
    test_unknown_paths_and_methods,
    test_the_openapi_document_covers_every_path,
]

if __name__ == "__main__":
    main(TESTS, {"ed": "editor"})
