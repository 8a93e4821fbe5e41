/* Unit tests for src/extract: cues met in reporting style — dates before
 * the statement, camps, pronouns that must fit the person, possessive
 * kinship in an apposition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "extract_test_util.h"

static void test_a_date_opening_the_sentence_dates_the_statement(void **state)
{
	json_t *p = propose("In early 2018, Erlan Orynbekuly, a teacher, was sent "
			    "to a re-education camp.");
	json_t *x = person_named(p, "Erlan Orynbekuly");

	(void)state;
	assert_string_equal(fact(x, "status"), "detained");
	assert_string_equal(fact(x, "status_since"), "2018");
	json_decref(p);
}

static void test_he_is_not_the_woman_who_speaks(void **state)
{
	json_t *p = propose("Nurlan Abenuly, a herder, was detained in 2018. His "
			    "wife, Aigul Sadykova, said he passed away in custody "
			    "in 2020.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Nurlan Abenuly"), "status"), "deceased");
	assert_string_equal(fact(person_named(p, "Aigul Sadykova"), "status"), "");
	assert_string_equal(fact(person_named(p, "Aigul Sadykova"), "role"), "relative");
	json_decref(p);
}

static void test_he_may_be_the_man_who_speaks(void **state)
{
	json_t *p = propose("Kanat Serikuly told the newspaper that he had been "
			    "held for nine months.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Kanat Serikuly"), "status"), "detained");
	json_decref(p);
}

static void test_a_possessive_kinship_apposition_relates_and_names(void **state)
{
	json_t *p = propose("Dilbar Yusup, Memet Yusup's daughter, told reporters "
			    "her father had been taken away in May 2017.");
	json_t *m = person_named(p, "Memet Yusup");

	(void)state;
	assert_non_null(person_named(p, "Dilbar Yusup"));
	assert_true(has_relation(person_named(p, "Dilbar Yusup"), "daughter_of",
				 "Memet Yusup"));
	assert_string_equal(fact(m, "status"), "detained");
	assert_string_equal(fact(m, "status_since"), "May 2017");
	json_decref(p);
}

static void test_an_ethnic_apposition_alone_gives_the_ethnicity(void **state)
{
	json_t *p = propose("Bolat Zhaksylykuly, an ethnic Kazakh from Ili, spoke.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Bolat Zhaksylykuly"), "ethnicity"),
			    "Kazakh");
	assert_string_equal(fact(person_named(p, "Bolat Zhaksylykuly"), "occupation"), "");
	json_decref(p);
}

static void test_held_a_press_conference_is_no_detention(void **state)
{
	json_t *p = propose("Relatives of Askar Serikov, a poet, held a press "
			    "conference. Askar Serikov has held no post.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Askar Serikov"), "status"), "");
	json_decref(p);
}

static void test_his_in_a_new_paragraph_is_the_person_the_text_is_about(void **state)
{
	json_t *p = propose("Murat Alimuly, a driver, was detained in 2019. Police "
			    "told Murat Alimuly nothing.\n\nPresident Kassym Tokayev "
			    "said nothing.\n\n\"No news,\" said his sister Aliya "
			    "Alimkyzy.");

	(void)state;
	assert_true(has_relation(person_named(p, "Aliya Alimkyzy"), "sibling_of",
				 "Murat Alimuly"));
	assert_string_equal(fact(person_named(p, "Kassym Tokayev"), "role"), "official");
	json_decref(p);
}

static void test_serving_counts_only_with_a_term(void **state)
{
	json_t *p = propose("The poet Perhat Tursunov is serving a 16-year sentence. "
			    "Askar Nurlanuly was serving as a teacher.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Perhat Tursunov"), "status"), "sentenced");
	assert_string_equal(fact(person_named(p, "Perhat Tursunov"), "sentence"), "16 years");
	assert_string_equal(fact(person_named(p, "Askar Nurlanuly"), "status"), "");
	json_decref(p);
}

static void test_i_comma_name_is_the_narrator_of_a_letter(void **state)
{
	json_t *p = propose("I, Zhazira Tursynbek, am writing about my husband, "
			    "Nurbolat Ermekov, a welder. He was taken away in "
			    "November 2018.");
	json_t *x = person_named(p, "Nurbolat Ermekov");

	(void)state;
	assert_true(has_relation(x, "spouse_of", "Zhazira Tursynbek"));
	assert_string_equal(fact(x, "occupation"), "welder");
	assert_string_equal(fact(x, "status"), "detained");
	assert_string_equal(fact(person_named(p, "Zhazira Tursynbek"), "role"), "relative");
	json_decref(p);
}

static void test_a_name_and_his_relative_share_a_statement(void **state)
{
	json_t *p = propose("Kazakh businessman Adilgazy Mukanuly and his nephew "
			    "Serik Mukanov were detained in Ghulja in March 2018.");
	json_t *x = person_named(p, "Adilgazy Mukanuly");

	(void)state;
	assert_string_equal(fact(x, "status"), "detained");
	assert_string_equal(fact(x, "role"), "victim");
	assert_string_equal(fact(person_named(p, "Serik Mukanov"), "status_since"),
			    "March 2018");
	json_decref(p);
}

static void test_titles_after_a_body_and_papers_before_a_title(void **state)
{
	json_t *p = propose("Former Communist Party Secretary Chen Quanguo spoke. "
			    "New York Times reporter Amy Qin listened, and "
			    "Gulbahar Haitiwaji, a camp survivor, answered.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Chen Quanguo"), "role"), "official");
	assert_string_equal(fact(person_named(p, "Amy Qin"), "occupation"), "reporter");
	assert_string_equal(fact(person_named(p, "Amy Qin"), "role"), "journalist");
	assert_string_equal(fact(person_named(p, "Gulbahar Haitiwaji"), "role"), "victim");
	json_decref(p);
}

static void test_a_byline_names_a_journalist(void **state)
{
	json_t *p = propose("Families wait\n\nBy Aigerim Toleukhanova\n\nNurlan "
			    "Serikov, a driver, was detained in 2018.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Aigerim Toleukhanova"), "role"),
			    "journalist");
	assert_string_equal(fact(person_named(p, "Nurlan Serikov"), "role"), "victim");
	json_decref(p);
}

static void test_a_status_noun_said_of_a_name_states_it(void **state)
{
	json_t *p = propose("Families learned of the arrest of Erbol Nurlanuly in "
			    "May 2018. Aigul Sadykova spoke of Marat Sadykov's "
			    "disappearance in 2017. Activists called for the "
			    "release of Kanat Omarov.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Erbol Nurlanuly"), "status"), "arrested");
	assert_string_equal(fact(person_named(p, "Erbol Nurlanuly"), "status_since"),
			    "May 2018");
	assert_string_equal(fact(person_named(p, "Marat Sadykov"), "status"), "disappeared");
	assert_string_equal(fact(person_named(p, "Kanat Omarov"), "status"), "");
	assert_string_equal(fact(person_named(p, "Kanat Omarov"), "role"), "victim");
	json_decref(p);
}

static void test_an_active_verb_states_it_of_an_object_after_an_apposition(void **state)
{
	json_t *p = propose("Police in Altay detained a young Kazakh herder, Yerbol "
			    "Nurbekov, in March 2019. A court sentenced him to eight "
			    "years in 2020.");
	json_t *x = person_named(p, "Yerbol Nurbekov");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "8 years");
	assert_string_equal(fact(x, "status_since"), "2020");
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_date_opening_the_sentence_dates_the_statement),
		cmocka_unit_test(test_he_is_not_the_woman_who_speaks),
		cmocka_unit_test(test_he_may_be_the_man_who_speaks),
		cmocka_unit_test(test_a_possessive_kinship_apposition_relates_and_names),
		cmocka_unit_test(test_an_ethnic_apposition_alone_gives_the_ethnicity),
		cmocka_unit_test(test_held_a_press_conference_is_no_detention),
		cmocka_unit_test(test_his_in_a_new_paragraph_is_the_person_the_text_is_about),
		cmocka_unit_test(test_serving_counts_only_with_a_term),
		cmocka_unit_test(test_i_comma_name_is_the_narrator_of_a_letter),
		cmocka_unit_test(test_a_name_and_his_relative_share_a_statement),
		cmocka_unit_test(test_titles_after_a_body_and_papers_before_a_title),
		cmocka_unit_test(test_a_byline_names_a_journalist),
		cmocka_unit_test(test_a_status_noun_said_of_a_name_states_it),
		cmocka_unit_test(test_an_active_verb_states_it_of_an_object_after_an_apposition),
	};
	return cmocka_run_group_tests(tests, lexicon_setup, lexicon_teardown);
}
