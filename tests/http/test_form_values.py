#!/usr/bin/env python3
"""Forms take dates, numbers and amounts as the casebook's people write
them: a fine of "150 000 тенге" saves 150000 in KZT, a campaign started
"с июля 2021 года" starts in July 2021, "шілде 2021" is read too; what
cannot be read is refused beside its field with the typed value kept."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_http as vh  # noqa: E402
import vigil_api  # noqa: E402


def new_form(c, rtype):
    page = c.get("/records/%s/new" % rtype)
    vh.check(page.status == 200, "new %s form: %d" % (rtype, page.status))
    return vh.read_form(page.text)[1]


def post(c, rtype, values):
    hidden = new_form(c, rtype)
    fields = dict((k, v) for k, v in hidden.items() if k != "csrf")
    fields.update(values)
    return c.post("/records/%s/new" % rtype, fields)


def saved(srv, c, answer, rtype):
    loc = answer.header("location") or ""
    vh.check(answer.status == 303 and loc, "saved: %d %s" % (
        answer.status, answer.text[:300]))
    rid = loc.rstrip("/").split("/")[-1]
    out = srv.run("export", "json", "--db", srv.db).stdout
    for line in out.splitlines():
        if '"id":"%s"' % rid in line.replace(" ", ""):
            return line
    raise vh.Failure("%s %s is not in the export" % (rtype, rid))


def test_a_fine_in_tenge_is_saved_with_its_currency(srv, c):
    answer = post(c, "penalty", {"f_kind": "fine",
                                 "f_amount": "150 000 тенге"})
    line = saved(srv, c, answer, "penalty")
    vh.check('"amount":150000' in line.replace(" ", ""),
             "the amount: %s" % line)
    vh.check('"currency":"KZT"' in line.replace(" ", ""),
             "the currency: %s" % line)


def test_dates_in_russian_and_kazakh_are_saved(srv, c):
    answer = post(c, "campaign", {"f_name": "Vigil at the consulate",
                                  "f_kind": "vigil",
                                  "f_start_date": "с июля 2021 года"})
    line = saved(srv, c, answer, "campaign")
    vh.check('"start_date":">2021-07"' in line, "since July 2021: %s" % line)
    answer = post(c, "campaign", {"f_name": "Second vigil",
                                  "f_kind": "vigil",
                                  "f_start_date": "шілде 2021"})
    line = saved(srv, c, answer, "campaign")
    vh.check('"start_date":"2021-07"' in line, "July 2021: %s" % line)


def test_an_amount_that_cannot_be_read_is_refused_beside_it(srv, c):
    answer = post(c, "penalty", {"f_kind": "fine",
                                 "f_amount": "15 00 манат"})
    vh.check(answer.status == 422, "refused: %d" % answer.status)
    vh.check("15 00 манат" in vh.unescape(answer.text),
             "the typed value is kept")
    vh.check("cannot read" in answer.text, "the message says why")


def set_up_and_test(srv):
    pw = srv.add_user("ed", "editor")
    srv.start()
    c = srv.client()
    vh.check(c.login("ed", pw).status == 303, "editor signs in")
    return vh.run_tests([
        test_a_fine_in_tenge_is_saved_with_its_currency,
        test_dates_in_russian_and_kazakh_are_saved,
        test_an_amount_that_cannot_be_read_is_refused_beside_it,
    ], srv, c)


def main():
    vh.exit_after(vh.Server(), set_up_and_test)


if __name__ == "__main__":
    main()
