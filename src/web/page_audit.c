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

void page_audit(struct web_req *rq)
{
	const char *pg = web_query(rq, "page");
	struct buf *b = web_out(rq);
	store_stmt *st = NULL;
	int64_t total = 0;
	size_t page = pg ? (size_t)strtoul(pg, NULL, 10) : 1;
	int col;

	if (!web_allows(rq, NULL, ACTION_ADMIN)) {
		web_error(rq, 403, "only admins read the audit log");
		return;
	}
	if (page < 1 || page > 1000000)
		page = 1;
	if (store_query_int(web_db(rq), "SELECT count(*) FROM audit_log",
			    &total) != STORE_ROW)
		total = 0;
	page_begin(rq, "Audit log");
	html_raw(b, "<h1>Audit log</h1>");
	write_chain_state(rq);
	html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">#</th>"
		    "<th scope=\"col\">When</th><th scope=\"col\">Who</th>"
		    "<th scope=\"col\">What</th><th scope=\"col\">Record</th>"
		    "</tr></thead><tbody>");
	if (store_prepare(web_db(rq),
			  "SELECT seq, at, actor, action, record_type, record_id "
			  "FROM audit_log ORDER BY seq DESC LIMIT $1 OFFSET $2",
			  &st) == STORE_OK) {
		store_bind_int(st, 1, PER_PAGE);
		store_bind_int(st, 2, (int64_t)((page - 1) * PER_PAGE));
		while (store_step(st) == STORE_ROW) {
			html_rawf(b, "<tr><td>%lld</td>",
				  (long long)store_column_int(st, 0));
			for (col = 1; col <= 3; col++) {
				html_raw(b, "<td>");
				html_user_text(b, store_column_text(st, col));
				html_raw(b, "</td>");
			}
			html_raw(b, "<td>");
			html_txt(b, store_column_text(st, 4));
			html_raw(b, " ");
			html_txt(b, store_column_text(st, 5));
			html_raw(b, "</td></tr>");
		}
		store_finalize(st);
	}
	html_raw(b, "</tbody></table>");
	page_pager(rq, "", page, PER_PAGE, (size_t)total);
	page_end(rq);
}
