/* Unit tests for the statistics tables (report/stats*.c): each table
 * counts, for a viewer, only what the viewer may see, and for an admin
 * everything; places roll up to their region; appeals wait from the day
 * they were sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "report_test_util.h"

/* The cell of table name at the row labelled row and the column
 * labelled col; -1 when the row is not there. */
static json_int_t value(const json_t *stats, const char *name,
			const char *row, const char *col)
{
	const json_t *t = report_find(stats, name), *r, *c;
	size_t i, k;

	if (!t)
		fail_msg("no table %s", name);
	json_array_foreach(json_object_get(t, "rows"), i, r) {
		if (strcmp(json_string_value(json_object_get(r, "label")), row))
			continue;
		json_array_foreach(json_object_get(t, "columns"), k, c)
			if (!strcmp(json_string_value(json_object_get(c,
								      "label")),
				    col))
				return report_cell(t, i, k);
		return 0;
	}
	return -1;
}

static size_t rows_of(const json_t *stats, const char *name)
{
	return json_array_size(json_object_get(report_find(stats, name),
					       "rows"));
}

/* Public records and, beside each, a hidden one that must not count. */
static void plant(store *db)
{
	const char *cn, *xj, *gh, *camp, *p1, *p2;
	char ids[6][32];

	cn = make(db, "place", "{\"level\": \"public\", \"pending\": false,"
		  " \"name\": \"China\", \"kind\": \"country\"}");
	snprintf(ids[0], 32, "%s", cn);
	xj = make(db, "place", "{\"level\": \"public\", \"pending\": false,"
		  " \"name\": \"Xinjiang\", \"kind\": \"region\", \"parent\":"
		  " \"%s\"}", ids[0]);
	snprintf(ids[1], 32, "%s", xj);
	gh = make(db, "place", "{\"level\": \"public\", \"pending\": false,"
		  " \"name\": \"Ghulja\", \"kind\": \"county\", \"parent\":"
		  " \"%s\"}", ids[1]);
	snprintf(ids[2], 32, "%s", gh);
	camp = make(db, "place", "{\"level\": \"confidential\", \"name\":"
		    " \"Hidden camp\", \"kind\": \"facility\", \"parent\":"
		    " \"%s\"}", ids[2]);
	snprintf(ids[3], 32, "%s", camp);
	p1 = make(db, "person", "{\"level\": \"public\", \"pending\": false,"
		  " \"ethnicity\": \"Kazakh\", \"names\": [{\"name\":"
		  " \"Erbol Kairatuly\"}]}");
	snprintf(ids[4], 32, "%s", p1);
	p2 = make(db, "person", "{\"level\": \"confidential\", \"ethnicity\":"
		  " \"Uyghur\", \"names\": [{\"name\": \"Kept Name\"}]}");
	snprintf(ids[5], 32, "%s", p2);
	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"arrest\", \"start_date\": \"2019\","
	     " \"place\": \"%s\"}", ids[4], ids[2]);
	/* Public, but at a place the viewer may not see. */
	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"detention\", \"start_date\": \"2020\","
	     " \"place\": \"%s\"}", ids[4], ids[3]);
	make(db, "act", "{\"level\": \"confidential\", \"victim\": \"%s\","
	     " \"type\": \"disappearance\", \"start_date\": \"2020\","
	     " \"place\": \"%s\"}", ids[5], ids[2]);
	make(db, "penalty", "{\"level\": \"public\", \"pending\": false,"
	     " \"kind\": \"fine\", \"amount\": 100000, \"currency\": \"KZT\","
	     " \"date\": \"2021\"}");
	make(db, "penalty", "{\"level\": \"confidential\", \"kind\": \"fine\","
	     " \"amount\": 5000, \"currency\": \"KZT\", \"date\": \"2021\"}");
	make(db, "intervention", "{\"level\": \"public\", \"pending\": false,"
	     " \"kind\": \"appeal\", \"addressee\": \"Ministry\", \"date\":"
	     " \"2024-01-01\", \"status\": \"sent\"}");
	make(db, "intervention", "{\"level\": \"confidential\", \"kind\":"
	     " \"appeal\", \"addressee\": \"Hidden office\", \"date\":"
	     " \"2023-01-01\", \"status\": \"sent\"}");
	make(db, "campaign", "{\"level\": \"public\", \"pending\": false,"
	     " \"name\": \"Vigil in Almaty\", \"kind\": \"vigil\","
	     " \"start_date\": \"2024-01-01\", \"end_date\": \"2024-01-10\"}");
	make(db, "campaign", "{\"level\": \"confidential\", \"name\":"
	     " \"Quiet vigil\", \"kind\": \"vigil\", \"start_date\":"
	     " \"2024-01-01\", \"end_date\": \"2024-01-03\"}");
}

static json_t *stats_for(store *db, const struct actor *who)
{
	struct vg_error err;
	json_t *stats = NULL;

	if (report_stats(db, who, "2024-03-01", &stats, &err) != VG_OK)
		fail_msg("stats: %s: %s", err.where, err.msg);
	return stats;
}

static void test_people_and_acts_count_only_what_the_viewer_may_see(
	void **state)
{
	store *db = *state;
	json_t *v, *a;

	plant(db);
	v = stats_for(db, &viewer);
	a = stats_for(db, &admin);
	assert_int_equal(value(v, "status_by_year", "2020", "Detained"), 1);
	assert_int_equal(value(v, "status_by_year", "2020", "Disappeared: whereabouts not disclosed"), 0);
	assert_int_equal(value(a, "status_by_year", "2020", "Disappeared: whereabouts not disclosed"), 1);
	assert_int_equal(value(v, "acts_by_year", "2019", "Arrest"), 1);
	assert_int_equal(value(v, "acts_by_year", "2020", "Disappearance"), 0);
	assert_int_equal(value(a, "acts_by_year", "2020", "Disappearance"), 1);
	assert_int_equal(value(v, "people_by_ethnicity", "Kazakh", "People"), 1);
	assert_int_equal(value(v, "people_by_ethnicity", "Uyghur", "People"),
			 -1);
	assert_int_equal(value(a, "people_by_ethnicity", "Uyghur", "People"), 1);
	json_decref(v);
	json_decref(a);
}

static void test_a_year_only_a_hidden_record_has_is_not_named(void **state)
{
	store *db = *state;
	json_t *v, *a;

	plant(db);
	make(db, "act", "{\"level\": \"confidential\", \"victim\": \"V-000001\","
	     " \"type\": \"release\", \"start_date\": \"2016\"}");
	make(db, "penalty", "{\"level\": \"confidential\", \"kind\": \"fine\","
	     " \"date\": \"2012\"}");
	v = stats_for(db, &viewer);
	a = stats_for(db, &admin);
	assert_int_equal(value(v, "acts_by_year", "2016", "Release"), -1);
	assert_int_equal(value(v, "status_by_year", "2016", "Released"), -1);
	assert_int_equal(value(v, "penalties_by_year", "2012", "Fine"), -1);
	/* The years between are not named either: only those with acts,
	 * and this one. */
	assert_int_equal(value(v, "acts_by_year", "2021", "Arrest"), -1);
	assert_int_equal(rows_of(v, "status_by_year"), 3);
	assert_int_equal(value(v, "status_by_year", "2024", "Detained"), 1);
	assert_int_equal(value(a, "acts_by_year", "2016", "Release"), 1);
	assert_int_equal(value(a, "status_by_year", "2016", "Released"), 1);
	assert_int_equal(value(a, "penalties_by_year", "2012", "Fine"), 1);
	json_decref(v);
	json_decref(a);
}

static void test_acts_roll_up_to_the_region_the_reader_may_see(void **state)
{
	store *db = *state;
	json_t *v, *a;

	plant(db);
	v = stats_for(db, &viewer);
	a = stats_for(db, &admin);
	assert_int_equal(value(v, "acts_by_region", "Xinjiang", "Acts"), 1);
	/* The act at the hidden camp is there, its place is not. */
	assert_int_equal(value(v, "acts_by_region", "Region not known", "Acts"),
			 1);
	assert_int_equal(value(a, "acts_by_region", "Xinjiang", "Acts"), 3);
	assert_int_equal(value(a, "acts_by_region", "Region not known", "Acts"),
			 -1);
	json_decref(v);
	json_decref(a);
}

static void test_fines_appeals_and_campaigns_leave_hidden_ones_out(
	void **state)
{
	store *db = *state;
	json_t *v, *a;

	plant(db);
	v = stats_for(db, &viewer);
	a = stats_for(db, &admin);
	assert_int_equal(value(v, "fines", "KZT", "Total amount"), 100000);
	assert_int_equal(value(v, "fines", "KZT", "Fines"), 1);
	assert_int_equal(value(a, "fines", "KZT", "Total amount"), 105000);
	assert_int_equal(value(v, "penalties_by_year", "2021", "Fine"), 1);
	assert_int_equal(value(a, "penalties_by_year", "2021", "Fine"), 2);
	assert_int_equal(value(v, "appeals_by_year", "2024", "Sent"), 1);
	assert_int_equal(value(v, "appeals_by_year", "2023", "Sent"), -1);
	assert_int_equal(value(a, "appeals_by_year", "2023", "Sent"), 1);
	assert_int_equal(rows_of(v, "appeals_waiting"), 1);
	assert_int_equal(rows_of(a, "appeals_waiting"), 2);
	assert_int_equal(rows_of(v, "campaign_days"), 1);
	assert_int_equal(value(v, "campaign_days", "Vigil in Almaty", "Days"),
			 10);
	assert_int_equal(value(a, "campaign_days", "Quiet vigil", "Days"), 3);
	json_decref(v);
	json_decref(a);
}

static void test_an_appeal_waits_from_the_day_it_was_sent(void **state)
{
	store *db = *state;
	const json_t *t;
	json_t *a;

	plant(db);
	make(db, "intervention", "{\"level\": \"public\", \"pending\": false,"
	     " \"kind\": \"appeal\", \"addressee\": \"Embassy\", \"date\":"
	     " \"before 2024-02-01\", \"status\": \"sent\"}");
	make(db, "intervention", "{\"level\": \"public\", \"pending\": false,"
	     " \"kind\": \"appeal\", \"addressee\": \"Answered\", \"date\":"
	     " \"2020\", \"status\": \"sent\", \"response\": \"acknowledged\"}");
	a = stats_for(db, &admin);
	t = report_find(a, "appeals_waiting");
	/* Longest first: 2023-01-01, 2024-01-01, then "before" 2024-02-01
	 * from its last possible day, 2024-01-31; the answered one not. */
	assert_int_equal(json_array_size(json_object_get(t, "rows")), 3);
	assert_int_equal(report_cell(t, 0, 0), 425);
	assert_int_equal(report_cell(t, 1, 0), 60);
	assert_int_equal(report_cell(t, 2, 0), 30);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(t, "rows"), 1), "label")), "I-000001 to Ministry");
	json_decref(a);
}

/* Every label and link of every table the viewer gets. */
static void all_text(const json_t *stats, struct buf *b)
{
	const json_t *t, *r;
	size_t i, k;

	json_array_foreach(stats, i, t)
		json_array_foreach(json_object_get(t, "rows"), k, r) {
			(void)buf_adds(b, json_string_value(json_object_get(
				r, "label")));
			(void)buf_adds(b, " ");
			if (json_object_get(r, "href"))
				(void)buf_adds(b, json_string_value(
					json_object_get(r, "href")));
			(void)buf_adds(b, "\n");
		}
}

static void test_no_label_names_a_hidden_record(void **state)
{
	static const char *const hidden[] = {
		"Hidden camp", "P-000004", "Uyghur", "Hidden office",
		"I-000002", "Quiet vigil", "G-000002",
	};
	store *db = *state;
	struct buf b;
	json_t *v;
	size_t i;

	plant(db);
	v = stats_for(db, &viewer);
	buf_init(&b, 1u << 20);
	all_text(v, &b);
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (strstr(buf_str(&b), hidden[i]))
			fail_msg("the viewer's tables name %s:\n%s", hidden[i],
				 buf_str(&b));
	buf_free(&b);
	json_decref(v);
	v = stats_for(db, &admin);
	buf_init(&b, 1u << 20);
	all_text(v, &b);
	assert_non_null(strstr(buf_str(&b), "Hidden office"));
	assert_non_null(strstr(buf_str(&b), "Quiet vigil"));
	buf_free(&b);
	json_decref(v);
}

static void test_an_empty_casebook_gives_empty_tables(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *stats = NULL, *t;
	size_t i;

	assert_int_equal(report_stats(db, &anyone, "2024-03-01", &stats, &err),
			 VG_OK);
	assert_int_equal(json_array_size(stats), 9);
	json_array_foreach(stats, i, t)
		assert_int_equal(json_array_size(json_object_get(t, "rows")), 0);
	json_decref(stats);
	assert_int_equal(report_stats(db, &anyone, "not a day", &stats, &err),
			 VG_EINVAL);
	assert_null(stats);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_people_and_acts_count_only_what_the_viewer_may_see,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_year_only_a_hidden_record_has_is_not_named,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_acts_roll_up_to_the_region_the_reader_may_see,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_fines_appeals_and_campaigns_leave_hidden_ones_out,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_appeal_waits_from_the_day_it_was_sent, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_no_label_names_a_hidden_record, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_empty_casebook_gives_empty_tables, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
