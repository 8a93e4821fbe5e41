/* stats.c — every statistics table, in the order the page and the
 * command line show them. */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vg_status report_stats(store *db, const struct actor *who, const char *today,
		       json_t **out, struct vg_error *err)
{
	long year = today ? strtol(today, NULL, 10) : 0;
	json_t *acts = json_array(), *years = json_array();
	vg_status s = VG_OK;

	*out = json_array();
	if (!*out || !acts || !years)
		s = vg_fail(err, VG_ENOMEM, "report", "out of memory");
	else if (year < 1800 || year > 2200)
		s = vg_fail(err, VG_EINVAL, "today", "expected YYYY-MM-DD");
	/* The acts come second but tell the first the years worth
	 * showing: those in which an act the reader may see began. */
	if (s == VG_OK)
		s = rs_acts_by_year(db, who, years, acts, err);
	if (s == VG_OK)
		s = rs_status_by_year(db, who, years, (int)year, *out, err);
	if (s == VG_OK)
		json_array_extend(*out, acts);
	if (s == VG_OK)
		s = rs_acts_by_region(db, who, *out, err);
	if (s == VG_OK)
		s = rs_people_by_ethnicity(db, who, *out, err);
	if (s == VG_OK)
		s = rs_penalties(db, who, *out, err);
	if (s == VG_OK)
		s = rs_appeals_by_year(db, who, *out, err);
	if (s == VG_OK)
		s = rs_appeals_waiting(db, who, today, *out, err);
	if (s == VG_OK)
		s = rs_campaign_days(db, who, *out, err);
	json_decref(acts);
	json_decref(years);
	if (s != VG_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}

const json_t *report_find(const json_t *stats, const char *name)
{
	const json_t *t;
	size_t i;

	json_array_foreach(stats, i, t) {
		const char *n = json_string_value(json_object_get(t, "name"));

		if (n && name && !strcmp(n, name))
			return t;
	}
	return NULL;
}
