"""The JSON API client shared by the API tests: one request per call with
an account's bearer token, answers with their JSON parsed, a create that
checks the Location header, and a main that runs tests against a server
holding the given accounts."""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402
from vigil_http import check  # noqa: E402

API = "/api/v1"


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        self.json = None
        if body:
            try:
                self.json = json.loads(body)
            except ValueError:
                self.json = None

    def error(self):
        return (self.json or {}).get("error", {})

    def __repr__(self):
        return "<%d %s>" % (self.status, self.raw[:300])


class Api:
    """A JSON client of the server, with an API token per account."""

    def __init__(self, srv, users):
        self.srv = srv
        self.port = srv.port
        self.tokens = dict((name, srv.token(name)) for name in users)

    def call(self, method, path, body=None, token=None, ctype=None,
             raw=None, headers=None):
        """One request; body is JSON-encoded unless raw bytes are given."""
        return request(self.port, method, path, body, token, ctype, raw,
                       headers)


def request(port, method, path, body=None, token=None, ctype=None,
            raw=None, headers=None, timeout=30):
    """One request to 127.0.0.1:port with a bearer token if given; body
    is JSON-encoded unless raw bytes are given. Returns an Answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    hdrs = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        hdrs.setdefault("Content-Type", "application/json")
    if ctype:
        hdrs["Content-Type"] = ctype
    if token:
        hdrs["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, body=data, headers=hdrs)
        res = conn.getresponse()
        answer = Answer(res.status, res.getheaders(),
                        res.read().decode("utf-8", "replace"))
    finally:
        conn.close()
    return answer


def create(v, who, plural, record):
    a = v.call("POST", "%s/%s" % (API, plural), record, token=v.tokens[who])
    check(a.status == 201, "create %s: %r" % (plural, a))
    location = dict((k.lower(), val) for k, val in a.headers).get("location")
    check(location == "%s/%s/%s" % (API, plural, a.json["id"]),
          "Location header %r" % location)
    return a.json


def main(tests, users):
    """A server with the accounts {name: role}; runs tests(api)."""
    def set_up_and_test(srv):
        for name, role in users.items():
            srv.add_user(name, role)
        srv.start()
        return vh.run_tests(tests, Api(srv, users))
    vh.exit_after(vh.Server(), set_up_and_test)
