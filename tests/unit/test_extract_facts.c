/* Unit tests for src/extract: the facts attached to each person. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "extract_test_util.h"

static void test_a_passive_status_word_gives_the_status(void **state)
{
	json_t *p = propose("Serikzhan Bilashuly was arrested in March 2019.");
	json_t *x = person_named(p, "Serikzhan Bilashuly");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "status"), "arrested");
	assert_string_equal(fact(x, "status_since"), "March 2019");
	assert_string_equal(fact(x, "role"), "victim");
	json_decref(p);
}

static void test_missing_since_gives_disappeared_and_the_date(void **state)
{
	json_t *p = propose("Her brother Yerbol Nurgaliuly has been missing "
			    "since 14 May 2018.");
	json_t *x = person_named(p, "Yerbol Nurgaliuly");

	(void)state;
	assert_string_equal(fact(x, "status"), "disappeared");
	assert_string_equal(fact(x, "status_since"), "14 May 2018");
	json_decref(p);
}

static void test_a_status_word_before_the_name_gives_the_status(void **state)
{
	json_t *p = propose("They spoke for the jailed Kuanysh Amanbayev.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Kuanysh Amanbayev"), "status"),
			    "detained");
	json_decref(p);
}

static void test_a_negated_status_gives_none(void **state)
{
	json_t *p = propose("Aidos Sadykov, a farmer, was not detained.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Aidos Sadykov"), "status"), "");
	json_decref(p);
}

static void test_sentence_term_is_read_and_implies_sentenced(void **state)
{
	json_t *p = propose("Nurgul Sauytbay, a teacher, was convicted and "
			    "sentenced to 15 years in prison.");
	json_t *x = person_named(p, "Nurgul Sauytbay");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "15 years");
	json_decref(p);
}

static void test_alternatives_for_a_group_give_no_status_but_a_victim_role(void **state)
{
	json_t *p = propose("Poets such as Talgat Amanov, Beibit Zharkynuly and "
			    "Asylbek Toktarov have been detained, sentenced or "
			    "disappeared.");
	json_t *x = person_named(p, "Beibit Zharkynuly");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "status"), "");
	assert_string_equal(fact(x, "role"), "victim");
	assert_string_equal(fact(x, "occupation"), "poet");
	json_decref(p);
}

static void test_a_group_with_one_status_gives_it_to_every_member(void **state)
{
	json_t *p = propose("Teachers such as Dilnaz Amirova, Kanat Seitkali and "
			    "Marat Zhumabay were arrested in 2018.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Kanat Seitkali"), "status"),
			    "arrested");
	assert_string_equal(fact(person_named(p, "Marat Zhumabay"), "status_since"),
			    "2018");
	json_decref(p);
}

static void test_apposition_gives_the_occupation(void **state)
{
	json_t *p = propose("Erlan Kabdyluly, a history teacher at a middle "
			    "school, spoke.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Erlan Kabdyluly"), "occupation"),
			    "history teacher");
	json_decref(p);
}

static void test_ethnicity_comes_with_the_occupation(void **state)
{
	json_t *p = propose("The Uyghur scholar Rahima Abdulla was detained.");
	json_t *x = person_named(p, "Rahima Abdulla");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "ethnicity"), "Uyghur");
	assert_string_equal(fact(x, "occupation"), "scholar");
	json_decref(p);
}

static void test_the_mother_of_gives_a_kinship_and_a_relative_role(void **state)
{
	json_t *p = propose("Saule Omarova, the mother of the detained Arman "
			    "Omarov, spoke.");
	json_t *m = person_named(p, "Saule Omarova");

	(void)state;
	assert_true(has_relation(m, "mother_of", "Arman Omarov"));
	assert_true(has_relation(person_named(p, "Arman Omarov"), "child_of",
				 "Saule Omarova"));
	assert_string_equal(fact(m, "role"), "relative");
	json_decref(p);
}

static void test_my_son_in_a_quote_relates_the_speaker(void **state)
{
	json_t *p = propose("\u201cMy eldest son Darkhan Kulbayuly was taken in "
			    "2017,\u201d said Gulzhan Kulbayeva.");

	(void)state;
	assert_true(has_relation(person_named(p, "Darkhan Kulbayuly"), "son_of",
				 "Gulzhan Kulbayeva"));
	json_decref(p);
}

static void test_his_wife_relates_the_last_person_named(void **state)
{
	json_t *p = propose("Bakhytzhan Serikov, a driver, was detained in 2018. "
			    "His wife Aigerim Serikova campaigns for him.");

	(void)state;
	assert_true(has_relation(person_named(p, "Aigerim Serikova"), "spouse_of",
				 "Bakhytzhan Serikov"));
	json_decref(p);
}

static void test_an_activist_apposition_gives_the_activist_role(void **state)
{
	json_t *p = propose("\"Nobody answers us,\" said Askhat Zhaksybek, a "
			    "human rights activist.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Askhat Zhaksybek"), "role"),
			    "activist");
	json_decref(p);
}

static void test_a_title_opening_its_clause_is_read_across_a_comma(void **state)
{
	json_t *p = propose("Its coordinator, Serik Abenov, said so. Berik Tolegenuly, "
			    "a politician, Saule Amanova, the aunt of Nurlan "
			    "Amanov, and others came.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Serik Abenov"), "occupation"),
			    "coordinator");
	assert_string_equal(fact(person_named(p, "Saule Amanova"), "occupation"), "");
	assert_string_equal(fact(person_named(p, "Berik Tolegenuly"), "occupation"),
			    "politician");
	json_decref(p);
}

static void test_a_later_death_outranks_an_earlier_detention(void **state)
{
	json_t *p = propose("Erlan Sadykuly, a herder, was detained in 2018. He "
			    "died in custody in March 2020.");
	json_t *x = person_named(p, "Erlan Sadykuly");

	(void)state;
	assert_string_equal(fact(x, "status"), "deceased");
	assert_string_equal(fact(x, "status_since"), "March 2020");
	json_decref(p);
}

static void test_a_court_sentencing_someone_is_read_in_the_active_voice(void **state)
{
	json_t *p = propose("Aibek Nurlanuly, a poet, was arrested in May 2019. A "
			    "court in Altay sentenced Nurlanuly to 11 years in 2020.");
	json_t *x = person_named(p, "Aibek Nurlanuly");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "11 years");
	json_decref(p);
}

static void test_a_numbered_record_line_gives_facts_to_its_name(void **state)
{
	json_t *p = propose("1. Dauren Akhmetov, born 1979, bus driver. Detained in "
			    "May 2018, sentenced to 8 years in 2019.\n"
			    "2. Malika Akhmetova (wife of Dauren Akhmetov), Almaty.\n");
	json_t *x = person_named(p, "Dauren Akhmetov");

	(void)state;
	assert_string_equal(fact(x, "occupation"), "bus driver");
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "8 years");
	assert_string_equal(fact(x, "status_since"), "2019");
	assert_true(has_relation(person_named(p, "Malika Akhmetova"), "spouse_of",
				 "Dauren Akhmetov"));
	json_decref(p);
}

static void test_two_names_joined_by_and_share_the_statement(void **state)
{
	json_t *p = propose("Rakhat Omarov, a cook, and his son Timur Omarov, a "
			    "student, were both detained in 2017.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Rakhat Omarov"), "status"), "detained");
	assert_string_equal(fact(person_named(p, "Timur Omarov"), "status"), "detained");
	assert_true(has_relation(person_named(p, "Timur Omarov"), "son_of",
				 "Rakhat Omarov"));
	json_decref(p);
}

static void test_not_seen_since_a_detention_is_a_disappearance_from_its_date(void **state)
{
	json_t *p = propose("Gulzira Omarova, a nurse, has not been seen since she "
			    "was taken from her home on 2 June 2018.");
	json_t *x = person_named(p, "Gulzira Omarova");

	(void)state;
	assert_string_equal(fact(x, "status"), "disappeared");
	assert_string_equal(fact(x, "status_since"), "2 June 2018");
	json_decref(p);
}

static void test_speaking_for_a_state_body_makes_an_official(void **state)
{
	json_t *p = propose("A spokesman for the county government, Liu Jianhua, "
			    "denied it. Dana Serikova, a spokeswoman for the "
			    "families, disagreed.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Liu Jianhua"), "role"), "official");
	assert_string_equal(fact(person_named(p, "Dana Serikova"), "role"), "activist");
	json_decref(p);
}

static void test_a_kinship_word_and_a_comma_announce_a_name(void **state)
{
	json_t *p = propose("Her sister, Nigora Rahman, lives abroad.");

	(void)state;
	assert_non_null(person_named(p, "Nigora Rahman"));
	json_decref(p);
}

static void test_evidence_spans_count_code_points(void **state)
{
	const char *text = "\u201cЖоқ,\u201d said Marat Esenuly, a journalist.";
	json_t *p = propose(text), *ev, *x;
	size_t i;
	int seen = 0;

	(void)state;
	x = person_named(p, "Marat Esenuly");
	assert_non_null(x);
	json_array_foreach(json_object_get(x, "evidence"), i, ev) {
		if (strcmp(json_string_value(json_object_get(ev, "field")), "name"))
			continue;
		/* Quote marks and Cyrillic are one code point each. */
		assert_int_equal(json_integer_value(json_object_get(ev, "start")), 12);
		assert_int_equal(json_integer_value(json_object_get(ev, "end")), 25);
		seen = 1;
	}
	assert_true(seen);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_passive_status_word_gives_the_status),
		cmocka_unit_test(test_missing_since_gives_disappeared_and_the_date),
		cmocka_unit_test(test_a_status_word_before_the_name_gives_the_status),
		cmocka_unit_test(test_a_negated_status_gives_none),
		cmocka_unit_test(test_sentence_term_is_read_and_implies_sentenced),
		cmocka_unit_test(test_alternatives_for_a_group_give_no_status_but_a_victim_role),
		cmocka_unit_test(test_a_group_with_one_status_gives_it_to_every_member),
		cmocka_unit_test(test_apposition_gives_the_occupation),
		cmocka_unit_test(test_ethnicity_comes_with_the_occupation),
		cmocka_unit_test(test_the_mother_of_gives_a_kinship_and_a_relative_role),
		cmocka_unit_test(test_my_son_in_a_quote_relates_the_speaker),
		cmocka_unit_test(test_his_wife_relates_the_last_person_named),
		cmocka_unit_test(test_an_activist_apposition_gives_the_activist_role),
		cmocka_unit_test(test_a_title_opening_its_clause_is_read_across_a_comma),
		cmocka_unit_test(test_a_later_death_outranks_an_earlier_detention),
		cmocka_unit_test(test_a_court_sentencing_someone_is_read_in_the_active_voice),
		cmocka_unit_test(test_a_numbered_record_line_gives_facts_to_its_name),
		cmocka_unit_test(test_two_names_joined_by_and_share_the_statement),
		cmocka_unit_test(test_not_seen_since_a_detention_is_a_disappearance_from_its_date),
		cmocka_unit_test(test_speaking_for_a_state_body_makes_an_official),
		cmocka_unit_test(test_a_kinship_word_and_a_comma_announce_a_name),
		cmocka_unit_test(test_evidence_spans_count_code_points),
	};
	return cmocka_run_group_tests(tests, lexicon_setup, lexicon_teardown);
}
