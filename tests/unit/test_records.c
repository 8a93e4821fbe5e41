/* Unit tests for store/records: create, read, update, delete, list and
 * history of records driven by the model's descriptors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/thesaurus.h"
#include "store/records.h"
#include "store/schema.h"
#include "store_test_util.h"

static const struct actor cli = { 0, "cli", ROLE_ADMIN };
static const struct actor contributor = { 7, "amina", ROLE_CONTRIBUTOR };
static const struct actor viewer = { 8, "vera", ROLE_VIEWER };

static int setup(void **state)
{
	static const unsigned char key[32] = { 1, 2, 3 };

	*state = memory_casebook(key);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (!v)
		fail_msg("bad test JSON: %s", je.text);
	return v;
}

static json_t *create(store *db, const char *type, const char *text)
{
	struct vg_error err;
	json_t *rec = parse(text), *out = NULL;
	vg_status s = records_create(db, &cli, type, rec, &out, &err);

	if (s != VG_OK)
		fail_msg("create %s: %s: %s", type, err.where, err.msg);
	json_decref(rec);
	return out;
}

static const char *str(const json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

static void test_created_person_gets_an_id_and_reads_back(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *p, *got;

	p = create(db, "person", "{\"names\": [{\"name\": \"Garapa Nasiollauly\","
		   " \"script\": \"Latn\", \"kind\": \"primary\"},"
		   " {\"name\": \"Гарапа Насиоллаұлы\", \"script\": \"Cyrl\"}],"
		   " \"birth\": \"about 1985\", \"occupation\": \"teacher\","
		   " \"level\": \"public\"}");
	assert_non_null(str(p, "id"));
	assert_int_equal(strncmp(str(p, "id"), "V-", 2), 0);
	assert_int_equal(strlen(str(p, "uuid")), 36);
	assert_int_equal(records_get(db, &records_system, "person", str(p, "id"), &got, &err),
			 VG_OK);
	assert_string_equal(str(got, "occupation"), "teacher");
	assert_string_equal(str(got, "birth"), "about 1985");
	assert_int_equal(json_array_size(json_object_get(got, "names")), 2);
	assert_string_equal(str(json_array_get(json_object_get(got, "names"), 1),
				"name"), "Гарапа Насиоллаұлы");
	assert_true(json_is_false(json_object_get(got, "pending")));
	json_decref(got);
	/* the uuid finds it too */
	assert_int_equal(records_get(db, &records_system, "person", str(p, "uuid"), &got, &err),
			 VG_OK);
	json_decref(got);
	json_decref(p);
}

static void test_new_records_are_internal_unless_told(void **state)
{
	json_t *p = create(*state, "person",
			   "{\"names\": [{\"name\": \"Askar Azatbek\"}]}");

	assert_string_equal(str(p, "level"), "internal");
	json_decref(p);
}

static void test_a_contributors_record_waits_for_review(void **state)
{
	struct vg_error err;
	json_t *rec = parse("{\"names\": [{\"name\": \"Nurbak Bigazin\"}],"
			    " \"pending\": false}");
	json_t *out;

	assert_int_equal(records_create(*state, &contributor, "person", rec,
					&out, &err), VG_OK);
	assert_true(json_is_true(json_object_get(out, "pending")));
	json_decref(out);
	assert_int_equal(records_create(*state, &viewer, "person", rec, &out,
					&err), VG_EDENIED);
	json_decref(rec);
}

static void test_unknown_term_is_refused_naming_the_field(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *p = create(db, "person", "{\"names\": [{\"name\": \"X Y\"}]}");
	char text[256];
	json_t *act, *out;

	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\": \"jailing\"}",
		 str(p, "id"));
	act = parse(text);
	assert_int_equal(records_create(db, &cli, "act", act, &out, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "type");
	assert_non_null(strstr(err.msg, "detention"));
	json_decref(act);
	json_decref(p);
}

static void test_reference_to_missing_record_is_refused(void **state)
{
	struct vg_error err;
	json_t *act = parse("{\"victim\": \"V-999999\", \"type\": \"arrest\"}");
	json_t *out;

	assert_int_equal(records_create(*state, &cli, "act", act, &out, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "victim");
	json_decref(act);
}

static void test_given_id_is_kept_and_a_taken_one_refused(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *rec = parse("{\"id\": \"V-000500\", \"names\": [{\"name\": \"A B\"}]}");
	json_t *out, *next;

	assert_int_equal(records_create(db, &cli, "person", rec, &out, &err),
			 VG_OK);
	assert_string_equal(str(out, "id"), "V-000500");
	json_decref(out);
	assert_int_equal(records_create(db, &cli, "person", rec, &out, &err),
			 VG_EEXIST);
	next = create(db, "person", "{\"names\": [{\"name\": \"C D\"}]}");
	assert_string_equal(str(next, "id"), "V-000501");
	json_decref(next);
	json_decref(rec);
}

static void test_act_sets_the_victims_status(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *p = create(db, "person", "{\"names\": [{\"name\": \"E F\"}]}");
	char text[256];
	json_t *a1, *a2, *got;

	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\": "
		 "\"detention\", \"start_date\": \"2018\"}", str(p, "id"));
	a1 = create(db, "act", text);
	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\": "
		 "\"disappearance\", \"start_date\": \"July 2021\"}",
		 str(p, "id"));
	a2 = create(db, "act", text);
	assert_int_equal(records_get(db, &records_system, "person", str(p, "id"), &got, &err),
			 VG_OK);
	assert_string_equal(str(got, "status"), "disappeared");
	assert_string_equal(str(got, "status_since"), "July 2021");
	json_decref(got);
	assert_int_equal(records_delete(db, &cli, "act", str(a2, "id"), &err),
			 VG_OK);
	assert_int_equal(records_get(db, &records_system, "person", str(p, "id"), &got, &err),
			 VG_OK);
	assert_string_equal(str(got, "status"), "detained");
	json_decref(got);
	/* the person is still referred to by an act */
	assert_int_equal(records_delete(db, &cli, "person", str(p, "id"), &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.msg, str(a1, "id")));
	json_decref(a1);
	json_decref(a2);
	json_decref(p);
}

static void test_update_changes_clears_and_keeps_history(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *p = create(db, "person", "{\"names\": [{\"name\": \"G H\"}],"
			   " \"occupation\": \"poet\", \"sex\": \"male\"}");
	json_t *ch = parse("{\"occupation\": \"writer\", \"sex\": null}");
	json_t *out, *hist;

	assert_int_equal(records_update(db, &cli, "person", str(p, "id"), ch,
					&out, &err), VG_OK);
	assert_string_equal(str(out, "occupation"), "writer");
	assert_null(json_object_get(out, "sex"));
	assert_int_equal(json_array_size(json_object_get(out, "names")), 1);
	json_decref(out);
	assert_int_equal(records_history(db, &records_system, "person", str(p, "id"), &hist,
					 &err), VG_OK);
	assert_int_equal(json_array_size(hist), 2);
	assert_string_equal(str(json_array_get(hist, 1), "action"), "update");
	assert_string_equal(str(json_object_get(json_array_get(hist, 1),
						"before"), "occupation"), "poet");
	json_decref(hist);
	assert_int_equal(records_update(db, &contributor, "person",
					str(p, "id"), ch, &out, &err),
			 VG_EDENIED);
	json_decref(ch);
	json_decref(p);
}

static void test_list_filters_searches_and_counts(void **state)
{
	store *db = *state;
	struct vg_error err;
	struct records_query q;
	json_t *items, *filter;
	json_t *s1, *s2;
	size_t total;

	s1 = create(db, "source", "{\"kind\": \"article\", \"title\": "
		    "\"Relatives hold a press conference in Almaty\","
		    " \"full_text\": \"The mother of a literature teacher spoke.\","
		    " \"date\": \"14 December 2022\"}");
	s2 = create(db, "source", "{\"kind\": \"testimony\", \"title\": "
		    "\"A sister's account\", \"date\": \"2019\"}");
	memset(&q, 0, sizeof(q));
	q.text = "literat";
	assert_int_equal(records_list(db, &records_system, "source", &q, &items, &total, &err),
			 VG_OK);
	assert_int_equal(total, 1);
	assert_string_equal(str(json_array_get(items, 0), "id"), str(s1, "id"));
	json_decref(items);
	memset(&q, 0, sizeof(q));
	filter = parse("{\"kind\": [\"testimony\", \"report\"]}");
	q.filter = filter;
	assert_int_equal(records_list(db, &records_system, "source", &q, &items, &total, &err),
			 VG_OK);
	assert_int_equal(total, 1);
	assert_string_equal(str(json_array_get(items, 0), "id"), str(s2, "id"));
	json_decref(items);
	json_decref(filter);
	filter = parse("{\"date\": \"2022..\"}");
	q.filter = filter;
	q.order = "-date";
	assert_int_equal(list_total(db, "source", &q), 1);
	json_decref(filter);
	q.filter = NULL;
	q.text = "\"quote OR NEAR(";
	assert_int_equal(list_total(db, "source", &q), 0);
	json_decref(s1);
	json_decref(s2);
}

static void test_text_search_sees_only_the_levels_asked_for(void **state)
{
	store *db = *state;
	struct vg_error err;
	struct records_query q;
	json_t *p, *items, *filter;
	size_t total;

	p = create(db, "person", "{\"names\": [{\"name\": \"Kalysbek "
		   "Babanuly\"}], \"level\": \"public\", \"notes\": "
		   "\"his brother spoke to us in secret\"}");
	memset(&q, 0, sizeof(q));
	q.text = "brother";
	assert_int_equal(list_total(db, "person", &q), 1);
	/* a public search must not reveal words of internal notes */
	filter = json_pack("{s:[s]}", "level", "public");
	q.filter = filter;
	assert_int_equal(list_total(db, "person", &q), 0);
	q.text = "babanuly";
	assert_int_equal(list_total(db, "person", &q), 1);
	json_decref(filter);
	filter = json_pack("{s:[s,s]}", "level", "public", "internal");
	q.filter = filter;
	q.text = "brother";
	assert_int_equal(list_total(db, "person", &q), 1);
	json_decref(filter);
	/* nor filter or sort by a field above the levels asked for */
	filter = json_pack("{s:[s], s:s}", "level", "public",
			   "evidence_grade", "confirmed");
	q.filter = filter;
	q.text = NULL;
	assert_int_equal(records_list(db, &records_system, "person", &q, &items, &total, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "evidence_grade");
	json_decref(filter);
	filter = json_pack("{s:[s]}", "level", "public");
	q.filter = filter;
	q.order = "-notes";
	assert_int_equal(records_list(db, &records_system, "person", &q, &items, &total, &err),
			 VG_EINVAL);
	q.order = "-birth";
	assert_int_equal(records_list(db, &records_system, "person", &q, &items, &total, &err),
			 VG_OK);
	json_decref(items);
	json_decref(filter);
	json_decref(p);
}

static void test_encrypted_field_is_sealed_at_rest(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *s, *got;
	store_stmt *st;

	s = create(db, "source", "{\"kind\": \"testimony\", \"title\": \"T\","
		   " \"testifier_name\": \"Kamatan\"}");
	assert_string_equal(str(s, "testifier_name"), "Kamatan");
	assert_int_equal(store_prepare(db, "SELECT testifier_name FROM source"
				       " WHERE id = $1", &st), STORE_OK);
	store_bind_text(st, 1, str(s, "id"));
	assert_int_equal(store_step(st), STORE_ROW);
	assert_null(strstr(store_column_text(st, 0), "Kamatan"));
	store_finalize(st);
	assert_int_equal(store_prepare(db, "SELECT COUNT(*) FROM revision"
				       " WHERE after_json LIKE '%Kamatan%'", &st),
			 STORE_OK);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_column_int(st, 0), 0);
	store_finalize(st);
	store_set_field_key(db, NULL);
	assert_int_equal(records_get(db, &records_system, "source", str(s, "id"), &got, &err),
			 VG_EDENIED);
	assert_string_equal(err.where, "testifier_name");
	json_decref(s);
}

static void test_delete_is_refused_while_a_list_or_citation_refers(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *p = create(db, "person", "{\"names\": [{\"name\": \"I J\"}]}");
	json_t *src = create(db, "source", "{\"kind\": \"article\", "
			     "\"title\": \"T\"}");
	json_t *iv, *cit;
	char text[400];

	snprintf(text, sizeof(text), "{\"kind\": \"appeal\", \"victims\": "
		 "[{\"person\": \"%s\"}]}", str(p, "uuid"));
	iv = create(db, "intervention", text);
	/* a reference given as a uuid is stored as the public id */
	assert_string_equal(str(json_array_get(json_object_get(iv, "victims"), 0),
				"person"), str(p, "id"));
	assert_int_equal(records_delete(db, &cli, "person", str(p, "id"), &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.msg, str(iv, "id")));
	assert_non_null(strstr(err.msg, "intervention_victim.person"));
	assert_int_equal(records_delete(db, &cli, "intervention", str(iv, "id"),
					&err), VG_OK);
	snprintf(text, sizeof(text), "{\"source\": \"%s\", \"record_type\": "
		 "\"person\", \"record_id\": \"%s\", \"field\": \"names\", "
		 "\"start_offset\": 3, \"end_offset\": 9, \"quote\": \"I J\"}",
		 str(src, "id"), str(p, "id"));
	cit = create(db, "citation", text);
	assert_int_equal(records_delete(db, &cli, "person", str(p, "id"), &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.msg, str(cit, "id")));
	assert_int_equal(records_delete(db, &cli, "source", str(src, "id"), &err),
			 VG_EINVAL);
	assert_int_equal(records_delete(db, &cli, "citation", str(cit, "id"),
					&err), VG_OK);
	assert_int_equal(records_delete(db, &cli, "person", str(p, "id"), &err),
			 VG_OK);
	assert_int_equal(records_delete(db, &cli, "person", str(p, "id"), &err),
			 VG_ENOTFOUND);
	json_decref(p);
	json_decref(src);
	json_decref(iv);
	json_decref(cit);
}

static void test_citation_must_point_at_an_existing_record(void **state)
{
	struct vg_error err;
	json_t *src = create(*state, "source", "{\"kind\": \"article\", "
			     "\"title\": \"T\"}");
	char text[300];
	json_t *c, *out;

	snprintf(text, sizeof(text), "{\"source\": \"%s\", \"record_type\": "
		 "\"person\", \"record_id\": \"V-424242\"}", str(src, "id"));
	c = parse(text);
	assert_int_equal(records_create(*state, &cli, "citation", c, &out, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "record_id");
	json_decref(c);
	json_decref(src);
}

static void test_list_pages_and_orders(void **state)
{
	store *db = *state;
	struct vg_error err;
	struct records_query q;
	json_t *items, *r;
	size_t total;
	int i;

	for (i = 0; i < 7; i++) {
		char text[200];

		snprintf(text, sizeof(text), "{\"names\": [{\"name\": \"P%d\"}],"
			 " \"birth\": \"%d\"}", i, 1990 - i);
		r = create(db, "person", text);
		json_decref(r);
	}
	memset(&q, 0, sizeof(q));
	q.limit = 3;
	q.offset = 3;
	q.order = "birth";
	assert_int_equal(records_list(db, &records_system, "person", &q, &items, &total, &err),
			 VG_OK);
	assert_int_equal(total, 7);
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(str(json_array_get(items, 0), "birth"), "1987");
	json_decref(items);
	q.order = "names";
	assert_int_equal(records_list(db, &records_system, "person", &q, &items, &total, &err),
			 VG_EINVAL);
	q.order = NULL;
	r = json_pack("{s:s}", "home_address", "x");
	q.filter = r;
	assert_int_equal(records_list(db, &records_system, "person", &q, &items, &total, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "home_address");
	json_decref(r);
}

static void test_editor_accepts_a_pending_record(void **state)
{
	store *db = *state;
	struct vg_error err;
	const struct actor editor = { 3, "erlan", ROLE_EDITOR };
	json_t *rec = parse("{\"names\": [{\"name\": \"K L\"}]}");
	json_t *out, *ch = parse("{\"pending\": false}");

	assert_int_equal(records_create(db, &contributor, "person", rec, &out,
					&err), VG_OK);
	assert_true(json_is_true(json_object_get(out, "pending")));
	json_decref(rec);
	rec = out;
	assert_int_equal(records_update(db, &editor, "person", str(rec, "id"),
					ch, &out, &err), VG_OK);
	assert_true(json_is_false(json_object_get(out, "pending")));
	json_decref(out);
	json_decref(rec);
	json_decref(ch);
}

static void test_a_pending_act_changes_no_status_until_accepted(void **state)
{
	store *db = *state;
	struct vg_error err;
	const struct actor editor = { 3, "erlan", ROLE_EDITOR };
	json_t *p = create(db, "person", "{\"names\": [{\"name\": \"N O\"}]}");
	json_t *act, *out, *got, *ch = parse("{\"pending\": false}");
	char text[200];

	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\": "
		 "\"arrest\", \"start_date\": \"2020\"}", str(p, "id"));
	act = parse(text);
	assert_int_equal(records_create(db, &contributor, "act", act, &out,
					&err), VG_OK);
	assert_int_equal(records_get(db, &records_system, "person", str(p, "id"), &got, &err),
			 VG_OK);
	assert_null(json_object_get(got, "status"));
	json_decref(got);
	assert_int_equal(records_update(db, &editor, "act", str(out, "id"), ch,
					NULL, &err), VG_OK);
	assert_int_equal(records_get(db, &records_system, "person", str(p, "id"), &got, &err),
			 VG_OK);
	assert_string_equal(str(got, "status"), "arrested");
	json_decref(got);
	json_decref(out);
	json_decref(act);
	json_decref(ch);
	json_decref(p);
}

static void test_id_and_uuid_cannot_change(void **state)
{
	struct vg_error err;
	json_t *p = create(*state, "person", "{\"names\": [{\"name\": \"M\"}]}");
	json_t *ch = parse("{\"id\": \"V-000999\"}"), *out;

	assert_int_equal(records_update(*state, &cli, "person", str(p, "id"), ch,
					&out, &err), VG_EINVAL);
	assert_string_equal(err.where, "id");
	json_decref(ch);
	json_decref(p);
}

static void test_a_place_cannot_be_part_of_itself(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *a = create(db, "place", "{\"name\": \"China\", \"kind\": "
			   "\"country\"}");
	char text[200];
	json_t *b, *ch, *out;

	snprintf(text, sizeof(text), "{\"name\": \"Xinjiang\", \"kind\": "
		 "\"region\", \"parent\": \"%s\"}", str(a, "id"));
	b = create(db, "place", text);
	snprintf(text, sizeof(text), "{\"parent\": \"%s\"}", str(b, "id"));
	ch = parse(text);
	assert_int_equal(records_update(db, &cli, "place", str(a, "id"), ch,
					&out, &err), VG_EINVAL);
	assert_string_equal(err.where, "parent");
	assert_int_equal(records_update(db, &cli, "place", str(b, "id"), ch,
					&out, &err), VG_EINVAL);
	json_decref(ch);
	json_decref(a);
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_created_person_gets_an_id_and_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_records_are_internal_unless_told, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_contributors_record_waits_for_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_term_is_refused_naming_the_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reference_to_missing_record_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_given_id_is_kept_and_a_taken_one_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_act_sets_the_victims_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_changes_clears_and_keeps_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters_searches_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_search_sees_only_the_levels_asked_for, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encrypted_field_is_sealed_at_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_is_refused_while_a_list_or_citation_refers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_citation_must_point_at_an_existing_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_pages_and_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_editor_accepts_a_pending_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_pending_act_changes_no_status_until_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_and_uuid_cannot_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_place_cannot_be_part_of_itself, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
