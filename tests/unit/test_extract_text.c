/* Unit tests for src/extract: web pages to text, input checks, offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "extract_test_util.h"

static void test_html_keeps_paragraphs_and_drops_page_chrome(void **state)
{
	static const char html[] =
		"<html><head><title>T</title><style>p{}</style></head><body>"
		"<header><a href=/>Home</a> <a href=/news>News</a></header>"
		"<nav><ul><li>Sport</li><li>Weather</li></ul></nav>"
		"<div class=\"share-buttons\">Share on Facebook</div>"
		"<article><h1>Families ask for news</h1>"
		"<p>Dana Mukhamedkyzy, a&nbsp;nurse,\n  was detained.</p>"
		"<p>Second <b>paragraph</b>.</p></article>"
		"<script>var x = 'Nurlan Sadykov';</script>"
		"<footer>Copyright Example Times</footer></body></html>";
	struct vg_error err = { 0 };
	char *text = NULL;

	(void)state;
	assert_int_equal(extract_html_text(html, sizeof(html) - 1, &text, &err), VG_OK);
	assert_string_equal(text, "Families ask for news\n\n"
			    "Dana Mukhamedkyzy, a\xc2\xa0nurse, was detained.\n\n"
			    "Second paragraph.");
	free(text);
}

static void test_invalid_utf8_is_refused_with_its_byte_offset(void **state)
{
	struct vg_error err = { 0 };
	json_t *out = NULL;

	(void)state;
	assert_int_equal(extract_text(test_lexicon, "Abc \xff def", 9, &out, &err),
			 VG_EINVAL);
	assert_null(out);
	assert_non_null(strstr(err.msg, "byte 4"));
}

static void test_an_initial_does_not_end_a_sentence(void **state)
{
	json_t *p = propose("Politician R. Sarsenbay added that nothing changed. "
			    "Rysbek Sarsenbay, a politician, agreed.");
	json_t *x = person_named(p, "R. Sarsenbay");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "name"), "Rysbek Sarsenbay");
	json_decref(p);
}

static void test_an_unknown_language_is_refused(void **state)
{
	struct extract_lexicon *lex = NULL;
	struct vg_error err = { 0 };

	(void)state;
	assert_int_equal(extract_lexicon_load("xx", &lex, &err), VG_ENOTFOUND);
	assert_non_null(strstr(err.where, "lexicon/xx/"));
	assert_int_equal(extract_lexicon_load("../en", &lex, &err), VG_EINVAL);
	assert_null(lex);
}

static void test_code_points_map_back_to_bytes(void **state)
{
	const char *s = "\xd0\x96" "ab" "\xe2\x80\x9c";

	(void)state;
	assert_int_equal(extract_cp_to_byte(s, strlen(s), 0), 0);
	assert_int_equal(extract_cp_to_byte(s, strlen(s), 1), 2);
	assert_int_equal(extract_cp_to_byte(s, strlen(s), 3), 4);
	assert_int_equal(extract_cp_to_byte(s, strlen(s), 9), strlen(s));
}

static void test_empty_text_gives_an_empty_proposal(void **state)
{
	json_t *p = propose("");

	(void)state;
	assert_non_null(p);
	assert_int_equal(person_count(p), 0);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_keeps_paragraphs_and_drops_page_chrome),
		cmocka_unit_test(test_invalid_utf8_is_refused_with_its_byte_offset),
		cmocka_unit_test(test_an_initial_does_not_end_a_sentence),
		cmocka_unit_test(test_an_unknown_language_is_refused),
		cmocka_unit_test(test_code_points_map_back_to_bytes),
		cmocka_unit_test(test_empty_text_gives_an_empty_proposal),
	};
	return cmocka_run_group_tests(tests, lexicon_setup, lexicon_teardown);
}
