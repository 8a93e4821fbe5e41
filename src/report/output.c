/* output.c — a table as CSV and as text for a terminal. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

/* A text cell: quoted when it holds a comma, quote or line end; an
 * apostrophe first when a spreadsheet would take it for a formula. */
static void csv_text(struct rt_out *o, const char *s)
{
	int formula = s && strchr("=+-@\t\r", s[0]) && s[0];
	const char *p;

	if (!s)
		s = "";
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		rt_puts(o, s);
		return;
	}
	rt_puts(o, "\"");
	if (formula)
		rt_puts(o, "'");
	for (p = s; *p && o->s == VG_OK; p++) {
		if (*p == '"')
			rt_puts(o, "\"\"");
		else if (o->s == VG_OK)
			o->s = buf_addc(o->b, *p);
	}
	rt_puts(o, "\"");
}

vg_status report_csv(const json_t *table, struct buf *b)
{
	struct rt_out o = { b, VG_OK };
	const json_t *cols = json_object_get(table, "columns");
	const json_t *rows = json_object_get(table, "rows"), *c, *r;
	size_t i, k;

	csv_text(&o, json_string_value(json_object_get(table, "rows_label")));
	json_array_foreach(cols, i, c) {
		rt_puts(&o, ",");
		csv_text(&o, json_string_value(json_object_get(c, "label")));
	}
	rt_puts(&o, "\r\n");
	json_array_foreach(rows, k, r) {
		csv_text(&o, json_string_value(json_object_get(r, "label")));
		for (i = 0; i < json_array_size(cols); i++)
			rt_printf(&o, ",%lld", (long long)report_cell(table, k, i));
		rt_puts(&o, "\r\n");
	}
	return o.s;
}

/* Characters of UTF-8 s (continuation bytes not counted). */
static size_t width_of(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* s padded to width; control characters (a terminal's escapes) shown
 * as '?'. */
static void text_cell(struct rt_out *o, const char *s, size_t width,
		      int right)
{
	size_t pad = width > width_of(s) ? width - width_of(s) : 0, i;
	const char *p;

	if (right)
		for (i = 0; i < pad; i++)
			rt_puts(o, " ");
	for (p = s ? s : ""; *p && o->s == VG_OK; p++)
		o->s = buf_addc(o->b, ((unsigned char)*p < 0x20 || *p == 0x7f) ?
				      '?' : *p);
	if (!right)
		for (i = 0; i < pad; i++)
			rt_puts(o, " ");
}

vg_status report_text(const json_t *table, struct buf *b)
{
	struct rt_out o = { b, VG_OK };
	const json_t *cols = json_object_get(table, "columns");
	const json_t *rows = json_object_get(table, "rows"), *r;
	const char *head = json_string_value(json_object_get(table,
							     "rows_label"));
	size_t first = width_of(head), i, k;
	char num[32];

	json_array_foreach(rows, k, r) {
		size_t w = width_of(json_string_value(json_object_get(r,
								      "label")));
		if (w > first)
			first = w;
	}
	text_cell(&o, json_string_value(json_object_get(table, "title")), 0, 0);
	rt_puts(&o, "\n");
	text_cell(&o, head, first, 0);
	for (i = 0; i < json_array_size(cols); i++) {
		rt_puts(&o, "  ");
		text_cell(&o, json_string_value(json_object_get(
			json_array_get(cols, i), "label")), 0, 0);
	}
	rt_puts(&o, "\n");
	json_array_foreach(rows, k, r) {
		text_cell(&o, json_string_value(json_object_get(r, "label")),
			  first, 0);
		for (i = 0; i < json_array_size(cols); i++) {
			size_t w = width_of(json_string_value(json_object_get(
				json_array_get(cols, i), "label")));

			snprintf(num, sizeof(num), "%lld",
				 (long long)report_cell(table, k, i));
			rt_puts(&o, "  ");
			text_cell(&o, num, w, 1);
		}
		rt_puts(&o, "\n");
	}
	if (!json_array_size(rows))
		rt_puts(&o, "(no figures)\n");
	return o.s;
}
