/* schema.c — applies data/schema/NNN_name.sql in the order of NNN. */
#include "store/schema.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/paths.h"

#define MAX_MIGRATIONS 200
#define MAX_MIGRATION_BYTES (4u << 20)
/* How long a process waits for another that is migrating the same
 * database (a large one may take minutes to index) before it gives up. */
#define MIGRATE_WAIT_S 300

struct migration {
	int version;
	char file[256];
};

static int by_version(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

/* "012_users.sql" -> 12; -1 for anything else. */
static int migration_number(const char *name)
{
	char *end;
	long v;
	size_t len = strlen(name);

	if (len < 9 || strcmp(name + len - 4, ".sql") != 0 || name[3] != '_')
		return -1;
	errno = 0;
	v = strtol(name, &end, 10);
	if (errno || end != name + 3 || v <= 0)
		return -1;
	return (int)v;
}

static vg_status list_migrations(const char *dir, struct migration *out,
				 size_t *n, struct vg_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t i;

	*n = 0;
	if (!d)
		return vg_fail(err, VG_ENOTFOUND, dir,
			       "cannot read the schema directory");
	while ((e = readdir(d)) != NULL) {
		int v = migration_number(e->d_name);

		if (v < 0)
			continue;
		if (*n == MAX_MIGRATIONS) {
			closedir(d);
			return vg_fail(err, VG_ETOOBIG, dir,
				       "more than %d migrations",
				       MAX_MIGRATIONS);
		}
		out[*n].version = v;
		snprintf(out[*n].file, sizeof(out[*n].file), "%s", e->d_name);
		(*n)++;
	}
	closedir(d);
	qsort(out, *n, sizeof(*out), by_version);
	for (i = 1; i < *n; i++)
		if (out[i].version == out[i - 1].version)
			return vg_fail(err, VG_EINVAL, out[i].file,
				       "two migrations numbered %d",
				       out[i].version);
	return VG_OK;
}

static vg_status read_file(const char *path, struct buf *b,
			   struct vg_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t got;
	vg_status s = VG_OK;

	if (!f)
		return vg_fail(err, VG_ENOTFOUND, path, "cannot open");
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		s = buf_add(b, chunk, got);
		if (s != VG_OK) {
			vg_fail(err, s, path, "cannot read (over %u bytes?)",
				MAX_MIGRATION_BYTES);
			break;
		}
	}
	if (s == VG_OK && ferror(f))
		s = vg_fail(err, VG_EIO, path, "read error");
	fclose(f);
	return s;
}

static int is_applied(store *db, int version)
{
	store_stmt *st;
	int found = 0;

	if (store_prepare(db, "SELECT 1 FROM schema_version WHERE version = $1",
			  &st) != STORE_OK)
		return 0;
	store_bind_int(st, 1, version);
	found = store_step(st) == STORE_ROW;
	store_finalize(st);
	return found;
}

/* BEGIN IMMEDIATE, waiting while another process holds the write lock
 * (migrating, most likely) rather than failing after the store's usual
 * busy timeout. */
static vg_status begin_waiting(store *db, const char *where,
			       struct vg_error *err)
{
	time_t start = time(NULL);
	store_rc rc;

	for (;;) {
		rc = store_begin(db);
		if (rc != STORE_RETRY || time(NULL) - start >= MIGRATE_WAIT_S)
			break;
		usleep(50000);
	}
	if (rc == STORE_OK)
		return VG_OK;
	if (rc == STORE_RETRY)
		return vg_fail(err, VG_EIO, where, "another process held the "
			       "database's write lock for over %d s; try "
			       "again", MIGRATE_WAIT_S);
	return store_fail(db, rc, err, where);
}

/* Applies m unless it is applied by the time the write lock is held;
 * *done says whether this call applied it. */
static vg_status apply_one(store *db, const char *dir,
			   const struct migration *m, int *done,
			   struct vg_error *err)
{
	char path[1024], at[32];
	struct buf sql;
	store_stmt *st = NULL;
	store_rc rc;
	time_t now = time(NULL);
	struct tm tm;
	vg_status s;

	*done = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, m->file);
	buf_init(&sql, MAX_MIGRATION_BYTES);
	s = read_file(path, &sql, err);
	if (s != VG_OK)
		goto out;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	s = begin_waiting(db, m->file, err);
	if (s != VG_OK)
		goto out;
	/* Read again under the write lock: another process opening the
	 * same old database may have applied it while this one waited. */
	if (is_applied(db, m->version)) {
		rc = store_commit(db);
		if (rc != STORE_OK) {
			s = store_fail(db, rc, err, m->file);
			store_rollback(db);
		}
		goto out;
	}
	*done = 1;
	rc = store_exec(db, buf_str(&sql));
	if (rc == STORE_OK)
		rc = store_prepare(db,
				   "INSERT INTO schema_version (version, applied_at)"
				   " VALUES ($1, $2)", &st);
	if (rc == STORE_OK) {
		store_bind_int(st, 1, m->version);
		store_bind_text(st, 2, at);
		rc = store_step(st) == STORE_DONE ? STORE_OK : STORE_ERROR;
	}
	if (rc != STORE_OK) {
		s = store_fail(db, rc, err, m->file);
		store_rollback(db);
		goto out;
	}
	rc = store_commit(db);
	if (rc != STORE_OK) {
		s = store_fail(db, rc, err, m->file);
		store_rollback(db);
	}
out:
	store_finalize(st);
	buf_free(&sql);
	return s;
}

/* The migrations this vigil has, in order; the caller frees *list. */
static vg_status known_migrations(char *dir, size_t dir_size,
				  struct migration **list, size_t *n,
				  struct vg_error *err)
{
	vg_status s;

	*list = NULL;
	*n = 0;
	if (paths_data_file(dir, dir_size, "schema") != 0)
		return vg_fail(err, VG_EINVAL, NULL, "data path too long");
	*list = calloc(MAX_MIGRATIONS, sizeof(**list));
	if (!*list)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	s = list_migrations(dir, *list, n, err);
	if (s != VG_OK) {
		free(*list);
		*list = NULL;
	}
	return s;
}

/* Fills st from the database and the list of known migrations. */
static vg_status state_of(store *db, const struct migration *list, size_t n,
			  struct schema_state *st, struct vg_error *err)
{
	vg_status s;
	size_t i;

	memset(st, 0, sizeof(*st));
	if (n)
		st->latest = list[n - 1].version;
	s = schema_version(db, &st->version, err);
	if (s != VG_OK)
		return s;
	for (i = 0; i < n; i++)
		if (!is_applied(db, list[i].version))
			st->pending++;
	return VG_OK;
}

static vg_status refuse_newer(store *db, const struct schema_state *st,
			      struct vg_error *err)
{
	if (st->version <= st->latest)
		return VG_OK;
	return vg_fail(err, VG_EINVAL, store_path(db), "the database is at "
		       "schema %d, newer than this vigil knows (up to %d): a "
		       "newer vigil wrote it; open it with that one",
		       st->version, st->latest);
}

vg_status schema_state(store *db, struct schema_state *st,
		       struct vg_error *err)
{
	struct migration *list = NULL;
	char dir[1024];
	size_t n;
	vg_status s;

	memset(st, 0, sizeof(*st));
	s = known_migrations(dir, sizeof(dir), &list, &n, err);
	if (s == VG_OK)
		s = state_of(db, list, n, st, err);
	if (s == VG_OK)
		s = refuse_newer(db, st, err);
	free(list);
	return s;
}

vg_status schema_migrate(store *db, int upto, int *applied,
			 struct vg_error *err)
{
	struct migration *list = NULL;
	struct schema_state st;
	char dir[1024];
	size_t n, i;
	int count = 0, done = 0;
	vg_status s;

	if (applied)
		*applied = 0;
	s = known_migrations(dir, sizeof(dir), &list, &n, err);
	if (s != VG_OK)
		return s;
	if (store_exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
			   " version INTEGER PRIMARY KEY,"
			   " applied_at TEXT NOT NULL)") != STORE_OK) {
		free(list);
		return store_fail(db, STORE_ERROR, err, "schema_version");
	}
	s = state_of(db, list, n, &st, err);
	if (s == VG_OK)
		s = refuse_newer(db, &st, err);
	for (i = 0; s == VG_OK && i < n; i++) {
		if (upto > 0 && list[i].version > upto)
			break;
		if (is_applied(db, list[i].version))
			continue;
		s = apply_one(db, dir, &list[i], &done, err);
		if (s == VG_OK && done)
			count++;
	}
	free(list);
	if (applied)
		*applied = count;
	return s;
}

vg_status schema_version(store *db, int *version, struct vg_error *err)
{
	int64_t v = 0;
	store_rc rc;

	*version = 0;
	if (!schema_is_initialised(db))
		return VG_OK;
	rc = store_query_int(db, "SELECT COALESCE(MAX(version), 0) "
				 "FROM schema_version", &v);
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "schema_version");
	*version = (int)v;
	return VG_OK;
}

int schema_is_initialised(store *db)
{
	int64_t n = 0;

	if (store_query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE "
				"type = 'table' AND name = 'schema_version'",
			    &n) != STORE_ROW)
		return 0;
	return n > 0;
}
