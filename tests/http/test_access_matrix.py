#!/usr/bin/env python3
"""Role x record type x action through the pages. Every denied case is
answered 403 or 404 (an anonymous page view is sent to sign in) and
changes nothing; every allowed case works. Records of a level a role may
not see do not exist for it. Admin pages are for admins only."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402

ROLES = ["anonymous", "viewer", "contributor", "editor", "admin"]
RANK = {r: i for i, r in enumerate(ROLES)}
# The least role for each action (model/access.c).
NEEDS = {"list": "viewer", "show": "viewer", "new": "contributor",
         "create": "contributor", "edit": "editor", "update": "editor",
         "delete_form": "editor", "delete": "editor"}


def counts(srv):
    con = sqlite3.connect(srv.db)
    try:
        return (con.execute("SELECT count(*) FROM revision").fetchone()[0],
                con.execute('SELECT count(*) FROM "user"').fetchone()[0])
    finally:
        con.close()


def text_for(field):
    n = field["maxlength"]
    return "abc"[:n] if n and n < 12 else "matrix value"


class World:
    def __init__(self, srv):
        self.srv = srv
        self.clients = {"anonymous": srv.client()}
        self.ids = {}        # internal records every signed-in role may see
        self.secret_ids = {}  # confidential records: editors and admins only
        self.refs = {}


def setup_world(srv):
    w = World(srv)
    admin = srv.client()
    vh.login_admin(admin, "admin1", srv.passwords["admin1"])
    w.clients["admin"] = admin
    for role in ["viewer", "contributor", "editor"]:
        c = srv.client()
        page = c.login(role + "1", srv.passwords[role + "1"])
        vh.check(page.status == 303, "sign in as %s: %r" % (role, page))
        w.clients[role] = c
    for rtype in vh.RECORD_TYPES:
        w.ids[rtype] = vh.create_record(admin, rtype, "internal", text_for, w.refs)
        w.refs[rtype] = w.ids[rtype]
        if rtype == "person":
            w.refs["other:person"] = vh.create_record(admin, rtype, "internal",
                                                      text_for, w.refs)
        w.secret_ids[rtype] = vh.create_record(admin, rtype, "confidential",
                                               text_for, w.refs)
    return w


def form_for(w, rtype, rid=None):
    """Values a create or update form would send, from the admin's form;
    for an update, never a reference from the record to itself."""
    page = w.clients["admin"].get("/records/%s/new" % rtype)
    fields, hidden = vh.read_form(page.text)
    values = vh.fill_record(fields, hidden, text_for, w.refs)
    values["level"] = "internal"
    return {k: v for k, v in values.items() if v != rid}


def attempt(w, role, rtype, action, rid):
    c = w.clients[role]
    base = "/records/%s" % rtype
    if action == "list":
        return c.get(base)
    if action == "show":
        return c.get("%s/%s" % (base, rid))
    if action == "new":
        return c.get(base + "/new")
    if action == "edit":
        return c.get("%s/%s/edit" % (base, rid))
    if action == "delete_form":
        return c.get("%s/%s/delete" % (base, rid))
    token = c.csrf or "0" * 64
    if action == "create":
        return c.post(base + "/new", form_for(w, rtype), csrf=token)
    if action == "update":
        return c.post("%s/%s/edit" % (base, rid), form_for(w, rtype, rid),
                      csrf=token)
    if action == "delete":
        return c.post("%s/%s/delete" % (base, rid), {}, csrf=token)
    raise vh.Failure("unknown action " + action)


def denied(role, page):
    if page.status in (403, 404):
        return True
    return (role == "anonymous" and page.status == 303 and
            page.header("location") == "/login")


def test_each_role_may_do_exactly_what_its_rank_allows(w):
    problems = []
    for rtype in vh.RECORD_TYPES:
        for role in ROLES:
            for action in ["list", "show", "new", "edit", "delete_form",
                           "create", "update", "delete"]:
                allowed = RANK[role] >= RANK[NEEDS[action]]
                rid = w.ids[rtype]
                if action == "delete" and allowed:
                    # Deleting the shared record would break the others:
                    # delete a fresh one.
                    rid = vh.create_record(w.clients["admin"], rtype,
                                           "internal", text_for, w.refs)
                before = counts(w.srv)
                page = attempt(w, role, rtype, action, rid)
                after = counts(w.srv)
                what = "%s %s %s: %d" % (role, action, rtype, page.status)
                if allowed:
                    ok = page.status == 200 if action in (
                        "list", "show", "new", "edit", "delete_form") else \
                        page.status == 303
                    if not ok:
                        problems.append("allowed but refused: " + what)
                    elif action in ("create", "update", "delete") and \
                            after[0] <= before[0]:
                        problems.append("allowed but nothing changed: " + what)
                else:
                    if not denied(role, page):
                        problems.append("denied but answered: " + what)
                    if after != before:
                        problems.append("denied but changed: " + what)
    vh.check(not problems, "; ".join(problems[:8]) +
             (" (and %d more)" % (len(problems) - 8) if len(problems) > 8 else ""))


def test_records_above_a_role_do_not_exist_for_it(w):
    for rtype, rid in w.secret_ids.items():
        for role in ["viewer", "contributor"]:
            for path in ["/records/%s/%s" % (rtype, rid),
                         "/records/%s/%s/edit" % (rtype, rid)]:
                page = w.clients[role].get(path)
                vh.check(page.status in (403, 404),
                         "%s sees confidential %s: %d" % (role, path, page.status))
            listing = w.clients[role].get("/records/%s" % rtype)
            vh.check(rid not in listing.text,
                     "%s's list shows confidential %s" % (role, rid))
        page = w.clients["editor"].get("/records/%s/%s" % (rtype, rid))
        vh.check(page.status == 200, "editor cannot see %s %s" % (rtype, rid))


def test_admin_pages_are_for_admins_only(w):
    for role in ROLES:
        for path in ["/admin/users", "/admin/audit"]:
            page = w.clients[role].get(path)
            if role == "admin":
                vh.check(page.status == 200, "admin %s: %d" % (path, page.status))
            else:
                vh.check(denied(role, page), "%s reached %s: %d" %
                         (role, path, page.status))
        if role == "admin":
            continue
        before = counts(w.srv)
        page = w.clients[role].post("/admin/users", {"username": "intruder",
                                                     "role": "admin"},
                                    csrf=w.clients[role].csrf or "0" * 64)
        vh.check(page.status in (403, 404), "%s added an account: %d" %
                 (role, page.status))
        page = w.clients[role].post("/admin/users/viewer1/role",
                                    {"role": "admin"},
                                    csrf=w.clients[role].csrf or "0" * 64)
        vh.check(page.status in (403, 404), "%s changed a role" % role)
        vh.check(counts(w.srv) == before, "%s changed accounts" % role)
    page = w.clients["admin"].post("/admin/users", {"username": "newcomer",
                                                    "role": "viewer"})
    vh.check(page.status == 200 and "newcomer" in page.text,
             "admin could not add an account: %r" % page)


def test_the_review_queue_is_for_editors(w):
    for role in ROLES:
        page = w.clients[role].get("/review")
        if RANK[role] >= RANK["editor"]:
            vh.check(page.status == 200, "%s /review: %d" % (role, page.status))
        else:
            vh.check(denied(role, page), "%s reached /review: %d" %
                     (role, page.status))


def set_up_and_test(srv):
    for role in ["viewer", "contributor", "editor", "admin"]:
        srv.add_user(role + "1", role)
    srv.start()
    w = setup_world(srv)
    return vh.run_tests([
        test_each_role_may_do_exactly_what_its_rank_allows,
        test_records_above_a_role_do_not_exist_for_it,
        test_admin_pages_are_for_admins_only,
        test_the_review_queue_is_for_editors,
    ], w)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
