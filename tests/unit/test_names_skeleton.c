/* Unit tests for skeleton keys and part analysis: what romanisations
 * disagree on merges, endings and initials are recognised, bad input is
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "names/names.h"
#include "names_test_util.h"

static const char *skeleton_of(const char *name)
{
	static char out[2][512];
	static int which;
	struct name_key key;
	char *o;
	size_t i;

	/* two buffers, so that one assert can compare two names */
	which = !which;
	o = out[which];
	analyse(name, &key);
	o[0] = '\0';
	for (i = 0; i < key.nparts; i++)
		snprintf(o + strlen(o), sizeof(out[0]) - strlen(o), "%s%s",
			 i ? " " : "", key.parts[i].skeleton);
	return o;
}

static void assert_same_skeleton(const char *a, const char *b)
{
	const char *sa = skeleton_of(a), *sb = skeleton_of(b);

	if (strcmp(sa, sb))
		fail_msg("'%s' -> '%s' but '%s' -> '%s'", a, sa, b, sb);
}

static void test_skeleton_merges_q_and_k(void **state)
{
	(void)state;
	assert_same_skeleton("Qairat", "Kairat");
	assert_same_skeleton("Қайрат", "Kayrat");
}

static void test_skeleton_merges_the_spellings_of_gh(void **state)
{
	(void)state;
	assert_same_skeleton("Ghalym", "Ğalym");
	assert_same_skeleton("Galym", "Ғалым");
}

static void test_skeleton_merges_kh_h_and_x(void **state)
{
	(void)state;
	assert_same_skeleton("Gaukhar", "Gauhar");
	assert_same_skeleton("Toxti", "Tokhti");
	assert_same_skeleton("Тохти", "Tohti");
}

static void test_skeleton_merges_zh_j_and_the_caron(void **state)
{
	(void)state;
	assert_same_skeleton("Zhanibek", "Janibek");
	assert_same_skeleton("Žanibek", "Жәнібек");
}

static void test_skeleton_merges_sh_and_ch_spellings(void **state)
{
	(void)state;
	assert_same_skeleton("Shukur", "Şükür");
	assert_same_skeleton("Šukur", "Шукур");
	assert_same_skeleton("Cholpan", "Çolpan");
	assert_same_skeleton("Čolpan", "Чолпан");
}

static void test_skeleton_merges_front_and_back_vowels(void **state)
{
	(void)state;
	assert_same_skeleton("Ädil", "Adil");
	assert_same_skeleton("Ömir", "Omir");
	assert_same_skeleton("Ūlan", "Ulan");
	assert_same_skeleton("Ümit", "Umit");
	assert_same_skeleton("Myrzakhmet", "Mırzakhmet");
	assert_same_skeleton("Әсел", "Asel");
}

static void test_skeleton_collapses_doubled_letters(void **state)
{
	(void)state;
	assert_same_skeleton("Nasiolla", "Nasiola");
	assert_same_skeleton("Mukhammet", "Muhamet");
}

static void test_skeleton_merges_y_and_i_between_vowels(void **state)
{
	(void)state;
	assert_same_skeleton("Kurmanalieva", "Kurmanaliyeva");
	assert_same_skeleton("Sergeev", "Sergeyev");
	assert_same_skeleton("Yerlan", "Erlan");
}

static void test_skeleton_ignores_hyphens_and_apostrophes(void **state)
{
	(void)state;
	assert_same_skeleton("Nasiolla-uly", "Nasiollauly");
	assert_same_skeleton("Nasiolla uly", "Насиоллаұлы");
	assert_same_skeleton("O’Brien", "OBrien");
}

static void test_kazakh_latin_2021_reaches_the_same_skeleton(void **state)
{
	(void)state;
	assert_same_skeleton("Nasıollaulı", "Nasiollauly");
	assert_same_skeleton("Qūrmanälı", "Құрманәлі");
}

static void test_patronymic_endings_are_recognised(void **state)
{
	const char *const names[] = { "Nasiollauly", "Насиоллаұлы", "Nasiollauli",
				      "Toktamuratkyzy", "Тоқтамұратқызы", "Toktamuratqizi",
				      "Viktorovich", "Viktorovna", "Sergeevich" };
	struct name_key key;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		analyse(names[i], &key);
		if (!(key.parts[0].flags & NAME_PART_PATRONYMIC))
			fail_msg("'%s' not seen as a patronymic", names[i]);
	}
	analyse("Nasiollauly", &key);
	assert_string_equal(key.parts[0].stem, "nasiola");
}

static void test_surname_endings_are_recognised(void **state)
{
	const char *const names[] = { "Kurmanalieva", "Tokayev", "Bigazin",
				      "Saparov", "Saparova", "Лавров", "Kuzmina" };
	struct name_key key;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		analyse(names[i], &key);
		if (!(key.parts[0].flags & NAME_PART_SURNAME_END))
			fail_msg("'%s' not seen as a surname", names[i]);
	}
	analyse("Saparova", &key);
	assert_string_equal(key.parts[0].stem, "sapar");
}

static void test_short_words_keep_their_ending_letters(void **state)
{
	struct name_key key;

	(void)state;
	/* "-in" after one or two letters is the name itself, not an ending */
	analyse("Amin", &key);
	assert_int_equal(key.parts[0].flags & NAME_PART_SURNAME_END, 0);
	assert_string_equal(key.parts[0].stem, "amin");
}

static void test_patronymic_written_apart_joins_the_fathers_name(void **state)
{
	struct name_key key;

	(void)state;
	analyse("Garapa Nasiolla-uly", &key);
	assert_int_equal(key.nparts, 2);
	assert_true(key.parts[1].flags & NAME_PART_PATRONYMIC);
	analyse("Aisuluu Ermek kyzy", &key);
	assert_int_equal(key.nparts, 2);
	assert_true(key.parts[1].flags & NAME_PART_PATRONYMIC);
}

static void test_initials_are_recognised(void **state)
{
	struct name_key key;

	(void)state;
	analyse("R. Sarsenbay", &key);
	assert_int_equal(key.nparts, 2);
	assert_true(key.parts[0].flags & NAME_PART_INITIAL);
	assert_false(key.parts[1].flags & NAME_PART_INITIAL);
	analyse("A.B.Nurlanov", &key);
	assert_int_equal(key.nparts, 3);
	assert_true(key.parts[1].flags & NAME_PART_INITIAL);
}

static void test_titles_and_particles_are_dropped(void **state)
{
	struct name_key key;

	(void)state;
	analyse("Dr. Rami Makhlouf", &key);
	assert_int_equal(key.nparts, 2);
	/* but a name that is nothing else keeps it */
	analyse("Al", &key);
	assert_int_equal(key.nparts, 1);
}

static void assert_lower_case(const char *name)
{
	struct name_key key;
	const char *c;
	size_t i;

	analyse(name, &key);
	for (i = 0; i < key.nparts; i++) {
		for (c = key.parts[i].skeleton; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				fail_msg("'%s': skeleton '%s' has a capital", name,
					 key.parts[i].skeleton);
		for (c = key.parts[i].latin; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				fail_msg("'%s': Latin form '%s' has a capital", name,
					 key.parts[i].latin);
	}
}

static void test_skeletons_and_latin_forms_are_lower_case_in_every_script(void **state)
{
	static const char *const names[] = {
		"Жақсылық Шәріпұлы", "ЖАҚСЫЛЫҚ", "艾山·买买提", "Chöl Zhanibek",
		"Şükür Çolpan", "ئىلھام توختى", "Җалил Чоң", "Ἀλέξανδρος", "ჯაბა",
		"Yilihamu Tuheti"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_lower_case(names[i]);
	assert_string_equal(skeleton_of("Жақсылық"), skeleton_of("zhaqsylyq"));
	assert_string_equal(skeleton_of("Shamshi"), skeleton_of("Шамши"));
}

static void test_bad_names_are_refused(void **state)
{
	struct name_key key;
	struct vg_error err;
	char longname[700];

	(void)state;
	assert_int_equal(names_analyse("", &key, &err), VG_EINVAL);
	assert_int_equal(names_analyse(" - · . ", &key, &err), VG_EINVAL);
	assert_int_equal(names_analyse("\xff\xfe", &key, &err), VG_EINVAL);
	assert_int_equal(names_analyse("42", &key, &err), VG_EINVAL);
	assert_int_equal(names_analyse("1990-05-12", &key, &err), VG_EINVAL);
	assert_int_equal(names_analyse("17 · ٣٤ – 5", &key, &err), VG_EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(names_analyse(longname, &key, &err), VG_ETOOBIG);
}

static void test_a_part_longer_than_the_key_holds_is_cut_not_refused(void **state)
{
	struct name_key key;
	char han[3 * 150 + 1] = "";
	int i;

	(void)state;
	analyse("Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop Smith",
		&key);
	assert_int_equal(key.nparts, 2);
	assert_int_equal(strlen(key.parts[0].latin), 63);
	for (i = 0; i < 150; i++)
		memcpy(han + 3 * i, "伊", 4);
	analyse(han, &key);
	assert_int_equal(key.nparts, 1);
	analyse("ЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩЩ", &key);
	assert_true(strlen(key.parts[0].latin) < sizeof(key.parts[0].latin));
}

static void test_more_parts_than_the_key_holds_are_left_out(void **state)
{
	struct name_key key;

	(void)state;
	analyse("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11", &key);
	assert_int_equal(key.nparts, NAMES_MAX_PARTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skeleton_merges_q_and_k),
		cmocka_unit_test(test_skeleton_merges_the_spellings_of_gh),
		cmocka_unit_test(test_skeleton_merges_kh_h_and_x),
		cmocka_unit_test(test_skeleton_merges_zh_j_and_the_caron),
		cmocka_unit_test(test_skeleton_merges_sh_and_ch_spellings),
		cmocka_unit_test(test_skeleton_merges_front_and_back_vowels),
		cmocka_unit_test(test_skeleton_collapses_doubled_letters),
		cmocka_unit_test(test_skeleton_merges_y_and_i_between_vowels),
		cmocka_unit_test(test_skeleton_ignores_hyphens_and_apostrophes),
		cmocka_unit_test(test_kazakh_latin_2021_reaches_the_same_skeleton),
		cmocka_unit_test(test_patronymic_endings_are_recognised),
		cmocka_unit_test(test_surname_endings_are_recognised),
		cmocka_unit_test(test_short_words_keep_their_ending_letters),
		cmocka_unit_test(test_patronymic_written_apart_joins_the_fathers_name),
		cmocka_unit_test(test_initials_are_recognised),
		cmocka_unit_test(test_titles_and_particles_are_dropped),
		cmocka_unit_test(test_skeletons_and_latin_forms_are_lower_case_in_every_script),
		cmocka_unit_test(test_bad_names_are_refused),
		cmocka_unit_test(test_a_part_longer_than_the_key_holds_is_cut_not_refused),
		cmocka_unit_test(test_more_parts_than_the_key_holds_are_left_out),
	};

	return cmocka_run_group_tests(tests, names_setup, names_teardown);
}
