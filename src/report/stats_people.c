/* stats_people.c — people by status over the years, and by ethnicity. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

/* The oldest year a series may start at: records_status_by_year's
 * limits. */
#define SERIES_YEARS 200
#define SERIES_FIRST 1800

/* A row for each year of years within [first, last], and for last. */
static void year_rows(json_t *t, const json_t *years, int first, int last)
{
	const json_t *y;
	char text[16];
	size_t i;

	json_array_foreach(years, i, y) {
		json_int_t v = json_integer_value(y);

		if (v < first || v > last)
			continue;
		snprintf(text, sizeof(text), "%lld", (long long)v);
		(void)rt_row(t, text, text, NULL);
	}
	snprintf(text, sizeof(text), "%d", last);
	(void)rt_row(t, text, text, NULL);
}

vg_status rs_status_by_year(store *db, const struct actor *who,
			    const json_t *years, int last, json_t *out,
			    struct vg_error *err)
{
	json_t *t = rt_new("status_by_year", "People by status over time",
			   "How many people were in each status at the end "
			   "of each year in which an act was recorded, and "
			   "of this year, as their recorded acts tell it.",
			   "Year");
	int first = (int)json_integer_value(json_array_get(years, 0));
	json_t *rows = NULL, *row;
	char label[256];
	size_t i;
	vg_status s = VG_OK;

	if (first < SERIES_FIRST)
		first = SERIES_FIRST;
	if (first < last - (SERIES_YEARS - 1))
		first = last - (SERIES_YEARS - 1);
	/* No act with a year up to now: no years to show. */
	if (json_array_size(years) && first <= last) {
		s = records_status_by_year(db, who, first, last, &rows, err);
		year_rows(t, years, first, last);
	}
	json_array_foreach(rows, i, row) {
		const char *y = json_string_value(json_array_get(row, 0));
		const char *code = json_string_value(json_array_get(row, 1));
		size_t c;

		/* Only the years that have a row: those of the acts. */
		if (!json_object_get(json_object_get(t, "_rows"), y))
			continue;
		c = rt_column(t, code, rt_label("victim_status", code, "",
						label, sizeof(label)));
		rt_add(t, rt_row(t, y, y, NULL), c,
		       json_integer_value(json_array_get(row, 2)));
	}
	json_decref(rows);
	return rt_keep(out, t, 0, s);
}

vg_status rs_people_by_ethnicity(store *db, const struct actor *who,
				 json_t *out, struct vg_error *err)
{
	static const char *const dims[] = { "ethnicity" };
	json_t *t = rt_new("people_by_ethnicity", "People by ethnicity",
			   "How many people are recorded of each ethnicity.",
			   "Ethnicity");
	json_t *rows = NULL, *row;
	size_t i, c = rt_column(t, "people", "People");
	const struct records_tally spec = { dims, 1, NULL, NULL };
	vg_status s = records_tally(db, who, "person", &spec, NULL, &rows, err);

	/* rows is NULL after a failure: the loop does nothing. */
	json_array_foreach(rows, i, row) {
		const char *v = json_string_value(json_array_get(row, 0));

		rt_add(t, rt_row(t, v, *v ? v : "Not recorded", NULL), c,
		       json_integer_value(json_array_get(row, 1)));
	}
	json_decref(rows);
	return rt_keep(out, t, 1, s);
}
