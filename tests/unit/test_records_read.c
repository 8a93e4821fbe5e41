/* Unit tests for the read path of store/records: lists without a count,
 * the read transaction around a call, and the read version that caches
 * key on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/thesaurus.h"
#include "store/records.h"
#include "store/schema.h"
#include "store_test_util.h"

static const struct actor cli = { 0, "cli", ROLE_ADMIN };
static const unsigned char field_key[32] = { 4, 5, 6 };

struct fixture {
	char dir[64];
	char path[96];
	store *db;
};

static store *open_db(const char *path)
{
	struct vg_error err;
	store *db = NULL;

	if (store_open(path, STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		fail_msg("open %s: %s", path, err.msg);
	if (schema_migrate(db, 0, NULL, &err) != VG_OK)
		fail_msg("migrate: %s: %s", err.where, err.msg);
	store_set_field_key(db, field_key);
	return db;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct vg_error err;
	const char *tmp = getenv("TMPDIR");

	if (!f || thesaurus_load(&err) != VG_OK)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/vigil-read-XXXXXX",
		 tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/casebook.db", f->dir);
	f->db = open_db(f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->db);
	remove_casebook_files(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void create_person(store *db, const char *name)
{
	struct vg_error err;
	json_t *rec = json_pack("{s:s,s:s,s:[{s:s,s:s}]}", "level", "public",
				"ethnicity", "Kazakh", "names", "name", name,
				"script", "Latn");

	if (records_create(db, &cli, "person", rec, NULL, &err) != VG_OK)
		fail_msg("create: %s: %s", err.where, err.msg);
	json_decref(rec);
}

static void read_version(store *db, char *out, size_t size)
{
	struct vg_error err;

	if (records_read_version(db, out, size, &err) != VG_OK)
		fail_msg("read version: %s", err.msg);
}

static void test_a_list_without_a_total_gives_the_same_page(void **state)
{
	struct fixture *f = *state;
	struct records_query q = { 0 };
	struct vg_error err;
	json_t *counted = NULL, *uncounted = NULL;
	size_t total = 0;

	create_person(f->db, "Serik Bolatuly");
	create_person(f->db, "Aigul Nurkyzy");
	create_person(f->db, "Dosbol Zhanuly");
	q.limit = 2;
	assert_int_equal(records_list(f->db, &records_system, "person", &q, &counted, &total,
				      &err), VG_OK);
	assert_int_equal(total, 3);
	assert_int_equal(records_list(f->db, &records_system, "person", &q, &uncounted, NULL,
				      &err), VG_OK);
	assert_int_equal(json_array_size(uncounted), 2);
	assert_true(json_equal(counted, uncounted));
	json_decref(counted);
	json_decref(uncounted);
}

static void test_a_list_inside_a_write_transaction_sees_its_writes(void **state)
{
	struct fixture *f = *state;
	struct records_query q = { 0 };
	struct vg_error err;
	json_t *items = NULL;
	size_t total = 0;

	assert_int_equal(store_begin(f->db), STORE_OK);
	create_person(f->db, "Serik Bolatuly");
	assert_int_equal(records_list(f->db, &records_system, "person", &q, &items, &total,
				      &err), VG_OK);
	assert_int_equal(total, 1);
	assert_true(store_in_transaction(f->db));
	assert_int_equal(store_commit(f->db), STORE_OK);
	json_decref(items);
}

static void test_a_refused_list_leaves_no_transaction_open(void **state)
{
	struct fixture *f = *state;
	struct records_query q = { 0 };
	struct vg_error err;
	json_t *filter = json_pack("{s:s}", "no_such_field", "x");
	json_t *items = NULL;
	size_t total = 0;

	q.filter = filter;
	assert_int_equal(records_list(f->db, &records_system, "person", &q, &items, &total,
				      &err), VG_EINVAL);
	assert_null(items);
	/* A read transaction left open would make this write's BEGIN fail. */
	create_person(f->db, "Aigul Nurkyzy");
	json_decref(filter);
}

static void test_the_read_version_moves_with_writes_not_reads(void **state)
{
	struct fixture *f = *state;
	struct records_query q = { 0 };
	struct vg_error err;
	char before[64], after_read[64], after_write[64];
	json_t *items = NULL;
	size_t total;

	create_person(f->db, "Serik Bolatuly");
	read_version(f->db, before, sizeof(before));
	assert_int_equal(records_list(f->db, &records_system, "person", &q, &items, &total,
				      &err), VG_OK);
	json_decref(items);
	read_version(f->db, after_read, sizeof(after_read));
	assert_string_equal(before, after_read);
	create_person(f->db, "Aigul Nurkyzy");
	read_version(f->db, after_write, sizeof(after_write));
	assert_string_not_equal(before, after_write);
}

static void test_the_read_version_moves_when_another_connection_commits(
	void **state)
{
	struct fixture *f = *state;
	char before[64], after[64];
	store *other = open_db(f->path);

	read_version(f->db, before, sizeof(before));
	create_person(other, "Dosbol Zhanuly");
	read_version(f->db, after, sizeof(after));
	assert_string_not_equal(before, after);
	store_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_list_without_a_total_gives_the_same_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_list_inside_a_write_transaction_sees_its_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_refused_list_leaves_no_transaction_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_read_version_moves_with_writes_not_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_read_version_moves_when_another_connection_commits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
