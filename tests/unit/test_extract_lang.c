/* Unit tests for src/extract on Russian and Kazakh texts: cue words read
 * with every language, dates, terms, subjects left out, kinship suffixes,
 * narrators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "extract_test_util.h"

static void test_russian_cue_words_are_read_for_an_english_default(void **state)
{
	json_t *p = propose("Бауыржан Сапаров арестован в Урумчи 3 марта 2019 года.");
	json_t *x = person_named(p, "Бауыржан Сапаров");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "status"), "arrested");
	assert_string_equal(fact(x, "status_since"), "2019-03-03");
	assert_string_equal(fact(x, "role"), "victim");
	json_decref(p);
}

static void test_a_russian_month_in_the_genitive_after_s_dates_it(void **state)
{
	json_t *p = propose("Её сын Данияр Мукашев пропал без вести с июля 2021 года.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Данияр Мукашев"), "status"),
			    "disappeared");
	assert_string_equal(fact(person_named(p, "Данияр Мукашев"), "status_since"),
			    "2021-07");
	json_decref(p);
}

static void test_a_kazakh_date_and_term_before_the_verb(void **state)
{
	json_t *p = propose("Серік Қасенұлы 2020 жылы 12 жылға сотталды.");
	json_t *x = person_named(p, "Серік Қасенұлы");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "status_since"), "2020");
	assert_string_equal(fact(x, "sentence"), "12 years");
	json_decref(p);
}

static void test_a_kazakh_year_then_month_since(void **state)
{
	json_t *p = propose("Айдос Нұрланұлы 2019 жылдың наурызынан бері хабарсыз.");
	json_t *x = person_named(p, "Айдос Нұрланұлы");

	(void)state;
	assert_string_equal(fact(x, "status"), "disappeared");
	assert_string_equal(fact(x, "status_since"), "2019-03");
	json_decref(p);
}

static void test_a_russian_term_in_the_dative(void **state)
{
	json_t *p = propose("Гаухар Сеитова приговорена к 9 годам заключения в 2021 году.");
	json_t *x = person_named(p, "Гаухар Сеитова");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "9 years");
	assert_string_equal(fact(x, "status_since"), "2021");
	json_decref(p);
}

static void test_a_sentence_without_a_subject_is_about_the_person_named(void **state)
{
	json_t *p = propose("Марат Исаев — казахский поэт.\n\n"
			    "Задержан в мае 2018 года.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Марат Исаев"), "status"), "detained");
	assert_string_equal(fact(person_named(p, "Марат Исаев"), "status_since"),
			    "2018-05");
	json_decref(p);
}

static void test_a_pronoun_after_the_verb_is_its_subject(void **state)
{
	json_t *p = propose("Ермек Сейтов, водитель, жил в Кульдже. "
			    "В 2019 году его осудили на 8 лет.");
	json_t *x = person_named(p, "Ермек Сейтов");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "8 years");
	assert_string_equal(fact(x, "occupation"), "водитель");
	json_decref(p);
}

static void test_russian_not_cancels_the_status(void **state)
{
	json_t *p = propose("Арман Жумабаев не был задержан, сказал его брат.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Арман Жумабаев"), "status"), "");
	json_decref(p);
}

static void test_a_kazakh_kin_word_says_whose_by_its_suffix(void **state)
{
	json_t *p = propose("Менің атым Айгерім Болатқызы. "
			    "Әкем Болат Серікұлы 2017 жылы ұсталды. "
			    "Оның інісі Нұржан Серікұлы Алматыда тұрады.");
	json_t *father = person_named(p, "Болат Серікұлы");

	(void)state;
	assert_true(has_relation(father, "father_of", "Айгерім Болатқызы"));
	assert_string_equal(fact(father, "status"), "detained");
	assert_true(has_relation(person_named(p, "Нұржан Серікұлы"), "sibling_of",
				 "Болат Серікұлы"));
	assert_string_equal(fact(person_named(p, "Айгерім Болатқызы"), "role"), "relative");
	json_decref(p);
}

static void test_a_russian_narrator_and_her_husband(void **state)
{
	json_t *p = propose("Меня зовут Айнур Калиева. Мой муж Жандос Калиев "
			    "содержится в лагере с 2018 года.");
	json_t *x = person_named(p, "Жандос Калиев");

	(void)state;
	assert_true(has_relation(x, "spouse_of", "Айнур Калиева"));
	assert_string_equal(fact(x, "status"), "detained");
	assert_string_equal(fact(x, "status_since"), "2018");
	json_decref(p);
}

/* A languages.txt that names a path is refused, naming the file. */
static void test_a_bad_language_list_is_refused(void **state)
{
	char dir[] = "/tmp/vigil-lexXXXXXX", path[256];
	const char *old = getenv("VIGIL_DATA");
	char *saved = old ? strdup(old) : NULL;
	struct extract_lexicon *lex = NULL;
	struct vg_error err = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/lexicon", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/lexicon/languages.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("en\n../secret\n", f);
	fclose(f);
	setenv("VIGIL_DATA", dir, 1);
	assert_int_equal(extract_lexicon_load("en", &lex, &err), VG_EINVAL);
	assert_non_null(strstr(err.where, "languages.txt"));
	assert_null(lex);
	remove(path);
	snprintf(path, sizeof(path), "%s/lexicon", dir);
	/* Without the list: the file is named as missing. */
	assert_int_equal(extract_lexicon_load("en", &lex, &err), VG_ENOTFOUND);
	assert_non_null(strstr(err.where, "languages.txt"));
	rmdir(path);
	rmdir(dir);
	if (saved)
		setenv("VIGIL_DATA", saved, 1);
	else
		unsetenv("VIGIL_DATA");
	free(saved);
}

static void test_a_russian_list_with_occupations_after_a_passive_verb(void **state)
{
	json_t *p = propose("Адвокат сообщил, что в 2020 году были арестованы "
			    "фермер Болат Ахметов, врач Алия Сагинтаева и студент "
			    "Нурлан Жакупов.");
	const char *names[] = { "Болат Ахметов", "Алия Сагинтаева", "Нурлан Жакупов" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_string_equal(fact(person_named(p, names[i]), "status"), "arrested");
		assert_string_equal(fact(person_named(p, names[i]), "status_since"), "2020");
	}
	json_decref(p);
}

static void test_a_kazakh_list_joined_by_zhane_dated_before_it(void **state)
{
	json_t *p = propose("2017 жылы ақын Бекзат Әлиұлы, дәрігер Сая Нұрқызы "
			    "және малшы Ерлан Бекұлы ұсталды.");
	const char *names[] = { "Бекзат Әлиұлы", "Сая Нұрқызы", "Ерлан Бекұлы" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_string_equal(fact(person_named(p, names[i]), "status"), "detained");
		assert_string_equal(fact(person_named(p, names[i]), "status_since"), "2017");
	}
	json_decref(p);
}

static void test_he_is_never_the_narrator(void **state)
{
	json_t *p = propose("Менің атым Ләззат Омарқызы. Менің күйеуім Асан Бекұлы "
			    "жүргізуші.\n\nКейін ол 7 жылға сотталды.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Асан Бекұлы"), "status"), "sentenced");
	assert_string_equal(fact(person_named(p, "Ләззат Омарқызы"), "status"), "");
	assert_string_equal(fact(person_named(p, "Ләззат Омарқызы"), "role"), "relative");
	json_decref(p);
}

static void test_byline_and_translator_lines_under_a_headline(void **state)
{
	json_t *p = propose("Families wait\n\nBy Saule Nurgaliyeva\n"
			    "Translated from Russian by Daniyar Ospanov\n\n"
			    "Nothing was heard.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Saule Nurgaliyeva"), "role"), "journalist");
	assert_string_equal(fact(person_named(p, "Daniyar Ospanov"), "role"), "other");
	assert_string_equal(fact(person_named(p, "Daniyar Ospanov"), "occupation"),
			    "translator");
	json_decref(p);
}

static void test_a_russian_byline_writer_is_not_she(void **state)
{
	json_t *p = propose("Заголовок\n\nАвтор: Камила Бектурова\n\n"
			    "Её брат Самат Исаев задержан в 2018 году.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Камила Бектурова"), "role"), "journalist");
	assert_false(has_relation(person_named(p, "Самат Исаев"), "sibling_of",
				  "Камила Бектурова"));
	json_decref(p);
}

static void test_a_kazakh_name_in_the_genitive_is_the_same_person(void **state)
{
	json_t *p = propose("Мұрат Жексенов пен Бақыт Омаров Алматыда тұрады. "
			    "Мұраттың әйелі Гүлім Сапарқызы 2019 жылы ұсталды.");

	(void)state;
	assert_int_equal(person_count(p), 3);
	assert_true(has_relation(person_named(p, "Гүлім Сапарқызы"), "spouse_of",
				 "Мұрат Жексенов"));
	json_decref(p);
}

static void test_an_encyclopedia_lead_names_and_describes(void **state)
{
	json_t *p = propose("Rustam Iminov (Uyghur: \xd8\xb1\xdb\x87\xd8\xb3\xd8\xaa\xd8\xa7\xd9\x85; "
			    "born 1970) is a Uyghur surgeon who was arrested in 2019.");
	json_t *x = person_named(p, "Rustam Iminov");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "occupation"), "surgeon");
	assert_string_equal(fact(x, "status"), "arrested");
	json_decref(p);
}

static void test_a_russian_lead_with_a_dash_and_a_participle(void **state)
{
	json_t *p = propose("Серик Абенов (род. 1968) — казахский поэт, осуждённый "
			    "в 2021 году на 11 лет.");
	json_t *x = person_named(p, "Серик Абенов");

	(void)state;
	assert_non_null(x);
	assert_non_null(strstr(fact(x, "occupation"), "поэт"));
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "11 years");
	json_decref(p);
}

static void test_a_kazakh_name_is_proposed_without_its_case_ending(void **state)
{
	json_t *p = propose("Құлжа соты Асқар Бекболатұлын 9 жылға соттады.");
	json_t *x = person_named(p, "Асқар Бекболатұлы");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "name"), "Асқар Бекболатұлы");
	assert_non_null(person_named(p, "Асқар Бекболатұлын")); /* as written */
	assert_string_equal(fact(x, "status"), "sentenced");
	json_decref(p);
}

static void test_my_husbands_brother_in_kazakh(void **state)
{
	json_t *p = propose("Менің атым Сәуле Қанатқызы. Менің күйеуім Ержан Омарұлы "
			    "жүргізуші. Ұлым Дамир Ержанұлы мектепте оқиды. "
			    "Күйеуімнің інісі Бауыржан Омарұлы 2018 жылдан бері хабарсыз.");
	json_t *x = person_named(p, "Бауыржан Омарұлы");

	(void)state;
	assert_true(has_relation(x, "sibling_of", "Ержан Омарұлы"));
	assert_false(has_relation(x, "sibling_of", "Дамир Ержанұлы"));
	assert_string_equal(fact(x, "status"), "disappeared");
	json_decref(p);
}

static void test_a_kazakh_status_told_as_a_noun(void **state)
{
	json_t *p = propose("Айнұр Серікқызы інісі Дәурен Серікұлының 2018 жылдың "
			    "мамырында ұсталғанын айтты.");
	json_t *x = person_named(p, "Дәурен Серікұлы");

	(void)state;
	assert_string_equal(fact(x, "status"), "detained");
	assert_string_equal(fact(x, "status_since"), "2018-05");
	json_decref(p);
}

static void test_a_russian_title_takes_adjectives_not_verbs(void **state)
{
	json_t *p = propose("Семье помогает волонтёр Ерлан Бейсенов. "
			    "Об этом рассказал известный казахский поэт Нурлан Оспанов.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Ерлан Бейсенов"), "occupation"),
			    "волонтёр");
	assert_string_equal(fact(person_named(p, "Нурлан Оспанов"), "occupation"),
			    "казахский поэт");
	json_decref(p);
}

static void test_a_kazakh_two_word_occupation_before_a_name(void **state)
{
	json_t *p = propose("Отбасына құқық қорғаушы Арман Сейітов көмектеседі.");

	(void)state;
	assert_string_equal(fact(person_named(p, "Арман Сейітов"), "occupation"),
			    "құқық қорғаушы");
	assert_string_equal(fact(person_named(p, "Арман Сейітов"), "role"), "activist");
	json_decref(p);
}

static void test_a_kazakh_date_between_two_verbs_dates_the_second(void **state)
{
	json_t *p = propose("Дана Төлеуқызы 2018 жылы ұсталды, 2020 жылы 6 жылға сотталды.");
	json_t *x = person_named(p, "Дана Төлеуқызы");

	(void)state;
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "status_since"), "2020");
	json_decref(p);
}

static void test_a_kazakh_honorific_after_a_lone_given_name(void **state)
{
	json_t *p = propose("«Хабар жоқ», – деді Жібек ханым. Оның күйеуі Нұрлан "
			    "Сапарұлы 2019 жылы ұсталды.");
	json_t *x = person_named(p, "Жібек");

	(void)state;
	assert_non_null(x);
	assert_true(has_relation(x, "spouse_of", "Нұрлан Сапарұлы"));
	assert_string_equal(fact(x, "role"), "relative");
	json_decref(p);
}

static void test_madam_picks_the_woman_of_two_with_one_surname(void **state)
{
	json_t *p = propose("Айгуль Касенова и её муж Ербол Касенов жили в Кульдже. "
			    "Госпожа Касенова задержана в 2019 году.");

	(void)state;
	assert_int_equal(person_count(p), 2);
	assert_string_equal(fact(person_named(p, "Айгуль Касенова"), "status"), "detained");
	assert_string_equal(fact(person_named(p, "Ербол Касенов"), "status"), "");
	json_decref(p);
}

static void test_a_russian_mans_name_after_a_kin_noun_is_in_the_genitive(void **state)
{
	json_t *p = propose("«Ответа нет», — сказала Динара Омарова, дочь Бахыта Омарова. "
			    "Её отец задержан в 2017 году.");
	json_t *x = person_named(p, "Бахыт Омаров");

	(void)state;
	assert_non_null(x);
	assert_non_null(person_named(p, "Бахыта Омарова"));
	assert_true(has_relation(person_named(p, "Динара Омарова"), "daughter_of",
				 "Бахыт Омаров"));
	assert_string_equal(fact(x, "status"), "detained");
	json_decref(p);
}

static void test_a_two_word_kin_noun_wins_over_its_last_word(void **state)
{
	json_t *p = propose("Самат Жаксыбеков задержан в 2018 году. "
			    "Его двоюродный брат Ерлан Муканов живёт в Астане.");

	(void)state;
	assert_true(has_relation(person_named(p, "Ерлан Муканов"), "relative_of",
				 "Самат Жаксыбеков"));
	json_decref(p);
}

static void test_a_chinese_form_in_full_width_brackets_is_a_variant(void **state)
{
	json_t *p = propose("Экономист Абдурахман Касым（阿不都热合曼·卡斯木）задержан "
			    "в 2018 году.");
	json_t *x = person_named(p, "Абдурахман Касым");

	(void)state;
	assert_non_null(x);
	assert_non_null(person_named(p, "阿不都热合曼·卡斯木"));
	assert_string_equal(fact(x, "status"), "detained");
	json_decref(p);
}

static void test_a_russian_name_in_the_accusative_after_an_active_verb(void **state)
{
	json_t *p = propose("Суд приговорил учителя Ерлана Жумабаева к 6 годам. "
			    "Его сын Алибек Жумабаев живёт в Алматы.");
	json_t *x = person_named(p, "Ерлан Жумабаев");

	(void)state;
	assert_non_null(x);
	assert_string_equal(fact(x, "status"), "sentenced");
	assert_string_equal(fact(x, "sentence"), "6 years");
	assert_true(has_relation(person_named(p, "Алибек Жумабаев"), "son_of",
				 "Ерлан Жумабаев"));
	json_decref(p);
}

static void test_a_russian_narrator_who_signs_ya_comma(void **state)
{
	json_t *p = propose("Мой отец Канат Бекенов задержан в 2019 году.\n\n"
			    "Я, Айжан Бекенова, прошу помочь.");

	(void)state;
	assert_true(has_relation(person_named(p, "Канат Бекенов"), "father_of",
				 "Айжан Бекенова"));
	json_decref(p);
}

static void test_a_russian_womans_name_in_the_accusative_and_genitive(void **state)
{
	json_t *p = propose("Полиция задержала учительницу Гульнару Исаеву в мае 2018 "
			    "года. «Ничего не известно», — сказал Данияр Ахметов, "
			    "племянник Алии Жумабаевой.");
	json_t *x = person_named(p, "Гульнара Исаева");

	(void)state;
	assert_non_null(x);
	assert_non_null(person_named(p, "Гульнару Исаеву"));
	assert_string_equal(fact(x, "status"), "detained");
	assert_string_equal(fact(x, "status_since"), "2018-05");
	assert_true(has_relation(person_named(p, "Данияр Ахметов"), "relative_of",
				 "Алия Жумабаева"));
	json_decref(p);
}

static void test_a_quote_attributed_after_a_verb_and_a_kin_word(void **state)
{
	json_t *p = propose("Бекзат Нұрланұлы Үрімжіде тұрады.\n\n"
			    "«Қызым Айым Нұрланқызы 2019 жылы ұсталды», – деп қосты "
			    "оның әкесі Нұрлан Әбілов.");

	(void)state;
	assert_true(has_relation(person_named(p, "Айым Нұрланқызы"), "daughter_of",
				 "Нұрлан Әбілов"));
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_russian_cue_words_are_read_for_an_english_default),
		cmocka_unit_test(test_a_russian_month_in_the_genitive_after_s_dates_it),
		cmocka_unit_test(test_a_kazakh_date_and_term_before_the_verb),
		cmocka_unit_test(test_a_kazakh_year_then_month_since),
		cmocka_unit_test(test_a_russian_term_in_the_dative),
		cmocka_unit_test(test_a_sentence_without_a_subject_is_about_the_person_named),
		cmocka_unit_test(test_a_pronoun_after_the_verb_is_its_subject),
		cmocka_unit_test(test_russian_not_cancels_the_status),
		cmocka_unit_test(test_a_kazakh_kin_word_says_whose_by_its_suffix),
		cmocka_unit_test(test_a_russian_narrator_and_her_husband),
		cmocka_unit_test(test_a_bad_language_list_is_refused),
		cmocka_unit_test(test_a_russian_list_with_occupations_after_a_passive_verb),
		cmocka_unit_test(test_a_kazakh_list_joined_by_zhane_dated_before_it),
		cmocka_unit_test(test_he_is_never_the_narrator),
		cmocka_unit_test(test_byline_and_translator_lines_under_a_headline),
		cmocka_unit_test(test_a_russian_byline_writer_is_not_she),
		cmocka_unit_test(test_a_kazakh_name_in_the_genitive_is_the_same_person),
		cmocka_unit_test(test_an_encyclopedia_lead_names_and_describes),
		cmocka_unit_test(test_a_russian_lead_with_a_dash_and_a_participle),
		cmocka_unit_test(test_a_kazakh_name_is_proposed_without_its_case_ending),
		cmocka_unit_test(test_my_husbands_brother_in_kazakh),
		cmocka_unit_test(test_a_kazakh_status_told_as_a_noun),
		cmocka_unit_test(test_a_russian_title_takes_adjectives_not_verbs),
		cmocka_unit_test(test_a_kazakh_two_word_occupation_before_a_name),
		cmocka_unit_test(test_a_kazakh_date_between_two_verbs_dates_the_second),
		cmocka_unit_test(test_a_kazakh_honorific_after_a_lone_given_name),
		cmocka_unit_test(test_madam_picks_the_woman_of_two_with_one_surname),
		cmocka_unit_test(test_a_russian_mans_name_after_a_kin_noun_is_in_the_genitive),
		cmocka_unit_test(test_a_two_word_kin_noun_wins_over_its_last_word),
		cmocka_unit_test(test_a_chinese_form_in_full_width_brackets_is_a_variant),
		cmocka_unit_test(test_a_russian_name_in_the_accusative_after_an_active_verb),
		cmocka_unit_test(test_a_russian_narrator_who_signs_ya_comma),
		cmocka_unit_test(test_a_russian_womans_name_in_the_accusative_and_genitive),
		cmocka_unit_test(test_a_quote_attributed_after_a_verb_and_a_kin_word),
	};
	return cmocka_run_group_tests(tests, lexicon_setup, lexicon_teardown);
}
