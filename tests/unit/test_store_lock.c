/* Unit tests for the database's advisory lock (store_lock.c): what an
 * open store holds, what a restore may take, and the leftovers removed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

struct fixture {
	char dir[512];
	char db[600];
};

static int set_up(void **state)
{
	const char *tmp = getenv("VIGIL_TMP");
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/store-lock-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/case.db", f->dir);
	*state = f;
	return 0;
}

static int tear_down(void **state)
{
	struct fixture *f = *state;
	char path[1200];
	struct dirent *e;
	DIR *d = opendir(f->dir);

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", f->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

static store *open_file(const char *path)
{
	struct vg_error err;
	store *db;

	if (store_open(path, STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		fail_msg("open %s: %s", path, err.msg);
	return db;
}

static void test_an_open_store_keeps_a_restore_out(void **state)
{
	struct fixture *f = *state;
	struct vg_error err;
	struct stat st;
	store *db = open_file(f->db);
	char lock[700];
	int fd;

	snprintf(lock, sizeof(lock), "%s.lock", f->db);
	assert_int_equal(stat(lock, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(store_lock_exclusive(f->db, &fd, &err), VG_EDENIED);
	assert_int_equal(fd, -1);
	assert_non_null(strstr(err.msg, "open in another process"));
	assert_string_equal(err.where, f->db);
	store_close(db);
	assert_int_equal(store_lock_exclusive(f->db, &fd, &err), VG_OK);
	assert_true(fd >= 0);
	store_lock_release(fd);
}

static void test_connections_of_one_process_share_the_lock(void **state)
{
	struct fixture *f = *state;
	struct vg_error err;
	store *a = open_file(f->db), *b = open_file(f->db);
	int fd;

	store_close(a);
	assert_int_equal(store_lock_exclusive(f->db, &fd, &err), VG_EDENIED);
	store_close(b);
	assert_int_equal(store_lock_exclusive(f->db, &fd, &err), VG_OK);
	store_lock_release(fd);
}

struct delayed_release {
	int fd;
	long ms;
};

static void *release_later(void *arg)
{
	struct delayed_release *r = arg;
	struct timespec ts = { 0, r->ms * 1000000L };

	nanosleep(&ts, NULL);
	store_lock_release(r->fd);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_an_open_waits_for_a_restore_to_finish(void **state)
{
	struct fixture *f = *state;
	struct delayed_release r = { -1, 300 };
	struct vg_error err;
	pthread_t t;
	double start;
	store *db;

	assert_int_equal(store_lock_exclusive(f->db, &r.fd, &err), VG_OK);
	assert_int_equal(pthread_create(&t, NULL, release_later, &r), 0);
	start = now_s();
	db = open_file(f->db);
	assert_true(now_s() - start >= 0.25);
	pthread_join(t, NULL);
	store_close(db);
}

static void test_a_removed_lock_file_is_made_again(void **state)
{
	struct fixture *f = *state;
	struct vg_error err;
	char lock[700];
	store *db;
	int fd;

	snprintf(lock, sizeof(lock), "%s.lock", f->db);
	assert_int_equal(store_lock_exclusive(f->db, &fd, &err), VG_OK);
	store_lock_remove(f->db, fd);
	assert_int_not_equal(access(lock, F_OK), 0);
	db = open_file(f->db);
	assert_int_equal(access(lock, F_OK), 0);
	assert_int_equal(store_lock_exclusive(f->db, &fd, &err), VG_EDENIED);
	store_close(db);
}

static void touch(const struct fixture *f, const char *name)
{
	char path[1200];
	FILE *o;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	o = fopen(path, "w");
	assert_non_null(o);
	fputs("SQLite format 3", o);
	fclose(o);
}

static int exists(const struct fixture *f, const char *name)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	return access(path, F_OK) == 0;
}

static void test_only_a_restores_leftovers_are_removed(void **state)
{
	struct fixture *f = *state;
	static const char *const gone[] = { "case.db.tmp-a1B2c3",
					    "case.db.key.tmp-ZZZZZZ" };
	static const char *const kept[] = { "case.db.tmp-a1B2c", /* 5 */
					    "case.db.tmp-a1B2c3d",
					    "case.db.tmp-a1B2.3",
					    "case.db.bak.tmp-a1B2c3",
					    "other.db.tmp-a1B2c3", "case.db" };
	size_t i;

	for (i = 0; i < 2; i++)
		touch(f, gone[i]);
	for (i = 0; i < 6; i++)
		touch(f, kept[i]);
	assert_int_equal(store_remove_leftovers(f->db), 2);
	for (i = 0; i < 2; i++)
		assert_false(exists(f, gone[i]));
	for (i = 0; i < 6; i++)
		assert_true(exists(f, kept[i]));
}

static void test_a_memory_database_takes_no_lock(void **state)
{
	struct vg_error err;
	store *db;

	(void)state;
	assert_int_equal(store_open(":memory:", STORE_OPEN_CREATE, &db, &err),
			 STORE_OK);
	assert_int_not_equal(access(":memory:.lock", F_OK), 0);
	store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_an_open_store_keeps_a_restore_out, set_up,
			tear_down),
		cmocka_unit_test_setup_teardown(
			test_connections_of_one_process_share_the_lock, set_up,
			tear_down),
		cmocka_unit_test_setup_teardown(
			test_an_open_waits_for_a_restore_to_finish, set_up,
			tear_down),
		cmocka_unit_test_setup_teardown(
			test_a_removed_lock_file_is_made_again, set_up,
			tear_down),
		cmocka_unit_test_setup_teardown(
			test_only_a_restores_leftovers_are_removed, set_up,
			tear_down),
		cmocka_unit_test(test_a_memory_database_takes_no_lock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
