/* stats_acts.c — acts by year and type, acts by region of the place tree,
 * penalties against campaigners. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

/* How far up the place tree a region is looked for. */
#define TREE_DEPTH 16

vg_status rs_acts_by_year(store *db, const struct actor *who, json_t *years,
			  json_t *out, struct vg_error *err)
{
	json_t *t = rt_new("acts_by_year", "Acts by year and type",
			   "How many acts (arrests, detentions, sentences, "
			   "…) began in each year, by type of act.", "Year");
	vg_status s = rs_year_table(db, who, "act", "start_date", "type",
				    "act_type", "Type not recorded", t, years,
				    err);

	return rt_keep(out, t, 0, s);
}

/* The region a place lies in: the nearest of the place and its parents
 * (as who may see them) of kind region, else of kind country. Its id
 * into region, "" when none; places read are kept in cache. */
static vg_status region_of(store *db, const struct actor *who,
			   const char *place, json_t *cache, json_t **region,
			   struct vg_error *err)
{
	json_t *country = NULL;
	const char *id = place;
	int depth;

	*region = NULL;
	for (depth = 0; id && *id && depth < TREE_DEPTH; depth++) {
		json_t *p = json_object_get(cache, id);
		const char *kind;

		if (!p) {
			struct vg_error e;
			vg_status s;

			vg_error_clear(&e);
			s = records_get(db, who, "place", id, &p, &e);
			/* A place who may not see is no place at all. */
			if (s == VG_ENOTFOUND)
				break;
			if (s != VG_OK) {
				*err = e;
				return s;
			}
			json_object_set_new(cache, id, p);
		}
		kind = json_string_value(json_object_get(p, "kind"));
		if (kind && !strcmp(kind, "region")) {
			*region = p;
			return VG_OK;
		}
		if (kind && !strcmp(kind, "country") && !country)
			country = p;
		id = json_string_value(json_object_get(p, "parent"));
	}
	*region = country;
	return VG_OK;
}

/* Adds count acts at place (an id, or "") to the region row. */
static vg_status add_to_region(store *db, const struct actor *who,
			       json_t *t, size_t col, const char *place,
			       json_int_t count, json_t *cache,
			       struct vg_error *err)
{
	json_t *region = NULL;
	char href[128];
	const char *rid, *name;
	vg_status s = VG_OK;

	if (*place)
		s = region_of(db, who, place, cache, &region, err);
	if (s != VG_OK)
		return s;
	if (!region) {
		rt_add(t, rt_row(t, "", "Region not known", NULL), col, count);
		return VG_OK;
	}
	rid = json_string_value(json_object_get(region, "id"));
	name = json_string_value(json_object_get(region, "name"));
	snprintf(href, sizeof(href), "/records/place/%s", rid);
	rt_add(t, rt_row(t, rid, name ? name : rid, href), col, count);
	return VG_OK;
}

vg_status rs_acts_by_region(store *db, const struct actor *who, json_t *out,
			    struct vg_error *err)
{
	static const char *const dims[] = { "place" };
	struct records_tally spec = { dims, 1, NULL, NULL };
	json_t *t = rt_new("acts_by_region", "Acts by region",
			   "How many acts took place in each region (or "
			   "country, where no region is recorded), following "
			   "the tree of places.", "Region");
	json_t *rows = NULL, *row, *cache = json_object();
	size_t i, c = rt_column(t, "acts", "Acts");
	vg_status s = records_tally(db, who, "act", &spec, NULL, &rows, err);

	json_array_foreach(rows, i, row) {
		if (s != VG_OK)
			break;
		s = add_to_region(db, who, t, c,
				  json_string_value(json_array_get(row, 0)),
				  json_integer_value(json_array_get(row, 1)),
				  cache, err);
	}
	json_decref(rows);
	json_decref(cache);
	return rt_keep(out, t, 1, s);
}

/* Fines: how many, and their sum per currency. */
static vg_status fines(store *db, const struct actor *who, json_t *out,
		       struct vg_error *err)
{
	static const char *const dims[] = { "currency" };
	struct records_tally spec = { dims, 1, NULL, "amount" };
	json_t *t = rt_new("fines", "Fines against campaigners",
			   "The sum of the fines imposed, per currency, and "
			   "how many fines there were.", "Currency");
	json_t *filter = json_pack("{s:s}", "kind", "fine");
	json_t *rows = NULL, *row;
	size_t i, amount = rt_column(t, "amount", "Total amount"),
		  count = rt_column(t, "fines", "Fines");
	vg_status s = records_tally(db, who, "penalty", &spec, filter, &rows,
				    err);

	json_decref(filter);
	json_object_set_new(t, "chart_columns", json_integer(1));
	json_array_foreach(rows, i, row) {
		const char *cur = json_string_value(json_array_get(row, 0));
		size_t r = rt_row(t, cur, *cur ? cur : "Currency not recorded",
				  NULL);

		rt_add(t, r, count, json_integer_value(json_array_get(row, 1)));
		rt_add(t, r, amount, json_integer_value(json_array_get(row, 2)));
	}
	json_decref(rows);
	return rt_keep(out, t, 0, s);
}

vg_status rs_penalties(store *db, const struct actor *who, json_t *out,
		       struct vg_error *err)
{
	json_t *t = rt_new("penalties_by_year",
			   "Penalties against campaigners",
			   "Fines, detentions, warnings and travel bans "
			   "imposed on campaigners, by year.", "Year");
	vg_status s = rs_year_table(db, who, "penalty", "date", "kind", "",
				    "Kind not recorded", t, NULL, err);

	s = rt_keep(out, t, 0, s);
	return s == VG_OK ? fines(db, who, out, err) : s;
}
