/* The SQLite driver behind store.h. */
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
#include "store/store_wait.h"

/* Prepared statements kept for reuse: records write the same few dozen
 * statements for every record, and parsing them again cost more than
 * running them. A slot is lent to one store_stmt at a time. */
#define STMT_CACHE 48

struct cached_stmt {
	char *sql;          /* as the caller wrote it; NULL for a free slot */
	sqlite3_stmt *st;
	int in_use;
	unsigned long used; /* for least-recently-used eviction */
};

struct after_commit {
	void (*run)(void *ctx);
	void (*drop)(void *ctx);
	void *ctx;
	int depth; /* the transaction level it was registered in */
};

struct store {
	sqlite3 *db;
	struct cached_stmt cache[STMT_CACHE];
	unsigned long clock;
	int depth; /* open transactions: 0 none, 1 BEGIN, >1 savepoints */
	struct after_commit *pending; /* see store_after_commit */
	size_t npending, spending;
	char *path;
	/* The message of a failure found here rather than by SQLite (a refused
	 * bind, an allocation), until the next call: store_errmsg's answer. */
	const char *own_msg;
	struct store_wait wait;
	/* SQLite itself ended the open transaction (it does on a full disk):
	 * what follows would run outside it, one autocommit at a time, so
	 * every statement is refused with this code until the outermost
	 * rollback. STORE_OK when not. */
	store_rc aborted;
	int has_key;
	unsigned char key[CRYPT_KEY_BYTES];
	int lock_fd; /* the shared lock on "<path>.lock"; -1 for none */
};

/* A refused bind is sticky, like a refused buf append: the binds that
 * follow do nothing and the next store_step returns the first bind's
 * error without running the statement, so that a statement never runs
 * with a parameter silently left NULL. Callers may ignore bind results
 * and check the step's. store_reset clears it. */
struct store_stmt {
	sqlite3_stmt *st;
	store *db;
	struct cached_stmt *slot; /* NULL when not cached */
	int bind_rc;              /* SQLite's code for the first refused bind */
};

static store_rc map_rc(int rc)
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
static store_rc db_rc(store *db, int rc)
{
	store_rc r = map_rc(rc);

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
	return db_rc(db, sqlite3_exec(db->db, sql, NULL, NULL, NULL));
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

/* SQLite reads `$2` as a *name*, numbered by first appearance; `?2` is a
 * true position. Rewrite $N outside string literals and identifiers. */
static char *rewrite_params(const char *sql)
{
	struct buf b;
	char quote = 0;
	const char *p;

	buf_init(&b, strlen(sql) + 1);
	for (p = sql; *p; p++) {
		char c = *p;

		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '$' && p[1] >= '0' && p[1] <= '9') {
			c = '?';
		}
		if (buf_addc(&b, c) != VG_OK) {
			buf_free(&b);
			return NULL;
		}
	}
	return buf_detach(&b);
}

/* A free cached statement for sql, lent out; NULL if there is none. */
static struct cached_stmt *cache_take(store *db, const char *sql)
{
	size_t i;

	for (i = 0; i < STMT_CACHE; i++) {
		struct cached_stmt *c = &db->cache[i];

		if (c->sql && !c->in_use && !strcmp(c->sql, sql)) {
			c->in_use = 1;
			c->used = ++db->clock;
			return c;
		}
	}
	return NULL;
}

/* Keeps a new statement in a free or the least recently used idle slot;
 * NULL (not cached) when every slot is lent out. */
static struct cached_stmt *cache_put(store *db, const char *sql,
				     sqlite3_stmt *st)
{
	struct cached_stmt *victim = NULL;
	size_t i;
	char *copy;

	for (i = 0; i < STMT_CACHE; i++) {
		struct cached_stmt *c = &db->cache[i];

		if (c->in_use)
			continue;
		if (!victim || !c->sql || (victim->sql && c->used < victim->used))
			victim = c;
		if (!c->sql)
			break;
	}
	if (!victim)
		return NULL;
	copy = strdup(sql);
	if (!copy)
		return NULL;
	sqlite3_finalize(victim->st);
	free(victim->sql);
	victim->sql = copy;
	victim->st = st;
	victim->in_use = 1;
	victim->used = ++db->clock;
	return victim;
}

store_rc store_prepare(store *db, const char *sql, store_stmt **out)
{
	store_stmt *st;
	struct cached_stmt *c;
	char *q;
	int rc;

	*out = NULL;
	db->own_msg = NULL;
	st = calloc(1, sizeof(*st));
	if (!st) {
		db->own_msg = "out of memory";
		return STORE_ERROR;
	}
	st->db = db;
	c = cache_take(db, sql);
	if (c) {
		st->st = c->st;
		st->slot = c;
		*out = st;
		return STORE_OK;
	}
	q = rewrite_params(sql);
	if (!q) {
		free(st);
		db->own_msg = "out of memory";
		return STORE_ERROR;
	}
	rc = sqlite3_prepare_v2(db->db, q, -1, &st->st, NULL);
	free(q);
	if (rc != SQLITE_OK) {
		free(st);
		return db_rc(db, rc);
	}
	store_wait_end(&db->wait);
	st->slot = cache_put(db, sql, st->st);
	*out = st;
	return STORE_OK;
}

/* Keeps the first refused bind (see struct store_stmt). */
static store_rc bind_result(store_stmt *st, int rc)
{
	if (rc != SQLITE_OK && !st->bind_rc)
		st->bind_rc = rc;
	return map_rc(rc);
}

store_rc store_bind_text(store_stmt *st, int n, const char *s)
{
	if (st->bind_rc)
		return map_rc(st->bind_rc);
	if (!s)
		return store_bind_null(st, n);
	return bind_result(st, sqlite3_bind_text(st->st, n, s, -1,
						 SQLITE_TRANSIENT));
}

store_rc store_bind_textn(store_stmt *st, int n, const char *s, size_t len)
{
	if (st->bind_rc)
		return map_rc(st->bind_rc);
	if (!s)
		return store_bind_null(st, n);
	return bind_result(st, sqlite3_bind_text64(st->st, n, s, len,
						   SQLITE_TRANSIENT,
						   SQLITE_UTF8));
}

store_rc store_bind_int(store_stmt *st, int n, int64_t v)
{
	if (st->bind_rc)
		return map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_int64(st->st, n, v));
}

store_rc store_bind_double(store_stmt *st, int n, double v)
{
	if (st->bind_rc)
		return map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_double(st->st, n, v));
}

store_rc store_bind_blob(store_stmt *st, int n, const void *p, size_t len)
{
	if (st->bind_rc)
		return map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_blob64(st->st, n, p, len,
						   SQLITE_TRANSIENT));
}

store_rc store_bind_null(store_stmt *st, int n)
{
	if (st->bind_rc)
		return map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_null(st->st, n));
}

store_rc store_step(store_stmt *st)
{
	if (st->bind_rc) {
		/* SQLite's message of the bind may since have been replaced
		 * by another call; its code's text cannot. */
		st->db->own_msg = sqlite3_errstr(st->bind_rc);
		return map_rc(st->bind_rc);
	}
	st->db->own_msg = NULL;
	if (st->db->aborted)
		return st->db->aborted;
	return db_rc(st->db, sqlite3_step(st->st));
}

store_rc store_step_nowait(store_stmt *st)
{
	store_rc rc;

	st->db->wait.nowait = 1;
	rc = store_step(st);
	st->db->wait.nowait = 0;
	return rc;
}

store_rc store_reset(store_stmt *st)
{
	st->bind_rc = 0;
	sqlite3_clear_bindings(st->st);
	return map_rc(sqlite3_reset(st->st));
}

int store_column_count(store_stmt *st)
{
	return sqlite3_column_count(st->st);
}

const char *store_column_name(store_stmt *st, int col)
{
	return sqlite3_column_name(st->st, col);
}

int store_column_is_null(store_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

const char *store_column_text(store_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

int64_t store_column_int(store_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

double store_column_double(store_stmt *st, int col)
{
	return sqlite3_column_double(st->st, col);
}

const void *store_column_blob(store_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, col);

	*len = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

void store_finalize(store_stmt *st)
{
	if (!st)
		return;
	if (st->slot) {
		/* Back to the cache, ready to run again: no bound values of
		 * this use may linger into the next. */
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
		st->slot->in_use = 0;
	} else {
		sqlite3_finalize(st->st);
	}
	free(st);
}

int64_t store_changes(store *db)
{
	return sqlite3_changes64(db->db);
}

const char *store_errmsg(store *db)
{
	return db->own_msg ? db->own_msg : sqlite3_errmsg(db->db);
}

store_rc store_query_int(store *db, const char *sql, int64_t *out)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);

	if (rc != STORE_OK)
		return rc;
	rc = store_step(st);
	if (rc == STORE_ROW)
		*out = store_column_int(st, 0);
	store_finalize(st);
	return rc;
}

vg_status store_fail(store *db, store_rc rc, struct vg_error *err,
		     const char *where)
{
	vg_status s;

	if (rc == STORE_ERROR) {
		/* A caller that kept no code: the connection's last failure,
		 * if it was a lock or a full disk (after a success the code
		 * is not defined, so nothing else is trusted from it). */
		store_rc last = map_rc(sqlite3_extended_errcode(db->db));

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
