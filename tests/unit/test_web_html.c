/* Unit tests for the HTML writer's escaping helpers: what a page writes
 * for user data in text, attributes and URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/buf.h"
#include "web/page.h"

static struct buf b;

static int setup(void **state)
{
	(void)state;
	buf_init(&b, 1 << 16);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&b);
	return 0;
}

static void test_text_escapes_markup_and_both_quotes(void **state)
{
	(void)state;
	buf_reset(&b);
	html_txt(&b, "<script>alert('x')</script> & \"q\"");
	assert_string_equal(buf_str(&b),
			    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
			    "&amp; &quot;q&quot;");
}

static void test_attribute_cannot_be_closed_by_a_quote(void **state)
{
	(void)state;
	buf_reset(&b);
	html_attr(&b, "\" onmouseover=\"x' y\nz");
	assert_null(strchr(buf_str(&b), '"'));
	assert_null(strchr(buf_str(&b), '\''));
	assert_null(strchr(buf_str(&b), '\n'));
	assert_string_equal(buf_str(&b),
			    "&quot; onmouseover=&quot;x&#39; y&#10;z");
}

static void test_text_keeps_every_script_intact(void **state)
{
	const char *s = "Гарапа Насиоллаұлы غاراپا 加拉帕 Qazaq";

	(void)state;
	buf_reset(&b);
	html_txt(&b, s);
	assert_string_equal(buf_str(&b), s);
}

static void test_invalid_utf8_and_controls_become_replacement(void **state)
{
	(void)state;
	buf_reset(&b);
	html_txt(&b, "a\xff" "b\x01" "c\xc0\xaf");
	assert_string_equal(buf_str(&b),
			    "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd"
			    "\xef\xbf\xbd");
}

static void test_url_arg_encodes_all_but_unreserved(void **state)
{
	(void)state;
	buf_reset(&b);
	html_url_arg(&b, "a b&c=d/é?#\"<");
	assert_string_equal(buf_str(&b),
			    "a%20b%26c%3Dd%2F%C3%A9%3F%23%22%3C");
	buf_reset(&b);
	html_url_arg(&b, "V-000001_x.y~");
	assert_string_equal(buf_str(&b), "V-000001_x.y~");
}

static void test_link_escapes_its_target_and_text(void **state)
{
	(void)state;
	buf_reset(&b);
	html_link(&b, "/people/", "V-1\"><x", "<b>");
	assert_string_equal(buf_str(&b),
			    "<a href=\"/people/V-1%22%3E%3Cx\">&lt;b&gt;</a>");
}

static void test_user_text_is_isolated_from_what_surrounds_it(void **state)
{
	/* U+202E RIGHT-TO-LEFT OVERRIDE would turn the rest of the line
	 * around; inside <bdi> (or FSI ... PDI) it ends with the name. */
	(void)state;
	buf_reset(&b);
	html_user_text(&b, "\xe2\x80\xae" "abc<i>");
	assert_string_equal(buf_str(&b), "<bdi>\xe2\x80\xae" "abc&lt;i&gt;</bdi>");
	buf_reset(&b);
	html_user_plain(&b, "\xe2\x80\xae" "abc<i>");
	assert_string_equal(buf_str(&b), "\xe2\x81\xa8\xe2\x80\xae"
					 "abc&lt;i&gt;\xe2\x81\xa9");
	buf_reset(&b);
	html_user_text(&b, NULL);
	html_user_plain(&b, NULL);
	assert_string_equal(buf_str(&b), "");
}

static void test_null_writes_nothing(void **state)
{
	(void)state;
	buf_reset(&b);
	html_txt(&b, NULL);
	html_attr(&b, NULL);
	html_url_arg(&b, NULL);
	assert_string_equal(buf_str(&b), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes_markup_and_both_quotes),
		cmocka_unit_test(test_attribute_cannot_be_closed_by_a_quote),
		cmocka_unit_test(test_text_keeps_every_script_intact),
		cmocka_unit_test(test_invalid_utf8_and_controls_become_replacement),
		cmocka_unit_test(test_url_arg_encodes_all_but_unreserved),
		cmocka_unit_test(test_link_escapes_its_target_and_text),
		cmocka_unit_test(test_user_text_is_isolated_from_what_surrounds_it),
		cmocka_unit_test(test_null_writes_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
