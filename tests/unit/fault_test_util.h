/* Helpers of the fault-injection test (test_faults.c): copying and
 * reading whole files, counting a directory's entries, a dump of every
 * row of a casebook, and whether its audit chain holds. Static, like
 * store_test_util.h: each test file is its own program. */
#ifndef VIGIL_TESTS_FAULT_TEST_UTIL_H
#define VIGIL_TESTS_FAULT_TEST_UTIL_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "store/audit.h"
#include "store/store.h"

#define DUMP_MAX ((size_t)64 << 20)

static inline void copy_file(const char *from, const char *to)
{
	char chunk[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (in < 0 || out < 0)
		fail_msg("copy %s to %s: cannot open", from, to);
	while ((n = read(in, chunk, sizeof(chunk))) > 0)
		if (write(out, chunk, (size_t)n) != n)
			fail_msg("copy to %s: short write", to);
	if (n < 0)
		fail_msg("copy %s: read error", from);
	close(in);
	close(out);
}

/* The whole file; NULL if it cannot be read. */
static inline unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long size;

	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)size + 1)) &&
	    fread(p, 1, (size_t)size, f) == (size_t)size)
		*len = (size_t)size;
	else {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

static inline int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		fail_msg("cannot list %s", dir);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Every row of every table (virtual tables through their shadow tables),
 * in storage order: two casebooks with equal dumps hold the same data. */
static inline char *dump(store *db)
{
	static const char hex[] = "0123456789abcdef";
	store_stmt *tables = NULL, *rows = NULL;
	struct buf b;
	char sql[300];
	int i, n;

	buf_init(&b, DUMP_MAX);
	if (store_prepare(db, "SELECT name FROM sqlite_schema WHERE type ="
			  " 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
			  " ORDER BY name", &tables) != STORE_OK)
		fail_msg("dump: %s", store_errmsg(db));
	while (store_step(tables) == STORE_ROW) {
		buf_printf(&b, "== %s\n", store_column_text(tables, 0));
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"",
			 store_column_text(tables, 0));
		if (store_prepare(db, sql, &rows) != STORE_OK)
			fail_msg("dump %s: %s", sql, store_errmsg(db));
		n = store_column_count(rows);
		while (store_step(rows) == STORE_ROW) {
			for (i = 0; i < n; i++) {
				const unsigned char *v;
				size_t j, len;

				v = store_column_blob(rows, i, &len);
				if (store_column_is_null(rows, i))
					buf_adds(&b, "\\N");
				for (j = 0; j < len; j++) {
					buf_addc(&b, hex[v[j] >> 4]);
					buf_addc(&b, hex[v[j] & 15]);
				}
				buf_addc(&b, i + 1 < n ? '\x1f' : '\n');
			}
		}
		store_finalize(rows);
	}
	store_finalize(tables);
	if (buf_error(&b) != VG_OK)
		fail_msg("dump: over %zu bytes", DUMP_MAX);
	return buf_detach(&b);
}

static inline store *open_store(const char *path)
{
	struct vg_error err = { 0 };
	store *db = NULL;

	if (store_open(path, 0, &db, &err) != STORE_OK)
		fail_msg("open %s: %s", path, err.msg);
	return db;
}

/* 1 when the audit chain holds. */
static inline int chain_holds(store *db, char *why, size_t size)
{
	struct audit_report r;
	struct vg_error err = { 0 };
	vg_status s = audit_verify(db, 0, NULL, &r, &err);

	if (s != VG_OK)
		snprintf(why, size, "cannot verify: %s", err.msg);
	else if (r.bad_seq)
		snprintf(why, size, "entry %lld: %s", (long long)r.bad_seq,
			 r.why);
	return s == VG_OK && !r.bad_seq;
}

#endif
