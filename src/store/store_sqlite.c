/* The SQLite driver behind store.h: opening and closing, transactions,
 * errors. Statements are store_sqlite_stmt.c's. */
#include "store/store.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "store/crypt.h"
#include "store/store_int.h"
#include "store/store_sqlite_int.h"
#include "store/store_wait.h"

store_rc sq_map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return STORE_OK;
	case SQLITE_ROW:
		return STORE_ROW;
	case SQLITE_DONE:
		return STORE_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_RETRY;
	case SQLITE_FULL:
		return STORE_FULL;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_UNIQUE_VIOLATION;
		return STORE_CONSTRAINT;
	default:
		return STORE_ERROR;
	}
}

/* map_rc, with what only the connection knows: SQLite reports a write
 * the kernel refused for want of room (ENOSPC) on the WAL index or a sync
 * as an I/O error; that is a full disk too. A statement that took the
 * process's long busy wait gives it back here, however it ended. */
store_rc sq_db_rc(store *db, int rc)
{
	store_rc r = sq_map_rc(rc);

	store_wait_end(&db->wait);
	if ((rc & 0xff) == SQLITE_IOERR &&
	    sqlite3_system_errno(db->db) == ENOSPC)
		r = STORE_FULL;
	if (r != STORE_OK && r != STORE_ROW && r != STORE_DONE &&
	    db->depth > 0 && !db->aborted && sqlite3_get_autocommit(db->db))
		db->aborted = r;
	return r;
}

/* A missing key file is not an error (encrypted fields then refuse to be
 * read or written); one that others may read is. */
static vg_status load_field_key(store *db, struct vg_error *err)
{
	struct vg_error e;
	vg_status s;

	if (!db->path || !db->path[0] || !strcmp(db->path, ":memory:"))
		return VG_OK;
	vg_error_clear(&e);
	s = crypt_key_load(db->path, db->key, &e);
	if (s == VG_OK) {
		db->has_key = 1;
		return VG_OK;
	}
	if (s == VG_ENOTFOUND)
		return VG_OK;
	if (err)
		*err = e;
	return s;
}

/* SQLite counts every allocation under one process-wide mutex unless told
 * not to; the server's threads each read through their own connection and
 * met on that mutex. Nothing here reads those counts. It must be set
 * before SQLite initialises; if something initialised it first, the call
 * is refused and the counts stay on, which is only slower. */
static pthread_once_t sqlite_setup_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

store_rc store_open(const char *path, unsigned flags, store **out,
		    struct vg_error *err)
{
	store *db;
	int oflags = SQLITE_OPEN_FULLMUTEX;
	int rc;

	*out = NULL;
	(void)pthread_once(&sqlite_setup_once, sqlite_setup);
	db = calloc(1, sizeof(*db));
	if (!db) {
		vg_fail(err, VG_ENOMEM, path, "out of memory");
		return STORE_ERROR;
	}
	db->lock_fd = -1;
	db->path = strdup(path);
	/* The lock first: a file a restore is replacing is never opened. */
	if (store_lock_shared(path, flags & STORE_OPEN_READONLY,
			      &db->lock_fd, err) != VG_OK) {
		store_close(db);
		return STORE_ERROR;
	}
	if (db->lock_fd >= 0 && !(flags & STORE_OPEN_READONLY))
		(void)store_remove_leftovers(path);
	if (flags & STORE_OPEN_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE;
	if (flags & STORE_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &db->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		vg_fail(err, rc == SQLITE_CANTOPEN ? VG_ENOTFOUND : VG_EIO,
			path, "cannot open database: %s",
			db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
		store_close(db);
		return STORE_ERROR;
	}
	sqlite3_extended_result_codes(db->db, 1);
	sqlite3_busy_handler(db->db, store_wait_on_busy, &db->wait);
	rc = sqlite3_exec(db->db,
			  "PRAGMA foreign_keys=ON;"
			  "PRAGMA secure_delete=ON;"
			  "PRAGMA synchronous=FULL;",
			  NULL, NULL, NULL);
	if (rc == SQLITE_OK && !(flags & STORE_OPEN_READONLY))
		rc = sqlite3_exec(db->db, "PRAGMA journal_mode=WAL;", NULL,
				  NULL, NULL);
	/* Reads of a large casebook otherwise go through SQLite's 2 MiB page
	 * cache and a pread per page missed. Mapping the file lets every
	 * connection (one per server thread) read the kernel's copy of a
	 * page, shared among them, without copying it; 256 MiB maps the whole
	 * file of 100,000 people. The page cache is a limit, not an
	 * allocation: 32 MiB per connection keeps the index pages and the
	 * pages written through the WAL (which mmap does not cover) resident
	 * while a few server threads stay within a few hundred MiB. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->db, "PRAGMA mmap_size=268435456;"
					  "PRAGMA cache_size=-32768;",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		vg_fail(err, VG_EIO, path, "cannot set up database: %s",
			sqlite3_errmsg(db->db));
		store_close(db);
		return STORE_ERROR;
	}
	if (load_field_key(db, err) != VG_OK) {
		store_close(db);
		return STORE_ERROR;
	}
	*out = db;
	return STORE_OK;
}

/* Drops (without running) what was registered at level depth or deeper:
 * those are the tail of the list, registered since that level began. */
static void drop_pending(store *db, int depth)
{
	while (db->npending && db->pending[db->npending - 1].depth >= depth) {
		struct after_commit *a = &db->pending[--db->npending];

		if (a->drop)
			a->drop(a->ctx);
	}
}

/* The outermost commit went through: run everything, in order. */
static void run_pending(store *db)
{
	size_t i, n = db->npending;

	db->npending = 0;
	for (i = 0; i < n; i++) {
		struct after_commit *a = &db->pending[i];

		a->run(a->ctx);
		if (a->drop)
			a->drop(a->ctx);
	}
}

store_rc store_after_commit(store *db, void (*run)(void *ctx),
			    void (*drop)(void *ctx), void *ctx)
{
	if (db->depth == 0) {
		run(ctx);
		if (drop)
			drop(ctx);
		return STORE_OK;
	}
	if (db->npending == db->spending) {
		size_t size = db->spending ? db->spending * 2 : 16;
		struct after_commit *p = realloc(db->pending, size * sizeof(*p));

		if (!p) {
			if (drop)
				drop(ctx);
			return STORE_ERROR;
		}
		db->pending = p;
		db->spending = size;
	}
	db->pending[db->npending].run = run;
	db->pending[db->npending].drop = drop;
	db->pending[db->npending].ctx = ctx;
	db->pending[db->npending].depth = db->depth;
	db->npending++;
	return STORE_OK;
}

void store_close(store *db)
{
	size_t i;

	if (!db)
		return;
	explicit_bzero(db->key, sizeof(db->key));
	drop_pending(db, 1);
	free(db->pending);
	for (i = 0; i < STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	sqlite3_close_v2(db->db);
	store_lock_release(db->lock_fd);
	free(db->path);
	free(db);
}

const char *store_path(const store *db)
{
	return db->path;
}

const unsigned char *store_field_key(const store *db)
{
	return db->has_key ? db->key : NULL;
}

void store_set_field_key(store *db, const unsigned char *key)
{
	if (!key) {
		explicit_bzero(db->key, sizeof(db->key));
		db->has_key = 0;
		return;
	}
	memcpy(db->key, key, sizeof(db->key));
	db->has_key = 1;
}

store_rc store_exec(store *db, const char *sql)
{
	db->own_msg = NULL;
	if (db->aborted)
		return db->aborted;
	return sq_db_rc(db, sqlite3_exec(db->db, sql, NULL, NULL, NULL));
}

/* Runs one statement without results through the statement cache, which
 * spares parsing BEGIN and COMMIT again on every transaction (the server
 * wraps every page's reads in one). */
static store_rc run_cached(store *db, const char *sql)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);

	if (rc != STORE_OK)
		return rc;
	rc = store_step(st);
	store_finalize(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

store_rc store_begin(store *db)
{
	char sql[64];
	store_rc rc;

	if (db->depth == 0)
		rc = run_cached(db, "BEGIN IMMEDIATE");
	else {
		snprintf(sql, sizeof(sql), "SAVEPOINT sp%d", db->depth);
		rc = store_exec(db, sql);
	}
	if (rc == STORE_OK)
		db->depth++;
	return rc;
}

store_rc store_begin_read(store *db)
{
	store_rc rc;

	if (db->depth > 0)
		return store_begin(db);
	/* Deferred: the snapshot is taken at the first read. */
	rc = run_cached(db, "BEGIN");
	if (rc == STORE_OK)
		db->depth++;
	return rc;
}

store_rc store_commit(store *db)
{
	char sql[64];
	store_rc rc;

	assert(db->depth > 0);
	if (db->depth == 1)
		rc = run_cached(db, "COMMIT");
	else {
		snprintf(sql, sizeof(sql), "RELEASE sp%d", db->depth - 1);
		rc = store_exec(db, sql);
	}
	if (rc != STORE_OK)
		return rc;
	db->depth--;
	if (db->depth == 0) {
		run_pending(db);
	} else {
		size_t i;

		/* Released into the enclosing level: they now live or die
		 * with it. */
		for (i = 0; i < db->npending; i++)
			if (db->pending[i].depth > db->depth)
				db->pending[i].depth = db->depth;
	}
	return rc;
}

store_rc store_rollback(store *db)
{
	char sql[96];
	store_rc rc;

	assert(db->depth > 0);
	if (db->aborted) {
		/* Nothing left to roll back: SQLite did it. */
		rc = STORE_OK;
		if (db->depth == 1)
			db->aborted = STORE_OK;
	} else if (db->depth == 1)
		rc = run_cached(db, "ROLLBACK");
	else {
		snprintf(sql, sizeof(sql), "ROLLBACK TO sp%d; RELEASE sp%d",
			 db->depth - 1, db->depth - 1);
		rc = store_exec(db, sql);
	}
	/* Even a failed rollback ends our notion of this level. */
	drop_pending(db, db->depth);
	db->depth--;
	return rc;
}

int store_in_transaction(const store *db)
{
	return db->depth > 0;
}

vg_status store_fail(store *db, store_rc rc, struct vg_error *err,
		     const char *where)
{
	vg_status s;

	if (rc == STORE_ERROR) {
		/* A caller that kept no code: the connection's last failure,
		 * if it was a lock or a full disk (after a success the code
		 * is not defined, so nothing else is trusted from it). */
		store_rc last = sq_map_rc(sqlite3_extended_errcode(db->db));

		if (last == STORE_RETRY || last == STORE_FULL)
			rc = last;
	}
	switch (rc) {
	case STORE_UNIQUE_VIOLATION:
		s = VG_EEXIST;
		break;
	case STORE_CONSTRAINT:
		s = VG_EINVAL;
		break;
	case STORE_RETRY:
		return vg_fail(err, VG_EBUSY, where, "the casebook is busy: "
			       "another program (an import, a backup) is "
			       "writing to it; nothing was saved, try again "
			       "in a moment");
	case STORE_FULL:
		return vg_fail(err, VG_ENOSPC, where, "the disk is full: "
			       "nothing was saved; make room on the disk "
			       "that holds the casebook and try again");
	default:
		/* Out of memory is not a disk failure: say which it was. */
		s = (sqlite3_errcode(db->db) & 0xff) == SQLITE_NOMEM ||
		    (db->own_msg && !strcmp(db->own_msg, "out of memory"))
			? VG_ENOMEM : VG_EIO;
		break;
	}
	return vg_fail(err, s, where, "database: %s", store_errmsg(db));
}
