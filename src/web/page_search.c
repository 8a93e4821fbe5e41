/* Search across names (any script, through the name index) and the full
 * text of every record type the role may read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/records.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/web_names.h"

#define NAME_HITS 32

static void write_name_hits(struct web_req *rq, const char *q)
{
	struct names_hit *hits = calloc(NAME_HITS, sizeof(*hits));
	const struct record_type *t = model_type("person");
	struct buf *b = web_out(rq);
	json_t *ids = json_array(), *filter = json_object(), *items = NULL;
	json_t *found = json_object(), *r;
	struct records_query rq_q;
	struct vg_error err;
	size_t n, i, total, shown = 0;

	n = hits ? web_names_find(web_db(rq), q, hits, NAME_HITS) : 0;
	for (i = 0; i < n; i++)
		json_array_append_new(ids, json_string(hits[i].id));
	json_object_set_new(filter, "id", ids);
	memset(&rq_q, 0, sizeof(rq_q));
	rq_q.filter = filter;
	rq_q.limit = NAME_HITS;
	vg_error_clear(&err);
	if (n && web_allows(rq, t, ACTION_READ) &&
	    page_list_visible(rq, "person", &rq_q, &items, &total, &err) ==
		    VG_OK)
		json_array_foreach(items, i, r)
			json_object_set(found, json_string_value(
				json_object_get(r, "id")), r);
	html_raw(b, "<section><h2>People by name</h2><ol>");
	for (i = 0; i < n; i++) {
		json_t *rec = json_object_get(found, hits[i].id), *vis;

		if (!rec)
			continue;
		vis = json_incref(rec); /* redacted by the store */
		if (!vis)
			continue;
		html_raw(b, "<li>");
		page_record_link(b, "person", hits[i].id, page_person_name(vis));
		html_raw(b, " <span class=\"muted\">matched “");
		html_user_text(b, hits[i].name);
		html_rawf(b, "”, score %.2f</span></li>", hits[i].score);
		json_decref(vis);
		shown++;
	}
	html_raw(b, "</ol>");
	if (!shown)
		html_raw(b, "<p class=\"muted\">No name matches.</p>");
	html_raw(b, "</section>");
	json_decref(found);
	json_decref(items);
	json_decref(filter);
	free(hits);
}

static void write_text_hits(struct web_req *rq, const struct record_type *t,
			    const char *q)
{
	struct buf *b = web_out(rq);
	json_t *filter = json_object(), *items = NULL, *r, *vis;
	struct records_query rq_q;
	struct vg_error err;
	size_t total = 0, i;

	memset(&rq_q, 0, sizeof(rq_q));
	rq_q.filter = filter;
	rq_q.text = q;
	rq_q.limit = 10;
	vg_error_clear(&err);
	if (page_list_visible(rq, t->name, &rq_q, &items, &total, &err) !=
		    VG_OK || total == 0)
		goto out;
	html_raw(b, "<h3>");
	html_txt(b, t->plural);
	html_rawf(b, " (%zu)</h3><ul>", total);
	json_array_foreach(items, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));

		vis = json_incref(r); /* redacted by the store */
		if (!vis)
			continue;
		html_raw(b, "<li>");
		page_record_link(b, t->name, id, page_record_title(t, vis));
		html_raw(b, "</li>");
		json_decref(vis);
	}
	html_raw(b, "</ul>");
	if (total > 10) {
		html_raw(b, "<p><a href=\"/records/");
		html_url_arg(b, t->name);
		html_raw(b, "?text=");
		html_url_arg(b, q);
		html_raw(b, "\">All of them</a></p>");
	}
out:
	json_decref(items);
	json_decref(filter);
}

vg_status page_search(struct web_req *rq)
{
	const char *q = web_query(rq, "q");
	const struct record_type *const *t;
	struct buf *b = web_out(rq);

	page_begin(rq, "Search");
	html_raw(b, "<h1>Search</h1><form method=\"get\" action=\"/search\">"
		    "<p><label for=\"q\">A name in any script, or words</label>"
		    "<input id=\"q\" name=\"q\" type=\"search\" dir=\"auto\" value=\"");
	html_attr(b, q);
	html_raw(b, "\"> <button type=\"submit\">Search</button></p></form>");
	if (q && *q) {
		write_name_hits(rq, q);
		html_raw(b, "<section><h2>Records with these words</h2>");
		for (t = model_types(); t && *t; t++)
			if (web_allows(rq, *t, ACTION_READ))
				write_text_hits(rq, *t, q);
		html_raw(b, "</section>");
	}
	page_end(rq);
	return VG_OK;
}
