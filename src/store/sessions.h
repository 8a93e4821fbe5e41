/* sessions.h — sign-in sessions: 256-bit random tokens kept only as
 * SHA-256, with an idle and an absolute lifetime. */
#ifndef VIGIL_STORE_SESSIONS_H
#define VIGIL_STORE_SESSIONS_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* Starts a session for user_id; token receives the 64 hex digits to put in
 * the cookie (the database keeps only the hash) and csrf the session's
 * synchronizer token for forms. */
vg_status sessions_create(store *db, int64_t user_id, char token[65],
			  char csrf[65], struct vg_error *err);

/* Finds the live session for token and touches it. VG_ENOTFOUND when there
 * is none, or it was idle more than idle_s or is older than max_s (such a
 * session is deleted). hash receives the token's hash, csrf the session's
 * form token. */
vg_status sessions_lookup(store *db, const char *token, unsigned idle_s,
			  unsigned max_s, int64_t *user_id, char hash[65],
			  char csrf[65], struct vg_error *err);

/* Ends one session (by hash), or all of a user's sessions. */
vg_status sessions_delete(store *db, const char *hash, struct vg_error *err);
vg_status sessions_delete_user(store *db, int64_t user_id,
			       struct vg_error *err);

#endif
