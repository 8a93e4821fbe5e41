/* Unit tests for src/core/amount.c: numbers grouped as people write them,
 * amounts with their currency, and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/amount.h"

static void expect_whole(const char *s, int64_t want)
{
	struct vg_error err;
	int64_t v = -1;

	vg_error_clear(&err);
	if (amount_parse_whole(s, &v, &err) != VG_OK)
		fail_msg("'%s' refused: %s", s, err.msg);
	assert_int_equal(v, want);
}

static void expect_amount(const char *s, int64_t want, const char *code)
{
	struct vg_error err;
	char cur[4] = "?";
	int64_t v = -1;

	vg_error_clear(&err);
	if (amount_parse(s, &v, cur, &err) != VG_OK)
		fail_msg("'%s' refused: %s", s, err.msg);
	assert_int_equal(v, want);
	assert_string_equal(cur, code);
}

static void expect_refused(const char *s)
{
	struct vg_error err;
	char cur[4];
	int64_t v;

	vg_error_clear(&err);
	assert_int_equal(amount_parse(s, &v, cur, &err), VG_EINVAL);
	assert_non_null(strstr(err.msg, "cannot read"));
}

static void test_thousands_are_grouped_by_spaces_dots_or_commas(void **state)
{
	(void)state;
	expect_whole("150000", 150000);
	expect_whole("150 000", 150000);
	expect_whole("150.000", 150000);
	expect_whole("1,500,000", 1500000);
	expect_whole("1 500 000", 1500000);
	expect_whole("150\xc2\xa0" "000", 150000);      /* no-break space */
	expect_whole("150\xe2\x80\xaf" "000", 150000);  /* narrow no-break */
	expect_whole("-5 000", -5000);
}

static void test_groups_that_are_not_thousands_are_refused(void **state)
{
	struct vg_error err;
	int64_t v;

	(void)state;
	assert_int_equal(amount_parse_whole("1.5", &v, &err), VG_EINVAL);
	assert_int_equal(amount_parse_whole("15 00", &v, &err), VG_EINVAL);
	assert_int_equal(amount_parse_whole("1 500.000", &v, &err), VG_EINVAL);
	assert_int_equal(amount_parse_whole("1000 000", &v, &err), VG_EINVAL);
	assert_int_equal(amount_parse_whole("", &v, &err), VG_EINVAL);
	assert_int_equal(amount_parse_whole("99999999999999999999", &v, &err),
			 VG_EINVAL);
}

static void test_an_amount_carries_its_currency(void **state)
{
	(void)state;
	expect_amount("150 000 тенге", 150000, "KZT");
	expect_amount("150 000 Тенге", 150000, "KZT");
	expect_amount("150 000 ₸", 150000, "KZT");
	expect_amount("₸150 000", 150000, "KZT");
	expect_amount("KZT 150000", 150000, "KZT");
	expect_amount("5000 元", 5000, "CNY");
	expect_amount("5 000 юаней", 5000, "CNY");
	expect_amount("300 USD", 300, "USD");
	expect_amount("150 000", 150000, "");
}

static void test_an_unknown_word_is_refused(void **state)
{
	(void)state;
	expect_refused("150 000 манатов");
	expect_refused("тенге");
	expect_refused("about 5000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_thousands_are_grouped_by_spaces_dots_or_commas),
		cmocka_unit_test(
			test_groups_that_are_not_thousands_are_refused),
		cmocka_unit_test(test_an_amount_carries_its_currency),
		cmocka_unit_test(test_an_unknown_word_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
