/* Unit tests for the store's report figures (store/records_report.c):
 * tallies by year and sums count only what the reader may see, a year
 * is read from a date as documented, and people by status over time
 * follow the acts the reader may see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "report_test_util.h"

/* The count (or, with sum set, the sum) of the tally row whose text
 * cells are key[0..nkeys); 0 when there is no such row. */
static json_int_t cell(const json_t *rows, const char *const *key,
		       size_t nkeys, int sum)
{
	const json_t *row;
	size_t i, k;

	json_array_foreach(rows, i, row) {
		for (k = 0; k < nkeys; k++)
			if (strcmp(json_string_value(json_array_get(row, k)),
				   key[k]))
				break;
		if (k == nkeys)
			return json_integer_value(json_array_get(row,
								 nkeys + sum));
	}
	return 0;
}

static json_t *tally(store *db, const struct actor *who, const char *type,
		     const struct records_tally *spec, const char *filter)
{
	json_t *f = filter ? json_loads(filter, 0, NULL) : NULL, *rows = NULL;
	struct vg_error err;

	if (records_tally(db, who, type, spec, f, &rows, &err) != VG_OK)
		fail_msg("tally %s: %s: %s", type, err.where, err.msg);
	json_decref(f);
	return rows;
}

static void test_acts_by_year_and_type_count_only_visible_acts(void **state)
{
	store *db = *state;
	static const char *const dims[] = { "type" };
	static const char *const y2019_arrest[] = { "2019", "arrest" };
	static const char *const y2019_detention[] = { "2019", "detention" };
	static const char *const y2020_sentence[] = { "2020", "sentence" };
	struct records_tally spec = { dims, 1, "start_date", NULL };
	const char *p = make(db, "person", "{\"level\": \"public\", \"pending\":"
			     " false, \"names\": [{\"name\": \"Asan Bekuly\"}]}");
	json_t *rows;

	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"arrest\", \"start_date\": \"May 2019\"}", p);
	make(db, "act", "{\"level\": \"confidential\", \"victim\": \"%s\","
	     " \"type\": \"detention\", \"start_date\": \"2019-06-02\"}", p);
	make(db, "act", "{\"level\": \"secret\", \"victim\": \"%s\","
	     " \"type\": \"sentence\", \"start_date\": \"2020\"}", p);
	rows = tally(db, &viewer, "act", &spec, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(cell(rows, y2019_arrest, 2, 0), 1);
	json_decref(rows);
	rows = tally(db, &editor, "act", &spec, NULL);
	assert_int_equal(cell(rows, y2019_detention, 2, 0), 1);
	assert_int_equal(cell(rows, y2020_sentence, 2, 0), 0);
	json_decref(rows);
	rows = tally(db, &admin, "act", &spec, NULL);
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(cell(rows, y2020_sentence, 2, 0), 1);
	json_decref(rows);
}

static void test_sums_add_up_only_visible_amounts(void **state)
{
	store *db = *state;
	static const char *const dims[] = { "currency" };
	static const char *const kzt[] = { "KZT" };
	struct records_tally spec = { dims, 1, NULL, "amount" };
	json_t *rows;

	make(db, "penalty", "{\"level\": \"public\", \"pending\": false,"
	     " \"kind\": \"fine\", \"amount\": 150000, \"currency\": \"KZT\"}");
	make(db, "penalty", "{\"level\": \"confidential\", \"kind\": \"fine\","
	     " \"amount\": 2000000, \"currency\": \"KZT\"}");
	make(db, "penalty", "{\"level\": \"public\", \"pending\": false,"
	     " \"kind\": \"warning\", \"currency\": \"KZT\"}");
	rows = tally(db, &anyone, "penalty", &spec, "{\"kind\": \"fine\"}");
	assert_int_equal(cell(rows, kzt, 1, 0), 1);
	assert_int_equal(cell(rows, kzt, 1, 1), 150000);
	json_decref(rows);
	rows = tally(db, &admin, "penalty", &spec, "{\"kind\": \"fine\"}");
	assert_int_equal(cell(rows, kzt, 1, 0), 2);
	assert_int_equal(cell(rows, kzt, 1, 1), 2150000);
	json_decref(rows);
	/* Without the filter the warning counts, and adds nothing. */
	rows = tally(db, &admin, "penalty", &spec, NULL);
	assert_int_equal(cell(rows, kzt, 1, 0), 3);
	assert_int_equal(cell(rows, kzt, 1, 1), 2150000);
	json_decref(rows);
}

static void test_a_pending_record_is_not_counted_for_the_public(void **state)
{
	store *db = *state;
	static const char *const dims[] = { "kind" };
	static const char *const fine[] = { "fine" };
	struct records_tally spec = { dims, 1, NULL, NULL };
	json_t *rows;

	make(db, "penalty", "{\"level\": \"public\", \"pending\": true,"
	     " \"kind\": \"fine\"}");
	rows = tally(db, &anyone, "penalty", &spec, NULL);
	assert_int_equal(cell(rows, fine, 1, 0), 0);
	json_decref(rows);
	rows = tally(db, &viewer, "penalty", &spec, NULL);
	assert_int_equal(cell(rows, fine, 1, 0), 1);
	json_decref(rows);
}

static void test_a_year_is_the_first_a_date_may_fall_in(void **state)
{
	store *db = *state;
	static const char *const y1975[] = { "1975" };
	static const char *const y2018[] = { "2018" };
	static const char *const y2019[] = { "2019" };
	static const char *const none[] = { "" };
	struct records_tally spec = { NULL, 0, "date", NULL };
	json_t *rows;

	make(db, "penalty", "{\"kind\": \"fine\", \"date\": \"about 1976\"}");
	make(db, "penalty", "{\"kind\": \"fine\", \"date\": \"before 2019\"}");
	make(db, "penalty", "{\"kind\": \"fine\", \"date\": \"since 2019\"}");
	make(db, "penalty", "{\"kind\": \"fine\", \"date\": \"14.03.2019\"}");
	make(db, "penalty", "{\"kind\": \"fine\"}");
	rows = tally(db, &admin, "penalty", &spec, NULL);
	assert_int_equal(cell(rows, y1975, 1, 0), 1);
	assert_int_equal(cell(rows, y2018, 1, 0), 1);
	assert_int_equal(cell(rows, y2019, 1, 0), 2);
	assert_int_equal(cell(rows, none, 1, 0), 1);
	json_decref(rows);
}

static void test_a_hidden_reference_counts_as_none(void **state)
{
	store *db = *state;
	static const char *const dims[] = { "place" };
	static const char *const none[] = { "" };
	struct records_tally spec = { dims, 1, NULL, NULL };
	const char *p = make(db, "person", "{\"level\": \"public\", \"pending\":"
			     " false, \"names\": [{\"name\": \"Aru\"}]}");
	char victim[32], open[32], hidden[2][32];
	const char *key[1];
	json_t *rows;
	int i;

	snprintf(victim, sizeof(victim), "%s", p);
	snprintf(open, sizeof(open), "%s", make(db, "place", "{\"level\":"
		 " \"public\", \"pending\": false, \"name\": \"Ghulja\","
		 " \"kind\": \"county\"}"));
	for (i = 0; i < 2; i++)
		snprintf(hidden[i], 32, "%s", make(db, "place", "{\"level\":"
			 " \"confidential\", \"name\": \"Camp %d\", \"kind\":"
			 " \"facility\"}", i));
	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"arrest\", \"place\": \"%s\"}", victim, open);
	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"arrest\"}", victim);
	for (i = 0; i < 2; i++)
		make(db, "act", "{\"level\": \"public\", \"pending\": false,"
		     " \"victim\": \"%s\", \"type\": \"detention\", \"place\":"
		     " \"%s\"}", victim, hidden[i]);
	rows = tally(db, &viewer, "act", &spec, NULL);
	/* One row without a place: the act without one and the two at
	 * hidden places; no hidden id. */
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(cell(rows, none, 1, 0), 3);
	key[0] = open;
	assert_int_equal(cell(rows, key, 1, 0), 1);
	json_decref(rows);
	rows = tally(db, &editor, "act", &spec, NULL);
	assert_int_equal(json_array_size(rows), 4);
	key[0] = hidden[1];
	assert_int_equal(cell(rows, key, 1, 0), 1);
	json_decref(rows);
}

static void test_a_tally_refuses_fields_it_may_not_use(void **state)
{
	store *db = *state;
	static const char *const grade[] = { "evidence_grade" };
	static const char *const notes[] = { "notes" };
	static const char *const kind[] = { "kind" };
	struct records_tally by_grade = { grade, 1, NULL, NULL };
	struct records_tally by_notes = { notes, 1, NULL, NULL };
	struct records_tally sum_text = { kind, 1, NULL, "currency" };
	struct records_tally year_text = { NULL, 0, "kind", NULL };
	struct records_tally nothing = { NULL, 0, NULL, NULL };
	struct vg_error err;
	json_t *rows = NULL;

	/* evidence_grade is internal: the public may not group by it. */
	assert_int_equal(records_tally(db, &anyone, "person", &by_grade, NULL,
				       &rows, &err), VG_EINVAL);
	assert_string_equal(err.where, "evidence_grade");
	assert_int_equal(records_tally(db, &viewer, "person", &by_grade, NULL,
				       &rows, &err), VG_OK);
	json_decref(rows);
	assert_int_equal(records_tally(db, &admin, "act", &by_notes, NULL,
				       &rows, &err), VG_EINVAL);
	assert_int_equal(records_tally(db, &admin, "penalty", &sum_text, NULL,
				       &rows, &err), VG_EINVAL);
	assert_string_equal(err.where, "currency");
	assert_int_equal(records_tally(db, &admin, "penalty", &year_text,
				       NULL, &rows, &err), VG_EINVAL);
	assert_int_equal(records_tally(db, &admin, "penalty", &nothing, NULL,
				       &rows, &err), VG_EINVAL);
	assert_null(rows);
}

/* The count of [year, status] in rows of records_status_by_year. */
static json_int_t status_in(const json_t *rows, const char *year,
			    const char *status)
{
	const char *key[2] = { year, status };

	return cell(rows, key, 2, 0);
}

static json_t *by_year(store *db, const struct actor *who, int a, int b)
{
	struct vg_error err;
	json_t *rows = NULL;

	if (records_status_by_year(db, who, a, b, &rows, &err) != VG_OK)
		fail_msg("status by year: %s: %s", err.where, err.msg);
	return rows;
}

static void test_status_over_time_follows_the_acts_the_reader_may_see(
	void **state)
{
	store *db = *state;
	const char *p = make(db, "person", "{\"level\": \"public\", \"pending\":"
			     " false, \"names\": [{\"name\": \"Serik Aqyn\"}]}");
	json_t *rows;

	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"arrest\", \"start_date\": \"2019\"}", p);
	make(db, "act", "{\"level\": \"confidential\", \"victim\": \"%s\","
	     " \"type\": \"release\", \"start_date\": \"March 2021\"}", p);
	p = make(db, "person", "{\"level\": \"confidential\", \"names\":"
		 " [{\"name\": \"Kept Name\"}]}");
	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"disappearance\", \"start_date\": \"2020\"}",
	     p);
	rows = by_year(db, &viewer, 2018, 2022);
	assert_int_equal(status_in(rows, "2018", "arrested"), 0);
	assert_int_equal(status_in(rows, "2019", "arrested"), 1);
	assert_int_equal(status_in(rows, "2022", "arrested"), 1);
	assert_int_equal(status_in(rows, "2022", "released"), 0);
	/* The confidential person is not counted at all. */
	assert_int_equal(status_in(rows, "2021", "disappeared"), 0);
	assert_int_equal(json_array_size(rows), 4);
	json_decref(rows);
	rows = by_year(db, &editor, 2018, 2022);
	assert_int_equal(status_in(rows, "2020", "arrested"), 1);
	assert_int_equal(status_in(rows, "2020", "disappeared"), 1);
	assert_int_equal(status_in(rows, "2021", "arrested"), 0);
	assert_int_equal(status_in(rows, "2021", "released"), 1);
	json_decref(rows);
}

static void test_this_years_status_agrees_with_the_status_counts(
	void **state)
{
	store *db = *state;
	static const char *const dims[] = { "status" };
	const struct records_tally spec = { dims, 1, NULL, NULL };
	const struct actor *const readers[] = { &anyone, &viewer, &admin };
	const char *p = make(db, "person", "{\"level\": \"public\", \"pending\":"
			     " false, \"names\": [{\"name\": \"Aina Dos\"}]}");
	struct vg_error err;
	json_t *now, *counts = NULL, *row;
	size_t r, i;

	/* An undated act counts as older than a dated one. */
	make(db, "act", "{\"level\": \"public\", \"pending\": false, \"victim\":"
	     " \"%s\", \"type\": \"detention\"}", p);
	make(db, "act", "{\"level\": \"internal\", \"victim\": \"%s\","
	     " \"type\": \"sentence\", \"start_date\": \"2015\"}", p);
	for (r = 0; r < 3; r++) {
		now = by_year(db, readers[r], 2014, 2030);
		assert_int_equal(records_tally(db, readers[r], "person", &spec,
					       NULL, &counts, &err), VG_OK);
		json_array_foreach(counts, i, row)
			assert_int_equal(status_in(now, "2030",
				json_string_value(json_array_get(row, 0))),
				json_integer_value(json_array_get(row, 1)));
		json_decref(counts);
		json_decref(now);
	}
	now = by_year(db, &anyone, 2014, 2015);
	assert_int_equal(status_in(now, "2014", "detained"), 1);
	assert_int_equal(status_in(now, "2015", "detained"), 1);
	json_decref(now);
	now = by_year(db, &viewer, 2014, 2015);
	assert_int_equal(status_in(now, "2014", "detained"), 1);
	assert_int_equal(status_in(now, "2015", "sentenced"), 1);
	json_decref(now);
}

static void test_status_over_time_refuses_a_span_it_will_not_count(
	void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *rows = NULL;

	assert_int_equal(records_status_by_year(db, &admin, 1700, 1750, &rows,
						&err), VG_EINVAL);
	assert_int_equal(records_status_by_year(db, &admin, 1800, 2100, &rows,
						&err), VG_EINVAL);
	assert_int_equal(records_status_by_year(db, &admin, 2020, 2019, &rows,
						&err), VG_EINVAL);
	assert_string_equal(err.where, "years");
	assert_null(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_acts_by_year_and_type_count_only_visible_acts,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_sums_add_up_only_visible_amounts, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_pending_record_is_not_counted_for_the_public,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_year_is_the_first_a_date_may_fall_in, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_hidden_reference_counts_as_none, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_tally_refuses_fields_it_may_not_use, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_status_over_time_follows_the_acts_the_reader_may_see,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_this_years_status_agrees_with_the_status_counts,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_status_over_time_refuses_a_span_it_will_not_count,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
