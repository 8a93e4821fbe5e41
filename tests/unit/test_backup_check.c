/* Unit tests for the check of a restored database through its descriptor
 * (io/backup_check.c): a sound file passes even without a name, a damaged
 * or foreign one is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "io/backup_int.h"

static char path[600];

/* A database of a few pages with an index, in a file at path. */
static void make_database(void)
{
	const char *tmp = getenv("VIGIL_TMP");
	sqlite3 *db;
	int rc;

	snprintf(path, sizeof(path), "%s/backup-check-%d.db",
		 tmp && *tmp ? tmp : "/tmp", (int)getpid());
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db,
			  "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT);"
			  "CREATE INDEX t_body ON t(body);"
			  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
			  "i + 1 FROM n WHERE i < 2000) INSERT INTO t(body) "
			  "SELECT printf('row %05d of the check', i) FROM n;",
			  NULL, NULL, NULL);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_close(db);
}

/* The database at path copied into a file without a name. */
static int unnamed_copy(void)
{
	char buf[65536], dir[600], *slash;
	ssize_t n;
	int in, out;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	assert_non_null(slash);
	*slash = '\0';
	out = open(dir, O_TMPFILE | O_RDWR, 0600);
	if (out < 0)
		out = open(path, O_RDWR); /* no O_TMPFILE here: check in place */
	in = open(path, O_RDONLY);
	assert_true(in >= 0 && out >= 0);
	if (out >= 0 && lseek(out, 0, SEEK_END) == 0)
		while ((n = read(in, buf, sizeof(buf))) > 0)
			assert_int_equal(write(out, buf, (size_t)n), n);
	close(in);
	unlink(path);
	return out;
}

static void test_a_sound_file_without_a_name_passes(void **state)
{
	struct vg_error err;
	int fd;

	(void)state;
	make_database();
	fd = unnamed_copy();
	assert_int_equal(backup_check_database(fd, &err), VG_OK);
	close(fd);
}

static void test_a_damaged_page_is_refused(void **state)
{
	unsigned char junk[1024];
	struct vg_error err;
	int fd;

	(void)state;
	make_database();
	fd = unnamed_copy();
	memset(junk, 0xA5, sizeof(junk));
	/* Into the middle of the table's and the index's pages. */
	assert_int_equal(pwrite(fd, junk, sizeof(junk), 4096 * 3 + 512),
			 (ssize_t)sizeof(junk));
	assert_int_equal(pwrite(fd, junk, sizeof(junk), 4096 * 12 + 512),
			 (ssize_t)sizeof(junk));
	assert_int_equal(backup_check_database(fd, &err), VG_EINVAL);
	assert_string_equal(err.where, "database");
	close(fd);
}

static void test_a_file_that_is_no_database_is_refused(void **state)
{
	unsigned char junk[8192];
	struct vg_error err;
	int fd;

	(void)state;
	make_database();
	fd = unnamed_copy();
	memset(junk, 'x', sizeof(junk));
	assert_int_equal(pwrite(fd, junk, sizeof(junk), 0),
			 (ssize_t)sizeof(junk));
	assert_int_equal(backup_check_database(fd, &err), VG_EINVAL);
	assert_non_null(strstr(err.msg, "not a database"));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_sound_file_without_a_name_passes),
		cmocka_unit_test(test_a_damaged_page_is_refused),
		cmocka_unit_test(test_a_file_that_is_no_database_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
