/* Unit tests for audit_verify_records: a casebook that went through every
 * kind of write vigil makes (creates, updates, deletes, a merge and its
 * undo, an import, review accepts and a rejection, a contributor's record
 * approved, acts that change a status) matches its history; an edit of a
 * row of another type than person, or of a child list other than names,
 * is named by record and field, and so is a status that is not what the
 * acts say, for admins or for readers of one level. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/import.h"
#include "store/audit.h"
#include "store/merge.h"
#include "store/records.h"
#include "store/review.h"
#include "store_test_util.h"

static const struct actor editor = { 3, "eda", ROLE_EDITOR };
static const struct actor contributor = { 7, "amina", ROLE_CONTRIBUTOR };

/* One proposed victim and one relative, as extract_text would give them. */
static const char proposal[] =
	"{\"persons\": ["
	" {\"name\": \"Dilnaz Orazova\", \"variants\": [], \"role\": \"relative\","
	"  \"status\": null, \"status_since\": null, \"sentence\": null,"
	"  \"occupation\": \"teacher\", \"ethnicity\": null,"
	"  \"relations\": [], \"evidence\": [{\"field\": \"name\", \"start\": 0,"
	"  \"end\": 14, \"quote\": \"Dilnaz Orazova\"}]},"
	" {\"name\": \"Serik Orazov\", \"variants\": [], \"role\": \"victim\","
	"  \"status\": \"detained\", \"status_since\": \"March 2018\","
	"  \"sentence\": null, \"occupation\": null, \"ethnicity\": \"Kazakh\","
	"  \"relations\": [], \"evidence\": [{\"field\": \"name\", \"start\": 32,"
	"  \"end\": 44, \"quote\": \"Serik Orazov\"}]},"
	" {\"name\": \"Nobody Else\", \"variants\": [], \"role\": \"victim\","
	"  \"status\": null, \"relations\": [], \"evidence\": []}"
	"]}";

static const char article[] =
	"Dilnaz Orazova said her brother Serik Orazov was taken in March 2018.";

static int setup(void **state)
{
	static const unsigned char key[32] = { 9, 8, 7 };

	*state = memory_casebook(key);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

/* Creates a record from a JSON text; id receives its id. */
static void create(store *db, const struct actor *who, const char *type,
		   const char *json, char id[32])
{
	struct vg_error err = { 0 };
	json_t *rec = json_loads(json, 0, NULL), *out = NULL;

	assert_non_null(rec);
	assert_int_equal(records_create(db, who, type, rec, &out, &err), VG_OK);
	snprintf(id, 32, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
}

static void update(store *db, const char *type, const char *id,
		   const char *json)
{
	struct vg_error err = { 0 };
	json_t *ch = json_loads(json, 0, NULL);

	assert_non_null(ch);
	assert_int_equal(records_update(db, &editor, type, id, ch, NULL, &err),
			 VG_OK);
	json_decref(ch);
}

static void import_two(store *db)
{
	const char *dir = getenv("VIGIL_TMP");
	struct vg_error err = { 0 };
	char path[512];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/audit-records-XXXXXX",
		 dir && *dir ? dir : ".");
	fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("{\"vigil\": 1, \"records\": ["
	      "{\"record\": \"person\", \"names\": [{\"name\": \"Imported One\"}],"
	      " \"home_address\": \"Sealed street 1\"},"
	      "{\"record\": \"person\", \"names\": [{\"name\": \"Imported Two\"}],"
	      " \"birth\": \"about 1980\"}]}", f);
	fclose(f);
	assert_int_equal(io_import_file(db, &editor, path, 0, &err), VG_OK);
	unlink(path);
}

static void review(store *db)
{
	struct review_source src = { "Statement", "testimony", NULL, NULL,
				     "en", article };
	struct vg_error err = { 0 };
	json_t *p = json_loads(proposal, 0, NULL), *edits;
	char source[32], id[32];
	int64_t last = 0;
	size_t n = 0;

	assert_non_null(p);
	assert_int_equal(review_queue(db, &editor, &src, p, source,
				      sizeof(source), &n, &err), VG_OK);
	json_decref(p);
	assert_int_equal(store_query_int(db, "SELECT max(id) FROM review_item",
					 &last), STORE_ROW);
	edits = json_pack("{s:s}", "occupation", "nurse");
	assert_int_equal(review_accept(db, &editor, last - 2, edits, NULL, id,
				       sizeof(id), &err), VG_OK);
	json_decref(edits);
	assert_int_equal(review_accept(db, &editor, last - 1, NULL, NULL, id,
				       sizeof(id), &err), VG_OK);
	assert_int_equal(review_reject(db, &editor, last, &err), VG_OK);
}

/* Every kind of write; leaves ids[0] a person with acts and ids[1] an
 * intervention for them. */
static void busy_casebook(store *db, char ids[2][32])
{
	struct vg_error err = { 0 };
	char place[32], a[32], b[32], c[32], d[32], act[32], act2[32];
	json_t *moved = NULL;
	char json[512];

	create(db, &editor, "place", "{\"name\": \"Ghulja\", \"kind\": "
	       "\"county\"}", place);
	snprintf(json, sizeof(json), "{\"names\": [{\"name\": \"Aibek One\"},"
		 " {\"name\": \"Айбек\"}], \"home_place\": \"%s\","
		 " \"home_address\": \"12 Sealed Road\", \"birth\": \"July "
		 "1985\", \"notes\": \"first\"}", place);
	create(db, &editor, "person", json, a);
	create(db, &editor, "person", "{\"names\": [{\"name\": \"Aibek Uno\"}],"
	       " \"occupation\": \"driver\"}", b);
	create(db, &editor, "person", "{\"names\": [{\"name\": \"Gone Soon\"}]}",
	       c);
	snprintf(json, sizeof(json), "{\"victim\": \"%s\", \"type\": "
		 "\"arrest\", \"start_date\": \"2019\"}", a);
	create(db, &editor, "act", json, act);
	update(db, "act", act, "{\"status_at_end\": \"released\"}");
	snprintf(json, sizeof(json), "{\"victim\": \"%s\", \"type\": "
		 "\"detention\", \"start_date\": \"March 2020\"}", b);
	create(db, &editor, "act", json, act2);
	update(db, "person", a, "{\"notes\": \"second\", \"names\": "
	       "[{\"name\": \"Aibek One\"}, {\"name\": \"Aybek\"}]}");
	assert_int_equal(records_delete(db, &editor, "person", c, &err), VG_OK);
	assert_int_equal(person_merge(db, &editor, a, b, &moved, &err), VG_OK);
	json_decref(moved);
	assert_int_equal(person_unmerge(db, &editor, a, b, &err), VG_OK);
	assert_int_equal(person_merge(db, &editor, a, b, NULL, &err), VG_OK);
	create(db, &contributor, "person", "{\"names\": [{\"name\": "
	       "\"Waiting Review\"}]}", d);
	update(db, "person", d, "{\"pending\": false}");
	import_two(db);
	review(db);
	snprintf(json, sizeof(json), "{\"kind\": \"appeal\", \"party\": "
		 "\"Family\", \"victims\": [{\"person\": \"%s\"}, {\"person\": "
		 "\"%s\"}]}", a, d);
	create(db, &editor, "intervention", json, ids[1]);
	snprintf(ids[0], 32, "%s", a);
}

static void verify_all(store *db, struct audit_report *r)
{
	struct vg_error err = { 0 };

	assert_int_equal(audit_verify(db, 0, NULL, r, &err), VG_OK);
	assert_int_equal(r->bad_seq, 0);
	assert_int_equal(audit_verify_records(db, r, &err), VG_OK);
}

static void test_a_busy_casebook_matches_its_history(void **state)
{
	store *db = *state;
	struct audit_report r;
	char ids[2][32];
	int64_t live = 0;

	busy_casebook(db, ids);
	verify_all(db, &r);
	assert_string_equal(r.why, "");
	assert_int_equal(r.records_bad, 0);
	assert_int_equal(store_query_int(db, "SELECT (SELECT count(*) FROM "
		"person) + (SELECT count(*) FROM act) + (SELECT count(*) FROM "
		"place) + (SELECT count(*) FROM source) + (SELECT count(*) FROM "
		"citation) + (SELECT count(*) FROM relation) + (SELECT count(*) "
		"FROM intervention)", &live), STORE_ROW);
	assert_int_equal(r.records, live);
}

/* A busy casebook tampered with by sql, then verified: the report must
 * name the record type and say want. */
static void expect_named(store *db, const char *sql, const char *type,
			 const char *want)
{
	char ids[2][32];
	struct audit_report r;

	busy_casebook(db, ids);
	assert_int_equal(store_exec(db, sql), STORE_OK);
	verify_all(db, &r);
	assert_true(r.records_bad >= 1);
	if (strncmp(r.why, type, strlen(type)) != 0 || !strstr(r.why, want))
		fail_msg("expected \"%s ...%s\", got \"%s\"", type, want,
			 r.why);
}

static void test_an_edited_act_is_named(void **state)
{
	expect_named(*state, "UPDATE act SET start_date = '2017' WHERE type = "
		     "'arrest'", "act ", ": field start_date differs from its "
		     "last revision (audit entry");
}

static void test_an_edited_victim_list_is_named(void **state)
{
	expect_named(*state, "DELETE FROM intervention_victim WHERE pos = 0",
		     "intervention ", ": field victims[0].person differs");
}

static void test_a_moved_status_is_named(void **state)
{
	expect_named(*state, "UPDATE person SET status_since = '2015' WHERE "
		     "id = (SELECT victim FROM act WHERE type = 'arrest')",
		     "person ", ": field status_since differs from what the "
		     "person's acts say");
}

/* The status the public reads, set where only the public reads it. */
static void test_a_status_for_one_level_is_named(void **state)
{
	expect_named(*state, "UPDATE person_level_status SET status = "
		     "'released' WHERE level = 0 AND person_pk = (SELECT pk FROM"
		     " person WHERE id = (SELECT victim FROM act WHERE type = "
		     "'arrest'))", "person ", ": field status differs from what "
		     "the person's acts say (as readers of level public know "
		     "it)");
}

/* The internal readers' status row taken away: they would read none. */
static void test_a_missing_level_status_is_named(void **state)
{
	expect_named(*state, "DELETE FROM person_level_status WHERE level = 1"
		     " AND status IS NOT NULL", "person ", "(as readers of "
		     "level internal know it)");
}

/* A table the comparison cannot read is an error naming it, not a
 * verdict either way. */
static void test_an_unreadable_table_is_named(void **state)
{
	store *db = *state;
	struct vg_error err = { 0 };
	struct audit_report r;
	char ids[2][32];

	busy_casebook(db, ids);
	assert_int_equal(audit_verify(db, 0, NULL, &r, &err), VG_OK);
	/* A record table (its query fails), then a child table (the read of
	 * a row fails part way through the scan). */
	assert_int_equal(store_exec(db, "DROP TABLE penalty"), STORE_OK);
	assert_int_not_equal(audit_verify_records(db, &r, &err), VG_OK);
	assert_string_equal(err.where, "penalty");
	assert_false(store_in_transaction(db));
	assert_int_equal(store_exec(db, "DROP TABLE person_id_doc"), STORE_OK);
	memset(&err, 0, sizeof(err));
	assert_int_not_equal(audit_verify_records(db, &r, &err), VG_OK);
	assert_string_equal(err.where, "person_id_doc");
	assert_false(store_in_transaction(db));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_a_busy_casebook_matches_its_history, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_an_edited_act_is_named,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_edited_victim_list_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_moved_status_is_named,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_status_for_one_level_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_missing_level_status_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_unreadable_table_is_named, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
