/* One person: every name with its script, the acts as a timeline with
 * dates as precise as they are known, relations, sources with the passages
 * cited, interventions and the revision history. Each related record is
 * shown only if the role may see it, redacted for the role. */
#include <stdio.h>
#include <string.h>

#include "store/records.h"
#include "web/page.h"
#include "web/pages.h"

/* The visible records of type matching filter, redacted, in order; NULL
 * when the store could not list them. */
static json_t *related(struct web_req *rq, const char *type, json_t *filter,
		       const char *order)
{
	const struct record_type *t = model_type(type);
	json_t *items = NULL, *out = json_array();
	struct records_query q;
	struct vg_error err;

	if (!t || !web_allows(rq, t, ACTION_READ)) {
		json_decref(filter);
		return out;
	}
	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.order = order;
	q.limit = 500;
	vg_error_clear(&err);
	/* No total is shown, so none is counted (a count visits every
	 * match). */
	if (records_list(web_db(rq), web_who(rq), type, &q, &items, NULL,
			 &err) == VG_OK)
		json_array_extend(out, items);
	else {
		json_decref(out);
		out = NULL;
	}
	json_decref(items);
	json_decref(filter);
	return out;
}

static void write_names(struct web_req *rq, const json_t *p)
{
	struct buf *b = web_out(rq);
	json_t *n;
	size_t i;

	html_raw(b, "<section><h2>Names</h2><ul class=\"names\">");
	json_array_foreach(json_object_get(p, "names"), i, n) {
		html_raw(b, "<li><span class=\"name\">");
		html_user_text(b, json_string_value(json_object_get(n, "name")));
		html_raw(b, "</span> <span class=\"script\">");
		html_txt(b, json_string_value(json_object_get(n, "script")));
		if (json_string_value(json_object_get(n, "kind"))) {
			html_raw(b, " · ");
			html_txt(b, json_string_value(json_object_get(n, "kind")));
		}
		html_raw(b, "</span></li>");
	}
	html_raw(b, "</ul></section>");
}

static void write_acts(struct web_req *rq, const json_t *acts)
{
	struct buf *b = web_out(rq);
	json_t *a;
	size_t i;

	html_raw(b, "<section><h2>What was done</h2>");
	if (!json_array_size(acts))
		html_raw(b, "<p class=\"muted\">No acts recorded.</p>");
	html_raw(b, "<ol class=\"timeline\">");
	json_array_foreach(acts, i, a) {
		const char *start = json_string_value(json_object_get(a, "start_date"));
		const char *end = json_string_value(json_object_get(a, "end_date"));

		html_raw(b, "<li><span class=\"when\">");
		html_txt(b, start ? start : "date unknown");
		if (end) {
			html_raw(b, " – ");
			html_txt(b, end);
		}
		html_raw(b, "</span>: ");
		page_record_link(b, "act", json_string_value(json_object_get(a, "id")),
				 page_term_label("act_type", json_string_value(
					json_object_get(a, "type"))));
		if (json_string_value(json_object_get(a, "place"))) {
			html_raw(b, " at ");
			page_ref(rq, "place",
				 json_string_value(json_object_get(a, "place")));
		}
		if (json_string_value(json_object_get(a, "responsible"))) {
			html_raw(b, " by ");
			html_txt(b, json_string_value(json_object_get(a, "responsible")));
		}
		if (json_string_value(json_object_get(a, "sentence_term"))) {
			html_raw(b, "; sentence: ");
			html_txt(b, json_string_value(json_object_get(a, "sentence_term")));
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol></section>");
}

static vg_status write_relations(struct web_req *rq, const char *id)
{
	struct buf *b = web_out(rq);
	json_t *out = related(rq, "relation", json_pack("{s:s}", "person", id),
			      NULL);
	json_t *in = related(rq, "relation", json_pack("{s:s}", "other", id),
			     NULL);
	json_t *r;
	size_t i;
	vg_status s = out && in ? VG_OK : VG_EIO;

	if (s != VG_OK || (!json_array_size(out) && !json_array_size(in)))
		goto done;
	html_raw(b, "<section><h2>Relations</h2><ul>");
	json_array_foreach(out, i, r) {
		const char *other = json_string_value(json_object_get(r, "other"));

		html_raw(b, "<li>");
		html_txt(b, page_term_label("relation_type",
			json_string_value(json_object_get(r, "type"))));
		html_raw(b, " ");
		page_ref(rq, "person", other);
		html_raw(b, "</li>");
	}
	json_array_foreach(in, i, r) {
		const char *p = json_string_value(json_object_get(r, "person"));

		html_raw(b, "<li>");
		page_ref(rq, "person", p);
		html_raw(b, " is ");
		html_txt(b, page_term_label("relation_type",
			json_string_value(json_object_get(r, "type"))));
		html_raw(b, " this person</li>");
	}
	html_raw(b, "</ul></section>");
done:
	json_decref(out);
	json_decref(in);
	return s;
}

static void write_cited(struct web_req *rq, const json_t *cites)
{
	struct buf *b = web_out(rq);
	json_t *c;
	size_t i;

	json_array_foreach(cites, i, c) {
		const char *src = json_string_value(json_object_get(c, "source"));
		const char *field = json_string_value(json_object_get(c, "field"));
		const char *type = json_string_value(json_object_get(c,
							"record_type"));

		html_raw(b, "<figure><blockquote>");
		html_txt(b, json_string_value(json_object_get(c, "quote")));
		html_raw(b, "</blockquote><figcaption>");
		page_ref(rq, "source", src);
		if (type && !strcmp(type, "act")) {
			html_raw(b, " — for the act ");
			html_txt(b, json_string_value(json_object_get(c,
							"record_id")));
		}
		if (field) {
			html_raw(b, " — for ");
			html_txt(b, field);
		}
		html_raw(b, "</figcaption></figure>");
	}
}

/* The passages cited for the person and for each of their acts. */
static vg_status write_citations(struct web_req *rq, const char *id,
				 const json_t *acts)
{
	struct buf *b = web_out(rq);
	json_t *cites, *ids, *a;
	size_t i, shown;

	html_raw(b, "<section><h2>Sources</h2>");
	cites = related(rq, "citation", json_pack("{s:s,s:s}", "record_type",
						  "person", "record_id", id),
			NULL);
	if (!cites)
		return VG_EIO;
	write_cited(rq, cites);
	shown = json_array_size(cites);
	json_decref(cites);
	ids = json_array();
	json_array_foreach(acts, i, a) {
		json_array_append(ids, json_object_get(a, "id"));
		if (json_array_size(ids) < 32 && i + 1 < json_array_size(acts))
			continue;
		cites = related(rq, "citation", json_pack("{s:s,s:O}",
			"record_type", "act", "record_id", ids), NULL);
		if (!cites) {
			json_decref(ids);
			return VG_EIO;
		}
		write_cited(rq, cites);
		shown += json_array_size(cites);
		json_decref(cites);
		json_array_clear(ids);
	}
	json_decref(ids);
	if (!shown)
		html_raw(b, "<p class=\"muted\">No passages cited.</p>");
	html_raw(b, "</section>");
	return VG_OK;
}

static int names_victim(const json_t *iv, const char *id)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(iv, "victims"), i, v) {
		const char *p = json_string_value(json_object_get(v, "person"));

		if (p && !strcmp(p, id))
			return 1;
	}
	return 0;
}

/* The visible interventions naming the person, in date order. */
static json_t *person_interventions(struct web_req *rq, const char *id)
{
	return related(rq, "intervention",
		       json_pack("{s:s}", "victims.person", id), "date");
}

static vg_status write_interventions(struct web_req *rq, const char *id)
{
	struct buf *b = web_out(rq);
	json_t *all = person_interventions(rq, id), *iv;
	size_t i;
	int shown = 0;

	if (!all)
		return VG_EIO;
	json_array_foreach(all, i, iv) {
		if (!names_victim(iv, id))
			continue;
		if (!shown++)
			html_raw(b, "<section><h2>Appeals and answers</h2><ul>");
		html_raw(b, "<li>");
		html_txt(b, json_string_value(json_object_get(iv, "date")));
		html_raw(b, " ");
		page_record_link(b, "intervention",
				 json_string_value(json_object_get(iv, "id")),
				 page_term_label("intervention_type",
					json_string_value(json_object_get(iv, "kind"))));
		if (json_string_value(json_object_get(iv, "addressee"))) {
			html_raw(b, " to ");
			html_txt(b, json_string_value(json_object_get(iv, "addressee")));
		}
		if (json_string_value(json_object_get(iv, "response"))) {
			html_raw(b, " — answer: ");
			html_txt(b, page_term_label("response_type",
				json_string_value(json_object_get(iv, "response"))));
		}
		html_raw(b, "</li>");
	}
	if (shown)
		html_raw(b, "</ul></section>");
	json_decref(all);
	return VG_OK;
}

/* Who changed the record and when; the content of past versions is not
 * shown here, since it may hold fields the reader may not see. */
static vg_status write_history(struct web_req *rq, const char *id)
{
	struct buf *b = web_out(rq);
	struct vg_error err;
	json_t *hist = NULL, *h;
	vg_status s;
	size_t i;

	if (web_role(rq) < ROLE_VIEWER)
		return VG_OK;
	vg_error_clear(&err);
	s = records_history(web_db(rq), web_who(rq), "person", id, &hist, &err);
	if (s != VG_OK)
		return s;
	html_raw(b, "<section><h2>History</h2><ul class=\"history\">");
	json_array_foreach(hist, i, h) {
		char at[64];

		html_raw(b, "<li>");
		html_txt(b, page_json_text(json_object_get(h, "at"), at, sizeof(at)));
		html_raw(b, " — ");
		html_txt(b, json_string_value(json_object_get(h, "action")));
		html_raw(b, " by ");
		html_txt(b, json_string_value(json_object_get(h, "by")));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></section>");
	json_decref(hist);
	return VG_OK;
}

vg_status page_person_show(struct web_req *rq)
{
	const struct record_type *t = model_type("person");
	const char *id = web_param(rq, "id");
	struct buf *b = web_out(rq);
	json_t *p = page_record_visible(rq, t, id), *acts;
	const char *name;
	vg_status s = VG_OK;

	if (!p)
		return VG_OK;
	id = json_string_value(json_object_get(p, "id"));
	name = page_person_name(p);
	page_begin(rq, name ? name : "Person");
	html_raw(b, "<article class=\"person\"><h1>");
	html_user_text(b, name);
	html_raw(b, "</h1><p class=\"muted\">");
	html_txt(b, id);
	html_raw(b, " <span class=\"level level-");
	html_attr(b, json_string_value(json_object_get(p, "level")));
	html_raw(b, "\">");
	html_txt(b, json_string_value(json_object_get(p, "level")));
	html_raw(b, "</span>");
	if (json_is_true(json_object_get(p, "pending")))
		html_raw(b, " <span class=\"level\">waiting for review</span>");
	html_raw(b, "</p>");
	if (web_allows(rq, t, ACTION_UPDATE)) {
		html_raw(b, "<p class=\"actions\"><a href=\"/records/person/");
		html_url_arg(b, id);
		html_raw(b, "/edit\">Edit</a> · <a href=\"/records/act/new?victim=");
		html_url_arg(b, id);
		html_raw(b, "\">Add an act</a></p>");
	}
	write_names(rq, p);
	html_raw(b, "<section><h2>Details</h2>");
	page_fields_dl(rq, t, p);
	html_raw(b, "</section>");
	acts = related(rq, "act", json_pack("{s:s}", "victim", id),
		       "start_date");
	if (!acts)
		s = VG_EIO;
	if (s == VG_OK)
		write_acts(rq, acts);
	if (s == VG_OK)
		s = write_relations(rq, id);
	if (s == VG_OK)
		s = write_citations(rq, id, acts);
	json_decref(acts);
	if (s == VG_OK)
		s = write_interventions(rq, id);
	if (s == VG_OK)
		s = write_history(rq, id);
	html_raw(b, "</article>");
	page_end(rq);
	json_decref(p);
	/* A section that could not be read fails the whole page. */
	return s;
}
