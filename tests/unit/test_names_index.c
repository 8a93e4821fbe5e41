/* Unit tests for the name index: adding, removing, searching across
 * scripts and spellings, bulk building, and searching while names are
 * being added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/index.h"
#include "names/names.h"
#include "store/person_names.h"

static int setup(void **state)
{
	struct vg_error err;

	*state = NULL;
	if (names_init(&err) != VG_OK) {
		fprintf(stderr, "names_init: %s: %s\n", err.where, err.msg);
		return -1;
	}
	*state = names_index_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	names_index_free(*state);
	return 0;
}

static void add(names_index *idx, const char *id, const char *name)
{
	struct vg_error err;

	assert_int_equal(names_index_add(idx, id, name, &err), VG_OK);
}

static void add_crowd(names_index *idx)
{
	add(idx, "V-1", "Garapa Nasiollauly");
	add(idx, "V-2", "Gaukhar Kurmanalieva");
	add(idx, "V-3", "Askar Azatbek");
	add(idx, "V-4", "Kydyrali Orazuly");
	add(idx, "V-5", "Rysbek Sarsenbay");
	add(idx, "V-6", "Kamatan Toktamuratkyzy");
	add(idx, "V-7", "Nurlan Serikuly Ermekov");
	add(idx, "V-8", "Abdurehim Memet Tursunov");
}

static size_t search(names_index *idx, const char *q, struct names_hit *hits,
		     size_t k)
{
	struct vg_error err;
	size_t n = 99;

	assert_int_equal(names_index_search(idx, q, k, 0.0, hits, &n, &err),
			 VG_OK);
	assert_true(n <= k);
	return n;
}

static void test_exact_name_is_found_first(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];

	add_crowd(idx);
	assert_true(search(idx, "Askar Azatbek", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "V-3");
	assert_string_equal(hits[0].name, "Askar Azatbek");
	assert_true(hits[0].score >= NAMES_MATCH_THRESHOLD);
}

static void test_cyrillic_query_finds_latin_name(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];

	add_crowd(idx);
	assert_true(search(idx, "Гарапа Насиоллаұлы", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "V-1");
}

static void test_other_spelling_and_order_find_the_person(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];

	add_crowd(idx);
	assert_true(search(idx, "Kurmanaliyeva Gaukhar", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "V-2");
}

static void test_a_typo_still_finds_the_person(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];

	add_crowd(idx);
	assert_true(search(idx, "Nurlan Serikuly Ermkov", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "V-7");
}

static void test_a_person_with_two_names_is_one_hit(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];
	size_t n, i, seen = 0;

	add_crowd(idx);
	add(idx, "V-1", "Гарапа Насиоллаұлы");
	n = search(idx, "Garapa Nasiolla-uly", hits, 5);
	for (i = 0; i < n; i++)
		seen += !strcmp(hits[i].id, "V-1");
	assert_int_equal(seen, 1);
	assert_string_equal(hits[0].id, "V-1");
	assert_int_equal(names_index_people(idx), 8);
	assert_int_equal(names_index_names(idx), 9);
}

static void test_removed_person_is_not_found(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];
	size_t n, i;

	add_crowd(idx);
	assert_int_equal(names_index_remove(idx, "V-3"), VG_OK);
	assert_int_equal(names_index_remove(idx, "V-3"), VG_ENOTFOUND);
	n = search(idx, "Askar Azatbek", hits, 5);
	for (i = 0; i < n; i++)
		assert_string_not_equal(hits[i].id, "V-3");
	assert_int_equal(names_index_people(idx), 7);
	/* Added again, the person is found again. */
	add(idx, "V-3", "Askar Azatbek");
	assert_true(search(idx, "Askar Azatbek", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "V-3");
}

static void test_top_k_and_min_score_limit_hits(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[8];
	struct vg_error err;
	size_t n, i;

	add_crowd(idx);
	add(idx, "V-9", "Nurlan Serikuly");
	add(idx, "V-10", "Nurlan Ermekov");
	assert_int_equal(search(idx, "Nurlan Serikuly Ermekov", hits, 1), 1);
	assert_string_equal(hits[0].id, "V-7");
	n = search(idx, "Nurlan Serikuly Ermekov", hits, 8);
	for (i = 1; i < n; i++)
		assert_true(hits[i - 1].score >= hits[i].score);
	assert_int_equal(names_index_search(idx, "Nurlan Serikuly Ermekov", 8,
					    0.999, hits, &n, &err), VG_OK);
	for (i = 0; i < n; i++)
		assert_true(hits[i].score >= 0.999);
}

static void test_bad_input_is_refused_and_changes_nothing(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[2];
	struct vg_error err;
	char longid[300];
	size_t n;

	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	assert_int_equal(names_index_add(idx, "", "Askar", &err), VG_EINVAL);
	assert_int_equal(names_index_add(idx, longid, "Askar", &err), VG_EINVAL);
	assert_int_equal(names_index_add(idx, "V-1", "", &err), VG_EINVAL);
	assert_int_equal(names_index_add(idx, "V-1", "-- ! ?", &err),
			 VG_EINVAL);
	assert_int_equal(names_index_people(idx), 0);
	assert_int_equal(names_index_search(idx, "-- !", 2, 0, hits, &n, &err),
			 VG_EINVAL);
	assert_int_equal(names_index_search(idx, "Askar", 2, 0, hits, &n, &err),
			 VG_OK);
	assert_int_equal(n, 0);
}

static void test_bulk_build_names_the_bad_item(void **state)
{
	names_index *idx = *state;
	struct names_index_item items[] = {
		{ "V-1", "Garapa Nasiollauly" },
		{ "V-2", "Gaukhar Kurmanalieva" },
		{ "V-3", "" },
		{ "V-4", "Askar Azatbek" },
	};
	struct vg_error err;

	assert_int_equal(names_index_build_parallel(idx, items, 4, 2, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "item 2");
	assert_int_equal(names_index_people(idx), 2);
}

#define CROWD 3000

static const char *const given[] = { "Nurlan", "Erlan", "Serik", "Askar",
	"Azat", "Marat", "Murat", "Talgat", "Dauren", "Kairat" };
static const char *const fathers[] = { "Serik", "Oraz", "Rysbek", "Nasiolla",
	"Kydyrali", "Ermek", "Zhomart", "Bolat", "Sabyr", "Abai", "Ospan" };

static const char *const heads[] = { "Ber", "Tur", "Kal", "Mam", "Nur", "Sar" };
static const char *const tails[] = { "sunov", "dybek", "ikov", "alin", "ekeev" };

/* CROWD distinct names: 10 given x 11 fathers x 30 surnames. */
static void crowd_name(size_t i, char *buf, size_t len)
{
	size_t s = i / 110;

	snprintf(buf, len, "%s %suly %s%s", given[i % 10],
		 fathers[(i / 10) % 11], heads[s % 6], tails[s / 6 % 5]);
}

static void test_bulk_build_on_threads_finds_everyone(void **state)
{
	names_index *idx = *state;
	struct names_index_item *items = calloc(CROWD, sizeof(*items));
	char (*names)[64] = calloc(CROWD, sizeof(*names));
	char (*ids)[16] = calloc(CROWD, sizeof(*ids));
	struct names_hit hits[3];
	struct vg_error err;
	size_t i;

	assert_non_null(items);
	assert_non_null(names);
	assert_non_null(ids);
	for (i = 0; i < CROWD; i++) {
		crowd_name(i, names[i], sizeof(names[i]));
		snprintf(ids[i], sizeof(ids[i]), "P%zu", i);
		items[i] = (struct names_index_item){ ids[i], names[i] };
	}
	assert_int_equal(names_index_build_parallel(idx, items, CROWD, 3, &err),
			 VG_OK);
	assert_int_equal(names_index_people(idx), CROWD);
	for (i = 0; i < CROWD; i += 97) {
		assert_true(search(idx, names[i], hits, 3) >= 1);
		assert_string_equal(hits[0].id, ids[i]);
	}
	free(items);
	free(names);
	free(ids);
}

struct searcher {
	names_index *idx;
	int failures;
};

static void *search_loop(void *arg)
{
	struct searcher *s = arg;
	struct names_hit hits[3];
	struct vg_error err;
	size_t n, i;

	for (i = 0; i < 300; i++) {
		if (names_index_search(s->idx, "Garapa Nasiollauly", 3, 0, hits,
				       &n, &err) != VG_OK ||
		    n < 1 || strcmp(hits[0].id, "V-1"))
			s->failures++;
	}
	return NULL;
}

static void test_searches_run_while_names_are_added(void **state)
{
	names_index *idx = *state;
	struct searcher s[3];
	pthread_t t[3];
	char name[64], id[16];
	size_t i;

	add(idx, "V-1", "Garapa Nasiollauly");
	for (i = 0; i < 3; i++) {
		s[i] = (struct searcher){ idx, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, search_loop, &s[i]), 0);
	}
	for (i = 0; i < 600; i++) {
		crowd_name(i, name, sizeof(name));
		snprintf(id, sizeof(id), "P%zu", i);
		add(idx, id, name);
		if (i % 50 == 0)
			names_index_remove(idx, id);
	}
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(s[i].failures, 0);
	}
	assert_int_equal(names_index_people(idx), 1 + 600 - 12);
}

/* A made-up rare part, distinct for each i below 4096: four syllables. */
static void filler_part(size_t i, char *buf, size_t len)
{
	static const char *const syl[] = { "ka", "lo", "mi", "nu",
					   "re", "sa", "to", "vi" };

	snprintf(buf, len, "%s%s%s%s", syl[i % 8], syl[i / 8 % 8],
		 syl[i / 64 % 8], syl[i / 512 % 8]);
	buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* count names "<part> <filler>", fillers numbered from *next. */
static void add_many(names_index *idx, const char *part, size_t count,
		     size_t *next)
{
	char name[64], filler[16], id[16];
	size_t i;

	for (i = 0; i < count; i++, (*next)++) {
		filler_part(*next, filler, sizeof(filler));
		snprintf(name, sizeof(name), "%s %s", part, filler);
		snprintf(id, sizeof(id), "F-%zu", *next);
		add(idx, id, name);
	}
}

/* Both query parts are common (more names than the index walks), and
 * the person writes one of them the other way with the same skeleton:
 * Yerbol, where the rarer spelling is Erbol. */
static void test_common_parts_in_another_spelling_find_the_person(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[10];
	size_t next = 0;

	add_many(idx, "Erbol", 1100, &next);
	add_many(idx, "Yerbol", 1500, &next);
	add_many(idx, "Dosim", 1200, &next);
	add(idx, "T-1", "Dosim Yerbol");
	assert_true(search(idx, "Dosim Erbol", hits, 10) >= 1);
	assert_string_equal(hits[0].id, "T-1");
}

/* A rarer part found from a common one (Talipkizi, through the stem
 * Talip) must not outweigh the common part written as the query has it. */
static void test_a_rarer_neighbour_does_not_crowd_out_the_person(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[10];
	size_t next = 0;

	add_many(idx, "Talip", 1100, &next);
	add_many(idx, "Sawle", 1100, &next);
	add_many(idx, "Sawle Talipkizi", 200, &next);
	add(idx, "T-1", "Sawle Talip");
	assert_true(search(idx, "Sawle Talip", hits, 10) >= 1);
	assert_string_equal(hits[0].id, "T-1");
}

/* No one carries both common parts: the query still gets the names
 * that carry one of them, not nothing. */
static void test_a_query_matching_one_common_part_gets_an_answer(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[10];
	size_t next = 0, n;

	add_many(idx, "Erbol", 1100, &next);
	add_many(idx, "Dosim", 1200, &next);
	n = search(idx, "Dosim Erbol", hits, 10);
	assert_int_equal(n, 10);
	assert_true(strstr(hits[0].name, "Dosim") || strstr(hits[0].name, "Erbol"));
}

/* Two parts typed as one word are found through the two parts. */
static void test_parts_run_together_are_found(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[5];

	add_crowd(idx);
	add(idx, "T-1", "Eset Talghat");
	assert_true(search(idx, "Esettalghat", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "T-1");
	assert_true(search(idx, "Nurlanserikuly Ermekov", hits, 5) >= 1);
	assert_string_equal(hits[0].id, "V-7");
}

/* German press writes the voiced s as s: Lässat is Lezzat, two letters
 * off, found through the consonants; the other part is common. */
static void test_a_german_s_for_z_finds_the_person(void **state)
{
	names_index *idx = *state;
	struct names_hit hits[10];
	size_t next = 0;

	add_many(idx, "Dawlet", 1100, &next);
	add(idx, "T-1", "Lezzat Dawlet");
	assert_true(search(idx, "Lässat Dawlet", hits, 10) >= 1);
	assert_string_equal(hits[0].id, "T-1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_exact_name_is_found_first),
		T(test_cyrillic_query_finds_latin_name),
		T(test_other_spelling_and_order_find_the_person),
		T(test_a_typo_still_finds_the_person),
		T(test_a_person_with_two_names_is_one_hit),
		T(test_removed_person_is_not_found),
		T(test_top_k_and_min_score_limit_hits),
		T(test_bad_input_is_refused_and_changes_nothing),
		T(test_bulk_build_names_the_bad_item),
		T(test_bulk_build_on_threads_finds_everyone),
		T(test_searches_run_while_names_are_added),
		T(test_common_parts_in_another_spelling_find_the_person),
		T(test_a_rarer_neighbour_does_not_crowd_out_the_person),
		T(test_a_query_matching_one_common_part_gets_an_answer),
		T(test_parts_run_together_are_found),
		T(test_a_german_s_for_z_finds_the_person),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
