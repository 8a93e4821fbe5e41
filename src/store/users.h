/* users.h — accounts: names, Argon2id password hashes, roles, two-factor
 * secrets and API tokens (stored as SHA-256, shown once at creation).
 *
 * Sign-in answers are built so that a wrong password and an unknown name
 * cannot be told apart: both return VG_EDENIED after the same work. */
#ifndef VIGIL_STORE_USERS_H
#define VIGIL_STORE_USERS_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "model/model.h"
#include "store/store.h"

#define USERS_NAME_MAX 63
#define USERS_PASSWORD_MIN 10
#define USERS_PASSWORD_MAX 256

struct user_row {
	int64_t id;
	char name[USERS_NAME_MAX + 1];
	enum role role;
	int disabled;
	int totp_on;          /* two-factor is enrolled */
	/* The key, base32, opened from its sealed form; "" when not enrolled,
	 * and also when enrolled but the casebook's key cannot open it (then
	 * every code is refused). Never written anywhere in clear. */
	char totp_secret[64];
};

/* VG_EINVAL naming the problem when name is not 1..63 of [a-z0-9._-]. */
vg_status users_check_name(const char *name, struct vg_error *err);
/* VG_EINVAL when password is shorter than USERS_PASSWORD_MIN or longer than
 * USERS_PASSWORD_MAX bytes. */
vg_status users_check_password_policy(const char *password,
				      struct vg_error *err);

/* Creates an account. VG_EEXIST when the name is taken. role may not be
 * ROLE_PUBLIC. *id (if not NULL) receives its id. */
vg_status users_add(store *db, const char *name, const char *password,
		    enum role role, int64_t *id, struct vg_error *err);

/* VG_ENOTFOUND when there is no such account. */
vg_status users_get(store *db, int64_t id, struct user_row *out,
		    struct vg_error *err);
vg_status users_find(store *db, const char *name, struct user_row *out,
		     struct vg_error *err);

/* Checks a password. VG_OK with *out filled, or VG_EDENIED for an unknown
 * name, a wrong password or a disabled account alike. */
vg_status users_authenticate(store *db, const char *name,
			     const char *password, struct user_row *out,
			     struct vg_error *err);

/* Changes the password and ends every session of the account. */
vg_status users_set_password(store *db, const char *name,
			     const char *password, struct vg_error *err);
vg_status users_set_role(store *db, const char *name, enum role role,
			 struct vg_error *err);
/* Disabling also ends every session and revokes API tokens. */
vg_status users_set_disabled(store *db, const char *name, int disabled,
			     struct vg_error *err);
/* Enrols secret (base32), sealed with the casebook's key (store/crypt.h)
 * like witness identities: VG_EDENIED naming the key file when the
 * casebook has none. secret NULL or "" removes two-factor. */
vg_status users_set_totp(store *db, int64_t id, const char *secret,
			 struct vg_error *err);

/* Seals the two-factor keys a casebook from before schema 15 kept in
 * clear, in one transaction, then checkpoints the WAL so the clear copies
 * leave the file. *sealed (if not NULL) receives how many. VG_OK with
 * nothing to do; VG_EDENIED (nothing changed) when there are keys in
 * clear but no key file. Run where a casebook is opened for work
 * (vigil serve, vigil user). */
vg_status users_seal_seeds(store *db, int *sealed, struct vg_error *err);

/* Records that the account signed in with the two-factor code of time
 * step `step` (unix time / 30). VG_OK when step is newer than every step
 * accepted before; VG_EDENIED when it is not (a replayed code). The check
 * and the update are one statement, so two requests racing with the same
 * code cannot both pass. Enrolling a new secret resets the record. */
vg_status users_totp_accept_step(store *db, int64_t id, int64_t step,
				 struct vg_error *err);

/* Creates an API token for the account: 64 hex digits written to token
 * (shown once; only its hash is kept). */
vg_status users_token_new(store *db, const char *name, const char *label,
			  char token[65], struct vg_error *err);
/* The enabled account a token belongs to, or VG_EDENIED. */
vg_status users_token_check(store *db, const char *token,
			    struct user_row *out, struct vg_error *err);

/* [{"id", "username", "role", "disabled", "totp"}] ordered by name. The
 * caller owns the array. */
vg_status users_list(store *db, json_t **out, struct vg_error *err);

/* Hex SHA-256 of s, for tokens. */
void users_sha256_hex(const char *s, char out[65]);

#endif
