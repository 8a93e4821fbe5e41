/* Helpers for pages that show records: visibility, links, field values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/records.h"
#include "web/page.h"

json_t *page_record_visible(struct web_req *rq, const struct record_type *t,
			    const char *id)
{
	struct vg_error err;
	json_t *rec = NULL;
	vg_status s;

	vg_error_clear(&err);
	if (!t || !id) {
		web_error(rq, 404, "no such record");
		return NULL;
	}
	/* The store answers a record rq may not see as one that does not
	 * exist, and redacts the one it returns. */
	s = records_get(web_db(rq), web_who(rq), t->name, id, &rec, &err);
	if (s != VG_OK) {
		web_error(rq, s == VG_ENOTFOUND || s == VG_EINVAL ? 404 : 500,
			  s == VG_ENOTFOUND || s == VG_EINVAL ?
				  "no such record" : "the record could not be read");
		return NULL;
	}
	return rec;
}

void page_record_href(struct buf *b, const char *type, const char *id)
{
	if (!strcmp(type, "person")) {
		html_raw(b, "/people/");
	} else {
		html_raw(b, "/records/");
		html_url_arg(b, type);
		html_raw(b, "/");
	}
	html_url_arg(b, id);
}

void page_record_link(struct buf *b, const char *type, const char *id,
		      const char *text)
{
	html_raw(b, "<a href=\"");
	page_record_href(b, type, id);
	html_raw(b, "\">");
	html_user_text(b, text ? text : id);
	html_raw(b, "</a>");
}

void page_field_value(struct buf *b, const struct field_def *f,
		      const json_t *v)
{
	char tmp[64];

	if (!v || json_is_null(v))
		return;
	if (f->kind == FIELD_TERM && json_is_string(v)) {
		html_txt(b, page_term_label(f->vocab, json_string_value(v)));
		return;
	}
	if (f->kind == FIELD_REF && json_is_string(v)) {
		page_record_link(b, f->vocab, json_string_value(v), NULL);
		return;
	}
	html_user_text(b, page_json_text(v, tmp, sizeof(tmp)));
}

const char *page_person_name(const json_t *rec)
{
	json_t *names = json_object_get(rec, "names"), *n;
	size_t i;

	json_array_foreach(names, i, n) {
		const char *kind = json_string_value(json_object_get(n, "kind"));

		if (kind && !strcmp(kind, "primary"))
			return json_string_value(json_object_get(n, "name"));
	}
	n = json_array_get(names, 0);
	if (n && json_string_value(json_object_get(n, "name")))
		return json_string_value(json_object_get(n, "name"));
	return json_string_value(json_object_get(rec, "id"));
}

const char *page_record_title(const struct record_type *t, const json_t *rec)
{
	size_t i;

	if (!strcmp(t->name, "person"))
		return page_person_name(rec);
	for (i = 0; i < t->nfields; i++) {
		const json_t *v = json_object_get(rec, t->fields[i].name);

		if ((t->fields[i].kind == FIELD_TEXT ||
		     t->fields[i].kind == FIELD_TERM) && json_is_string(v))
			return t->fields[i].kind == FIELD_TERM ?
				page_term_label(t->fields[i].vocab,
						json_string_value(v)) :
				json_string_value(v);
	}
	return json_string_value(json_object_get(rec, "id"));
}

void page_ref(struct web_req *rq, const char *type, const char *id)
{
	const struct record_type *t = type ? model_type(type) : NULL;
	struct buf *b = web_out(rq);
	struct vg_error err;
	json_t *vis = NULL;

	if (!t || !id)
		return;
	vg_error_clear(&err);
	if (records_get(web_db(rq), web_who(rq), type, id, &vis, &err) !=
	    VG_OK) {
		html_raw(b, "<span class=\"muted\">(not shown)</span>");
		return;
	}
	page_record_link(b, type, json_string_value(json_object_get(vis, "id")),
			 page_record_title(t, vis));
	json_decref(vis);
}

void page_fields_dl(struct web_req *rq, const struct record_type *t,
		    const json_t *rec)
{
	struct buf *b = web_out(rq);
	size_t i;

	html_raw(b, "<dl class=\"fields\">");
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *v = json_object_get(rec, f->name);

		if (f->kind == FIELD_LIST || !v || json_is_null(v) ||
		    (json_is_string(v) && !*json_string_value(v)))
			continue;
		html_raw(b, "<dt>");
		html_txt(b, f->label);
		html_raw(b, "</dt><dd>");
		if (f->kind == FIELD_REF && json_is_string(v))
			page_ref(rq, f->vocab, json_string_value(v));
		else if (!strcmp(f->name, "record_id") && json_is_string(v))
			/* A citation names its record by type and id. */
			page_ref(rq, json_string_value(json_object_get(
					     rec, "record_type")),
				 json_string_value(v));
		else
			page_field_value(b, f, v);
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl>");
}

/* 1 when every space-separated word of text is in the record as the
 * public sees it. */
static int visible_text_has(const struct record_type *t, const json_t *rec,
			    const char *text)
{
	json_t *vis = access_redact(ROLE_PUBLIC, t, rec);
	char *dump = vis ? json_dumps(vis, JSON_COMPACT) : NULL;
	char word[128];
	const char *p = text;
	int ok = dump != NULL;

	while (ok && *p) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n == 0)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		/* Strip FTS syntax characters the index would ignore. */
		word[strcspn(word, "\"*")] = '\0';
		if (word[0] && !strcasestr(dump, word))
			ok = 0;
		p += n;
	}
	free(dump);
	json_decref(vis);
	return ok;
}

vg_status page_list_visible(struct web_req *rq, const char *type,
			  const struct records_query *q, json_t **items,
			  size_t *total, struct vg_error *err)
{
	const struct record_type *t = model_type(type);
	struct records_query all;
	json_t *found = NULL, *rec, *out;
	size_t i, n, kept = 0, limit;
	vg_status s;

	if (web_role(rq) != ROLE_PUBLIC || !q->text || !*q->text || !t)
		return records_list(web_db(rq), web_who(rq), type, q, items,
				    total, err);
	all = *q;
	all.offset = 0;
	all.limit = 1000;
	s = records_list(web_db(rq), web_who(rq), type, &all, &found, &n, err);
	if (s != VG_OK)
		return s;
	out = json_array();
	limit = q->limit ? q->limit : 50;
	json_array_foreach(found, i, rec) {
		if (!visible_text_has(t, rec, q->text))
			continue;
		if (kept >= q->offset && kept < q->offset + limit)
			json_array_append(out, rec);
		kept++;
	}
	json_decref(found);
	*items = out;
	*total = kept;
	return VG_OK;
}
