#!/usr/bin/env python3
"""While another process holds the casebook's write lock (here a sqlite3
connection inside BEGIN IMMEDIATE, as a long `vigil import` holds it), a
write through the web form or the API answers 503 with Retry-After and a
message that the casebook is busy, within a bounded time, and saves
nothing; the form comes back with what was typed. Pages and API reads,
signed in, keep answering promptly the whole time, even with more waiting
writes than the server has threads; a sign-in, which writes a session,
answers busy too. Once the lock is gone the same writes go through."""
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_api as va  # noqa: E402
import vigil_http as vh  # noqa: E402

# A write gives up after the store's busy timeout (5 s); allow for a slow,
# shared machine on top.
WRITE_S = 9.0
# A read must not wait for the lock at all.
READ_S = 1.5
# The server runs 4 threads by default: more writers than that.
WRITERS = 6
NAME = "Qelbinur Sidiq"


def person_form(client):
    page = client.get("/records/person/new")
    vh.check(page.status == 200, "new person form: %r" % page)
    fields, hidden = vh.read_form(page.text)
    values = {k: v for k, v in hidden.items() if k != "csrf"}
    values.update({"level": "internal", "f_names.rows": "1",
                   "f_names.0.name": NAME, "f_names.0.script": "Latn",
                   "f_names.0.kind": "primary"})
    return values


class Timed(threading.Thread):
    """Runs fn() in a thread, keeping its answer and how long it took."""

    def __init__(self, what, fn):
        super().__init__(daemon=True)
        self.what, self.fn = what, fn
        self.answer = self.error = None
        self.took = None

    def run(self):
        t0 = time.monotonic()
        try:
            self.answer = self.fn()
        except Exception as e:  # reported by the test, not lost in a thread
            self.error = e
        self.took = time.monotonic() - t0


def header(answer, name):
    if isinstance(answer, vh.Page):
        return answer.header(name)
    return dict((k.lower(), v) for k, v in answer.headers).get(name.lower())


def text_of(answer):
    return answer.text if isinstance(answer, vh.Page) else answer.raw


def check_busy(t):
    vh.check(t.error is None, "%s: %r" % (t.what, t.error))
    a = t.answer
    vh.check(a.status == 503, "%s answers 503: %r" % (t.what, a))
    retry = header(a, "Retry-After") or ""
    vh.check(retry.isdigit() and 0 < int(retry) <= 60,
             "%s: Retry-After in seconds: %r" % (t.what, retry))
    vh.check("busy" in vh.unescape(text_of(a)),
             "%s says the casebook is busy: %r" % (t.what, a))
    vh.check(t.took < WRITE_S, "%s answered in %.1f s" % (t.what, t.took))


def read_all(reader, token, pid):
    """One round of reads, signed in and by token; the slowest in s."""
    slowest = 0.0
    for path in ("/people", "/people/" + pid, "/records/person/" + pid,
                 "/search?q=Mahire"):
        t0 = time.monotonic()
        page = reader.get(path)
        slowest = max(slowest, time.monotonic() - t0)
        vh.check(page.status == 200, "GET %s while locked: %r" % (path, page))
    t0 = time.monotonic()
    a = va.request(reader.port, "GET", va.API + "/people/" + pid, token=token)
    slowest = max(slowest, time.monotonic() - t0)
    vh.check(a.status == 200, "API GET while locked: %r" % a)
    return slowest


def people_named(srv, token, name):
    a = va.request(srv.port, "GET", va.API + "/people?q=" +
                   name.replace(" ", "%20"), token=token)
    vh.check(a.status == 200, "search: %r" % a)
    return [p["id"] for p in a.json["items"]]


def test_writes_answer_busy_while_reads_go_on(srv):
    token = srv.token("ed")
    made = va.request(srv.port, "POST", va.API + "/people",
                      {"level": "internal", "names": [
                          {"name": "Mahire Yakup", "script": "Latn"}]},
                      token=token)
    vh.check(made.status == 201, "create: %r" % made)
    pid = made.json["id"]
    record = va.request(srv.port, "GET", va.API + "/people/" + pid,
                        token=token).json
    record["occupation"] = "teacher"
    editor = srv.client()
    editor.login("ed", srv.passwords["ed"])
    form = person_form(editor)
    reader = srv.client()
    reader.login("viewer", srv.passwords["viewer"])
    newcomer = srv.client()
    newcomer.get("/login")
    sign_in = {"username": "viewer", "password": srv.passwords["viewer"]}

    holder = sqlite3.connect(srv.db, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        writes = [
            Timed("form POST", lambda: editor.post("/records/person/new",
                                                   form)),
            Timed("API PUT", lambda: va.request(
                srv.port, "PUT", va.API + "/people/" + pid, record,
                token=token)),
            Timed("sign-in", lambda: newcomer.post("/login", sign_in)),
        ] + [Timed("API POST %d" % i, lambda: va.request(
            srv.port, "POST", va.API + "/people",
            {"names": [{"name": NAME, "script": "Latn"}]}, token=token))
             for i in range(WRITERS - 3)]
        for w in writes:
            w.start()
        time.sleep(0.3)
        # Reads for longer than a second, so that the session's last-seen
        # stamp falls due while the lock is held.
        t_end = time.monotonic() + 2.2
        slowest = 0.0
        while time.monotonic() < t_end:
            slowest = max(slowest, read_all(reader, token, pid))
        vh.check(slowest < READ_S, "reads while locked took up to %.2f s"
                 % slowest)
        print("slowest read while locked: %.3f s" % slowest)
        for w in writes:
            w.join(WRITE_S + 5)
            check_busy(w)
        print("writes answered busy in %s s" % ", ".join(
            "%.1f" % w.took for w in writes))
        page = writes[0].answer
        vh.check_html(page.text, "busy form page")
        vh.check(NAME in vh.unescape(page.text),
                 "the form comes back with the name typed")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    vh.check(people_named(srv, token, NAME) == [],
             "nothing was saved while the casebook was busy")
    answer = editor.post("/records/person/new", form)
    vh.check(answer.status == 303, "the form goes through after: %r" % answer)
    a = va.request(srv.port, "PUT", va.API + "/people/" + pid, record,
                   token=token)
    vh.check(a.status == 200 and a.json.get("occupation") == "teacher",
             "the PUT goes through after: %r" % a)
    vh.check(len(people_named(srv, token, NAME)) == 1,
             "one person saved by the form")
    answer = newcomer.post("/login", sign_in)
    vh.check(answer.status == 303, "the sign-in goes through after: %r"
             % answer)


def set_up_and_test(srv):
    srv.add_user("ed", "editor")
    srv.add_user("viewer", "viewer")
    srv.start()
    return vh.run_tests([test_writes_answer_busy_while_reads_go_on], srv)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
