/* Unit tests for src/core: buffers with caps and a sticky refusal, error
 * reporting and the escaping of log lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"

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

static void test_log_escape_leaves_nothing_a_terminal_acts_on(void **state)
{
	/* A newline, a carriage return, ESC, DEL, a C1 control, U+202E, a
	 * stray byte and a backslash, between plain Latin and Uyghur. */
	const char in[] = "a\nb\rc\x1b[2Jd\x7f\xc2\x85" "e\xe2\x80\xae" "f\xff"
			  "g\\h\xd8\xa6\xd9\x88";
	char out[256];
	size_t n;

	(void)state;
	n = log_escape(in, strlen(in), out, sizeof(out));
	assert_string_equal(out, "a\\x0ab\\x0dc\\x1b[2Jd\\x7f\\u0085e\\u202ef"
				 "\\xffg\\\\h\xd8\xa6\xd9\x88");
	assert_int_equal(n, strlen(out));
}

static void test_log_escape_stops_whole_before_the_end_of_its_buffer(void **state)
{
	char out[6];

	(void)state;
	/* "ab\x0a" would need 7 bytes with its NUL: the escape is left out
	 * whole rather than cut. */
	assert_int_equal(log_escape("ab\ncd", 5, out, sizeof(out)), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(log_escape("\xd8\xa6", 2, out, 2), 0);
	assert_string_equal(out, "");
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
		cmocka_unit_test(test_log_escape_leaves_nothing_a_terminal_acts_on),
		cmocka_unit_test(test_log_escape_stops_whole_before_the_end_of_its_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
