/* Unit tests for the store: the SQLite driver, schema and migrations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/thesaurus.h"
#include "store/records.h"
#include "store/schema.h"
#include "store_test_util.h"

static const struct actor cli = { 0, "cli", ROLE_ADMIN };

static store *open_memory(void)
{
	struct vg_error err;
	store *db;

	if (store_open(":memory:", STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		fail_msg("open: %s", err.msg);
	return db;
}

static int has_column(store *db, const char *table, const char *col)
{
	char sql[256];
	store_stmt *st;
	int found = 0;

	snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s')",
		 table);
	assert_int_equal(store_prepare(db, sql, &st), STORE_OK);
	while (store_step(st) == STORE_ROW)
		if (!strcmp(store_column_text(st, 0), col))
			found = 1;
	store_finalize(st);
	return found;
}

static void check_columns(store *db, const struct record_type *t)
{
	char name[128];
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (f->kind == FIELD_LIST || (f->flags & FIELD_DERIVED))
			continue;
		if (!has_column(db, t->table, f->name))
			fail_msg("%s has no column %s", t->table, f->name);
		if (f->kind != FIELD_DATE)
			continue;
		snprintf(name, sizeof(name), "%s_min", f->name);
		assert_true(has_column(db, t->table, name));
		snprintf(name, sizeof(name), "%s_max", f->name);
		assert_true(has_column(db, t->table, name));
	}
}

static void test_schema_has_a_column_for_every_stored_field(void **state)
{
	const struct record_type *const *types = model_types();
	const struct record_type *const *children = model_child_types();
	struct vg_error err;
	store *db = open_memory();
	char fts[64];
	size_t i;

	(void)state;
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_OK);
	for (i = 0; types[i]; i++) {
		check_columns(db, types[i]);
		snprintf(fts, sizeof(fts), "%s_fts", types[i]->table);
		assert_true(has_column(db, fts, "text_public"));
		assert_true(has_column(db, fts, "text_secret"));
	}
	for (i = 0; children[i]; i++) {
		check_columns(db, children[i]);
		assert_true(has_column(db, children[i]->table, "parent"));
	}
	store_close(db);
}

static void test_migrations_are_recorded_and_applied_once(void **state)
{
	struct vg_error err;
	store *db = open_memory();
	int applied, version, again;

	(void)state;
	assert_false(schema_is_initialised(db));
	assert_int_equal(schema_migrate(db, 0, &applied, &err), VG_OK);
	assert_true(applied >= 2);
	assert_true(schema_is_initialised(db));
	assert_int_equal(schema_version(db, &version, &err), VG_OK);
	assert_true(version >= 2);
	assert_int_equal(schema_migrate(db, 0, &again, &err), VG_OK);
	assert_int_equal(again, 0);
	store_close(db);
}

static void test_older_database_migrates_forward_keeping_its_data(void **state)
{
	struct vg_error err;
	store *db = open_memory();
	json_t *p = NULL;
	int version;

	(void)state;
	assert_int_equal(thesaurus_load(&err), VG_OK);
	/* A database made when only 001 existed, with a person and an act. */
	assert_int_equal(schema_migrate(db, 1, NULL, &err), VG_OK);
	assert_int_equal(schema_version(db, &version, &err), VG_OK);
	assert_int_equal(version, 1);
	assert_false(has_column(db, "person", "status"));
	assert_int_equal(store_exec(db,
		"INSERT INTO person (id, uuid, level, pending, created_at,"
		" updated_at, occupation) VALUES ('V-000001',"
		" '00000000-0000-4000-8000-000000000001', 'public', 0,"
		" '2022-12-14T00:00:00Z', '2022-12-14T00:00:00Z', 'teacher');"
		"INSERT INTO person_name (parent, pos, name) VALUES"
		" (1, 0, 'Garapa Nasiollauly');"
		"INSERT INTO act (id, uuid, level, pending, created_at,"
		" updated_at, victim, type, start_date, start_date_min,"
		" start_date_max) VALUES ('A-000001',"
		" '00000000-0000-4000-8000-000000000002', 'public', 0,"
		" '2022-12-14T00:00:00Z', '2022-12-14T00:00:00Z', 'V-000001',"
		" 'disappearance', '>2021-07', '2021-07-01', '2021-07-31');"),
		STORE_OK);
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_OK);
	assert_int_equal(schema_version(db, &version, &err), VG_OK);
	assert_true(version >= 2);
	assert_int_equal(records_get(db, &records_system, "person", "V-000001", &p, &err), VG_OK);
	assert_string_equal(json_string_value(json_object_get(p, "occupation")),
			    "teacher");
	assert_string_equal(json_string_value(json_object_get(p, "status")),
			    "disappeared");
	assert_string_equal(json_string_value(json_object_get(p,
						"status_since")),
			    "since July 2021");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(p, "names"), 0), "name")),
		"Garapa Nasiollauly");
	json_decref(p);
	store_close(db);
}

static void test_search_index_is_rebuilt_by_level_on_migration(void **state)
{
	struct vg_error err;
	store *db = open_memory();
	struct records_query q;
	json_t *filter;

	(void)state;
	assert_int_equal(thesaurus_load(&err), VG_OK);
	/* At schema 2 the index was one column of everything. */
	assert_int_equal(schema_migrate(db, 2, NULL, &err), VG_OK);
	assert_int_equal(store_exec(db,
		"INSERT INTO person (id, uuid, level, pending, created_at,"
		" updated_at, notes) VALUES ('V-000001',"
		" '00000000-0000-4000-8000-000000000001', 'public', 0,"
		" '2022-12-14T00:00:00Z', '2022-12-14T00:00:00Z',"
		" 'beaten during interrogation');"
		"INSERT INTO person_name (parent, pos, name) VALUES"
		" (1, 0, 'Nagyz Mukhammetuly');"), STORE_OK);
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_OK);
	memset(&q, 0, sizeof(q));
	q.text = "mukhammet";
	assert_int_equal(list_total(db, "person", &q), 1);
	q.text = "interrogation";
	assert_int_equal(list_total(db, "person", &q), 1);
	filter = json_pack("{s:[s]}", "level", "public");
	q.filter = filter;
	assert_int_equal(list_total(db, "person", &q), 0);
	json_decref(filter);
	store_close(db);
}

static char tmpdata[512];

static void write_file(const char *name, const char *text)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/schema/%s", tmpdata, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_tmpdata(void)
{
	static const char *const files[] = {
		"001_a.sql", "010_c.sql", "003_b.sql", "004_bad.sql", "notes.txt"
	};
	char path[700];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/schema/%s", tmpdata, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/schema", tmpdata);
	rmdir(path);
	rmdir(tmpdata);
}

static void test_runner_orders_by_number_and_rolls_back_a_failure(void **state)
{
	const char *tmp = getenv("VIGIL_TMP");
	char *saved = getenv("VIGIL_DATA") ? strdup(getenv("VIGIL_DATA")) : NULL;
	char path[700];
	struct vg_error err;
	store *db = open_memory();
	int64_t n = 0;
	int applied, version;

	(void)state;
	snprintf(tmpdata, sizeof(tmpdata), "%s/test_store_data_%d",
		 tmp && *tmp ? tmp : "/tmp", (int)getpid());
	mkdir(tmpdata, 0700);
	snprintf(path, sizeof(path), "%s/schema", tmpdata);
	mkdir(path, 0700);
	write_file("001_a.sql", "CREATE TABLE a (x INTEGER);");
	write_file("010_c.sql", "INSERT INTO b VALUES (10);");
	write_file("003_b.sql", "CREATE TABLE b (y INTEGER);");
	write_file("notes.txt", "not a migration");
	setenv("VIGIL_DATA", tmpdata, 1);
	assert_int_equal(schema_migrate(db, 0, &applied, &err), VG_OK);
	assert_int_equal(applied, 3);
	assert_int_equal(schema_version(db, &version, &err), VG_OK);
	assert_int_equal(version, 10);
	/* A later file with a number below the highest is still applied; a
	 * failing one is rolled back whole and named. */
	write_file("004_bad.sql", "INSERT INTO a VALUES (1); SELECT nope FROM a;");
	assert_int_equal(schema_migrate(db, 0, &applied, &err), VG_EIO);
	assert_string_equal(err.where, "004_bad.sql");
	assert_int_equal(store_query_int(db, "SELECT COUNT(*) FROM a", &n),
			 STORE_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(store_query_int(db, "SELECT COUNT(*) FROM "
					 "schema_version", &n), STORE_ROW);
	assert_int_equal(n, 3);
	if (saved)
		setenv("VIGIL_DATA", saved, 1);
	else
		unsetenv("VIGIL_DATA");
	free(saved);
	remove_tmpdata();
	store_close(db);
}

static void test_dollar_parameters_bind_by_number(void **state)
{
	store *db = open_memory();
	store_stmt *st;

	(void)state;
	assert_int_equal(store_prepare(db, "SELECT $2 || '$1' || $1 || $2",
				       &st), STORE_OK);
	store_bind_text(st, 1, "a");
	store_bind_text(st, 2, "b");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_string_equal(store_column_text(st, 0), "b$1ab");
	store_finalize(st);
	store_close(db);
}

/* A refused bind must not let the statement run with that value NULL:
 * the step fails with the bind's error, also when a later bind worked,
 * and a reset starts the statement clean. */
static void test_a_refused_bind_fails_the_step(void **state)
{
	store *db = open_memory();
	store_stmt *st;
	int64_t n = -1;

	(void)state;
	assert_int_equal(store_exec(db, "CREATE TABLE t (a TEXT, b TEXT)"),
			 STORE_OK);
	assert_int_equal(store_prepare(db, "INSERT INTO t VALUES ($1, $2)",
				       &st), STORE_OK);
	assert_int_equal(store_bind_text(st, 3, "no such"), STORE_ERROR);
	assert_int_equal(store_bind_text(st, 1, "a"), STORE_ERROR);
	assert_int_equal(store_step(st), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(db), "out of range"));
	assert_int_equal(store_query_int(db, "SELECT count(*) FROM t", &n),
			 STORE_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(store_reset(st), STORE_OK);
	assert_int_equal(store_bind_text(st, 1, "a"), STORE_OK);
	assert_int_equal(store_bind_text(st, 2, "b"), STORE_OK);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	assert_int_equal(store_query_int(db, "SELECT count(*) FROM t", &n),
			 STORE_ROW);
	assert_int_equal(n, 1);
	store_close(db);
}

static void test_reused_statements_start_clean_and_may_nest(void **state)
{
	store *db = open_memory();
	store_stmt *a, *b;
	int i;

	(void)state;
	assert_int_equal(store_prepare(db, "SELECT $1", &a), STORE_OK);
	store_bind_text(a, 1, "first");
	assert_int_equal(store_step(a), STORE_ROW);
	/* the same SQL while the first is still in use */
	assert_int_equal(store_prepare(db, "SELECT $1", &b), STORE_OK);
	store_bind_text(b, 1, "second");
	assert_int_equal(store_step(b), STORE_ROW);
	assert_string_equal(store_column_text(a, 0), "first");
	assert_string_equal(store_column_text(b, 0), "second");
	store_finalize(a);
	store_finalize(b);
	/* a reused statement carries no value of its last use */
	assert_int_equal(store_prepare(db, "SELECT $1", &a), STORE_OK);
	assert_int_equal(store_step(a), STORE_ROW);
	assert_true(store_column_is_null(a, 0));
	store_finalize(a);
	/* more distinct statements than the cache holds */
	for (i = 0; i < 200; i++) {
		char sql[64];

		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_int_equal(store_prepare(db, sql, &a), STORE_OK);
		assert_int_equal(store_step(a), STORE_ROW);
		assert_int_equal(store_column_int(a, 0), i);
		store_finalize(a);
	}
	store_close(db);
}

static void test_a_write_inside_a_rolled_back_transaction_leaves_nothing(void **state)
{
	struct vg_error err;
	store *db = open_memory();
	json_t *p = json_pack("{s:s, s:s}", "name", "Almaty", "kind", "region");
	int64_t n = -1;

	(void)state;
	assert_int_equal(thesaurus_load(&err), VG_OK);
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_OK);
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(records_create(db, &cli, "place", p, NULL, &err),
			 VG_OK);
	assert_true(store_in_transaction(db));
	assert_int_equal(store_rollback(db), STORE_OK);
	assert_false(store_in_transaction(db));
	store_query_int(db, "SELECT COUNT(*) FROM place", &n);
	assert_int_equal(n, 0);
	store_query_int(db, "SELECT COUNT(*) FROM audit_log", &n);
	assert_int_equal(n, 0);
	store_query_int(db, "SELECT COUNT(*) FROM revision", &n);
	assert_int_equal(n, 0);
	json_decref(p);
	store_close(db);
}

static void test_a_failed_write_rolls_back_only_itself(void **state)
{
	struct vg_error err;
	store *db = open_memory();
	json_t *good = json_pack("{s:s, s:s}", "name", "Almaty", "kind", "region");
	json_t *bad = json_pack("{s:s, s:s, s:s}", "name", "X", "kind",
				"village", "parent", "P-999999");
	int64_t n = -1;

	(void)state;
	assert_int_equal(thesaurus_load(&err), VG_OK);
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_OK);
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(records_create(db, &cli, "place", good, NULL, &err),
			 VG_OK);
	assert_int_equal(records_create(db, &cli, "place", bad, NULL, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "parent");
	assert_int_equal(store_commit(db), STORE_OK);
	store_query_int(db, "SELECT COUNT(*) FROM place", &n);
	assert_int_equal(n, 1);
	json_decref(good);
	json_decref(bad);
	store_close(db);
}

static int ran_order[8], nran, ndropped;

static void record_run(void *ctx)
{
	ran_order[nran++] = (int)(intptr_t)ctx;
}

static void count_drop(void *ctx)
{
	(void)ctx;
	ndropped++;
}

/* A casebook inside a transaction and a savepoint, each with work
 * waiting for the commit (1 outside, 2 inside); no work run or dropped
 * yet. */
static store *open_nested_with_work(void)
{
	store *db = open_memory();

	nran = ndropped = 0;
	assert_int_equal(store_begin(db), STORE_OK);
	store_after_commit(db, record_run, count_drop, (void *)1);
	assert_int_equal(store_begin(db), STORE_OK);
	store_after_commit(db, record_run, count_drop, (void *)2);
	return db;
}

static void test_after_commit_waits_for_the_outermost_commit(void **state)
{
	store *db = open_nested_with_work();

	(void)state;
	assert_int_equal(store_commit(db), STORE_OK);
	assert_int_equal(nran, 0);
	assert_int_equal(store_commit(db), STORE_OK);
	assert_int_equal(nran, 2);
	assert_int_equal(ran_order[0], 1);
	assert_int_equal(ran_order[1], 2);
	assert_int_equal(ndropped, 2);
	store_close(db);
}

static void test_after_commit_is_dropped_with_its_savepoint(void **state)
{
	store *db = open_nested_with_work();

	(void)state;
	assert_int_equal(store_rollback(db), STORE_OK);
	assert_int_equal(ndropped, 1);
	assert_int_equal(store_commit(db), STORE_OK);
	assert_int_equal(nran, 1);
	assert_int_equal(ran_order[0], 1);
	/* A released savepoint's work dies with the enclosing rollback. */
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(store_begin(db), STORE_OK);
	store_after_commit(db, record_run, count_drop, (void *)3);
	assert_int_equal(store_commit(db), STORE_OK);
	assert_int_equal(store_rollback(db), STORE_OK);
	assert_int_equal(nran, 1);
	/* Outside a transaction it runs at once. */
	store_after_commit(db, record_run, NULL, (void *)4);
	assert_int_equal(nran, 2);
	assert_int_equal(ran_order[1], 4);
	store_close(db);
}

static void test_a_read_transaction_keeps_one_snapshot(void **state)
{
	char path[512];
	const char *tmp = getenv("VIGIL_TMP");
	struct vg_error err;
	store *reader, *writer;
	int64_t n = -1;

	(void)state;
	snprintf(path, sizeof(path), "%s/snapshot-%d.db", tmp ? tmp : "/tmp",
		 (int)getpid());
	unlink(path);
	assert_int_equal(store_open(path, STORE_OPEN_CREATE, &writer, &err),
			 STORE_OK);
	assert_int_equal(store_exec(writer, "CREATE TABLE t (x INTEGER)"),
			 STORE_OK);
	assert_int_equal(store_open(path, 0, &reader, &err), STORE_OK);
	assert_int_equal(store_begin_read(reader), STORE_OK);
	store_query_int(reader, "SELECT COUNT(*) FROM t", &n);
	assert_int_equal(n, 0);
	/* A read transaction holds no write lock: the writer goes on. */
	assert_int_equal(store_exec(writer, "INSERT INTO t VALUES (1)"),
			 STORE_OK);
	store_query_int(reader, "SELECT COUNT(*) FROM t", &n);
	assert_int_equal(n, 0);
	assert_int_equal(store_commit(reader), STORE_OK);
	store_query_int(reader, "SELECT COUNT(*) FROM t", &n);
	assert_int_equal(n, 1);
	store_close(reader);
	store_close(writer);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_has_a_column_for_every_stored_field),
		cmocka_unit_test(test_migrations_are_recorded_and_applied_once),
		cmocka_unit_test(test_older_database_migrates_forward_keeping_its_data),
		cmocka_unit_test(test_search_index_is_rebuilt_by_level_on_migration),
		cmocka_unit_test(test_runner_orders_by_number_and_rolls_back_a_failure),
		cmocka_unit_test(test_dollar_parameters_bind_by_number),
		cmocka_unit_test(test_a_refused_bind_fails_the_step),
		cmocka_unit_test(test_reused_statements_start_clean_and_may_nest),
		cmocka_unit_test(test_a_write_inside_a_rolled_back_transaction_leaves_nothing),
		cmocka_unit_test(test_a_failed_write_rolls_back_only_itself),
		cmocka_unit_test(test_after_commit_waits_for_the_outermost_commit),
		cmocka_unit_test(test_a_read_transaction_keeps_one_snapshot),
		cmocka_unit_test(test_after_commit_is_dropped_with_its_savepoint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
