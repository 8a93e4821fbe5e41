/* Sign-in sessions, stored by the hash of their token. */
#include "store/sessions.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/users.h"

vg_status sessions_create(store *db, int64_t user_id, char token[65],
			  char csrf[65], struct vg_error *err)
{
	unsigned char raw[32];
	char hash[65];
	store_stmt *st = NULL;
	store_rc rc;
	int64_t now = (int64_t)time(NULL);

	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, "sessions", "no randomness");
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, 65, raw, sizeof(raw));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(csrf, 65, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	users_sha256_hex(token, hash);
	rc = store_prepare(db,
			   "INSERT INTO session (token_hash, user_id, csrf, "
			   "created_at, last_seen) VALUES ($1, $2, $4, $3, $3)",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "sessions");
	store_bind_text(st, 1, hash);
	store_bind_int(st, 2, user_id);
	store_bind_int(st, 3, now);
	store_bind_text(st, 4, csrf);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "sessions");
	return VG_OK;
}

vg_status sessions_lookup(store *db, const char *token, unsigned idle_s,
			  unsigned max_s, int64_t *user_id, char hash[65],
			  char csrf[65], struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;
	int64_t now = (int64_t)time(NULL), created, seen;

	hash[0] = '\0';
	if (!token || strlen(token) != 64)
		return vg_fail(err, VG_ENOTFOUND, "session", "no session");
	users_sha256_hex(token, hash);
	rc = store_prepare(db,
			   "SELECT user_id, created_at, last_seen, csrf FROM session "
			   "WHERE token_hash = $1",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "sessions");
	store_bind_text(st, 1, hash);
	rc = store_step(st);
	if (rc != STORE_ROW) {
		store_finalize(st);
		if (rc == STORE_DONE)
			return vg_fail(err, VG_ENOTFOUND, "session",
				       "no session");
		return store_fail(db, rc, err, "sessions");
	}
	*user_id = store_column_int(st, 0);
	created = store_column_int(st, 1);
	seen = store_column_int(st, 2);
	snprintf(csrf, 65, "%s",
		 store_column_text(st, 3) ? store_column_text(st, 3) : "");
	store_finalize(st);
	if (now - seen > (int64_t)idle_s || now - created > (int64_t)max_s) {
		sessions_delete(db, hash, NULL);
		return vg_fail(err, VG_ENOTFOUND, "session", "session expired");
	}
	if (now == seen)
		return VG_OK; /* spare a write per request within one second */
	rc = store_prepare(db,
			   "UPDATE session SET last_seen = $2 "
			   "WHERE token_hash = $1",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "sessions");
	store_bind_text(st, 1, hash);
	store_bind_int(st, 2, now);
	/* The stamp is worth no wait: while another program writes, or the
	 * disk is full, the session goes on and is stamped next time. */
	rc = store_step_nowait(st);
	store_finalize(st);
	if (rc != STORE_DONE && rc != STORE_RETRY && rc != STORE_FULL)
		return store_fail(db, rc, err, "sessions");
	return VG_OK;
}

static vg_status delete_where(store *db, const char *sql, const char *text,
			      int64_t id, struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;

	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "sessions");
	if (text)
		store_bind_text(st, 1, text);
	else
		store_bind_int(st, 1, id);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "sessions");
	return VG_OK;
}

vg_status sessions_delete(store *db, const char *hash, struct vg_error *err)
{
	return delete_where(db, "DELETE FROM session WHERE token_hash = $1",
			    hash, 0, err);
}

vg_status sessions_delete_user(store *db, int64_t user_id,
			       struct vg_error *err)
{
	return delete_where(db, "DELETE FROM session WHERE user_id = $1",
			    NULL, user_id, err);
}
