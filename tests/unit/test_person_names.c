/* Unit tests for person_names_catch_up: an index loaded from one
 * connection follows what another connection (another process, in use)
 * creates, renames and deletes, from the revision table alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names/names.h"
#include "store/person_names.h"
#include "store_test_util.h"

static const struct actor cli = { 0, "cli", ROLE_ADMIN };
static char path[256];

struct fixture {
	store *reader, *writer;
	names_index *idx;
	int64_t since;
};

static store *open_casebook(void)
{
	struct vg_error err;
	store *db;

	if (store_open(path, STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		fail_msg("open %s: %s", path, err.msg);
	if (schema_migrate(db, 0, NULL, &err) != VG_OK)
		fail_msg("migrate: %s: %s", err.where, err.msg);
	return db;
}

static int set_up(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct vg_error err;

	if (!f || names_init(&err) != VG_OK || thesaurus_load(&err) != VG_OK)
		return -1;
	snprintf(path, sizeof(path), "%s/vigil-names-%ld.db",
		 getenv("VIGIL_TMP") ? getenv("VIGIL_TMP") : "/tmp",
		 (long)getpid());
	remove_casebook_files(path);
	f->writer = open_casebook();
	f->reader = open_casebook();
	f->idx = names_index_new();
	if (!f->idx || person_names_high_water(f->reader, &f->since, &err) !=
			       VG_OK ||
	    person_names_load(f->reader, f->idx, &err) != VG_OK)
		return -1;
	*state = f;
	return 0;
}

static int tear_down(void **state)
{
	struct fixture *f = *state;

	names_index_free(f->idx);
	store_close(f->reader);
	store_close(f->writer);
	free(f);
	remove_casebook_files(path);
	return 0;
}

static void write_person(struct fixture *f, const char *id, const char *name)
{
	struct vg_error err;
	json_t *rec = json_pack("{s:s, s:[{s:s, s:s}]}", "id", id, "names",
				"name", name, "script", "Latn");
	json_t *old = NULL;
	vg_status s;

	assert_non_null(rec);
	vg_error_clear(&err);
	s = records_get(f->writer, &cli, "person", id, &old, &err);
	json_decref(old);
	s = s == VG_OK ?
		    records_update(f->writer, &cli, "person", id, rec, NULL,
				   &err) :
		    records_create(f->writer, &cli, "person", rec, NULL, &err);
	if (s != VG_OK)
		fail_msg("write %s: %s: %s", id, err.where, err.msg);
	json_decref(rec);
}

static void catch_up(struct fixture *f)
{
	struct vg_error err;
	int64_t upto = -1;

	vg_error_clear(&err);
	if (person_names_catch_up(f->reader, f->idx, f->since, &upto, &err) !=
	    VG_OK)
		fail_msg("catch up: %s: %s", err.where, err.msg);
	assert_true(upto >= f->since);
	f->since = upto;
}

/* The id of the best hit for query, or "" when nothing is found. */
static const char *found(struct fixture *f, const char *query)
{
	static struct names_hit hits[4];
	struct vg_error err;
	size_t n = 0;

	if (names_index_search(f->idx, query, 4, 0.6, hits, &n, &err) != VG_OK)
		fail_msg("search: %s", err.msg);
	return n ? hits[0].id : "";
}

static void test_creates_renames_and_deletes_by_another_connection_follow(
	void **state)
{
	struct fixture *f = *state;
	struct vg_error err;

	write_person(f, "V-000001", "Mihrigul Tursun");
	assert_string_equal(found(f, "Mihrigul Tursun"), "");
	catch_up(f);
	assert_string_equal(found(f, "Mihrigul Tursun"), "V-000001");
	write_person(f, "V-000001", "Gulbahar Jalilova");
	catch_up(f);
	assert_string_equal(found(f, "Gulbahar Jalilova"), "V-000001");
	assert_string_equal(found(f, "Mihrigul Tursun"), "");
	vg_error_clear(&err);
	assert_int_equal(records_delete(f->writer, &cli, "person", "V-000001",
					&err), VG_OK);
	catch_up(f);
	assert_string_equal(found(f, "Gulbahar Jalilova"), "");
	assert_int_equal(names_index_people(f->idx), 0);
}

static void test_nothing_new_changes_nothing(void **state)
{
	struct fixture *f = *state;
	int64_t before;

	write_person(f, "V-000002", "Ilham Tohti");
	catch_up(f);
	before = f->since;
	catch_up(f);
	assert_int_equal(f->since, before);
	assert_int_equal(names_index_people(f->idx), 1);
}

static void test_a_rolled_back_write_is_never_seen(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(store_begin(f->writer), STORE_OK);
	write_person(f, "V-000003", "Rahile Dawut");
	catch_up(f); /* the reader's snapshot holds none of it */
	assert_string_equal(found(f, "Rahile Dawut"), "");
	assert_int_equal(store_rollback(f->writer), STORE_OK);
	catch_up(f);
	assert_string_equal(found(f, "Rahile Dawut"), "");
}

static void test_a_shrunken_revision_table_says_rebuild(void **state)
{
	struct fixture *f = *state;
	struct vg_error err;
	int64_t upto = -1;

	write_person(f, "V-000004", "Sanubar Tursun");
	catch_up(f);
	assert_int_equal(store_exec(f->writer, "DELETE FROM revision"),
			 STORE_OK);
	vg_error_clear(&err);
	assert_int_equal(person_names_catch_up(f->reader, f->idx, f->since,
					       &upto, &err), VG_OK);
	assert_true(upto < f->since);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, set_up, tear_down)
		T(test_creates_renames_and_deletes_by_another_connection_follow),
		T(test_nothing_new_changes_nothing),
		T(test_a_rolled_back_write_is_never_seen),
		T(test_a_shrunken_revision_table_says_rebuild),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
