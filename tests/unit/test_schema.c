/* Unit tests for schema migrations against other connections: one that
 * migrates while another holds the write lock waits, then finds the work
 * done; the state of old, current and newer databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/store.h"
#include "store_test_util.h"

/* Below the newest migration: an old database has all up to here. */
#define OLD_UPTO 10

static char db_path[600];

static int set_up(void **state)
{
	const char *tmp = getenv("VIGIL_TMP");

	(void)state;
	snprintf(db_path, sizeof(db_path), "%s/schema-%d.db",
		 tmp && *tmp ? tmp : "/tmp", (int)getpid());
	remove_casebook_files(db_path);
	return 0;
}

static int tear_down(void **state)
{
	(void)state;
	remove_casebook_files(db_path);
	return 0;
}

static store *open_path(unsigned flags)
{
	struct vg_error err;
	store *db;

	if (store_open(db_path, flags, &db, &err) != STORE_OK)
		fail_msg("open: %s", err.msg);
	return db;
}

static store *old_database(void)
{
	struct vg_error err;
	store *db = open_path(STORE_OPEN_CREATE);

	if (schema_migrate(db, OLD_UPTO, NULL, &err) != VG_OK)
		fail_msg("migrate: %s: %s", err.where, err.msg);
	return db;
}

struct migrator {
	vg_status status;
	int applied;
	struct vg_error err;
};

static void *migrate_other(void *arg)
{
	struct migrator *m = arg;
	store *db = open_path(0);

	m->status = schema_migrate(db, 0, &m->applied, &m->err);
	store_close(db);
	return NULL;
}

static void test_a_migration_done_meanwhile_is_skipped(void **state)
{
	struct timespec pause = { 0, 300 * 1000000L };
	struct migrator m = { VG_EINTERNAL, -1, { 0 } };
	struct vg_error err;
	store *first = old_database();
	pthread_t t;
	int applied = 0;

	(void)state;
	/* The first holds the write lock while the other starts: it finds
	 * the migrations missing, then waits for the lock. */
	assert_int_equal(store_begin(first), STORE_OK);
	assert_int_equal(pthread_create(&t, NULL, migrate_other, &m), 0);
	nanosleep(&pause, NULL);
	assert_int_equal(schema_migrate(first, 0, &applied, &err), VG_OK);
	assert_true(applied > 0);
	assert_int_equal(store_commit(first), STORE_OK);
	pthread_join(t, NULL);
	if (m.status != VG_OK)
		fail_msg("the other migration: %s: %s", m.err.where, m.err.msg);
	assert_int_equal(m.applied, 0);
	store_close(first);
}

static void test_the_state_tells_old_current_and_newer(void **state)
{
	struct schema_state st;
	struct vg_error err;
	store *db = old_database();

	(void)state;
	assert_int_equal(schema_state(db, &st, &err), VG_OK);
	assert_int_equal(st.version, OLD_UPTO);
	assert_true(st.latest > OLD_UPTO);
	assert_true(st.pending > 0);
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_OK);
	assert_int_equal(schema_state(db, &st, &err), VG_OK);
	assert_int_equal(st.version, st.latest);
	assert_int_equal(st.pending, 0);
	assert_int_equal(store_exec(db, "INSERT INTO schema_version VALUES "
				    "(999, '2030-01-01T00:00:00Z')"),
			 STORE_OK);
	assert_int_equal(schema_state(db, &st, &err), VG_EINVAL);
	assert_non_null(strstr(err.msg, "newer"));
	assert_int_equal(schema_migrate(db, 0, NULL, &err), VG_EINVAL);
	assert_non_null(strstr(err.msg, "schema 999"));
	store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_a_migration_done_meanwhile_is_skipped, set_up,
			tear_down),
		cmocka_unit_test_setup_teardown(
			test_the_state_tells_old_current_and_newer, set_up,
			tear_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
