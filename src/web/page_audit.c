/* The audit log, for admins: newest first, with the state of the hash
 * chain checked on every view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "web/page.h"
#include "web/pages.h"

#define PER_PAGE 100

void page_audit_event(struct web_req *rq, const char *action,
		      const char *record_type, const char *record_id)
{
	struct audit_entry e;
	struct vg_error err;

	memset(&e, 0, sizeof(e));
	e.actor = web_user(rq)->id ? web_user(rq)->name : "anonymous";
	e.action = action;
	e.record_type = record_type ? record_type : "";
	e.record_id = record_id ? record_id : "";
	e.revision_sha256 = "";
	vg_error_clear(&err);
	(void)audit_append(web_db(rq), &e, NULL, &err);
}

static void write_chain_state(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	struct audit_report r;
	struct vg_error err;

	memset(&r, 0, sizeof(r));
	vg_error_clear(&err);
	if (audit_verify(web_db(rq), 0, NULL, &r, &err) != VG_OK) {
		html_raw(b, "<p class=\"error\">The chain could not be checked.</p>");
		return;
	}
	if (r.bad_seq) {
		html_rawf(b, "<p class=\"error\" role=\"alert\">The chain is broken "
			     "at entry %lld: ", (long long)r.bad_seq);
		html_txt(b, r.why);
		html_raw(b, "</p>");
		return;
	}
	html_rawf(b, "<p class=\"flash\">%lld entries; the hash chain holds. "
		     "Head: <code>", (long long)r.entries);
	html_txt(b, r.head);
	html_raw(b, "</code></p>");
}

vg_status page_audit(struct web_req *rq)
{
	static const char *const cols[] = { "at", "actor", "action" };
	const char *pg = web_query(rq, "page");
	struct buf *b = web_out(rq);
	struct vg_error err;
	json_t *rows = NULL, *row;
	size_t total = 0, i, col;
	size_t page = pg ? (size_t)strtoul(pg, NULL, 10) : 1;
	vg_status s;

	if (!web_allows(rq, NULL, ACTION_ADMIN)) {
		web_error(rq, 403, "only admins read the audit log");
		return VG_OK;
	}
	if (page < 1 || page > 1000000)
		page = 1;
	vg_error_clear(&err);
	s = audit_list(web_db(rq), web_who(rq), (page - 1) * PER_PAGE, PER_PAGE,
		       &rows, &total, &err);
	if (s != VG_OK)
		return s;
	page_begin(rq, "Audit log");
	html_raw(b, "<h1>Audit log</h1>");
	write_chain_state(rq);
	html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">#</th>"
		    "<th scope=\"col\">When</th><th scope=\"col\">Who</th>"
		    "<th scope=\"col\">What</th><th scope=\"col\">Record</th>"
		    "</tr></thead><tbody>");
	json_array_foreach(rows, i, row) {
		html_rawf(b, "<tr><td>%lld</td>", (long long)json_integer_value(
				  json_object_get(row, "seq")));
		for (col = 0; col < 3; col++) {
			html_raw(b, "<td>");
			html_user_text(b, json_string_value(
					     json_object_get(row, cols[col])));
			html_raw(b, "</td>");
		}
		html_raw(b, "<td>");
		html_txt(b, json_string_value(json_object_get(row, "record_type")));
		html_raw(b, " ");
		html_txt(b, json_string_value(json_object_get(row, "record_id")));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
	page_pager(rq, "", page, PER_PAGE, total);
	page_end(rq);
	json_decref(rows);
	return VG_OK;
}
