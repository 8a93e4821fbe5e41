/* Unit tests for src/extract: who is a person, and who is not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "extract_test_util.h"

static void test_turkic_names_no_dictionary_knows_are_found_by_their_endings(void **state)
{
	json_t *p = propose("Yesterday Temirlan Oskenbayuly and Aisulu Zhumabekkyzy "
			    "spoke to the press.");

	(void)state;
	assert_non_null(person_named(p, "Temirlan Oskenbayuly"));
	assert_non_null(person_named(p, "Aisulu Zhumabekkyzy"));
	assert_int_equal(person_count(p), 2);
	json_decref(p);
}

static void test_a_name_after_said_is_a_person(void **state)
{
	json_t *p = propose("\"We wait every day,\" said Bolysbek Tanirbergen.");

	(void)state;
	assert_non_null(person_named(p, "Bolysbek Tanirbergen"));
	json_decref(p);
}

static void test_organisations_are_not_people(void **state)
{
	json_t *p = propose("Officials of the Ministry of Foreign Affairs and the Atajurt "
			    "Volunteer Committee met the Chinese embassy. "
			    "Radio Free Asia reported it, as did KzNews.");

	(void)state;
	assert_int_equal(person_count(p), 0);
	assert_true(in_string_list(p, "organizations", "Ministry of Foreign Affairs"));
	assert_true(in_string_list(p, "organizations", "Chinese embassy"));
	assert_true(in_string_list(p, "organizations", "KzNews"));
	json_decref(p);
}

static void test_places_months_and_weekdays_are_not_people(void **state)
{
	json_t *p = propose("On Monday in Almaty, Kazakhstan, and in Urumqi, "
			    "families met in December. East Turkistan was "
			    "named. They flew to Kyrgyzstan in June 2019.");

	(void)state;
	assert_int_equal(person_count(p), 0);
	assert_true(in_string_list(p, "places", "Almaty"));
	assert_true(in_string_list(p, "places", "Kyrgyzstan"));
	json_decref(p);
}

static void test_titles_alone_and_sentence_initial_capitals_are_not_people(void **state)
{
	json_t *p = propose("Politician and Professor spoke. Relatives Gathered "
			    "Outside. Public figures joined them. Kazakh "
			    "Writers were named.");

	(void)state;
	assert_int_equal(person_count(p), 0);
	json_decref(p);
}

static void test_a_list_after_such_as_makes_every_item_a_person(void **state)
{
	json_t *p = propose("Scholars such as Erzhan Kairolla, Madi Tolegen and "
			    "Olzhas Serik were taken away.");

	(void)state;
	assert_non_null(person_named(p, "Erzhan Kairolla"));
	assert_non_null(person_named(p, "Madi Tolegen"));
	assert_non_null(person_named(p, "Olzhas Serik"));
	assert_int_equal(person_count(p), 3);
	json_decref(p);
}

static void test_two_spellings_of_one_surname_are_one_person(void **state)
{
	json_t *p = propose("Zhanar Bekmukhanova, a nurse, spoke first. Later "
			    "Zhanar Bekmukhanovа said more. Zhanar Bekmuhanova "
			    "wept.");
	json_t *one;

	(void)state;
	one = person_named(p, "Zhanar Bekmukhanova");
	assert_non_null(one);
	assert_ptr_equal(one, person_named(p, "Zhanar Bekmuhanova"));
	json_decref(p);
}

static void test_an_initial_and_a_surname_alone_join_the_full_name(void **state)
{
	json_t *p = propose("Nurlan Abilkassymov, a lawyer, spoke. Later "
			    "N. Abilkassymov added a point. Abilkassymov said "
			    "nothing else.");

	(void)state;
	assert_int_equal(person_count(p), 1);
	assert_non_null(person_named(p, "N. Abilkassymov"));
	json_decref(p);
}

static void test_a_title_before_one_name_makes_a_person(void **state)
{
	json_t *p = propose("Mr. Qasymbek told us the story.");

	(void)state;
	assert_non_null(person_named(p, "Qasymbek"));
	json_decref(p);
}

static void test_cyrillic_names_are_found(void **state)
{
	json_t *p = propose("Гарапа Насиоллаұлы, учитель, пропал.");

	(void)state;
	assert_non_null(person_named(p, "Гарапа Насиоллаұлы"));
	json_decref(p);
}

static void test_a_chinese_form_in_brackets_is_a_variant(void **state)
{
	json_t *p = propose("Ilham Tohti (伊力哈木·土赫提), an economist, was "
			    "sentenced to life in 2014.");
	json_t *one;

	(void)state;
	one = person_named(p, "Ilham Tohti");
	assert_non_null(one);
	assert_ptr_equal(one, person_named(p, "伊力哈木·土赫提"));
	json_decref(p);
}

static void test_a_patronymic_written_apart_is_part_of_the_name(void **state)
{
	json_t *p = propose("Garapa Nasiollauly, a teacher, spoke. Later Garapa "
			    "Nasiolla uly and Aisulu Bekmurat qyzy were named.");
	json_t *x = person_named(p, "Garapa Nasiollauly");

	(void)state;
	assert_non_null(x);
	assert_ptr_equal(x, person_named(p, "Garapa Nasiolla uly"));
	assert_non_null(person_named(p, "Aisulu Bekmurat qyzy"));
	assert_int_equal(person_count(p), 2);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_turkic_names_no_dictionary_knows_are_found_by_their_endings),
		cmocka_unit_test(test_a_name_after_said_is_a_person),
		cmocka_unit_test(test_organisations_are_not_people),
		cmocka_unit_test(test_places_months_and_weekdays_are_not_people),
		cmocka_unit_test(test_titles_alone_and_sentence_initial_capitals_are_not_people),
		cmocka_unit_test(test_a_list_after_such_as_makes_every_item_a_person),
		cmocka_unit_test(test_two_spellings_of_one_surname_are_one_person),
		cmocka_unit_test(test_an_initial_and_a_surname_alone_join_the_full_name),
		cmocka_unit_test(test_a_title_before_one_name_makes_a_person),
		cmocka_unit_test(test_cyrillic_names_are_found),
		cmocka_unit_test(test_a_chinese_form_in_brackets_is_a_variant),
		cmocka_unit_test(test_a_patronymic_written_apart_is_part_of_the_name),
	};
	return cmocka_run_group_tests(tests, lexicon_setup, lexicon_teardown);
}
