/* Unit tests for the store's answers to a lock held elsewhere and a full
 * disk: how long a write waits, that only one connection of a process
 * waits long, that a stamp never waits, and which vg_status and message
 * each becomes. */
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

#include "store/store.h"
#include "store_test_util.h"

static char path[256];

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static store *open_file(void)
{
	struct vg_error err;
	store *db;

	if (store_open(path, STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		fail_msg("open %s: %s", path, err.msg);
	return db;
}

static int set_up(void **state)
{
	store *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/vigil-wait-%ld.db",
		 getenv("VIGIL_TMP") ? getenv("VIGIL_TMP") : "/tmp",
		 (long)getpid());
	remove_casebook_files(path);
	db = open_file();
	assert_int_equal(store_exec(db, "CREATE TABLE t (v TEXT)"), STORE_OK);
	store_close(db);
	return 0;
}

static int tear_down(void **state)
{
	(void)state;
	remove_casebook_files(path);
	return 0;
}

/* A write's begin against a held lock, timed. */
struct waiter {
	store *db;
	store_rc rc;
	long took_ms;
};

static void *wait_for_lock(void *p)
{
	struct waiter *w = p;
	long t0 = now_ms();

	w->rc = store_begin(w->db);
	w->took_ms = now_ms() - t0;
	if (w->rc == STORE_OK)
		store_rollback(w->db);
	return NULL;
}

static void test_a_held_lock_is_busy_after_the_wait_and_only_one_waits_long(
	void **state)
{
	store *holder = open_file();
	struct waiter w[3];
	pthread_t tid[3];
	struct vg_error err;
	int i, long_ones = 0;

	(void)state;
	assert_int_equal(store_begin(holder), STORE_OK);
	for (i = 0; i < 3; i++) {
		w[i].db = open_file();
		assert_int_equal(pthread_create(&tid[i], NULL, wait_for_lock,
						&w[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		pthread_join(tid[i], NULL);
		assert_int_equal(w[i].rc, STORE_RETRY);
		if (w[i].took_ms >= STORE_BUSY_WAIT_MS - 50) {
			long_ones++;
			assert_true(w[i].took_ms < STORE_BUSY_WAIT_MS + 1000);
		} else {
			assert_true(w[i].took_ms >= STORE_BUSY_SHARE_MS - 20);
			assert_true(w[i].took_ms < STORE_BUSY_WAIT_MS / 2);
		}
	}
	assert_int_equal(long_ones, 1);
	vg_error_clear(&err);
	assert_int_equal(store_fail(w[0].db, w[0].rc, &err, "person"),
			 VG_EBUSY);
	assert_string_equal(err.where, "person");
	assert_non_null(strstr(err.msg, "the casebook is busy"));
	/* A long wait just ran out: the next one gives up at the share. */
	wait_for_lock(&w[0]);
	assert_int_equal(w[0].rc, STORE_RETRY);
	assert_true(w[0].took_ms < STORE_BUSY_WAIT_MS / 2);
	store_rollback(holder);
	/* Free again: the lock is taken at once. */
	wait_for_lock(&w[1]);
	assert_int_equal(w[1].rc, STORE_OK);
	for (i = 0; i < 3; i++)
		store_close(w[i].db);
	store_close(holder);
}

static void test_a_stamp_does_not_wait(void **state)
{
	store *holder = open_file(), *db = open_file();
	store_stmt *st;
	long t0;

	(void)state;
	assert_int_equal(store_begin(holder), STORE_OK);
	assert_int_equal(store_prepare(db, "INSERT INTO t VALUES ('x')", &st),
			 STORE_OK);
	t0 = now_ms();
	assert_int_equal(store_step_nowait(st), STORE_RETRY);
	assert_true(now_ms() - t0 < 100);
	store_finalize(st);
	store_rollback(holder);
	assert_int_equal(store_prepare(db, "INSERT INTO t VALUES ('x')", &st),
			 STORE_OK);
	assert_int_equal(store_step_nowait(st), STORE_DONE);
	store_finalize(st);
	store_close(db);
	store_close(holder);
}

/* Inserts rows of 4 KB until the database refuses one (or 50 went in);
 * the last answer. */
static store_rc fill_until_full(store *db)
{
	char big[4000];
	store_stmt *st;
	store_rc rc = STORE_OK;
	int i;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 50 && rc != STORE_FULL; i++) {
		assert_int_equal(store_prepare(db, "INSERT INTO t VALUES ($1)",
					       &st), STORE_OK);
		store_bind_text(st, 1, big);
		rc = store_step(st);
		store_finalize(st);
	}
	return rc;
}

static void test_a_full_database_is_disk_full_and_keeps_nothing(void **state)
{
	store *db = open_file();
	struct vg_error err;
	int64_t n = -1;
	store_rc rc;

	(void)state;
	/* SQLite answers a file at its page limit as it answers ENOSPC. */
	assert_int_equal(store_query_int(db, "PRAGMA max_page_count = 8",
					 &n), STORE_ROW);
	assert_int_equal(store_begin(db), STORE_OK);
	rc = fill_until_full(db);
	assert_int_equal(rc, STORE_FULL);
	vg_error_clear(&err);
	assert_int_equal(store_fail(db, rc, &err, "source"), VG_ENOSPC);
	assert_non_null(strstr(err.msg, "the disk is full"));
	store_rollback(db);
	assert_int_equal(store_query_int(db, "SELECT count(*) FROM t", &n),
			 STORE_ROW);
	assert_int_equal(n, 0);
	store_close(db);
}

/* SQLite rolls the whole transaction back on a full disk: nothing after
 * it may run outside the transaction the caller thinks is open. */
static void test_after_a_full_disk_nothing_runs_outside_the_transaction(
	void **state)
{
	store *db = open_file();
	int64_t n = -1;
	store_rc rc;

	(void)state;
	assert_int_equal(store_query_int(db, "PRAGMA max_page_count = 8",
					 &n), STORE_ROW);
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(store_exec(db, "INSERT INTO t VALUES ('first')"),
			 STORE_OK);
	assert_int_equal(store_begin(db), STORE_OK); /* a savepoint */
	rc = fill_until_full(db);
	assert_int_equal(rc, STORE_FULL);
	/* A caller going on after the error: refused, not autocommitted. */
	assert_int_equal(store_exec(db, "INSERT INTO t VALUES ('after')"),
			 STORE_FULL);
	assert_int_equal(store_rollback(db), STORE_OK);
	assert_int_equal(store_exec(db, "INSERT INTO t VALUES ('later')"),
			 STORE_FULL);
	assert_int_equal(store_commit(db), STORE_FULL);
	assert_int_equal(store_rollback(db), STORE_OK);
	assert_false(store_in_transaction(db));
	assert_int_equal(store_query_int(db, "SELECT count(*) FROM t", &n),
			 STORE_ROW);
	assert_int_equal(n, 0);
	/* Room again: the store works as before. */
	assert_int_equal(store_exec(db, "DELETE FROM t"), STORE_OK);
	assert_int_equal(store_query_int(db, "PRAGMA max_page_count = 100000",
					 &n), STORE_ROW);
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(store_exec(db, "INSERT INTO t VALUES ('kept')"),
			 STORE_OK);
	assert_int_equal(store_commit(db), STORE_OK);
	assert_int_equal(store_query_int(db, "SELECT count(*) FROM t", &n),
			 STORE_ROW);
	assert_int_equal(n, 1);
	store_close(db);
}

static void test_a_lost_code_is_found_from_the_connection(void **state)
{
	store *holder = open_file(), *db = open_file();
	struct vg_error err;

	(void)state;
	assert_int_equal(store_begin(holder), STORE_OK);
	assert_int_equal(store_exec(db, "PRAGMA busy_timeout = 0"), STORE_OK);
	assert_int_equal(store_exec(db, "INSERT INTO t VALUES ('x')"),
			 STORE_RETRY);
	vg_error_clear(&err);
	assert_int_equal(store_fail(db, STORE_ERROR, &err, "t"), VG_EBUSY);
	store_rollback(holder);
	store_close(db);
	store_close(holder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_a_held_lock_is_busy_after_the_wait_and_only_one_waits_long,
			set_up, tear_down),
		cmocka_unit_test_setup_teardown(test_a_stamp_does_not_wait,
						set_up, tear_down),
		cmocka_unit_test_setup_teardown(
			test_a_full_database_is_disk_full_and_keeps_nothing,
			set_up, tear_down),
		cmocka_unit_test_setup_teardown(
			test_after_a_full_disk_nothing_runs_outside_the_transaction,
			set_up, tear_down),
		cmocka_unit_test_setup_teardown(
			test_a_lost_code_is_found_from_the_connection, set_up,
			tear_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
