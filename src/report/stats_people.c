/* stats_people.c — people by status over the years, and by ethnicity. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

vg_status rs_status_by_year(store *db, const struct actor *who, int first,
			    int last, json_t *out, struct vg_error *err)
{
	json_t *t = rt_new("status_by_year", "People by status over time",
			   "How many people were in each status at the end "
			   "of each year, as their recorded acts tell it.",
			   "Year");
	json_t *rows = NULL, *row;
	char label[256];
	size_t i;
	vg_status s = VG_OK;

	/* No dated act: no years to show. */
	if (first)
		s = records_status_by_year(db, who, first, last, &rows, err);
	if (s == VG_OK && first)
		rt_year_rows(t, first, last);
	json_array_foreach(rows, i, row) {
		const char *y = json_string_value(json_array_get(row, 0));
		const char *code = json_string_value(json_array_get(row, 1));
		size_t c = rt_column(t, code, rt_label("victim_status", code, "",
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
	vg_status s = records_count_by(db, who, "person", dims, 1, NULL, &rows,
				       err);

	/* rows is NULL after a failure: the loop does nothing. */
	json_array_foreach(rows, i, row) {
		const char *v = json_string_value(json_array_get(row, 0));

		rt_add(t, rt_row(t, v, *v ? v : "Not recorded", NULL), c,
		       json_integer_value(json_array_get(row, 1)));
	}
	json_decref(rows);
	return rt_keep(out, t, 1, s);
}
