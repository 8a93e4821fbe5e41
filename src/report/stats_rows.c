/* stats_rows.c — what the statistics tables share: a tally by year made
 * into a time series, and reading every visible record of a type. */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 1000

vg_status rs_year_table(store *db, const struct actor *who, const char *type,
			const char *date_field, const char *dim,
			const char *vocab, const char *empty_label,
			json_t *table, json_t *years, struct vg_error *err)
{
	const char *dims[1] = { dim };
	struct records_tally spec = { dims, 1, date_field, NULL };
	json_t *rows = NULL, *row;
	char label[256];
	size_t i;
	vg_status s = records_tally(db, who, type, &spec, NULL, &rows, err);

	/* The tally is in order of year, the unknown one ("") first: the
	 * years get their rows first, so that it comes last. */
	json_array_foreach(rows, i, row) {
		const char *y = json_string_value(json_array_get(row, 0));
		size_t before = json_array_size(json_object_get(table, "rows"));

		if (!*y)
			continue;
		(void)rt_row(table, y, y, NULL);
		if (years && json_array_size(json_object_get(table, "rows")) >
				     before)
			json_array_append_new(years, json_integer(
				strtol(y, NULL, 10)));
	}
	json_array_foreach(rows, i, row) {
		const char *y = json_string_value(json_array_get(row, 0));
		const char *code = json_string_value(json_array_get(row, 1));
		size_t r, c;

		r = *y ? rt_row(table, y, y, NULL) :
			 rt_row(table, "", "Date not known", NULL);
		c = rt_column(table, code, rt_label(vocab, code, empty_label,
						    label, sizeof(label)));
		rt_add(table, r, c, json_integer_value(json_array_get(row, 2)));
	}
	json_decref(rows);
	return s;
}

vg_status rs_each(store *db, const struct actor *who, const char *type,
		  const json_t *filter,
		  vg_status (*fn)(void *ctx, const json_t *rec,
				  struct vg_error *err),
		  void *ctx, struct vg_error *err)
{
	struct records_query q = { 0 };
	vg_status s = VG_OK;

	q.filter = filter;
	q.limit = PAGE;
	for (q.offset = 0; s == VG_OK && q.offset < RS_SCAN_MAX;
	     q.offset += PAGE) {
		json_t *items = NULL, *rec;
		size_t i, n;

		s = records_list(db, who, type, &q, &items, NULL, err);
		n = json_array_size(items);
		json_array_foreach(items, i, rec) {
			if (s != VG_OK)
				break;
			s = fn(ctx, rec, err);
		}
		json_decref(items);
		if (n < PAGE)
			break;
	}
	return s;
}
