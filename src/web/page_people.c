/* The list of people: name search in any script (the name index), full
 * text, filters with facet counts, paging. Only what the role may see is
 * listed, counted or filterable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/thesaurus.h"
#include "store/records.h"
#include "web/facet_cache.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/web_names.h"

#define PER_PAGE 50
#define MAX_CANDIDATES 1000
#define CHUNK 32

/* The person fields a list may be filtered by, with their query name. */
static const char *const filter_fields[] = {
	"status", "sex", "ethnicity", "occupation", "evidence_grade",
	"home_place", NULL
};

static const char *const list_params[] = {
	"q", "text", "status", "sex", "ethnicity", "occupation",
	"evidence_grade", "home_place", "act_type", "year", NULL
};

static int field_visible(struct web_req *rq, const char *name)
{
	const struct field_def *f = model_field(model_type("person"), name);

	return f && access_sees_level(web_role(rq), f->level);
}

/* The query string of this list with key set to value (NULL drops it). */
static void list_query(struct web_req *rq, struct buf *b, const char *key,
		       const char *value)
{
	size_t i;
	int first = 1;

	for (i = 0; list_params[i]; i++) {
		const char *v = web_query(rq, list_params[i]);

		if (key && !strcmp(key, list_params[i]))
			v = value;
		if (!v || !*v)
			continue;
		if (!first)
			(void)buf_addc(b, '&');
		first = 0;
		(void)buf_adds(b, list_params[i]);
		(void)buf_addc(b, '=');
		html_url_arg(b, v);
	}
}

static json_t *base_filter(struct web_req *rq)
{
	json_t *f = json_object();
	size_t i;

	for (i = 0; filter_fields[i]; i++) {
		const char *v = web_query(rq, filter_fields[i]);

		if (v && *v && field_visible(rq, filter_fields[i]))
			json_object_set_new(f, filter_fields[i], json_string(v));
	}
	return f;
}

static void add_unique(json_t *ids, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v)
		if (!strcmp(json_string_value(v), id))
			return;
	json_array_append_new(ids, json_string(id));
}

/* Victims of the visible acts matching act_type and year, or NULL when
 * neither is asked for. */
static json_t *act_victims(struct web_req *rq)
{
	const char *type = web_query(rq, "act_type");
	const char *year = web_query(rq, "year");
	struct records_query q;
	struct vg_error err;
	json_t *filter, *items = NULL, *ids, *a;
	char range[32];
	size_t total, i;

	if ((!type || !*type) && (!year || !*year))
		return NULL;
	ids = json_array();
	filter = json_object();
	if (type && *type)
		json_object_set_new(filter, "type", json_string(type));
	if (year && *year) {
		snprintf(range, sizeof(range), "%.8s..%.8s", year, year);
		json_object_set_new(filter, "start_date", json_string(range));
	}
	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.limit = MAX_CANDIDATES;
	vg_error_clear(&err);
	if (page_list_visible(rq, "act", &q, &items, &total, &err) == VG_OK)
		json_array_foreach(items, i, a)
			if (json_string_value(json_object_get(a, "victim")))
				add_unique(ids, json_string_value(
						   json_object_get(a, "victim")));
	json_decref(items);
	json_decref(filter);
	return ids;
}

static int in_ids(const json_t *ids, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v)
		if (!strcmp(json_string_value(v), id))
			return 1;
	return 0;
}

/* Candidates from the name index, narrowed to the act victims if any. */
static json_t *candidates(struct web_req *rq, const char *name_q,
			  json_t *victims)
{
	struct names_hit *hits;
	json_t *ids;
	size_t n, i;

	if (!name_q || !*name_q)
		return victims ? json_deep_copy(victims) : json_array();
	ids = json_array();
	hits = calloc(200, sizeof(*hits));
	if (!hits)
		return ids;
	n = web_names_find(web_db(rq), name_q, hits, 200);
	for (i = 0; i < n; i++)
		if (!victims || in_ids(victims, hits[i].id))
			add_unique(ids, hits[i].id);
	free(hits);
	return ids;
}

/* Runs the person filter over the candidate ids, 32 at a time, keeping the
 * candidates' order. */
static json_t *filter_candidates(struct web_req *rq, const json_t *ids,
				 const json_t *filter, const char *text)
{
	json_t *found = json_object(), *out = json_array(), *chunk, *f;
	json_t *items, *rec, *v;
	struct records_query q;
	struct vg_error err;
	size_t i, j, total;

	for (i = 0; i < json_array_size(ids) && i < MAX_CANDIDATES; i += CHUNK) {
		chunk = json_array();
		for (j = i; j < i + CHUNK && j < json_array_size(ids); j++)
			json_array_append(chunk, json_array_get(ids, j));
		f = json_deep_copy(filter);
		json_object_set_new(f, "id", chunk);
		memset(&q, 0, sizeof(q));
		q.filter = f;
		q.text = text;
		q.limit = CHUNK;
		items = NULL;
		vg_error_clear(&err);
		if (page_list_visible(rq, "person", &q, &items, &total,
				 &err) == VG_OK)
			json_array_foreach(items, j, rec)
				json_object_set(found, json_string_value(
					json_object_get(rec, "id")), rec);
		json_decref(items);
		json_decref(f);
	}
	json_array_foreach(ids, i, v) {
		rec = json_object_get(found, json_string_value(v));
		if (rec)
			json_array_append(out, rec);
	}
	json_decref(found);
	return out;
}

static void write_row(struct web_req *rq, const json_t *rec)
{
	const struct record_type *t = model_type("person");
	struct buf *b = web_out(rq);
	const json_t *vis = rec, *n;
	const char *id;
	size_t i;

	id = json_string_value(json_object_get(vis, "id"));
	html_raw(b, "<tr><td>");
	page_record_link(b, "person", id, page_person_name(vis));
	html_raw(b, "<br><span class=\"muted\">");
	json_array_foreach(json_object_get(vis, "names"), i, n) {
		if (i == 0 || i > 4)
			continue;
		if (i > 1)
			html_raw(b, " · ");
		html_user_text(b, json_string_value(json_object_get(n, "name")));
	}
	html_raw(b, "</span></td><td>");
	page_field_value(b, model_field(t, "status"),
			 json_object_get(vis, "status"));
	html_raw(b, "</td><td>");
	html_txt(b, json_string_value(json_object_get(vis, "sex")));
	html_raw(b, "</td><td>");
	html_txt(b, json_string_value(json_object_get(vis, "ethnicity")));
	html_raw(b, "</td><td>");
	html_txt(b, json_string_value(json_object_get(vis, "occupation")));
	html_raw(b, "</td></tr>");
}

/* The facets a list offers, counted in one pass. */
static const char *const facet_dims[] = { "status", "sex", "evidence_grade" };
#define NDIMS 3

/* Counts for every facet in one grouped query over the people the other
 * filters leave (the facet's own filter aside, so that each value's count
 * is what choosing it would show). Words and the name and act filters are
 * not applied: facets say where to narrow down next, and for the public a
 * count by words could tell what hidden fields hold. The query reads only
 * the person table, with values bound; one pass instead of one count per
 * value. Returns {"status": {"detained": 12, ...}, ...}. */
static json_t *facet_counts(struct web_req *rq)
{
	static const char *const others[] = { "ethnicity", "occupation",
					      "home_place", NULL };
	json_t *out = json_object(), *filter = json_object(), *rows, *row;
	const char *dims[NDIMS], *want[NDIMS];
	struct facet_query fq;
	size_t i, d, r, nd = 0;

	for (i = 0; others[i]; i++) {
		const char *v = web_query(rq, others[i]);

		if (v && *v && field_visible(rq, others[i]))
			json_object_set_new(filter, others[i], json_string(v));
	}
	/* Only the fields the reader may see are counted by. */
	for (d = 0; d < NDIMS; d++) {
		json_object_set_new(out, facet_dims[d], json_object());
		if (!field_visible(rq, facet_dims[d]))
			continue;
		want[nd] = web_query(rq, facet_dims[d]);
		if (want[nd] && !*want[nd])
			want[nd] = NULL;
		dims[nd++] = facet_dims[d];
	}
	fq.who = web_who(rq);
	fq.type = "person";
	fq.dims = dims;
	fq.ndims = nd;
	fq.filter = filter;
	/* The store counts what the reader may see; the rows come from this
	 * thread's cache while the casebook is unchanged (facet_cache.h). */
	rows = nd ? facet_rows(web_db(rq), &fq) : json_array();
	if (!rows) {
		json_decref(out);
		out = NULL;
	}
	json_array_foreach(rows, r, row) {
		const char *val[NDIMS];
		json_int_t n = json_integer_value(json_array_get(row, nd));

		for (d = 0; d < nd; d++)
			val[d] = json_string_value(json_array_get(row, d));
		for (d = 0; d < nd; d++) {
			json_t *dim = json_object_get(out, dims[d]);
			size_t o;
			int keep = 1;

			for (o = 0; o < nd; o++)
				if (o != d && want[o] && strcmp(want[o], val[o]))
					keep = 0;
			if (!keep || !*val[d])
				continue;
			json_object_set_new(dim, val[d], json_integer(
				json_integer_value(json_object_get(dim, val[d])) + n));
		}
	}
	json_decref(rows);
	json_decref(filter);
	return out;
}

static void facet_item(struct web_req *rq, const json_t *counts,
		       const char *key, const char *code, const char *label)
{
	struct buf *b = web_out(rq);
	size_t n = (size_t)json_integer_value(json_object_get(
		json_object_get(counts, key), code));
	const char *cur = web_query(rq, key);

	if (n == 0)
		return;
	html_raw(b, "<li><a href=\"/people?");
	list_query(rq, b, key, code);
	html_raw(b, "\"");
	if (cur && !strcmp(cur, code))
		html_raw(b, " aria-current=\"true\"");
	html_raw(b, ">");
	html_txt(b, label);
	html_rawf(b, "</a> (%zu)</li>", n);
}

static void write_facets(struct web_req *rq)
{
	const struct record_type *t = model_type("person");
	struct buf *b = web_out(rq);
	const char *keys[] = { "sex", "evidence_grade", NULL };
	const struct term *terms;
	json_t *counts = facet_counts(rq);
	size_t n = 0, i, k;

	if (!counts) {
		html_raw(b, "<aside class=\"facets\" aria-label=\"Filters\">"
			    "<p class=\"error\">The counts could not be read."
			    "</p></aside>");
		return;
	}
	html_raw(b, "<aside class=\"facets\" aria-label=\"Filters\">"
		    "<h2>Narrow down</h2><h3>Status</h3><ul>");
	terms = thesaurus_terms("victim_status", &n);
	for (i = 0; terms && i < n; i++)
		facet_item(rq, counts, "status", terms[i].code, terms[i].label);
	html_raw(b, "</ul>");
	for (k = 0; keys[k]; k++) {
		const struct field_def *f = model_field(t, keys[k]);
		const char *const *c;

		if (!f || !f->choices || !field_visible(rq, keys[k]))
			continue;
		html_raw(b, "<h3>");
		html_txt(b, f->label);
		html_raw(b, "</h3><ul>");
		for (c = f->choices; *c; c++)
			facet_item(rq, counts, keys[k], *c, *c);
		html_raw(b, "</ul>");
	}
	html_raw(b, "</aside>");
	json_decref(counts);
}

static void select_options(struct buf *b, const char *vocab,
			   const char *const *choices, const char *cur)
{
	const struct term *terms = NULL;
	size_t n = 0, i;

	html_raw(b, "<option value=\"\">any</option>");
	if (vocab)
		terms = thesaurus_terms(vocab, &n);
	for (i = 0; terms && i < n; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, terms[i].code);
		html_raw(b, cur && !strcmp(cur, terms[i].code) ?
				    "\" selected>" : "\">");
		html_txt(b, terms[i].label);
		html_raw(b, "</option>");
	}
	for (i = 0; choices && choices[i]; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, choices[i]);
		html_raw(b, cur && !strcmp(cur, choices[i]) ?
				    "\" selected>" : "\">");
		html_txt(b, choices[i]);
		html_raw(b, "</option>");
	}
}

static void input_row(struct web_req *rq, const char *name,
		      const char *label, const char *vocab,
		      const char *const *choices)
{
	struct buf *b = web_out(rq);

	html_raw(b, "<p><label for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</label>");
	if (vocab || choices) {
		html_raw(b, "<select id=\"f-");
		html_attr(b, name);
		html_raw(b, "\" name=\"");
		html_attr(b, name);
		html_raw(b, "\">");
		select_options(b, vocab, choices, web_query(rq, name));
		html_raw(b, "</select></p>");
		return;
	}
	html_raw(b, "<input id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, web_query(rq, name));
	html_raw(b, "\"></p>");
}

static void write_filter_form(struct web_req *rq)
{
	const struct record_type *t = model_type("person");
	struct buf *b = web_out(rq);

	html_raw(b, "<form class=\"filters\" method=\"get\" action=\"/people\">");
	input_row(rq, "q", "Name (any script)", NULL, NULL);
	input_row(rq, "text", "Words in the record", NULL, NULL);
	input_row(rq, "status", "Status", "victim_status", NULL);
	input_row(rq, "act_type", "Act", "act_type", NULL);
	input_row(rq, "year", "Year of the act", NULL, NULL);
	input_row(rq, "sex", "Sex", NULL, model_field(t, "sex")->choices);
	input_row(rq, "ethnicity", "Ethnicity", NULL, NULL);
	input_row(rq, "occupation", "Occupation", NULL, NULL);
	input_row(rq, "home_place", "Home place (id)", NULL, NULL);
	if (field_visible(rq, "evidence_grade"))
		input_row(rq, "evidence_grade", "Evidence grade", NULL,
			  model_field(t, "evidence_grade")->choices);
	html_raw(b, "<p><button type=\"submit\">Show</button> "
		    "<a href=\"/people\">Clear</a></p></form>");
}

static size_t page_number(struct web_req *rq)
{
	const char *p = web_query(rq, "page");
	long v = p ? strtol(p, NULL, 10) : 1;

	return v < 1 || v > 100000 ? 1 : (size_t)v;
}

/* Fills *items (a page) and *total for the request's filters; the
 * store's status when it could not list them. */
static vg_status find_people(struct web_req *rq, size_t page, json_t **items,
			     size_t *total)
{
	const char *name_q = web_query(rq, "q"), *text = web_query(rq, "text");
	json_t *filter = base_filter(rq), *victims = act_victims(rq);
	json_t *ids, *all;
	struct records_query q;
	struct vg_error err;
	vg_status s = VG_OK;
	size_t i;

	*items = NULL;
	*total = 0;
	if ((name_q && *name_q) || victims) {
		ids = candidates(rq, name_q, victims);
		all = filter_candidates(rq, ids, filter, text);
		if (json_array_size(all) == 0 && name_q && *name_q && !victims) {
			/* Nothing by name: fall back to the full-text index,
			 * which also holds every name as written. */
			json_decref(all);
			all = NULL;
			text = name_q;
		} else {
			*total = json_array_size(all);
			*items = json_array();
			for (i = (page - 1) * PER_PAGE;
			     i < *total && i < page * PER_PAGE; i++)
				json_array_append(*items, json_array_get(all, i));
		}
		json_decref(all);
		json_decref(ids);
		if (*items)
			goto out;
	}
	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.text = text && *text ? text : NULL;
	q.offset = (page - 1) * PER_PAGE;
	q.limit = PER_PAGE;
	vg_error_clear(&err);
	s = page_list_visible(rq, "person", &q, items, total, &err);
out:
	json_decref(victims);
	json_decref(filter);
	return s;
}

vg_status page_people_list(struct web_req *rq)
{
	struct buf *b = web_out(rq), qs;
	size_t page = page_number(rq), total = 0, i;
	json_t *items = NULL, *rec;
	vg_status s;

	if (!web_allows(rq, model_type("person"), ACTION_READ)) {
		web_error(rq, 404, "no such page");
		return VG_OK;
	}
	s = find_people(rq, page, &items, &total);
	if (s != VG_OK)
		return s;
	page_begin(rq, "People");
	html_raw(b, "<h1>People</h1>");
	if (web_allows(rq, model_type("person"), ACTION_CREATE))
		html_raw(b, "<p class=\"actions\"><a href=\"/records/person/new\">"
			    "Add a person</a></p>");
	html_raw(b, "<div class=\"layout\"><div>");
	write_filter_form(rq);
	write_facets(rq);
	html_raw(b, "</div><section aria-label=\"Results\">");
	html_rawf(b, "<p>%zu %s</p>", total, total == 1 ? "person" : "people");
	html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Name"
		    "</th><th scope=\"col\">Status</th><th scope=\"col\">Sex</th>"
		    "<th scope=\"col\">Ethnicity</th><th scope=\"col\">"
		    "Occupation</th></tr></thead><tbody>");
	json_array_foreach(items, i, rec)
		write_row(rq, rec);
	html_raw(b, "</tbody></table>");
	buf_init(&qs, 4096);
	list_query(rq, &qs, NULL, NULL);
	page_pager(rq, buf_str(&qs), page, PER_PAGE, total);
	buf_free(&qs);
	html_raw(b, "</section></div>");
	page_end(rq);
	json_decref(items);
	return VG_OK;
}
