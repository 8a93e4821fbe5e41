/* Unit tests for src/core: buffers with caps and a sticky refusal, and
 * error reporting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"

static void test_buf_grows_and_stays_terminated(void **state)
{
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 10000);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_adds(&b, "ab"), VG_OK);
	assert_int_equal(b.len, 2000);
	assert_int_equal(strlen(buf_str(&b)), 2000);
	buf_free(&b);
}

static void test_buf_refuses_to_pass_its_cap_and_keeps_content(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(buf_adds(&b, "abc"), VG_OK);
	assert_int_equal(buf_error(&b), VG_OK);
	assert_int_equal(buf_adds(&b, "def"), VG_ETOOBIG);
	assert_string_equal(buf_str(&b), "abc");
	assert_int_equal(buf_error(&b), VG_ETOOBIG);
	buf_free(&b);
}

/* A page whose middle was refused must not grow a tail that fits and look
 * complete: once refused, the buffer stays refused. */
static void test_a_refused_append_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(buf_adds(&b, "abc"), VG_OK);
	assert_int_equal(buf_adds(&b, "toolong"), VG_ETOOBIG);
	assert_int_equal(buf_printf(&b, "%d", 4), VG_ETOOBIG);
	assert_int_equal(buf_addc(&b, 'x'), VG_ETOOBIG);
	assert_int_equal(buf_add(&b, "y", 1), VG_ETOOBIG);
	assert_string_equal(buf_str(&b), "abc");
	assert_int_equal(buf_error(&b), VG_ETOOBIG);
	buf_free(&b);
}

static void test_detaching_a_refused_buffer_gives_nothing(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_adds(&b, "ab"), VG_OK);
	assert_int_equal(buf_adds(&b, "cdef"), VG_ETOOBIG);
	assert_null(buf_detach(&b));
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_error(&b), VG_OK);
	assert_int_equal(buf_adds(&b, "ok"), VG_OK);
	buf_free(&b);
}

/* An error page is written into the same buffer after a reset. */
static void test_reset_starts_a_refused_buffer_clean(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "123456789"), VG_ETOOBIG);
	buf_reset(&b);
	assert_int_equal(buf_error(&b), VG_OK);
	assert_int_equal(buf_printf(&b, "e%d", 500), VG_OK);
	assert_string_equal(buf_str(&b), "e500");
	buf_free(&b);
}

static void test_empty_buf_reads_as_empty_string(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 5);
	assert_string_equal(buf_str(&b), "");
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_error_prefix_builds_a_path(void **state)
{
	struct vg_error e;

	(void)state;
	vg_error_clear(&e);
	vg_fail(&e, VG_EINVAL, "field type", "unknown act type '%s'", "x");
	vg_error_prefix(&e, "record %d", 40);
	vg_error_prefix(&e, "people.json");
	assert_string_equal(e.where, "people.json: record 40: field type");
	assert_int_equal(vg_exit_code(e.code), 1);
	assert_int_equal(vg_exit_code(VG_EIO), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_stays_terminated),
		cmocka_unit_test(test_buf_refuses_to_pass_its_cap_and_keeps_content),
		cmocka_unit_test(test_a_refused_append_is_sticky),
		cmocka_unit_test(test_detaching_a_refused_buffer_gives_nothing),
		cmocka_unit_test(test_reset_starts_a_refused_buffer_clean),
		cmocka_unit_test(test_empty_buf_reads_as_empty_string),
		cmocka_unit_test(test_error_prefix_builds_a_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
