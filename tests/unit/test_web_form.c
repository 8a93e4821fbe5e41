/* Unit tests for the form parsers: urlencoded bodies, multipart bodies
 * with files, and the limits on both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "web/form.h"

static void test_urlencoded_decodes_plus_and_percent(void **state)
{
	struct form f;
	struct vg_error err;
	const char *body = "a=1&b=x+y&c=%C3%A9t%C3%A9&empty=&flag";

	(void)state;
	form_init(&f, 10, 100, 0);
	assert_int_equal(form_parse_urlencoded(&f, body, strlen(body), &err),
			 VG_OK);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_string_equal(form_get(&f, "b"), "x y");
	assert_string_equal(form_get(&f, "c"), "été");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_null(form_get(&f, "missing"));
	form_free(&f);
}

static void test_urlencoded_keeps_repeated_names_in_order(void **state)
{
	struct form f;
	struct vg_error err;
	const char *body = "n=one&n=two&n=three";

	(void)state;
	form_init(&f, 10, 100, 0);
	assert_int_equal(form_parse_urlencoded(&f, body, strlen(body), &err),
			 VG_OK);
	assert_string_equal(form_nth(&f, "n", 0)->value, "one");
	assert_string_equal(form_nth(&f, "n", 2)->value, "three");
	assert_null(form_nth(&f, "n", 3));
	form_free(&f);
}

static void test_urlencoded_refuses_bad_escapes_and_bad_utf8(void **state)
{
	struct form f;
	struct vg_error err;

	(void)state;
	form_init(&f, 10, 100, 0);
	assert_int_equal(form_parse_urlencoded(&f, "a=%zz", 5, &err), VG_EINVAL);
	assert_int_equal(form_parse_urlencoded(&f, "a=%4", 4, &err), VG_EINVAL);
	assert_int_equal(form_parse_urlencoded(&f, "a=%ff", 5, &err), VG_EINVAL);
	assert_int_equal(form_parse_urlencoded(&f, "a=%00", 5, &err), VG_EINVAL);
	form_free(&f);
}

static void test_urlencoded_refuses_long_values_and_too_many_fields(void **state)
{
	struct form f;
	struct vg_error err;

	(void)state;
	form_init(&f, 2, 3, 0);
	assert_int_equal(form_parse_urlencoded(&f, "a=1234", 6, &err),
			 VG_ETOOBIG);
	assert_non_null(strstr(err.msg, "'a'"));
	form_free(&f);
	form_init(&f, 2, 3, 0);
	assert_int_equal(form_parse_urlencoded(&f, "a=1&b=2&c=3", 11, &err),
			 VG_ETOOBIG);
	form_free(&f);
}

static const char multipart[] =
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"title\"\r\n"
	"\r\n"
	"A daughter's account\r\n"
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
	"Content-Type: text/plain\r\n"
	"\r\n"
	"line one\r\n--not the boundary\r\nline three\r\n"
	"--XyZ--\r\n";

static void test_multipart_reads_fields_and_files(void **state)
{
	struct form f;
	struct vg_error err;
	const struct form_field *file;

	(void)state;
	form_init(&f, 10, 100, 1000);
	assert_int_equal(form_parse_multipart(&f,
					       "multipart/form-data; boundary=XyZ",
					       multipart, sizeof(multipart) - 1,
					       &err),
			 VG_OK);
	assert_string_equal(form_get(&f, "title"), "A daughter's account");
	file = form_find(&f, "file");
	assert_non_null(file);
	assert_string_equal(file->filename, "note.txt");
	assert_string_equal(file->content_type, "text/plain");
	assert_string_equal(file->value,
			    "line one\r\n--not the boundary\r\nline three");
	form_free(&f);
}

static void test_multipart_accepts_a_quoted_boundary(void **state)
{
	struct form f;
	struct vg_error err;

	(void)state;
	form_init(&f, 10, 100, 1000);
	assert_int_equal(form_parse_multipart(&f,
					       "multipart/form-data; boundary=\"XyZ\"",
					       multipart, sizeof(multipart) - 1,
					       &err),
			 VG_OK);
	assert_int_equal(f.n, 2);
	form_free(&f);
}

static void test_multipart_refuses_truncated_and_boundaryless_bodies(void **state)
{
	struct form f;
	struct vg_error err;

	(void)state;
	form_init(&f, 10, 100, 1000);
	assert_int_equal(form_parse_multipart(&f, "multipart/form-data",
					       multipart, sizeof(multipart) - 1,
					       &err),
			 VG_EINVAL);
	assert_int_equal(form_parse_multipart(&f,
					       "multipart/form-data; boundary=XyZ",
					       multipart, 60, &err),
			 VG_EINVAL);
	form_free(&f);
}

static void test_multipart_caps_file_size(void **state)
{
	struct form f;
	struct vg_error err;

	(void)state;
	form_init(&f, 10, 100, 10);
	assert_int_equal(form_parse_multipart(&f,
					       "multipart/form-data; boundary=XyZ",
					       multipart, sizeof(multipart) - 1,
					       &err),
			 VG_ETOOBIG);
	assert_non_null(strstr(err.msg, "'file'"));
	form_free(&f);
}

static void test_url_decode_rejects_a_dangling_percent(void **state)
{
	char s[8] = "ab%";

	(void)state;
	assert_int_equal(form_url_decode(s, 3, 0), (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded_decodes_plus_and_percent),
		cmocka_unit_test(test_urlencoded_keeps_repeated_names_in_order),
		cmocka_unit_test(test_urlencoded_refuses_bad_escapes_and_bad_utf8),
		cmocka_unit_test(test_urlencoded_refuses_long_values_and_too_many_fields),
		cmocka_unit_test(test_multipart_reads_fields_and_files),
		cmocka_unit_test(test_multipart_accepts_a_quoted_boundary),
		cmocka_unit_test(test_multipart_refuses_truncated_and_boundaryless_bodies),
		cmocka_unit_test(test_multipart_caps_file_size),
		cmocka_unit_test(test_url_decode_rejects_a_dangling_percent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
