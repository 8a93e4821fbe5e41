/* Unit tests for src/model/thesaurus.c: the shipped thesauri load and
 * answer look-ups; malformed files are refused naming file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/thesaurus.h"

static char shipped_data[1024];

/* Remembers the data directory the suite was started with. */
static int remember_data_dir(void **state)
{
	const char *d = getenv("VIGIL_DATA");

	(void)state;
	snprintf(shipped_data, sizeof(shipped_data), "%s", d ? d : "data");
	return 0;
}

static int load_shipped(void **state)
{
	struct vg_error err;

	(void)state;
	thesaurus_free();
	setenv("VIGIL_DATA", shipped_data, 1);
	vg_error_clear(&err);
	if (thesaurus_load(&err) != VG_OK) {
		fprintf(stderr, "%s: %s\n", err.where, err.msg);
		return -1;
	}
	return 0;
}

static int forget(void **state)
{
	(void)state;
	thesaurus_free();
	setenv("VIGIL_DATA", shipped_data, 1);
	return 0;
}

static void test_every_thesaurus_the_model_names_is_shipped(void **state)
{
	static const char *const names[] = {
		"act_type", "victim_status", "intervention_type",
		"response_type", "reliability", "relation_type", "date_type",
		"source_kind",
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!thesaurus_terms(names[i], &n))
			fail_msg("thesaurus %s is missing", names[i]);
		assert_true(n >= 4);
	}
}

static void test_terms_are_found_by_code(void **state)
{
	const struct term *t;

	(void)state;
	t = thesaurus_find("act_type", "disappearance");
	assert_non_null(t);
	assert_string_equal(t->label, "Disappearance");
	assert_string_equal(t->huridocs, "030103000000");
	assert_string_equal(t->parent, "liberty_violation");
	t = thesaurus_find("relation_type", "mother_of");
	assert_non_null(t);
	assert_string_equal(t->parent, "parent_of");
	assert_non_null(thesaurus_find("response_type", "no_response"));
	assert_non_null(thesaurus_find("reliability", "unknown"));
}

static void test_unknown_codes_and_thesauri_find_nothing(void **state)
{
	size_t n = 99;

	(void)state;
	assert_null(thesaurus_find("act_type", "jailing"));
	assert_null(thesaurus_find("act_type", "Arrest"));
	assert_null(thesaurus_find("no_such_list", "arrest"));
	assert_null(thesaurus_terms("no_such_list", &n));
	assert_int_equal(n, 0);
}

static void test_huridocs_codes_are_twelve_digits_or_empty(void **state)
{
	const struct term *terms;
	size_t n, i;

	(void)state;
	terms = thesaurus_terms("act_type", &n);
	assert_non_null(terms);
	for (i = 0; i < n; i++) {
		size_t len = strlen(terms[i].huridocs);

		assert_true(len == 0 || len == 12);
	}
}

static void test_allowed_lists_the_codes_in_file_order(void **state)
{
	char out[400];

	(void)state;
	thesaurus_allowed("reliability", out, sizeof(out));
	assert_string_equal(out, "high, medium, low, unreliable, unknown");
	thesaurus_allowed("act_type", out, sizeof(out));
	assert_int_equal(strncmp(out, "arrest, detention, ", 19), 0);
}

static void test_allowed_is_cut_with_an_ellipsis_when_short(void **state)
{
	char out[24];

	(void)state;
	thesaurus_allowed("act_type", out, sizeof(out));
	assert_true(strlen(out) < sizeof(out));
	assert_non_null(strstr(out, "arrest, "));
	assert_non_null(strstr(out, "…"));
	thesaurus_allowed("no_such_list", out, sizeof(out));
	assert_string_equal(out, "");
}

/* Writes a data directory holding one thesaurus with the given body. */
static void make_data_dir(char *dir, size_t size, const char *body)
{
	const char *tmp = getenv("VIGIL_TMP");
	char path[1200];
	FILE *f;

	snprintf(dir, size, "%s/thesaurus-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/thesauri", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/thesauri/colour.tsv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(body, f);
	fclose(f);
}

static void remove_data_dir(const char *dir)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/thesauri/colour.tsv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/thesauri", dir);
	rmdir(path);
	rmdir(dir);
}

/* Loads body as the only thesaurus; returns the status and fills err. */
static vg_status load_body(const char *body, struct vg_error *err)
{
	char dir[1024];
	vg_status s;

	make_data_dir(dir, sizeof(dir), body);
	thesaurus_free();
	setenv("VIGIL_DATA", dir, 1);
	vg_error_clear(err);
	s = thesaurus_load(err);
	remove_data_dir(dir);
	return s;
}

static void expect_refused(const char *body, const char *where_end,
			   const char *msg_part)
{
	struct vg_error err;
	size_t wl, el = strlen(where_end);

	assert_int_equal(load_body(body, &err), VG_EINVAL);
	wl = strlen(err.where);
	if (wl < el || strcmp(err.where + wl - el, where_end))
		fail_msg("where '%s' does not end in '%s'", err.where,
			 where_end);
	if (!strstr(err.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", err.msg, msg_part);
	assert_null(thesaurus_terms("colour", NULL));
}

static void test_a_wellformed_file_loads_with_comments_skipped(void **state)
{
	struct vg_error err;
	size_t n;

	(void)state;
	assert_int_equal(load_body("\xEF\xBB\xBF# colours\n\nred\tRed\t\t\r\n"
				   "dark_red\tDark red\t010203040506\tred\n",
				   &err), VG_OK);
	assert_non_null(thesaurus_terms("colour", &n));
	assert_int_equal(n, 2);
	assert_string_equal(thesaurus_find("colour", "red")->label, "Red");
	assert_string_equal(thesaurus_find("colour", "dark_red")->parent,
			    "red");
}

static void test_a_row_with_missing_columns_is_refused(void **state)
{
	(void)state;
	expect_refused("# colours\nred\tRed\t\t\nblue\tBlue\n",
		       "thesauri/colour.tsv: line 3", "expected 4 columns");
}

static void test_a_row_with_too_many_columns_is_refused(void **state)
{
	(void)state;
	expect_refused("red\tRed\t\t\textra\n", "colour.tsv: line 1",
		       "found 5");
}

static void test_a_bad_code_is_refused(void **state)
{
	(void)state;
	expect_refused("Red Wine\tRed\t\t\n", "colour.tsv: line 1",
		       "lower-case letters");
}

static void test_a_bad_huridocs_code_is_refused(void **state)
{
	(void)state;
	expect_refused("red\tRed\t12ab\t\n", "colour.tsv: line 1",
		       "12 digits");
}

static void test_an_empty_label_is_refused(void **state)
{
	(void)state;
	expect_refused("red\t\t\t\n", "colour.tsv: line 1", "label");
}

static void test_a_duplicate_code_is_refused(void **state)
{
	(void)state;
	expect_refused("red\tRed\t\t\nblue\tBlue\t\t\nred\tRed again\t\t\n",
		       "colour.tsv: line 3", "already defined on line 1");
}

static void test_an_unknown_parent_is_refused(void **state)
{
	(void)state;
	expect_refused("red\tRed\t\tcolour\n", "colour.tsv: line 1",
		       "parent 'colour'");
}

static void test_a_file_without_terms_is_refused(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(load_body("# nothing yet\n", &err), VG_EINVAL);
	assert_non_null(strstr(err.where, "colour.tsv"));
	assert_non_null(strstr(err.msg, "no terms"));
}

static void test_loading_twice_keeps_the_first_load(void **state)
{
	struct vg_error err;
	size_t n1, n2;

	(void)state;
	assert_non_null(thesaurus_terms("act_type", &n1));
	setenv("VIGIL_DATA", "/nonexistent", 1);
	assert_int_equal(thesaurus_load(&err), VG_OK);
	assert_non_null(thesaurus_terms("act_type", &n2));
	assert_int_equal(n1, n2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_every_thesaurus_the_model_names_is_shipped,
			load_shipped, forget),
		cmocka_unit_test_setup_teardown(test_terms_are_found_by_code,
						load_shipped, forget),
		cmocka_unit_test_setup_teardown(
			test_unknown_codes_and_thesauri_find_nothing,
			load_shipped, forget),
		cmocka_unit_test_setup_teardown(
			test_huridocs_codes_are_twelve_digits_or_empty,
			load_shipped, forget),
		cmocka_unit_test_setup_teardown(
			test_allowed_lists_the_codes_in_file_order,
			load_shipped, forget),
		cmocka_unit_test_setup_teardown(
			test_allowed_is_cut_with_an_ellipsis_when_short,
			load_shipped, forget),
		cmocka_unit_test_setup_teardown(
			test_loading_twice_keeps_the_first_load, load_shipped,
			forget),
		cmocka_unit_test_teardown(
			test_a_wellformed_file_loads_with_comments_skipped,
			forget),
		cmocka_unit_test_teardown(
			test_a_row_with_missing_columns_is_refused, forget),
		cmocka_unit_test_teardown(
			test_a_row_with_too_many_columns_is_refused, forget),
		cmocka_unit_test_teardown(test_a_bad_code_is_refused, forget),
		cmocka_unit_test_teardown(test_a_bad_huridocs_code_is_refused,
					  forget),
		cmocka_unit_test_teardown(test_an_empty_label_is_refused,
					  forget),
		cmocka_unit_test_teardown(test_a_duplicate_code_is_refused,
					  forget),
		cmocka_unit_test_teardown(test_an_unknown_parent_is_refused,
					  forget),
		cmocka_unit_test_teardown(test_a_file_without_terms_is_refused,
					  forget),
	};

	return cmocka_run_group_tests(tests, remember_data_dir, NULL);
}
