/* Create and edit forms for every record type, driven by the model's
 * descriptors: a field's kind picks its input, a term field lists its
 * thesaurus, a reference takes a record id, a child list is repeated rows.
 * Only fields the role may see are shown or read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/thesaurus.h"
#include "web/page.h"
#include "web/page_form.h"

#define BLANK_ROWS 2
#define MAX_ROWS 100

static int editable(struct web_req *rq, const struct field_def *f)
{
	return !(f->flags & (FIELD_READONLY | FIELD_DERIVED)) &&
	       access_sees_level(web_role(rq), f->level);
}

static void value_text(const json_t *v, char *tmp, size_t size,
		       const char **out)
{
	if (json_is_true(v))
		*out = "yes";
	else if (json_is_false(v))
		*out = "no";
	else
		*out = v ? page_json_text(v, tmp, size) : "";
}

static void option(struct buf *b, const char *value, const char *label,
		   const char *cur)
{
	html_raw(b, "<option value=\"");
	html_attr(b, value);
	html_raw(b, cur && !strcmp(cur, value) ? "\" selected>" : "\">");
	html_txt(b, label);
	html_raw(b, "</option>");
}

static const char *const kind_names[] = {
	"text", "longtext", "int", "bool", "date", "term", "ref", "list"
};

/* Describes the field on its input (kind, reference type, who may see
 * it) for scripts and tests; the form is shown only to those who may. */
static void data_attrs(struct buf *b, const struct field_def *f)
{
	html_raw(b, "\" data-kind=\"");
	html_attr(b, kind_names[f->kind]);
	html_raw(b, "\" data-level=\"");
	html_attr(b, model_level_name(f->level));
	if (f->vocab) {
		html_raw(b, "\" data-vocab=\"");
		html_attr(b, f->vocab);
	}
	if (f->flags & FIELD_REQUIRED)
		html_raw(b, "\" data-required=\"1");
}

/* One input named name with id id, for field f holding cur. */
static void write_input(struct buf *b, const struct field_def *f,
			const char *name, const char *cur)
{
	const struct term *terms;
	size_t n = 0, i;

	if (f->kind == FIELD_LONGTEXT) {
		html_raw(b, "<textarea id=\"");
		html_attr(b, name);
		html_raw(b, "\" name=\"");
		html_attr(b, name);
		data_attrs(b, f);
		html_rawf(b, "\" dir=\"auto\" maxlength=\"%zu\">",
			  f->max_len ? f->max_len : 20000);
		html_txt(b, cur);
		html_raw(b, "</textarea>");
		return;
	}
	if (f->kind == FIELD_TERM || f->kind == FIELD_BOOL || f->choices) {
		html_raw(b, "<select id=\"");
		html_attr(b, name);
		html_raw(b, "\" name=\"");
		html_attr(b, name);
		data_attrs(b, f);
		html_raw(b, "\">");
		option(b, "", "—", cur);
		if (f->kind == FIELD_BOOL) {
			option(b, "yes", "yes", cur);
			option(b, "no", "no", cur);
		}
		terms = f->kind == FIELD_TERM ? thesaurus_terms(f->vocab, &n) : NULL;
		for (i = 0; terms && i < n; i++)
			option(b, terms[i].code, terms[i].label, cur);
		for (i = 0; f->choices && f->choices[i]; i++)
			option(b, f->choices[i], f->choices[i], cur);
		html_raw(b, "</select>");
		return;
	}
	html_raw(b, "<input id=\"");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	data_attrs(b, f);
	if (f->kind == FIELD_INT)
		html_raw(b, "\" inputmode=\"numeric");
	if (f->kind == FIELD_DATE)
		html_raw(b, "\" placeholder=\"14 December 2022, July 2021, about 1976");
	if (f->kind == FIELD_REF)
		html_raw(b, "\" placeholder=\"record id, e.g. V-000001");
	if (f->max_len && f->kind == FIELD_TEXT)
		html_rawf(b, "\" maxlength=\"%zu", f->max_len);
	html_raw(b, "\" dir=\"auto\" value=\"");
	html_attr(b, cur);
	html_raw(b, "\">");
}

static void field_error(struct buf *b, const json_t *errors, const char *key)
{
	const char *msg = json_string_value(json_object_get(errors, key));

	if (!msg)
		return;
	html_raw(b, "<span class=\"field-error\" role=\"alert\">");
	html_txt(b, msg);
	html_raw(b, "</span>");
}

static void write_list(struct web_req *rq, const struct field_def *f,
		       const json_t *rows, const json_t *errors)
{
	const struct record_type *ct = model_type(f->vocab);
	struct buf *b = web_out(rq);
	size_t nrows = json_array_size(rows) + BLANK_ROWS, i, k;
	char name[160], tmp[64];
	const char *cur;

	if (!ct)
		return;
	if (nrows > MAX_ROWS)
		nrows = MAX_ROWS;
	html_raw(b, "<fieldset><legend>");
	html_txt(b, f->label);
	html_raw(b, "</legend>");
	field_error(b, errors, f->name);
	snprintf(name, sizeof(name), "f_%s.rows", f->name);
	html_raw(b, "<input type=\"hidden\" name=\"");
	html_attr(b, name);
	html_rawf(b, "\" value=\"%zu\">", nrows);
	html_raw(b, "<table><thead><tr>");
	for (k = 0; k < ct->nfields; k++) {
		if (!editable(rq, &ct->fields[k]))
			continue;
		html_raw(b, "<th scope=\"col\">");
		html_txt(b, ct->fields[k].label);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < nrows; i++) {
		json_t *row = json_array_get(rows, i);

		html_raw(b, "<tr>");
		for (k = 0; k < ct->nfields; k++) {
			const struct field_def *sf = &ct->fields[k];

			if (!editable(rq, sf))
				continue;
			snprintf(name, sizeof(name), "f_%s.%zu.%s", f->name, i,
				 sf->name);
			value_text(row ? json_object_get(row, sf->name) : NULL,
				   tmp, sizeof(tmp), &cur);
			html_raw(b, "<td>");
			write_input(b, sf, name, cur);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table><p class=\"muted\">Leave a row empty to "
		    "drop it; save to get more empty rows.</p></fieldset>");
}

static void write_level(struct web_req *rq, const json_t *values)
{
	struct buf *b = web_out(rq);
	const char *cur = json_string_value(json_object_get(values, "level"));
	enum level l;

	if (!cur)
		cur = model_level_name(MODEL_DEFAULT_LEVEL);
	html_raw(b, "<p><label for=\"level\">Who may see this record</label>"
		    "<select id=\"level\" name=\"level\">");
	for (l = LEVEL_PUBLIC; l <= LEVEL_SECRET; l++)
		if (access_sees_level(web_role(rq), l))
			option(b, model_level_name(l), model_level_name(l), cur);
	html_raw(b, "</select></p>");
}

void page_record_form(struct web_req *rq, const struct record_type *t,
		      const char *id, const json_t *values,
		      const json_t *errors, const char *message)
{
	struct buf *b = web_out(rq);
	char title[128], name[96], tmp[64];
	const char *cur;
	size_t i;

	snprintf(title, sizeof(title), "%s %s", id ? "Edit" : "New", t->label);
	page_begin(rq, title);
	html_raw(b, "<h1>");
	html_txt(b, title);
	if (id) {
		html_raw(b, " ");
		html_txt(b, id);
	}
	html_raw(b, "</h1>");
	if (message) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, message);
		html_raw(b, "</p>");
	}
	html_raw(b, "<form class=\"record\" method=\"post\" action=\"/records/");
	html_url_arg(b, t->name);
	html_raw(b, "/");
	if (id) {
		html_url_arg(b, id);
		html_raw(b, "/edit\"");
	} else {
		html_raw(b, "new\"");
	}
	if (!strcmp(t->name, "source"))
		html_raw(b, " enctype=\"multipart/form-data\"");
	html_raw(b, ">");
	html_csrf(rq);
	write_level(rq, values);
	field_error(b, errors, "level");
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (!editable(rq, f))
			continue;
		if (f->kind == FIELD_LIST) {
			write_list(rq, f, json_object_get(values, f->name), errors);
			continue;
		}
		snprintf(name, sizeof(name), "f_%s", f->name);
		value_text(json_object_get(values, f->name), tmp, sizeof(tmp),
			   &cur);
		html_raw(b, "<p><label for=\"");
		html_attr(b, name);
		html_raw(b, "\">");
		html_txt(b, f->label);
		if (f->flags & FIELD_REQUIRED)
			html_raw(b, " <span class=\"muted\">(required)</span>");
		html_raw(b, "</label>");
		write_input(b, f, name, cur);
		field_error(b, errors, f->name);
		html_raw(b, "</p>");
	}
	if (!strcmp(t->name, "source"))
		html_raw(b, "<p><label for=\"upload\">Or upload the text as a file"
			    "</label><input id=\"upload\" name=\"upload\" "
			    "type=\"file\" accept=\"text/plain\"></p>");
	html_raw(b, "<p><button type=\"submit\">Save</button></p></form>");
	page_end(rq);
}

/* Converts one submitted value of field f to JSON; NULL with *bad set for
 * a value that cannot be that kind. */
static json_t *typed(const struct field_def *f, const char *v, int *bad)
{
	char *end;
	long long n;

	*bad = 0;
	if (f->kind == FIELD_INT) {
		n = strtoll(v, &end, 10);
		if (*end || end == v) {
			*bad = 1;
			return json_string(v);
		}
		return json_integer(n);
	}
	if (f->kind == FIELD_BOOL) {
		if (strcmp(v, "yes") && strcmp(v, "no")) {
			*bad = 1;
			return json_string(v);
		}
		return json_boolean(!strcmp(v, "yes"));
	}
	return json_string(v);
}

static json_t *read_rows(struct web_req *rq, const struct field_def *f,
			 json_t *errors)
{
	const struct record_type *ct = model_type(f->vocab);
	json_t *rows = json_array();
	char name[160];
	const char *nrows_s;
	long nrows, i;
	size_t k;
	int bad;

	snprintf(name, sizeof(name), "f_%s.rows", f->name);
	nrows_s = web_form(rq, name);
	nrows = nrows_s ? strtol(nrows_s, NULL, 10) : 0;
	if (nrows < 0 || nrows > MAX_ROWS)
		nrows = MAX_ROWS;
	for (i = 0; ct && i < nrows; i++) {
		json_t *row = json_object();

		for (k = 0; k < ct->nfields; k++) {
			const struct field_def *sf = &ct->fields[k];
			const char *v;

			if (!editable(rq, sf))
				continue;
			snprintf(name, sizeof(name), "f_%s.%ld.%s", f->name, i,
				 sf->name);
			v = web_form(rq, name);
			if (!v || !*v)
				continue;
			json_object_set_new(row, sf->name, typed(sf, v, &bad));
			if (bad)
				json_object_set_new(errors, f->name, json_sprintf(
					"row %ld, %s: not a valid value", i + 1,
					sf->label));
		}
		if (json_object_size(row))
			json_array_append(rows, row);
		json_decref(row);
	}
	return rows;
}

json_t *page_form_read(struct web_req *rq, const struct record_type *t,
		       int partial, json_t *errors)
{
	json_t *rec = json_object();
	char name[96];
	const char *v;
	size_t i;
	int bad;

	v = web_form(rq, "level");
	if (v && *v)
		json_object_set_new(rec, "level", json_string(v));
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (!editable(rq, f))
			continue;
		if (f->kind == FIELD_LIST) {
			snprintf(name, sizeof(name), "f_%s.rows", f->name);
			if (web_form(rq, name))
				json_object_set_new(rec, f->name,
						    read_rows(rq, f, errors));
			continue;
		}
		snprintf(name, sizeof(name), "f_%s", f->name);
		v = web_form(rq, name);
		if (!v)
			continue;
		if (!*v) {
			if (partial)
				json_object_set_new(rec, f->name, json_null());
			continue;
		}
		json_object_set_new(rec, f->name, typed(f, v, &bad));
		if (bad)
			json_object_set_new(errors, f->name,
					    json_string(f->kind == FIELD_INT ?
						"expected a whole number" :
						"expected yes or no"));
	}
	return rec;
}

void page_form_error(json_t *errors, const struct vg_error *err)
{
	char key[96];
	size_t n = strcspn(err->where, "[.: ");

	if (n >= sizeof(key))
		n = sizeof(key) - 1;
	memcpy(key, err->where, n);
	key[n] = '\0';
	if (!key[0])
		snprintf(key, sizeof(key), "level");
	json_object_set_new(errors, key, json_sprintf("%s: %s", err->where,
						      err->msg));
}
