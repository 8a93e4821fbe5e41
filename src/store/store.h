/* store.h — the one narrow interface through which vigil speaks SQL.
 *
 * Modelled on SQLite's own API so that a libpq driver can sit behind it
 * later. SQL is written once, in the dialect SQLite 3.40 and PostgreSQL 15
 * both accept: `$1`-style parameters, ON CONFLICT ... DO UPDATE, RETURNING.
 * Values are always bound, never pasted into SQL.
 *
 * A connection is used by one thread at a time. */
#ifndef VIGIL_STORE_STORE_H
#define VIGIL_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct store store;
typedef struct store_stmt store_stmt;

#define STORE_BUSY_WAIT_MS 5000
#define STORE_BUSY_SHARE_MS 200

typedef enum store_rc {
	STORE_OK = 0,
	STORE_ROW,              /* store_step: a row is ready */
	STORE_DONE,             /* store_step: no more rows */
	STORE_UNIQUE_VIOLATION, /* a UNIQUE or PRIMARY KEY constraint failed */
	STORE_CONSTRAINT,       /* another constraint (FK, CHECK, NOT NULL) failed */
	STORE_RETRY,            /* busy or locked: the transaction may be retried */
	STORE_FULL,             /* the disk is full: nothing of the statement stays */
	STORE_ERROR             /* anything else; store_errmsg says what */
} store_rc;

enum store_open_flags {
	STORE_OPEN_CREATE = 1,   /* create the file if it does not exist */
	STORE_OPEN_READONLY = 2
};

/* Opens (and with STORE_OPEN_CREATE creates) a database file with foreign
 * keys on, journal_mode=WAL, synchronous=FULL, secure_delete=ON and a busy
 * wait. Does not create or migrate the schema (see schema.h).
 *
 * The busy wait: a statement that finds the write lock taken by another
 * connection waits up to STORE_BUSY_WAIT_MS for it, then fails with
 * STORE_RETRY. Only one connection of a process waits longer than
 * STORE_BUSY_SHARE_MS at a time; the others give up then, so that a
 * server's threads are not all held by writers waiting for a long import
 * while readers (which WAL never makes wait) queue behind them. */
store_rc store_open(const char *path, unsigned flags, store **out,
		    struct vg_error *err);
void store_close(store *db);

/* Runs SQL without parameters (schema scripts, pragmas). May hold several
 * statements. */
store_rc store_exec(store *db, const char *sql);

/* Transactions nest: the outermost begin is BEGIN IMMEDIATE, inner ones are
 * savepoints. Every begin is matched by exactly one commit or rollback. */
store_rc store_begin(store *db);
store_rc store_commit(store *db);
store_rc store_rollback(store *db);
int store_in_transaction(const store *db);

/* Begins a read transaction: one consistent snapshot for several reads
 * (an export) without taking the write lock; inside another transaction
 * it is a savepoint. Ends with store_commit or store_rollback. */
store_rc store_begin_read(store *db);

/* Defers run(ctx) until the outermost transaction commits, so that what
 * listens to changes (the name index) never sees a write that is then
 * rolled back. A rollback of the level it was registered in (or of an
 * enclosing one) drops it instead. drop(ctx), if not NULL, is called once
 * in either case, after run. Outside a transaction run is called at once.
 * STORE_ERROR (with drop called) when memory runs out. */
store_rc store_after_commit(store *db, void (*run)(void *ctx),
			    void (*drop)(void *ctx), void *ctx);

/* Prepares one statement. `$N` parameters are numbered from 1 and may
 * appear in any order and more than once. */
store_rc store_prepare(store *db, const char *sql, store_stmt **out);

/* Binding by parameter number ($1 is 1). A NULL text binds SQL NULL.
 * A refused bind (out of memory, too big, no such parameter) is sticky:
 * later binds do nothing and the next store_step returns its error
 * without running the statement, until store_reset. So a caller may
 * leave bind results unchecked and check the step's: a statement never
 * runs with a value missing. */
store_rc store_bind_text(store_stmt *st, int n, const char *s);
store_rc store_bind_textn(store_stmt *st, int n, const char *s, size_t len);
store_rc store_bind_int(store_stmt *st, int n, int64_t v);
store_rc store_bind_double(store_stmt *st, int n, double v);
store_rc store_bind_blob(store_stmt *st, int n, const void *p, size_t len);
store_rc store_bind_null(store_stmt *st, int n);

store_rc store_step(store_stmt *st);
/* store_step for a write not worth waiting for (a last-seen stamp): when
 * another connection holds the write lock it fails with STORE_RETRY at
 * once instead of after the busy wait. */
store_rc store_step_nowait(store_stmt *st);
/* Makes a statement ready to run again with new bindings. */
store_rc store_reset(store_stmt *st);

/* Columns of the current row, numbered from 0. Text is valid until the next
 * step, reset or finalize; NULL for SQL NULL. */
int store_column_count(store_stmt *st);
const char *store_column_name(store_stmt *st, int col);
int store_column_is_null(store_stmt *st, int col);
const char *store_column_text(store_stmt *st, int col);
int64_t store_column_int(store_stmt *st, int col);
double store_column_double(store_stmt *st, int col);
const void *store_column_blob(store_stmt *st, int col, size_t *len);

void store_finalize(store_stmt *st);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t store_changes(store *db);

/* The last error message of this connection (never personal data: values
 * are bound, so SQLite's messages name only tables and columns). */
const char *store_errmsg(store *db);

/* Convenience for a statement that returns at most one integer:
 * STORE_ROW with *out set, or STORE_DONE when there is no row. */
store_rc store_query_int(store *db, const char *sql, int64_t *out);

/* Maps a store_rc to a vg_status and fills err with where and errmsg:
 * STORE_RETRY is VG_EBUSY and STORE_FULL VG_ENOSPC, each with a message
 * that can be shown to anyone as it is ("the casebook is busy ...", "the
 * disk is full ..."). */
vg_status store_fail(store *db, store_rc rc, struct vg_error *err,
		     const char *where);

/* The path the store was opened on. */
const char *store_path(const store *db);

/* While a store is open it holds a shared advisory lock (flock) on
 * "<path>.lock", which store_open creates (0600) and leaves in place.
 * Whoever replaces the database file takes it exclusively:
 * store_lock_exclusive does so without waiting and fails with VG_EDENIED,
 * naming the process that holds it when the system says, while any
 * process has the database open. *fd is released with store_lock_release;
 * store_lock_remove also deletes the lock file, for a caller that leaves
 * no database behind (a refused restore into a new path). */
vg_status store_lock_exclusive(const char *path, int *fd,
			       struct vg_error *err);
void store_lock_release(int fd);
void store_lock_remove(const char *path, int fd);

/* Removes the temporary files an interrupted restore may have left
 * beside the database ("<path>.tmp-XXXXXX", "<path>.key.tmp-XXXXXX"),
 * logging each; returns how many. Only for a caller holding the lock
 * (store_open does it): a restore at work holds it exclusively, so no
 * such file belongs to one still running. */
int store_remove_leftovers(const char *path);

/* The key for FIELD_ENCRYPTED values (store/crypt.h). store_open loads it
 * from "<path>.key" when that file exists, and fails with VG_EDENIED if
 * the file may be read by group or others. NULL when there is no key:
 * reading or writing an encrypted field then fails clearly. */
const unsigned char *store_field_key(const store *db);

/* Sets the key (32 bytes, copied) or clears it with NULL: for `vigil
 * init` right after creating the key file, and for tests. */
void store_set_field_key(store *db, const unsigned char *key);

#endif
