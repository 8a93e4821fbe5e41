/* Unit tests for the report's outputs (report/svg.c, output.c): labels
 * are user text and leave escaped in every format, a chart's totals are
 * the table's, CSV cannot carry a formula into a spreadsheet, and a full
 * buffer is an error, not a truncated chart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "report/report.h"

static json_t *table(const char *text)
{
	json_error_t je;
	json_t *t = json_loads(text, 0, &je);

	if (!t)
		fail_msg("bad test JSON: %s", je.text);
	return t;
}

/* A table of two columns whose rows have the given labels. */
static json_t *two_columns(const char *label1, const char *label2)
{
	json_t *t = table("{\"name\": \"t\", \"title\": \"Acts\", \"desc\":"
			  " \"Acts by place\", \"rows_label\": \"Place\","
			  " \"columns\": [{\"key\": \"a\", \"label\": \"Arrest\"},"
			  " {\"key\": \"b\", \"label\": \"Detention\"}],"
			  " \"rows\": []}");
	json_t *rows = json_object_get(t, "rows");

	json_array_append_new(rows, json_pack("{s:s, s:[i, i]}", "label",
					      label1, "values", 3, 4));
	json_array_append_new(rows, json_pack("{s:s, s:[i, i]}", "label",
					      label2, "values", 0, 2));
	return t;
}

/* 1 when s is valid UTF-8 with no control character but tab and line
 * ends. */
static int clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 :
			   (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		size_t i;

		if (!n || (n == 1 && *p < 0x20 && *p != '\n' && *p != '\t' &&
			   *p != '\r'))
			return 0;
		for (i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

static void test_svg_labels_leave_escaped(void **state)
{
	json_t *t = two_columns("<script>alert(1)</script> & \"q\" 'a'",
				"second");
	struct buf b;

	/* jansson itself refuses invalid UTF-8: only a label made without
	 * its check can hold some. */
	json_object_set_new(json_array_get(json_object_get(t, "rows"), 1),
			    "label", json_string_nocheck(
				    "bad \xff\xfe bytes \x01 here"));

	buf_init(&b, 1u << 20);
	assert_int_equal(report_svg(t, &b), VG_OK);
	assert_null(strstr(buf_str(&b), "<script"));
	assert_non_null(strstr(buf_str(&b), "&lt;script&gt;alert(1)&lt;/script"
					    "&gt; &amp; &quot;q&quot; &#39;a"));
	assert_null(strstr(buf_str(&b), "style="));
	assert_true(clean_utf8(buf_str(&b)));
	assert_non_null(strstr(buf_str(&b), "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes"
					    " \xEF\xBF\xBD here"));
	assert_non_null(strstr(buf_str(&b), "<title id=\"t-t\">Acts</title>"));
	assert_non_null(strstr(buf_str(&b), "<desc id=\"t-d\">Acts by place"));
	buf_free(&b);
	json_decref(t);
}

static void test_a_long_label_is_shortened_between_characters(void **state)
{
	/* 40 Cyrillic letters, two bytes each. */
	static const char *const long_name =
		"ЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖжЖж";
	json_t *t = two_columns(long_name, "short");
	char shown[200];
	struct buf b;

	buf_init(&b, 1u << 20);
	assert_int_equal(report_svg(t, &b), VG_OK);
	/* 31 letters and an ellipsis in the bar's label ... */
	snprintf(shown, sizeof(shown), ">%.62s\xE2\x80\xA6</text>", long_name);
	assert_non_null(strstr(buf_str(&b), shown));
	/* ... the whole name in the title of each of its segments. */
	snprintf(shown, sizeof(shown), "<title>%s — Arrest: 3</title>",
		 long_name);
	assert_non_null(strstr(buf_str(&b), shown));
	assert_true(clean_utf8(buf_str(&b)));
	buf_free(&b);
	json_decref(t);
}

static void test_each_bar_totals_the_columns_it_stacks(void **state)
{
	json_t *t = two_columns("Ghulja", "Urumqi");
	struct buf b;

	buf_init(&b, 1u << 20);
	assert_int_equal(report_svg(t, &b), VG_OK);
	assert_non_null(strstr(buf_str(&b), "<title>Ghulja — Detention: 4"));
	assert_non_null(strstr(buf_str(&b), "y=\"72\">7</text>"));
	/* A zero is drawn as no segment, but its row still has a total. */
	assert_null(strstr(buf_str(&b), "Urumqi — Arrest"));
	assert_non_null(strstr(buf_str(&b), "y=\"94\">2</text>"));
	assert_int_equal(count_of(buf_str(&b), "<g class=\"bar\">"), 2);
	assert_int_equal(count_of(buf_str(&b), "<g class=\"legend\">"), 1);
	/* Charting only the first column: no legend, totals of it alone. */
	json_object_set_new(t, "chart_columns", json_integer(1));
	buf_reset(&b);
	assert_int_equal(report_svg(t, &b), VG_OK);
	assert_null(strstr(buf_str(&b), "Detention"));
	assert_null(strstr(buf_str(&b), "class=\"legend\""));
	assert_non_null(strstr(buf_str(&b), "y=\"46\">3</text>"));
	buf_free(&b);
	json_decref(t);
}

static void test_a_full_buffer_is_an_error(void **state)
{
	json_t *t = two_columns("Ghulja", "Urumqi");
	struct buf b;

	buf_init(&b, 300);
	assert_int_equal(report_svg(t, &b), VG_ETOOBIG);
	buf_free(&b);
	buf_init(&b, 20);
	assert_int_equal(report_csv(t, &b), VG_ETOOBIG);
	buf_free(&b);
	json_decref(t);
}

static void test_csv_cannot_carry_a_formula(void **state)
{
	json_t *t = two_columns("=HYPERLINK(\"http://x\")", "+1");
	json_t *rows = json_object_get(t, "rows");
	struct buf b;

	json_array_append_new(rows, json_pack("{s:s, s:[i, i]}", "label",
					      "-2, or @SUM(A1)", "values", 1, 0));
	json_array_append_new(rows, json_pack("{s:s, s:[i, i]}", "label",
					      "@x", "values", 0, 0));
	json_array_append_new(rows, json_pack("{s:s, s:[i, i]}", "label",
					      "Almaty, \"old\" square", "values",
					      5, 6));
	buf_init(&b, 1u << 20);
	assert_int_equal(report_csv(t, &b), VG_OK);
	assert_string_equal(buf_str(&b),
		"Place,Arrest,Detention\r\n"
		"\"'=HYPERLINK(\"\"http://x\"\")\",3,4\r\n"
		"\"'+1\",0,2\r\n"
		"\"'-2, or @SUM(A1)\",1,0\r\n"
		"\"'@x\",0,0\r\n"
		"\"Almaty, \"\"old\"\" square\",5,6\r\n");
	buf_free(&b);
	json_decref(t);
}

static void test_text_shows_control_characters_as_question_marks(
	void **state)
{
	json_t *t = two_columns("red \x1b[31m text", "Урумчи");
	struct buf b;

	buf_init(&b, 1u << 20);
	assert_int_equal(report_text(t, &b), VG_OK);
	assert_null(strchr(buf_str(&b), '\x1b'));
	assert_non_null(strstr(buf_str(&b), "red ?[31m text"));
	/* Columns align by characters, not bytes. */
	assert_non_null(strstr(buf_str(&b), "\nУрумчи               0          2\n"));
	buf_free(&b);
	json_decref(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_labels_leave_escaped),
		cmocka_unit_test(test_a_long_label_is_shortened_between_characters),
		cmocka_unit_test(test_each_bar_totals_the_columns_it_stacks),
		cmocka_unit_test(test_a_full_buffer_is_an_error),
		cmocka_unit_test(test_csv_cannot_carry_a_formula),
		cmocka_unit_test(test_text_shows_control_characters_as_question_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
