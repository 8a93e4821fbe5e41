/* Unit tests for store/audit: the hash chain holds, and editing,
 * deleting or reordering an entry is found and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/thesaurus.h"
#include "store/audit.h"
#include "store/records.h"
#include "store/schema.h"
#include "store_test_util.h"

static const struct actor cli = { 0, "cli", ROLE_ADMIN };

/* A database with five audit entries, each for a created place. */
static int setup(void **state)
{
	struct vg_error err;
	store *db;
	int i;

	db = memory_casebook(NULL);
	if (!db)
		return -1;
	for (i = 0; i < 5; i++) {
		json_t *p = json_pack("{s:s, s:s}", "name", "Place", "kind",
				      "village");

		if (records_create(db, &cli, "place", p, NULL, &err) != VG_OK)
			return -1;
		json_decref(p);
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static void verify(store *db, struct audit_report *r)
{
	struct vg_error err;

	assert_int_equal(audit_verify(db, 0, NULL, r, &err), VG_OK);
}

static void test_an_untouched_chain_holds(void **state)
{
	struct audit_report r;

	verify(*state, &r);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.bad_seq, 0);
	assert_int_equal(r.head_seq, 5);
	assert_int_equal(strlen(r.head), 64);
}

static void test_an_edited_entry_is_named(void **state)
{
	struct audit_report r;

	assert_int_equal(store_exec(*state, "UPDATE audit_log SET actor = "
				    "'someone' WHERE seq = 3"), STORE_OK);
	verify(*state, &r);
	assert_int_equal(r.bad_seq, 3);
	assert_non_null(strstr(r.why, "edited"));
}

static void test_an_edited_and_rehashed_entry_is_named(void **state)
{
	store *db = *state;
	struct audit_entry e = { 0 };
	char h[AUDIT_HASH_HEX], prev[AUDIT_HASH_HEX], sql[512];
	store_stmt *st;
	struct audit_report r;

	/* An intruder who knows the scheme recomputes entry 2's own hash. */
	assert_int_equal(store_prepare(db, "SELECT at, record_type, record_id,"
				       " revision_sha256, prev_hash FROM audit_log"
				       " WHERE seq = 2", &st), STORE_OK);
	assert_int_equal(store_step(st), STORE_ROW);
	e.seq = 2;
	e.at = store_column_text(st, 0);
	e.actor = "someone";
	e.action = "create";
	e.record_type = store_column_text(st, 1);
	e.record_id = store_column_text(st, 2);
	e.revision_sha256 = store_column_text(st, 3);
	snprintf(prev, sizeof(prev), "%s", store_column_text(st, 4));
	audit_entry_hash(&e, prev, h);
	store_finalize(st);
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET actor = 'someone', "
		 "hash = '%s' WHERE seq = 2", h);
	assert_int_equal(store_exec(db, sql), STORE_OK);
	verify(db, &r);
	assert_int_equal(r.bad_seq, 2);
	assert_non_null(strstr(r.why, "edited"));
}

static void test_a_deleted_entry_is_named(void **state)
{
	struct audit_report r;

	assert_int_equal(store_exec(*state, "DELETE FROM audit_log WHERE "
				    "seq = 2"), STORE_OK);
	verify(*state, &r);
	assert_int_equal(r.bad_seq, 2);
	assert_non_null(strstr(r.why, "deleted"));
}

static void test_a_swapped_pair_is_named(void **state)
{
	struct audit_report r;

	/* Exchange entries 3 and 4 whole, seq kept in place. */
	assert_int_equal(store_exec(*state,
		"UPDATE audit_log SET seq = -3 WHERE seq = 3;"
		"UPDATE audit_log SET seq = 3 WHERE seq = 4;"
		"UPDATE audit_log SET seq = 4 WHERE seq = -3;"), STORE_OK);
	verify(*state, &r);
	assert_int_equal(r.bad_seq, 3);
	assert_non_null(strstr(r.why, "reordered"));
}

static void test_a_changed_revision_is_found(void **state)
{
	struct audit_report r;

	assert_int_equal(store_exec(*state, "UPDATE revision SET after_json ="
				    " replace(after_json, 'village', 'town')"
				    " WHERE id = 4"), STORE_OK);
	verify(*state, &r);
	assert_int_equal(r.bad_seq, 4);
	assert_non_null(strstr(r.why, "revision"));
}

static void test_removing_the_newest_entries_needs_a_checkpoint(void **state)
{
	struct audit_report r;
	char head3[AUDIT_HASH_HEX];
	struct vg_error err;

	verify(*state, &r);
	assert_int_equal(store_exec(*state, "DELETE FROM audit_log WHERE "
				    "seq > 3"), STORE_OK);
	verify(*state, &r);
	assert_int_equal(r.bad_seq, 0); /* a shorter chain still holds */
	snprintf(head3, sizeof(head3), "%s", r.head);
	/* verifying from a checkpoint continues where it left off */
	assert_int_equal(audit_verify(*state, 3, head3, &r, &err), VG_OK);
	assert_int_equal(r.entries, 0);
	assert_int_equal(r.bad_seq, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_an_untouched_chain_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_edited_entry_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_edited_and_rehashed_entry_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_deleted_entry_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_swapped_pair_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_changed_revision_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removing_the_newest_entries_needs_a_checkpoint, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
