/* store_sqlite_stmt.c — statements of the SQLite driver: $N parameters,
 * the per-connection cache of prepared statements, binding (a refused
 * bind is sticky), stepping, columns. */
#include "store/store_sqlite_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

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
		return sq_db_rc(db, rc);
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
	return sq_map_rc(rc);
}

store_rc store_bind_text(store_stmt *st, int n, const char *s)
{
	if (st->bind_rc)
		return sq_map_rc(st->bind_rc);
	if (!s)
		return store_bind_null(st, n);
	return bind_result(st, sqlite3_bind_text(st->st, n, s, -1,
						 SQLITE_TRANSIENT));
}

store_rc store_bind_textn(store_stmt *st, int n, const char *s, size_t len)
{
	if (st->bind_rc)
		return sq_map_rc(st->bind_rc);
	if (!s)
		return store_bind_null(st, n);
	return bind_result(st, sqlite3_bind_text64(st->st, n, s, len,
						   SQLITE_TRANSIENT,
						   SQLITE_UTF8));
}

store_rc store_bind_int(store_stmt *st, int n, int64_t v)
{
	if (st->bind_rc)
		return sq_map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_int64(st->st, n, v));
}

store_rc store_bind_double(store_stmt *st, int n, double v)
{
	if (st->bind_rc)
		return sq_map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_double(st->st, n, v));
}

store_rc store_bind_blob(store_stmt *st, int n, const void *p, size_t len)
{
	if (st->bind_rc)
		return sq_map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_blob64(st->st, n, p, len,
						   SQLITE_TRANSIENT));
}

store_rc store_bind_null(store_stmt *st, int n)
{
	if (st->bind_rc)
		return sq_map_rc(st->bind_rc);
	return bind_result(st, sqlite3_bind_null(st->st, n));
}

store_rc store_step(store_stmt *st)
{
	if (st->bind_rc) {
		/* SQLite's message of the bind may since have been replaced
		 * by another call; its code's text cannot. */
		st->db->own_msg = sqlite3_errstr(st->bind_rc);
		return sq_map_rc(st->bind_rc);
	}
	st->db->own_msg = NULL;
	if (st->db->aborted)
		return st->db->aborted;
	return sq_db_rc(st->db, sqlite3_step(st->st));
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
	return sq_map_rc(sqlite3_reset(st->st));
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

