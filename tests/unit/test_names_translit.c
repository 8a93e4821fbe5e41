/* Unit tests for the names engine's transliteration: each script and
 * romanisation reaches one Latin form, and the rule chains are safe to use
 * from several threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "names/names.h"
#include "names_test_util.h"

/* The Latin forms of all parts, joined with spaces. */
static const char *latin_of(const char *name)
{
	static char out[512];
	struct name_key key;
	size_t i;

	analyse(name, &key);
	out[0] = '\0';
	for (i = 0; i < key.nparts; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? " " : "", key.parts[i].latin);
	return out;
}

static const char *skeleton_of(const char *name)
{
	static char out[512];
	struct name_key key;
	size_t i;

	analyse(name, &key);
	out[0] = '\0';
	for (i = 0; i < key.nparts; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? " " : "", key.parts[i].skeleton);
	return out;
}

static void test_kazakh_cyrillic_reads_every_kazakh_letter(void **state)
{
	struct name_key key;

	(void)state;
	assert_string_equal(latin_of("Гарапа Насиоллаұлы"), "garapa nasiollauly");
	assert_string_equal(latin_of("Әділ Ғалым Қайрат Мұңлық"),
			    "ädil ghalym qayrat munglyq");
	assert_string_equal(latin_of("Өмір Үміт Һидаят"), "ömir ümit hidayat");
	analyse("Қаматан Тоқтамұратқызы", &key);
	assert_string_equal(key.script, "Cyrl");
}

static void test_russian_cyrillic_reads_like_a_passport(void **state)
{
	(void)state;
	assert_string_equal(latin_of("Сергей Викторович Лавров"),
			    "sergey viktorovich lavrov");
	assert_string_equal(latin_of("Юлия Щербакова"), "yuliya shcherbakova");
}

static void test_uyghur_cyrillic_follows_uyghur_latin(void **state)
{
	(void)state;
	/* җ marks the name as Uyghur: ә is then ULY's e */
	assert_string_equal(latin_of("Җамаләддин"), "jamaleddin");
	/* so does һ without the Kazakh ұ і ы */
	assert_string_equal(latin_of("Раһилә Давут"), "rahile dawut");
	assert_string_equal(latin_of("Ілһам Әлиұлы"), "ilham äliuly");
}

static void test_kyrgyz_cyrillic_reads_zh_as_j(void **state)
{
	(void)state;
	assert_string_equal(latin_of("Жылдыз Өмүрбекова"), "jyldyz ömürbekova");
}

static void test_uyghur_arabic_drops_the_hamza_seat(void **state)
{
	struct name_key key;

	(void)state;
	assert_string_equal(latin_of("ئىلھام توختى"), "ilham tokhti");
	/* ئ between two vowels only splits them */
	assert_string_equal(latin_of("مەسئۇل"), "mesul");
	assert_string_equal(latin_of("راھىلە داۋۇت"), "rahile dawut");
	analyse("ئىلھام توختى", &key);
	assert_string_equal(key.script, "Arab");
}

static void test_kazakh_arabic_hamza_makes_a_front_vowel_word(void **state)
{
	(void)state;
	/* Әділ: the hamza alone, and precomposed in the alef */
	assert_string_equal(latin_of("ٴادىل"), "ädil");
	assert_string_equal(latin_of("ٵدىل"), "ädil");
	assert_string_equal(latin_of("ٴۇمىت"), "ümit");
	/* typed on a Uyghur keyboard: ئ for the hamza, beside a true ٴ */
	assert_string_equal(latin_of("ئادىل ٴۇمىت"), "ädil ümit");
	/* ە, ك, گ only stand in front words, which then need no hamza */
	assert_string_equal(latin_of("كابيكەن ٴزەينۋرايىن"), "käbiken zeinüräiin");
	/* the hamza marks the name as Kazakh; the word without it is back */
	assert_string_equal(latin_of("ٴادىل قىدىرالى"), "ädil qydyraly");
	/* ғ written with ع or with غ */
	assert_string_equal(skeleton_of("عالىم"), skeleton_of("Ғалым"));
	assert_string_equal(skeleton_of("غالىم"), skeleton_of("Ғалым"));
	assert_string_equal(skeleton_of("ٴادىل"), skeleton_of("Әділ"));
}

/* A syllable that may carry a lone consonant keeps its vowel, marked: at
 * the end of the name it is dropped (土赫提 tu-he-ti, Tohti), inside the
 * name it may be the transcriber's (伊力 yi-li, Il-) or the name's own
 * (克里木 ke-li-mu, Kerim), and the skeleton writes it y. */
static void test_chinese_transcription_marks_vowels_added_for_lone_consonants(void **state)
{
	struct name_key key;

	(void)state;
	analyse("伊力哈木·土赫提", &key);
	assert_string_equal(key.script, "Hani");
	assert_int_equal(key.nparts, 2);
	assert_string_equal(key.parts[0].latin, "il-iham");
	assert_string_equal(key.parts[0].skeleton, "ilyham");
	assert_string_equal(key.parts[1].skeleton, "tuhyt");
	assert_true(key.parts[0].flags & NAME_PART_FROM_HAN);
	analyse("克里木", &key);
	assert_string_equal(key.parts[0].skeleton, "kylym");
	/* 努尔 nu-er is Nur, 阿不都 a-bu-du Abdu: er and bu stand for r, b */
	analyse("努尔", &key);
	assert_string_equal(key.parts[0].latin, "nur");
	analyse("阿不都", &key);
	assert_string_equal(key.parts[0].skeleton, "abdu");
}

/* ICU reads 地 alone as the particle de; in names it is di (Dilmurat). */
static void test_chinese_characters_take_their_transcription_reading(void **state)
{
	struct name_key key;

	(void)state;
	analyse("地里木拉提", &key);
	assert_int_equal(strncmp(key.parts[0].latin, "dil", 3), 0);
	analyse("迪里木拉提", &key);
	assert_int_equal(strncmp(key.parts[0].latin, "dil", 3), 0);
	analyse("阿不都", &key);
	assert_string_equal(key.parts[0].latin, "abdu");
	analyse("喀什", &key);
	assert_string_equal(key.parts[0].latin, "kash");
}

static void test_chinese_middle_dot_variants_all_split(void **state)
{
	struct name_key key;
	const char *const dots[] = { "热依拉·达吾提", "热依拉・达吾提", "热依拉•达吾提",
				     "热依拉‧达吾提", "热依拉･达吾提" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dots) / sizeof(dots[0]); i++) {
		analyse(dots[i], &key);
		assert_int_equal(key.nparts, 2);
	}
}

static void test_pinyin_is_read_like_the_characters(void **state)
{
	struct name_key key;

	(void)state;
	analyse("Yilihamu Tuheti", &key);
	assert_string_equal(key.parts[0].skeleton, "ilyham");
	assert_true(key.parts[0].flags & NAME_PART_FROM_HAN);
	/* names that are not wholly pinyin stay Latin */
	analyse("Garapa Nasiollauly", &key);
	assert_false(key.parts[0].flags & NAME_PART_FROM_HAN);
	analyse("Tursun Memet", &key);
	assert_false(key.parts[0].flags & NAME_PART_FROM_HAN);
}

static void test_latin_romanisations_reach_one_latin_form(void **state)
{
	(void)state;
	/* Kazakh Latin 2021, 2018 (acute), 2017 (apostrophes), Turkish style */
	assert_string_equal(latin_of("Nasıollaulı"), "nasiollauli");
	assert_string_equal(latin_of("Ǵalym"), "ghalym");
	assert_string_equal(latin_of("G'alym"), "ghalym");
	assert_string_equal(latin_of("Ğalym Şükür Çolpan"), "ghalym shükür cholpan");
	assert_string_equal(latin_of("Ñurlan Ūlan"), "ngurlan ulan");
	/* ALA-LC Kazakh: n with a palatal hook for ң */
	assert_string_equal(latin_of("Mun\xcc\xa1lyq"), "munglyq");
	/* ALA-LC and ISO 9 letters */
	assert_string_equal(latin_of("Žanna Šarapova Čingiz"), "zhanna sharapova chingiz");
}

struct thread_case {
	const char *name;
	char skeleton[64];
	int failures;
};

static void *analyse_many(void *arg)
{
	struct thread_case *c = arg;
	struct name_key key;
	int i;

	for (i = 0; i < 200; i++) {
		if (names_analyse(c->name, &key, NULL) != VG_OK ||
		    strcmp(key.parts[0].skeleton, c->skeleton))
			c->failures++;
	}
	return NULL;
}

static void test_analysis_is_safe_from_several_threads(void **state)
{
	struct thread_case cases[4] = {
		{ "Насиоллаұлы", "", 0 }, { "ئىلھام", "", 0 },
		{ "伊力哈木", "", 0 }, { "Kurmanaliyeva", "", 0 },
	};
	pthread_t t[4];
	struct name_key key;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		analyse(cases[i].name, &key);
		snprintf(cases[i].skeleton, sizeof(cases[i].skeleton), "%s",
			 key.parts[0].skeleton);
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, analyse_many, &cases[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(cases[i].failures, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kazakh_cyrillic_reads_every_kazakh_letter),
		cmocka_unit_test(test_russian_cyrillic_reads_like_a_passport),
		cmocka_unit_test(test_uyghur_cyrillic_follows_uyghur_latin),
		cmocka_unit_test(test_kyrgyz_cyrillic_reads_zh_as_j),
		cmocka_unit_test(test_uyghur_arabic_drops_the_hamza_seat),
		cmocka_unit_test(test_kazakh_arabic_hamza_makes_a_front_vowel_word),
		cmocka_unit_test(test_chinese_transcription_marks_vowels_added_for_lone_consonants),
		cmocka_unit_test(test_chinese_characters_take_their_transcription_reading),
		cmocka_unit_test(test_chinese_middle_dot_variants_all_split),
		cmocka_unit_test(test_pinyin_is_read_like_the_characters),
		cmocka_unit_test(test_latin_romanisations_reach_one_latin_form),
		cmocka_unit_test(test_analysis_is_safe_from_several_threads),
	};

	return cmocka_run_group_tests(tests, names_setup, names_teardown);
}
