/* Generic pages for every record type: the index of types, a list, one
 * record, and create / edit / delete through the descriptor-driven form.
 * Every handler asks access.h through web_allows; the store reads and
 * writes as the signed-in person and redacts what it returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/records.h"
#include "web/form.h"
#include "web/page.h"
#include "web/page_form.h"
#include "web/pages.h"

#define PER_PAGE 50

/* The top-level type named by the :type parameter, or NULL after a 404. */
static const struct record_type *route_type(struct web_req *rq)
{
	const char *name = web_param(rq, "type");
	const struct record_type *t = name ? model_type(name) : NULL;

	if (!t || t->child || !web_allows(rq, t, ACTION_READ)) {
		web_error(rq, 404, "no such kind of record");
		return NULL;
	}
	return t;
}

/* The route's type when the role may do a to its records; otherwise NULL,
 * after a 404 (no such type, or not readable) or a 403 page. */
static const struct record_type *route_type_for(struct web_req *rq,
						enum action a)
{
	const struct record_type *t = route_type(rq);
	const char *verb = a == ACTION_CREATE ? "create"
			 : a == ACTION_DELETE ? "delete" : "change";
	char msg[64];

	if (!t || web_allows(rq, t, a))
		return t;
	snprintf(msg, sizeof(msg), "your role may not %s these records", verb);
	web_error(rq, 403, msg);
	return NULL;
}

/* The record named by :id, as the role sees it, when the role may do a to
 * it (caller owns it); otherwise NULL after an error page. */
static json_t *route_record(struct web_req *rq, enum action a,
			    const struct record_type **t)
{
	*t = route_type_for(rq, a);
	if (!*t)
		return NULL;
	return page_record_visible(rq, *t, web_param(rq, "id"));
}

vg_status page_records_index(struct web_req *rq)
{
	const struct record_type *const *t;
	struct buf *b = web_out(rq);

	page_begin(rq, "Records");
	html_raw(b, "<h1>Records</h1><ul>");
	for (t = model_types(); t && *t; t++) {
		if (!web_allows(rq, *t, ACTION_READ))
			continue;
		html_raw(b, "<li>");
		html_link(b, "/records/", (*t)->name, (*t)->plural);
		if (web_allows(rq, *t, ACTION_CREATE)) {
			html_raw(b, " · <a href=\"/records/");
			html_url_arg(b, (*t)->name);
			html_raw(b, "/new\">new</a>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
	page_end(rq);
	return VG_OK;
}

vg_status page_records_list(struct web_req *rq)
{
	const struct record_type *t = route_type(rq);
	const char *text = web_query(rq, "text"), *pg = web_query(rq, "page");
	struct buf *b = web_out(rq), qs;
	json_t *filter, *items = NULL, *r, *vis;
	struct records_query q;
	struct vg_error err;
	size_t total = 0, i, page;
	vg_status s;

	if (!t)
		return VG_OK;
	page = pg ? (size_t)strtoul(pg, NULL, 10) : 1;
	if (page < 1 || page > 100000)
		page = 1;
	filter = json_object();
	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.text = text && *text ? text : NULL;
	q.offset = (page - 1) * PER_PAGE;
	q.limit = PER_PAGE;
	vg_error_clear(&err);
	s = page_list_visible(rq, t->name, &q, &items, &total, &err);
	json_decref(filter);
	if (s != VG_OK)
		return s;
	page_begin(rq, t->plural);
	html_raw(b, "<h1>");
	html_txt(b, t->plural);
	html_raw(b, "</h1><form method=\"get\" action=\"\"><p><label for=\"text\">"
		    "Words</label><input id=\"text\" name=\"text\" value=\"");
	html_attr(b, text);
	html_raw(b, "\"> <button type=\"submit\">Search</button></p></form>");
	if (web_allows(rq, t, ACTION_CREATE)) {
		html_raw(b, "<p class=\"actions\"><a href=\"/records/");
		html_url_arg(b, t->name);
		html_raw(b, "/new\">New</a></p>");
	}
	html_rawf(b, "<p>%zu found</p><table class=\"list\"><thead><tr>"
		     "<th scope=\"col\">Id</th><th scope=\"col\">Record</th>"
		     "<th scope=\"col\">Level</th></tr></thead><tbody>", total);
	json_array_foreach(items, i, r) {
		vis = json_incref(r); /* redacted by the store */
		if (!vis)
			continue;
		html_raw(b, "<tr><td>");
		page_record_link(b, t->name,
				 json_string_value(json_object_get(vis, "id")),
				 NULL);
		html_raw(b, "</td><td>");
		html_user_text(b, page_record_title(t, vis));
		html_raw(b, "</td><td>");
		html_txt(b, json_string_value(json_object_get(vis, "level")));
		html_raw(b, "</td></tr>");
		json_decref(vis);
	}
	html_raw(b, "</tbody></table>");
	buf_init(&qs, 2048);
	if (text && *text) {
		(void)buf_adds(&qs, "text=");
		html_url_arg(&qs, text);
	}
	page_pager(rq, buf_str(&qs), page, PER_PAGE, total);
	buf_free(&qs);
	page_end(rq);
	json_decref(items);
	return VG_OK;
}

static void write_child_lists(struct web_req *rq, const struct record_type *t,
			      const json_t *rec)
{
	struct buf *b = web_out(rq);
	size_t i, k, j;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		const struct record_type *ct;
		json_t *rows = json_object_get(rec, f->name), *row;

		if (f->kind != FIELD_LIST || !json_array_size(rows))
			continue;
		ct = model_type(f->vocab);
		if (!ct)
			continue;
		html_raw(b, "<h2>");
		html_txt(b, f->label);
		html_raw(b, "</h2><table><tbody>");
		json_array_foreach(rows, j, row) {
			html_raw(b, "<tr>");
			for (k = 0; k < ct->nfields; k++) {
				const struct field_def *cf = &ct->fields[k];
				json_t *v = json_object_get(row, cf->name);

				html_raw(b, "<td>");
				if (cf->kind == FIELD_REF && json_is_string(v))
					page_ref(rq, cf->vocab,
						 json_string_value(v));
				else
					page_field_value(b, cf, v);
				html_raw(b, "</td>");
			}
			html_raw(b, "</tr>");
		}
		html_raw(b, "</tbody></table>");
	}
}

static void write_source_citations(struct web_req *rq, const char *id)
{
	const struct record_type *ct = model_type("citation");
	struct buf *b = web_out(rq);
	json_t *filter = json_pack("{s:s}", "source", id), *items = NULL, *c, *v;
	struct records_query q;
	struct vg_error err;
	size_t total, i;

	if (!ct || !web_allows(rq, ct, ACTION_READ)) {
		json_decref(filter);
		return;
	}
	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.limit = 200;
	vg_error_clear(&err);
	if (page_list_visible(rq, "citation", &q, &items, &total, &err) ==
	    VG_OK && json_array_size(items)) {
		html_raw(b, "<h2>Passages cited</h2>");
		json_array_foreach(items, i, c) {
			v = json_incref(c); /* redacted by the store */
			if (!v)
				continue;
			html_raw(b, "<figure><blockquote>");
			html_txt(b, json_string_value(json_object_get(v, "quote")));
			html_raw(b, "</blockquote><figcaption>for ");
			page_ref(rq, json_string_value(json_object_get(v,
							"record_type")),
				 json_string_value(json_object_get(v, "record_id")));
			html_raw(b, "</figcaption></figure>");
			json_decref(v);
		}
	}
	json_decref(items);
	json_decref(filter);
}

vg_status page_records_show(struct web_req *rq)
{
	const struct record_type *t = route_type(rq);
	struct buf *b = web_out(rq);
	const char *id;
	json_t *rec;
	char today[16];
	time_t now = time(NULL);
	struct tm tm;

	if (!t)
		return VG_OK;
	if (!strcmp(t->name, "person")) {
		page_person_show(rq);
		return VG_OK;
	}
	rec = page_record_visible(rq, t, web_param(rq, "id"));
	if (!rec)
		return VG_OK;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	model_derive(t, rec, today);
	id = json_string_value(json_object_get(rec, "id"));
	page_begin(rq, page_record_title(t, rec));
	html_raw(b, "<article><h1>");
	html_user_text(b, page_record_title(t, rec));
	html_raw(b, "</h1><p class=\"muted\">");
	html_txt(b, t->label);
	html_raw(b, " ");
	html_txt(b, id);
	html_raw(b, " · ");
	html_txt(b, json_string_value(json_object_get(rec, "level")));
	html_raw(b, "</p>");
	if (!strcmp(t->name, "campaign") && json_is_integer(json_object_get(rec, "days")))
		html_rawf(b, "<p class=\"flash\">Day %lld of the vigil</p>",
			  (long long)json_integer_value(json_object_get(rec, "days")));
	if (web_allows(rq, t, ACTION_UPDATE) || web_allows(rq, t, ACTION_DELETE)) {
		html_raw(b, "<p class=\"actions\">");
		if (web_allows(rq, t, ACTION_UPDATE)) {
			html_raw(b, "<a href=\"/records/");
			html_url_arg(b, t->name);
			html_raw(b, "/");
			html_url_arg(b, id);
			html_raw(b, "/edit\">Edit</a> ");
		}
		if (web_allows(rq, t, ACTION_DELETE)) {
			html_raw(b, "<a href=\"/records/");
			html_url_arg(b, t->name);
			html_raw(b, "/");
			html_url_arg(b, id);
			html_raw(b, "/delete\">Delete</a>");
		}
		html_raw(b, "</p>");
	}
	page_fields_dl(rq, t, rec);
	write_child_lists(rq, t, rec);
	if (!strcmp(t->name, "source"))
		write_source_citations(rq, id);
	html_raw(b, "</article>");
	page_end(rq);
	json_decref(rec);
	return VG_OK;
}

/* Prefills a new form from the query (/records/act/new?victim=V-000001). */
static json_t *prefill(struct web_req *rq, const struct record_type *t)
{
	json_t *v = json_object();
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const char *q = web_query(rq, t->fields[i].name);

		if (q && *q && t->fields[i].kind != FIELD_LIST)
			json_object_set_new(v, t->fields[i].name, json_string(q));
	}
	return v;
}

vg_status page_records_new(struct web_req *rq)
{
	const struct record_type *t = route_type_for(rq, ACTION_CREATE);
	json_t *values, *errors;

	if (!t)
		return VG_OK;
	values = prefill(rq, t);
	errors = json_object();
	page_record_form(rq, t, NULL, values, errors, NULL);
	json_decref(values);
	json_decref(errors);
	return VG_OK;
}

/* A source's text may come as an uploaded plain-text file. */
static void take_upload(struct web_req *rq, json_t *rec, json_t *errors)
{
	const struct web_upload *up = web_file(rq, "upload");

	if (!up || up->len == 0)
		return;
	if (!form_utf8_ok(up->data, up->len)) {
		json_object_set_new(errors, "full_text", json_string(
			"the uploaded file is not UTF-8 plain text"));
		return;
	}
	if (!json_string_value(json_object_get(rec, "full_text")))
		json_object_set_new(rec, "full_text", json_string(up->data));
}

static void reshow(struct web_req *rq, const struct record_type *t,
		   const char *id, json_t *rec, json_t *errors,
		   const struct vg_error *err)
{
	char msg[900];

	if (err && err->code != VG_OK) {
		page_form_error(errors, err);
		snprintf(msg, sizeof(msg), "Not saved. %s%s%s", err->where,
			 err->where[0] ? ": " : "", err->msg);
	} else {
		snprintf(msg, sizeof(msg), "Not saved: see the fields marked "
					   "below.");
	}
	web_set_status(rq, web_form_status(err));
	page_record_form(rq, t, id, rec, errors, msg);
}

static void saved(struct web_req *rq, const struct record_type *t,
		  const json_t *out)
{
	const char *id = json_string_value(json_object_get(out, "id"));
	struct buf loc;
	char msg[128];

	snprintf(msg, sizeof(msg), "Saved %s.", id ? id : "");
	web_flash(rq, msg);
	buf_init(&loc, 512);
	page_record_href(&loc, t->name, id ? id : "");
	web_redirect(rq, buf_str(&loc));
	buf_free(&loc);
}

vg_status page_records_create(struct web_req *rq)
{
	const struct record_type *t = route_type_for(rq, ACTION_CREATE);
	json_t *rec, *errors, *out = NULL;
	struct vg_error err;
	struct actor who = web_actor(rq);

	if (!t)
		return VG_OK;
	vg_error_clear(&err);
	errors = json_object();
	rec = page_form_read(rq, t, 0, errors);
	if (!strcmp(t->name, "source"))
		take_upload(rq, rec, errors);
	if (json_object_size(errors) ||
	    model_validate(t, rec, 0, &err) != VG_OK ||
	    records_create(web_db(rq), &who, t->name, rec, &out, &err) != VG_OK)
		reshow(rq, t, NULL, rec, errors, &err);
	else
		saved(rq, t, out);
	json_decref(out);
	json_decref(rec);
	json_decref(errors);
	return VG_OK;
}

vg_status page_records_edit(struct web_req *rq)
{
	const struct record_type *t;
	json_t *rec, *errors;

	rec = route_record(rq, ACTION_UPDATE, &t);
	if (!rec)
		return VG_OK;
	errors = json_object();
	page_record_form(rq, t, json_string_value(json_object_get(rec, "id")),
			 rec, errors, NULL);
	json_decref(errors);
	json_decref(rec);
	return VG_OK;
}

vg_status page_records_update(struct web_req *rq)
{
	const struct record_type *t;
	json_t *cur, *rec, *errors, *out = NULL;
	struct vg_error err;
	struct actor who = web_actor(rq);
	const char *id;

	cur = route_record(rq, ACTION_UPDATE, &t);
	if (!cur)
		return VG_OK;
	id = json_string_value(json_object_get(cur, "id"));
	vg_error_clear(&err);
	errors = json_object();
	rec = page_form_read(rq, t, 1, errors);
	if (!strcmp(t->name, "source"))
		take_upload(rq, rec, errors);
	web_keep_hidden(rq, t, id, rec);
	if (json_object_size(errors) ||
	    model_validate(t, rec, 1, &err) != VG_OK ||
	    records_update(web_db(rq), &who, t->name, id, rec, &out, &err) !=
		    VG_OK)
		reshow(rq, t, id, rec, errors, &err);
	else
		saved(rq, t, out);
	json_decref(out);
	json_decref(rec);
	json_decref(errors);
	json_decref(cur);
	return VG_OK;
}

vg_status page_records_delete_form(struct web_req *rq)
{
	const struct record_type *t;
	struct buf *b = web_out(rq);
	json_t *rec;
	const char *id;

	rec = route_record(rq, ACTION_DELETE, &t);
	if (!rec)
		return VG_OK;
	id = json_string_value(json_object_get(rec, "id"));
	page_begin(rq, "Delete");
	html_raw(b, "<h1>Delete ");
	html_txt(b, t->label);
	html_raw(b, " ");
	html_txt(b, id);
	html_raw(b, "?</h1><p>");
	html_user_text(b, page_record_title(t, rec));
	html_raw(b, "</p><p>Its history keeps the last version.</p>"
		    "<form method=\"post\" action=\"/records/");
	html_url_arg(b, t->name);
	html_raw(b, "/");
	html_url_arg(b, id);
	html_raw(b, "/delete\">");
	html_csrf(rq);
	html_raw(b, "<button class=\"danger\" type=\"submit\">Delete</button>"
		    "</form>");
	page_end(rq);
	json_decref(rec);
	return VG_OK;
}

vg_status page_records_delete(struct web_req *rq)
{
	const struct record_type *t;
	struct vg_error err;
	struct actor who = web_actor(rq);
	json_t *rec;
	char loc[96], msg[128];
	vg_status s;

	rec = route_record(rq, ACTION_DELETE, &t);
	if (!rec)
		return VG_OK;
	vg_error_clear(&err);
	s = records_delete(web_db(rq), &who, t->name,
			   json_string_value(json_object_get(rec, "id")), &err);
	if (s != VG_OK) {
		web_error(rq, s == VG_EINVAL ? 409 : web_status_for(s), err.msg);
	} else {
		snprintf(msg, sizeof(msg), "Deleted %s.",
			 json_string_value(json_object_get(rec, "id")));
		web_flash(rq, msg);
		snprintf(loc, sizeof(loc), "/records/%s", t->name);
		web_redirect(rq, loc);
	}
	json_decref(rec);
	return VG_OK;
}
