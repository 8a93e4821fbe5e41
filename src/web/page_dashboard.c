/* The dashboard: how many records of each type, the latest changes and the
 * size of the review queue. The anonymous reader is sent to the list of
 * people instead. */
#include <stdio.h>
#include <string.h>

#include "store/records.h"
#include "web/page.h"
#include "web/pages.h"

static void write_counts(struct web_req *rq)
{
	const struct record_type *const *t;
	struct buf *b = web_out(rq);
	struct records_query q;
	struct vg_error err;
	json_t *items;
	size_t total;

	html_raw(b, "<section><h2>Records</h2><table class=\"counts\">"
		    "<thead><tr><th scope=\"col\">Type</th>"
		    "<th scope=\"col\">Count</th></tr></thead><tbody>");
	for (t = model_types(); t && *t; t++) {
		if (!web_allows(rq, *t, ACTION_READ))
			continue;
		memset(&q, 0, sizeof(q));
		q.limit = 1;
		vg_error_clear(&err);
		items = NULL;
		if (page_list_visible(rq, (*t)->name, &q, &items, &total,
				 &err) != VG_OK)
			total = 0;
		json_decref(items);
		html_raw(b, "<tr><td>");
		html_link(b, "/records/", (*t)->name, (*t)->plural);
		html_rawf(b, "</td><td>%zu</td></tr>", total);
	}
	html_raw(b, "</tbody></table></section>");
}

/* The newest revisions, each shown only if the reader may see the record
 * as it is now. */
static void write_latest(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	store_stmt *st = NULL;
	int shown = 0;

	html_raw(b, "<section><h2>Latest changes</h2>");
	if (store_prepare(web_db(rq),
			  "SELECT record_type, record_id, at, action FROM "
			  "revision ORDER BY id DESC LIMIT 40",
			  &st) != STORE_OK) {
		html_raw(b, "<p>No changes recorded.</p></section>");
		return;
	}
	html_raw(b, "<ul class=\"changes\">");
	while (shown < 10 && store_step(st) == STORE_ROW) {
		const char *type = store_column_text(st, 0);
		const char *id = store_column_text(st, 1);
		const struct record_type *t = type ? model_type(type) : NULL;
		struct vg_error err;
		json_t *rec = NULL, *vis;
		char href[96];

		vg_error_clear(&err);
		if (!t || !id || !web_allows(rq, t, ACTION_READ) ||
		    records_get(web_db(rq), type, id, &rec, &err) != VG_OK)
			continue;
		vis = access_redact(web_role(rq), t, rec);
		json_decref(rec);
		if (!vis)
			continue;
		json_decref(vis);
		snprintf(href, sizeof(href), "/records/%s/", type);
		html_raw(b, "<li>");
		html_txt(b, store_column_text(st, 2));
		html_raw(b, " — ");
		html_txt(b, store_column_text(st, 3));
		html_raw(b, " ");
		html_link(b, href, id, id);
		html_raw(b, "</li>");
		shown++;
	}
	store_finalize(st);
	html_raw(b, "</ul>");
	if (!shown)
		html_raw(b, "<p>No changes recorded.</p>");
	html_raw(b, "</section>");
}

static void write_review(struct web_req *rq)
{
	int64_t n = 0;

	if (!web_allows(rq, model_type("person"), ACTION_REVIEW))
		return;
	if (store_query_int(web_db(rq),
			    "SELECT count(*) FROM review_item WHERE "
			    "status = 'open'",
			    &n) != STORE_ROW)
		n = 0;
	html_rawf(web_out(rq),
		  "<section><h2>Review queue</h2><p><a href=\"/review\">"
		  "%lld item%s waiting for review</a></p></section>",
		  (long long)n, n == 1 ? "" : "s");
}

void page_dashboard(struct web_req *rq)
{
	struct buf *b = web_out(rq);

	if (web_public_only(rq) || web_role(rq) == ROLE_PUBLIC) {
		web_redirect(rq, web_public_only(rq) ? "/people" : "/login");
		return;
	}
	page_begin(rq, "Dashboard");
	html_raw(b, "<h1>Dashboard</h1><div class=\"cards\">");
	write_counts(rq);
	write_review(rq);
	write_latest(rq);
	html_raw(b, "</div>");
	page_end(rq);
}
