/* store_sqlite_int.h — what the SQLite driver's files share
 * (store_sqlite.c: connections, transactions, errors; store_sqlite_stmt.c:
 * statements). Not a public interface. */
#ifndef VIGIL_STORE_STORE_SQLITE_INT_H
#define VIGIL_STORE_STORE_SQLITE_INT_H

#include <stddef.h>

#include <sqlite3.h>

#include "store/crypt.h"
#include "store/store.h"
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

/* SQLite's result code as a store_rc. */
store_rc sq_map_rc(int rc);
/* sq_map_rc, with what only the connection knows (a full disk reported as
 * an I/O error, the end of a long busy wait, a transaction SQLite ended
 * itself). */
store_rc sq_db_rc(store *db, int rc);

#endif
