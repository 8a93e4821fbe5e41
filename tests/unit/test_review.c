/* Unit tests for store/review: queueing a proposal, accepting it into cited
 * records, merging, rejecting, and writing nothing when a decision fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/thesaurus.h"
#include "store/review.h"
#include "store/schema.h"
#include "store_test_util.h"

static const struct actor editor = { 3, "eda", ROLE_EDITOR };
static const struct actor contributor = { 7, "amina", ROLE_CONTRIBUTOR };

/* A proposal in the shape extract_text gives, written by hand so that
 * these tests are about the queue alone. */
static const char proposal_json[] =
	"{\"persons\": ["
	" {\"name\": \"Aruzhan Bekova\", \"variants\": [], \"role\": \"relative\","
	"  \"status\": null, \"status_since\": null, \"sentence\": null,"
	"  \"occupation\": \"nurse\", \"ethnicity\": null,"
	"  \"relations\": [{\"type\": \"mother_of\", \"of\": \"Arman Bekov\","
	"                  \"start\": 0, \"end\": 39, \"quote\": \"Aruzhan Bekova, the mother of Arman Bekov\"}],"
	"  \"evidence\": [{\"field\": \"name\", \"start\": 0, \"end\": 14, \"quote\": \"Aruzhan Bekova\"},"
	"               {\"field\": \"occupation\", \"start\": 0, \"end\": 14, \"quote\": \"Aruzhan Bekova\"}]},"
	" {\"name\": \"Arman Bekov\", \"variants\": [\"Арман Беков\"], \"role\": \"victim\","
	"  \"status\": \"detained\", \"status_since\": \"July 2021\", \"sentence\": null,"
	"  \"occupation\": null, \"ethnicity\": \"Kazakh\","
	"  \"relations\": [{\"type\": \"child_of\", \"of\": \"Aruzhan Bekova\","
	"                  \"start\": 0, \"end\": 39, \"quote\": \"x\"}],"
	"  \"evidence\": [{\"field\": \"name\", \"start\": 28, \"end\": 39, \"quote\": \"Arman Bekov\"},"
	"               {\"field\": \"status\", \"start\": 45, \"end\": 70, \"quote\": \"was detained in July 2021\"}]},"
	" {\"name\": \"Winter Olympics\", \"variants\": [], \"role\": \"other\","
	"  \"status\": null, \"relations\": [], \"evidence\": []}"
	"]}";

static const char text[] =
	"Aruzhan Bekova, the mother of Arman Bekov, said he was detained in July 2021.";

static int setup(void **state)
{
	static const unsigned char key[32] = { 4, 5, 6 };

	*state = memory_casebook(key);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static void queue(store *db, char *source, size_t size)
{
	struct review_source src = { "Interview", "testimony", NULL, NULL, "en", text };
	struct vg_error err = { 0 };
	json_t *p = json_loads(proposal_json, 0, NULL);
	size_t n = 0;

	assert_non_null(p);
	assert_int_equal(review_queue(db, &editor, &src, p, source, size, &n, &err), VG_OK);
	assert_int_equal(n, 3);
	json_decref(p);
}

static int64_t count(store *db, const char *sql)
{
	int64_t v = -1;

	store_query_int(db, sql, &v);
	return v;
}

static void test_queueing_stores_the_source_and_three_open_items(void **state)
{
	store *db = *state;
	char source[32];
	json_t *items = NULL;
	size_t total = 0;
	struct vg_error err = { 0 };

	queue(db, source, sizeof(source));
	assert_int_equal(review_list(db, &records_system, "open", 0, 10, &items, &total, &err), VG_OK);
	assert_true(total >= 3);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(json_array_get(items, 0), "payload"), "name")),
		"Aruzhan Bekova");
	json_decref(items);
}

static void test_accepting_both_makes_people_an_act_a_relation_and_citations(void **state)
{
	store *db = *state;
	struct vg_error err = { 0 };
	char source[32], mother[32], son[32];
	json_t *items = NULL, *rec = NULL;
	int64_t first, before_rel = count(db, "SELECT count(*) FROM relation");
	size_t total;

	queue(db, source, sizeof(source));
	assert_int_equal(review_list(db, &records_system, "open", 0, 500, &items, &total, &err), VG_OK);
	first = json_integer_value(json_object_get(json_array_get(items, total - 3), "id"));
	json_decref(items);
	assert_int_equal(review_accept(db, &editor, first, NULL, NULL, mother,
				       sizeof(mother), &err), VG_OK);
	assert_int_equal(review_accept(db, &editor, first + 1, NULL, NULL, son,
				       sizeof(son), &err), VG_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM relation"), before_rel + 1);
	assert_int_equal(records_get(db, &records_system, "person", son, &rec, &err), VG_OK);
	assert_string_equal(json_string_value(json_object_get(rec, "ethnicity")), "Kazakh");
	assert_int_equal(json_array_size(json_object_get(rec, "names")), 2);
	json_decref(rec);
	assert_true(count(db, "SELECT count(*) FROM act WHERE type = 'detention'"
			  " AND start_date_min = '2021-07-01'") >= 1);
	assert_true(count(db, "SELECT count(*) FROM citation WHERE field = 'status'"
			  " AND start_offset = 45 AND end_offset = 70") >= 1);
	assert_int_equal(review_accept(db, &editor, first, NULL, NULL, mother,
				       sizeof(mother), &err), VG_EINVAL);
}

static void test_an_edit_replaces_a_fact_and_a_bad_status_is_refused(void **state)
{
	store *db = *state;
	struct vg_error err = { 0 };
	char source[32], id[32];
	json_t *edits;
	int64_t people = count(db, "SELECT count(*) FROM person");
	int64_t last;

	queue(db, source, sizeof(source));
	last = count(db, "SELECT max(id) FROM review_item");
	edits = json_pack("{s:s}", "status", "jailed");
	assert_int_equal(review_accept(db, &editor, last - 1, edits, NULL, id,
				       sizeof(id), &err), VG_EINVAL);
	assert_string_equal(err.where, "status");
	assert_int_equal(count(db, "SELECT count(*) FROM person"), people);
	json_decref(edits);
	edits = json_pack("{s:s, s:s}", "status", "released", "occupation", "welder");
	assert_int_equal(review_accept(db, &editor, last - 1, edits, NULL, id,
				       sizeof(id), &err), VG_OK);
	assert_true(count(db, "SELECT count(*) FROM act WHERE type = 'release'") >= 1);
	json_decref(edits);
}

static void test_merging_into_a_missing_person_writes_nothing(void **state)
{
	store *db = *state;
	struct vg_error err = { 0 };
	char source[32], id[32];
	int64_t people, citations, last;

	queue(db, source, sizeof(source));
	last = count(db, "SELECT max(id) FROM review_item");
	people = count(db, "SELECT count(*) FROM person");
	citations = count(db, "SELECT count(*) FROM citation");
	assert_int_equal(review_accept(db, &editor, last - 2, NULL, "V-999999", id,
				       sizeof(id), &err), VG_ENOTFOUND);
	assert_int_equal(count(db, "SELECT count(*) FROM person"), people);
	assert_int_equal(count(db, "SELECT count(*) FROM citation"), citations);
	assert_int_equal(count(db, "SELECT count(*) FROM review_item WHERE status = 'open'"
			       " AND id = (SELECT max(id) - 2 FROM review_item)"), 1);
}

static void test_merging_adds_the_new_spellings_to_the_known_person(void **state)
{
	store *db = *state;
	struct vg_error err = { 0 };
	char source[32], known[32], id[32];
	json_t *rec;
	int64_t last;

	queue(db, source, sizeof(source));
	last = count(db, "SELECT max(id) FROM review_item");
	assert_int_equal(review_accept(db, &editor, last - 1, NULL, NULL, known,
				       sizeof(known), &err), VG_OK);
	queue(db, source, sizeof(source));
	last = count(db, "SELECT max(id) FROM review_item");
	rec = json_pack("{s:s}", "name", "Arman Bekovich");
	assert_int_equal(review_accept(db, &editor, last - 1, rec, known, id,
				       sizeof(id), &err), VG_OK);
	json_decref(rec);
	assert_string_equal(id, known);
	assert_int_equal(records_get(db, &records_system, "person", known, &rec, &err), VG_OK);
	assert_int_equal(json_array_size(json_object_get(rec, "names")), 3);
	json_decref(rec);
}

static void test_only_editors_decide_and_a_rejection_changes_nothing_else(void **state)
{
	store *db = *state;
	struct vg_error err = { 0 };
	char source[32], id[32];
	int64_t last, people;

	queue(db, source, sizeof(source));
	last = count(db, "SELECT max(id) FROM review_item");
	assert_int_equal(review_accept(db, &contributor, last, NULL, NULL, id,
				       sizeof(id), &err), VG_EDENIED);
	assert_int_equal(review_reject(db, &contributor, last, &err), VG_EDENIED);
	people = count(db, "SELECT count(*) FROM person");
	assert_int_equal(review_reject(db, &editor, last, &err), VG_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM person"), people);
	assert_int_equal(review_reject(db, &editor, last, &err), VG_EINVAL);
	assert_int_equal(review_reject(db, &editor, 987654, &err), VG_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queueing_stores_the_source_and_three_open_items),
		cmocka_unit_test(test_accepting_both_makes_people_an_act_a_relation_and_citations),
		cmocka_unit_test(test_an_edit_replaces_a_fact_and_a_bad_status_is_refused),
		cmocka_unit_test(test_merging_into_a_missing_person_writes_nothing),
		cmocka_unit_test(test_merging_adds_the_new_spellings_to_the_known_person),
		cmocka_unit_test(test_only_editors_decide_and_a_rejection_changes_nothing_else),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
