/* stats_appeals.c — appeals (interventions) sent and answered, how long
 * the unanswered ones have waited, and the day counts of campaigns. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/date.h"

vg_status rs_appeals_by_year(store *db, const struct actor *who,
			     json_t *out, struct vg_error *err)
{
	json_t *t = rt_new("appeals_by_year", "Appeals sent and answered",
			   "Appeals, petitions and other interventions by "
			   "year, by how far each has come (planned, sent, "
			   "answered, closed).", "Year");
	vg_status s = rs_year_table(db, who, "intervention", "date", "status",
				    "", "Status not recorded", t, NULL, err);

	return rt_keep(out, t, 0, s);
}

/* Days from "YYYY-MM-DD" day to today; -1 if either cannot be read. */
static long days_between(const char *day, const char *today)
{
	struct tm a = { 0 }, b = { 0 };

	if (sscanf(day, "%4d-%2d-%2d", &a.tm_year, &a.tm_mon, &a.tm_mday) != 3 ||
	    sscanf(today, "%4d-%2d-%2d", &b.tm_year, &b.tm_mon, &b.tm_mday) != 3)
		return -1;
	a.tm_year -= 1900;
	b.tm_year -= 1900;
	a.tm_mon--;
	b.tm_mon--;
	return (long)((timegm(&b) - timegm(&a)) / 86400);
}

struct waiting {
	json_t *table;
	size_t col;
	const char *today;
};

/* An appeal sent and not answered: its days since it was sent, counted
 * from the first day its date may mean. */
static vg_status add_waiting(void *ctx, const json_t *rec,
			     struct vg_error *err)
{
	struct waiting *w = ctx;
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *to = json_string_value(json_object_get(rec, "addressee"));
	const char *date = json_string_value(json_object_get(rec, "date"));
	const char *resp = json_string_value(json_object_get(rec, "response"));
	char first[11], last[11], label[400], href[128];
	struct fuzzy_date d;
	struct vg_error e;
	long days;

	if (!id || (resp && *resp && strcmp(resp, "no_response")))
		return VG_OK;
	if (!date || date_parse(date, &d, &e) != VG_OK)
		return VG_OK;
	date_range(&d, first, last);
	/* "before 14 December 2021": at least since the day before. */
	days = days_between(strncmp(first, "0001", 4) ? first : last,
			    w->today);
	if (days < 0)
		return VG_OK;
	snprintf(label, sizeof(label), "%s%s%s", id, to && *to ? " to " : "",
		 to && *to ? to : "");
	snprintf(href, sizeof(href), "/records/intervention/%s", id);
	rt_add(w->table, rt_row(w->table, id, label, href), w->col, days);
	return VG_OK;
}

vg_status rs_appeals_waiting(store *db, const struct actor *who,
			     const char *today, json_t *out,
			     struct vg_error *err)
{
	struct waiting w;
	json_t *filter = json_pack("{s:s}", "status", "sent");
	vg_status s;

	w.table = rt_new("appeals_waiting", "Days without an answer",
			 "Each appeal sent and not answered, with the days "
			 "since it was sent, longest first.", "Appeal");
	w.col = rt_column(w.table, "days", "Days without an answer");
	w.today = today;
	s = rs_each(db, who, "intervention", filter, add_waiting, &w, err);
	json_decref(filter);
	return rt_keep(out, w.table, 1, s);
}

/* A campaign and its day count (derived by the store as of today). */
static vg_status add_campaign(void *ctx, const json_t *rec,
			      struct vg_error *err)
{
	json_t *t = ctx;
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *name = json_string_value(json_object_get(rec, "name"));
	json_t *days = json_object_get(rec, "days");
	char href[128];

	if (!id || !json_is_integer(days))
		return VG_OK;
	snprintf(href, sizeof(href), "/records/campaign/%s", id);
	rt_add(t, rt_row(t, id, name ? name : id, href), 0,
	       json_integer_value(days));
	return VG_OK;
}

vg_status rs_campaign_days(store *db, const struct actor *who, json_t *out,
			   struct vg_error *err)
{
	json_t *t = rt_new("campaign_days", "Campaign day counts",
			   "How many days each campaign (vigil, protest, "
			   "petition, …) has run, longest first.",
			   "Campaign");
	vg_status s;

	(void)rt_column(t, "days", "Days");
	s = rs_each(db, who, "campaign", NULL, add_campaign, t, err);
	return rt_keep(out, t, 1, s);
}
