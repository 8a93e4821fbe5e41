/* The dashboard: how many records of each type, the latest changes and the
 * size of the review queue. The anonymous reader is sent to the list of
 * people instead. */
#include <stdio.h>
#include <string.h>

#include "store/records.h"
#include "store/review.h"
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
		html_raw(b, "<tr><td>");
		html_link(b, "/records/", (*t)->name, (*t)->plural);
		if (page_list_visible(rq, (*t)->name, &q, &items, &total,
				 &err) == VG_OK)
			html_rawf(b, "</td><td>%zu</td></tr>", total);
		else
			html_raw(b, "</td><td class=\"error\">could not be "
				    "counted</td></tr>");
		json_decref(items);
	}
	html_raw(b, "</tbody></table></section>");
}

/* The newest changes to records the reader may see (the store decides). */
static void write_latest(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	struct vg_error err;
	json_t *changes = NULL, *c;
	size_t i;

	html_raw(b, "<section><h2>Latest changes</h2>");
	vg_error_clear(&err);
	if (records_latest_changes(web_db(rq), web_who(rq), 10, &changes,
				   &err) != VG_OK) {
		html_raw(b, "<p class=\"error\">The latest changes could not be "
			    "read.</p></section>");
		return;
	}
	if (json_array_size(changes))
		html_raw(b, "<ul class=\"changes\">");
	json_array_foreach(changes, i, c) {
		const char *type = json_string_value(json_object_get(c, "type"));
		const char *id = json_string_value(json_object_get(c, "id"));

		html_raw(b, "<li>");
		html_txt(b, json_string_value(json_object_get(c, "at")));
		html_raw(b, " — ");
		html_txt(b, json_string_value(json_object_get(c, "action")));
		html_raw(b, " ");
		page_record_link(b, type, id, id);
		html_raw(b, "</li>");
	}
	if (json_array_size(changes))
		html_raw(b, "</ul>");
	else
		html_raw(b, "<p>No changes recorded.</p>");
	html_raw(b, "</section>");
	json_decref(changes);
}

static void write_review(struct web_req *rq)
{
	struct vg_error err;
	json_t *items = NULL;
	size_t n = 0;

	if (!web_allows(rq, model_type("person"), ACTION_REVIEW))
		return;
	vg_error_clear(&err);
	/* Only the items whose source the reviewer may see are counted. */
	if (review_list(web_db(rq), web_who(rq), "open", 0, 1, &items, &n,
			&err) != VG_OK) {
		html_raw(web_out(rq), "<section><h2>Review queue</h2><p "
			 "class=\"error\">The review queue could not be read."
			 "</p></section>");
		return;
	}
	json_decref(items);
	html_rawf(web_out(rq),
		  "<section><h2>Review queue</h2><p><a href=\"/review\">"
		  "%zu item%s waiting for review</a></p></section>",
		  n, n == 1 ? "" : "s");
}

vg_status page_dashboard(struct web_req *rq)
{
	struct buf *b = web_out(rq);

	if (web_public_only(rq) || web_role(rq) == ROLE_PUBLIC) {
		web_redirect(rq, web_public_only(rq) ? "/people" : "/login");
		return VG_OK;
	}
	page_begin(rq, "Dashboard");
	html_raw(b, "<h1>Dashboard</h1><div class=\"cards\">");
	write_counts(rq);
	write_review(rq);
	write_latest(rq);
	html_raw(b, "</div>");
	page_end(rq);
	return VG_OK;
}
