/* table.c — building the tables of report.h, and the capped writer and
 * XML escaping the outputs share. */
#include "report/report_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/thesaurus.h"

json_t *rt_new(const char *name, const char *title, const char *desc,
	       const char *rows_label)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:[], s:[], s:{}, s:{}}",
			 "name", name, "title", title, "desc", desc,
			 "rows_label", rows_label, "columns", "rows",
			 "_cols", "_rows");
}

size_t rt_column(json_t *t, const char *key, const char *label)
{
	json_t *cols = json_object_get(t, "columns");
	json_t *index = json_object_get(t, "_cols");
	json_t *known = json_object_get(index, key);
	size_t i = json_array_size(cols);

	if (known)
		return (size_t)json_integer_value(known);
	json_array_append_new(cols, json_pack("{s:s, s:s}", "key", key,
					      "label", label));
	json_object_set_new(index, key, json_integer((json_int_t)i));
	return i;
}

size_t rt_row(json_t *t, const char *key, const char *label,
	      const char *href)
{
	json_t *rows = json_object_get(t, "rows");
	json_t *index = json_object_get(t, "_rows");
	json_t *known = json_object_get(index, key);
	size_t i = json_array_size(rows);
	json_t *row;

	if (known)
		return (size_t)json_integer_value(known);
	row = json_pack("{s:s, s:[]}", "label", label, "values");
	if (href)
		json_object_set_new(row, "href", json_string(href));
	json_array_append_new(rows, row);
	json_object_set_new(index, key, json_integer((json_int_t)i));
	return i;
}

void rt_add(json_t *t, size_t row, size_t col, json_int_t v)
{
	json_t *r = json_array_get(json_object_get(t, "rows"), row);
	json_t *vals = json_object_get(r, "values");
	json_t *cell;

	if (!vals)
		return;
	while (json_array_size(vals) <= col)
		json_array_append_new(vals, json_integer(0));
	cell = json_array_get(vals, col);
	json_integer_set(cell, json_integer_value(cell) + v);
}

json_int_t report_cell(const json_t *table, size_t row, size_t col)
{
	const json_t *r = json_array_get(json_object_get(table, "rows"), row);

	return json_integer_value(json_array_get(json_object_get(r, "values"),
						 col));
}

void rt_finish(json_t *t)
{
	size_t ncols = json_array_size(json_object_get(t, "columns"));
	json_t *rows = json_object_get(t, "rows"), *r;
	size_t i;

	json_object_del(t, "_cols");
	json_object_del(t, "_rows");
	json_array_foreach(rows, i, r) {
		json_t *vals = json_object_get(r, "values");

		while (json_array_size(vals) < ncols)
			json_array_append_new(vals, json_integer(0));
	}
}

static int by_first_value_desc(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_array_get(
		json_object_get(*(json_t *const *)a, "values"), 0));
	json_int_t y = json_integer_value(json_array_get(
		json_object_get(*(json_t *const *)b, "values"), 0));

	if (x != y)
		return x < y ? 1 : -1;
	/* Ties by label, so that the order does not depend on qsort's. */
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a,
							"label")),
		      json_string_value(json_object_get(*(json_t *const *)b,
							"label")));
}

void rt_sort_desc(json_t *t, size_t max)
{
	json_t *rows = json_object_get(t, "rows"), *sorted;
	size_t n = json_array_size(rows), i;
	json_t **v = n ? malloc(n * sizeof(*v)) : NULL;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(rows, i));
	qsort(v, n, sizeof(*v), by_first_value_desc);
	sorted = json_array();
	for (i = 0; i < n && i < max; i++)
		json_array_append(sorted, v[i]);
	for (i = 0; i < n; i++)
		json_decref(v[i]);
	free(v);
	json_object_set_new(t, "rows", sorted);
	/* The row index named the old positions. */
	json_object_del(t, "_rows");
	json_object_set_new(t, "_rows", json_object());
}

vg_status rt_keep(json_t *out, json_t *t, int sort, vg_status s)
{
	if (s != VG_OK) {
		json_decref(t);
		return s;
	}
	if (sort)
		rt_sort_desc(t, RT_ROWS_MAX);
	rt_finish(t);
	json_array_append_new(out, t);
	return VG_OK;
}

const char *rt_label(const char *vocab, const char *code,
		     const char *empty_label, char *out, size_t size)
{
	const struct term *term = vocab && code ? thesaurus_find(vocab, code) :
						  NULL;
	size_t i;

	if (!code || !*code) {
		snprintf(out, size, "%s", empty_label);
		return out;
	}
	if (term) {
		snprintf(out, size, "%s", term->label);
		return out;
	}
	snprintf(out, size, "%s", code);
	for (i = 0; out[i]; i++)
		if (out[i] == '_')
			out[i] = ' ';
	if (vocab && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)toupper((unsigned char)out[0]);
	return out;
}

void rt_puts(struct rt_out *o, const char *s)
{
	if (o->s == VG_OK)
		o->s = buf_adds(o->b, s);
}

void rt_printf(struct rt_out *o, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	rt_puts(o, tmp);
}

/* The length of the valid UTF-8 sequence at p (1..4), 0 if invalid. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0)
		n = 2, cp = p[0] & 0x1Fu;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 3, cp = p[0] & 0x0Fu;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 4, cp = p[0] & 0x07u;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, and U+FFFE/FFFF
	 * which XML does not allow. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return n;
}

static void xml_char(struct rt_out *o, const unsigned char *p, size_t n)
{
	static const char repl[] = "\xEF\xBF\xBD";

	if (n == 0 || (n == 1 && p[0] < 0x20 && p[0] != '\t' &&
		       p[0] != '\n' && p[0] != '\r'))
		rt_puts(o, repl);
	else if (n == 1 && p[0] == '&')
		rt_puts(o, "&amp;");
	else if (n == 1 && p[0] == '<')
		rt_puts(o, "&lt;");
	else if (n == 1 && p[0] == '>')
		rt_puts(o, "&gt;");
	else if (n == 1 && p[0] == '"')
		rt_puts(o, "&quot;");
	else if (n == 1 && p[0] == '\'')
		rt_puts(o, "&#39;");
	else if (n == 1 && (p[0] == '\n' || p[0] == '\r' || p[0] == '\t'))
		rt_printf(o, "&#%u;", p[0]);
	else if (o->s == VG_OK)
		o->s = buf_add(o->b, p, n);
}

void rt_xml(struct rt_out *o, const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t chars = 0;

	while (*p && o->s == VG_OK) {
		size_t n = utf8_len(p);

		if (max_chars && chars + 1 == max_chars && p[n ? n : 1]) {
			rt_puts(o, "\xE2\x80\xA6");
			return;
		}
		xml_char(o, p, n);
		p += n ? n : 1;
		chars++;
	}
}
