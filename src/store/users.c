/* Accounts: Argon2id passwords, roles, two-factor secrets, API tokens. */
#include "store/users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/sessions.h"
#include "store/users_int.h"

void users_sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

vg_status users_check_name(const char *name, struct vg_error *err)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n == 0 || n > USERS_NAME_MAX)
		return vg_fail(err, VG_EINVAL, "username",
			       "must be 1 to %d characters", USERS_NAME_MAX);
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return vg_fail(err, VG_EINVAL, "username",
				       "may hold only a-z, 0-9, '.', '_' and '-'");
	}
	return VG_OK;
}

vg_status users_check_password_policy(const char *password,
				      struct vg_error *err)
{
	size_t n = password ? strlen(password) : 0;

	if (n < USERS_PASSWORD_MIN)
		return vg_fail(err, VG_EINVAL, "password",
			       "must be at least %d characters",
			       USERS_PASSWORD_MIN);
	if (n > USERS_PASSWORD_MAX)
		return vg_fail(err, VG_EINVAL, "password",
			       "must be at most %d characters",
			       USERS_PASSWORD_MAX);
	return VG_OK;
}

static vg_status hash_password(const char *password,
			       char out[crypto_pwhash_STRBYTES],
			       struct vg_error *err)
{
	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, "password", "libsodium failed");
	if (crypto_pwhash_str(out, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return vg_fail(err, VG_ENOMEM, "password",
			       "not enough memory to hash the password");
	return VG_OK;
}

vg_status users_add(store *db, const char *name, const char *password,
		    enum role role, int64_t *id, struct vg_error *err)
{
	char hash[crypto_pwhash_STRBYTES], at[32];
	store_stmt *st = NULL;
	store_rc rc;
	vg_status s;

	s = users_check_name(name, err);
	if (s == VG_OK)
		s = users_check_password_policy(password, err);
	if (s != VG_OK)
		return s;
	if (role == ROLE_PUBLIC)
		return vg_fail(err, VG_EINVAL, "role",
			       "an account needs a role above public");
	s = hash_password(password, hash, err);
	if (s != VG_OK)
		return s;
	now_iso(at);
	rc = store_prepare(db,
			   "INSERT INTO \"user\" (username, password_hash, role, "
			   "created_at) VALUES ($1, $2, $3, $4) RETURNING id",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, hash);
	store_bind_text(st, 3, model_role_name(role));
	store_bind_text(st, 4, at);
	rc = store_step(st);
	if (rc == STORE_ROW && id)
		*id = store_column_int(st, 0);
	store_finalize(st);
	if (rc == STORE_UNIQUE_VIOLATION)
		return vg_fail(err, VG_EEXIST, "username",
			       "an account called '%s' exists", name);
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "user");
	return VG_OK;
}

/* totp_secret is a key kept in clear by a casebook from before migration
 * 015 and not yet sealed; totp_sealed is the sealed key. */
#define USER_COLUMNS "id, username, role, disabled, totp_secret, totp_sealed"
#define COL_PASSWORD 6

static void read_row(store *db, store_stmt *st, struct user_row *out)
{
	enum role r = ROLE_PUBLIC;

	memset(out, 0, sizeof(*out));
	out->id = store_column_int(st, 0);
	snprintf(out->name, sizeof(out->name), "%s",
		 store_column_text(st, 1) ? store_column_text(st, 1) : "");
	if (model_role_parse(store_column_text(st, 2) ?
			     store_column_text(st, 2) : "", &r) == 0)
		out->role = r;
	out->disabled = (int)store_column_int(st, 3);
	users_read_totp(db, store_column_text(st, 4),
			store_column_text(st, 5), out);
}

/* Runs a one-row SELECT of USER_COLUMNS bound to text or id. */
static vg_status get_one(store *db, const char *sql, const char *text,
			 int64_t id, struct user_row *out, char *pw_hash,
			 size_t pw_size, struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;

	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	if (text)
		store_bind_text(st, 1, text);
	else
		store_bind_int(st, 1, id);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		read_row(db, st, out);
		if (pw_hash)
			snprintf(pw_hash, pw_size, "%s",
				 store_column_text(st, COL_PASSWORD) ?
				 store_column_text(st, COL_PASSWORD) : "");
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return vg_fail(err, VG_ENOTFOUND, "user", "no such account");
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "user");
	return VG_OK;
}

vg_status users_get(store *db, int64_t id, struct user_row *out,
		    struct vg_error *err)
{
	return get_one(db, "SELECT " USER_COLUMNS " FROM \"user\" WHERE id = $1",
		       NULL, id, out, NULL, 0, err);
}

vg_status users_find(store *db, const char *name, struct user_row *out,
		     struct vg_error *err)
{
	return get_one(db,
		       "SELECT " USER_COLUMNS " FROM \"user\" WHERE username = $1",
		       name, 0, out, NULL, 0, err);
}

vg_status users_authenticate(store *db, const char *name,
			     const char *password, struct user_row *out,
			     struct vg_error *err)
{
	/* A valid hash of a password nobody knows: verifying against it for an
	 * unknown name costs the same time as a real check. */
	static char dummy[crypto_pwhash_STRBYTES];
	char hash[crypto_pwhash_STRBYTES];
	vg_status s;
	int ok;

	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, "password", "libsodium failed");
	if (!dummy[0]) {
		char tmp[crypto_pwhash_STRBYTES];

		if (hash_password("no account has this password", tmp, err) ==
		    VG_OK)
			memcpy(dummy, tmp, sizeof(dummy));
	}
	if (!password || strlen(password) > USERS_PASSWORD_MAX)
		password = "";
	s = get_one(db,
		    "SELECT " USER_COLUMNS ", password_hash FROM \"user\" "
		    "WHERE username = $1",
		    name ? name : "", 0, out, hash, sizeof(hash), err);
	if (s != VG_OK && s != VG_ENOTFOUND)
		return s;
	if (s == VG_ENOTFOUND) {
		if (crypto_pwhash_str_verify(dummy, password,
					     strlen(password)) == 0)
			return vg_fail(err, VG_EINTERNAL, "login",
				       "the dummy hash matched");
		return vg_fail(err, VG_EDENIED, "login",
			       "wrong name or password");
	}
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	if (!ok || out->disabled)
		return vg_fail(err, VG_EDENIED, "login",
			       "wrong name or password");
	return VG_OK;
}

/* UPDATE "user" SET <set> WHERE username = $1 with $2 bound to text or
 * int; VG_ENOTFOUND when no account has that name. */
static vg_status update_user(store *db, const char *set, const char *name,
			     const char *text, int64_t num, int is_text,
			     struct vg_error *err)
{
	char sql[256];
	store_stmt *st = NULL;
	store_rc rc;

	snprintf(sql, sizeof(sql), "UPDATE \"user\" SET %s WHERE username = $1",
		 set);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	store_bind_text(st, 1, name);
	if (is_text)
		store_bind_text(st, 2, text);
	else
		store_bind_int(st, 2, num);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "user");
	if (store_changes(db) == 0)
		return vg_fail(err, VG_ENOTFOUND, "user",
			       "no account called '%s'", name);
	return VG_OK;
}

vg_status users_set_password(store *db, const char *name,
			     const char *password, struct vg_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_row u;
	vg_status s;

	s = users_check_password_policy(password, err);
	if (s == VG_OK)
		s = users_find(db, name, &u, err);
	if (s == VG_OK)
		s = hash_password(password, hash, err);
	if (s == VG_OK)
		s = update_user(db, "password_hash = $2", name, hash, 0, 1, err);
	if (s == VG_OK)
		s = sessions_delete_user(db, u.id, err);
	return s;
}

vg_status users_set_role(store *db, const char *name, enum role role,
			 struct vg_error *err)
{
	if (role == ROLE_PUBLIC)
		return vg_fail(err, VG_EINVAL, "role",
			       "an account needs a role above public");
	return update_user(db, "role = $2", name, model_role_name(role), 0, 1,
			   err);
}

static vg_status delete_tokens(store *db, int64_t user_id,
			       struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;

	rc = store_prepare(db, "DELETE FROM api_token WHERE user_id = $1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "api_token");
	store_bind_int(st, 1, user_id);
	rc = store_step(st);
	store_finalize(st);
	return rc == STORE_DONE ? VG_OK : store_fail(db, rc, err, "api_token");
}

vg_status users_set_disabled(store *db, const char *name, int disabled,
			     struct vg_error *err)
{
	struct user_row u;
	vg_status s;

	s = users_find(db, name, &u, err);
	if (s == VG_OK)
		s = update_user(db, "disabled = $2", name, NULL, disabled ? 1 : 0,
				0, err);
	if (s == VG_OK && disabled)
		s = sessions_delete_user(db, u.id, err);
	if (s == VG_OK && disabled)
		s = delete_tokens(db, u.id, err);
	return s;
}

vg_status users_token_new(store *db, const char *name, const char *label,
			  char token[65], struct vg_error *err)
{
	unsigned char raw[32];
	char hash[65], at[32];
	struct user_row u;
	store_stmt *st = NULL;
	store_rc rc;
	vg_status s;

	s = users_find(db, name, &u, err);
	if (s != VG_OK)
		return s;
	if (u.disabled)
		return vg_fail(err, VG_EINVAL, "user", "the account is disabled");
	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, "token", "libsodium failed");
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, 65, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	users_sha256_hex(token, hash);
	now_iso(at);
	rc = store_prepare(db,
			   "INSERT INTO api_token (token_hash, user_id, label, "
			   "created_at) VALUES ($1, $2, $3, $4)",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "api_token");
	store_bind_text(st, 1, hash);
	store_bind_int(st, 2, u.id);
	store_bind_text(st, 3, label && *label ? label : "api");
	store_bind_text(st, 4, at);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "api_token");
	return VG_OK;
}

vg_status users_token_check(store *db, const char *token,
			    struct user_row *out, struct vg_error *err)
{
	char hash[65];
	vg_status s;

	if (!token || strlen(token) != 64)
		return vg_fail(err, VG_EDENIED, "token", "unknown API token");
	users_sha256_hex(token, hash);
	s = get_one(db,
		    "SELECT u.id, u.username, u.role, u.disabled, u.totp_secret, "
		    "u.totp_sealed FROM api_token t JOIN \"user\" u ON u.id = t.user_id "
		    "WHERE t.token_hash = $1",
		    hash, 0, out, NULL, 0, err);
	if (s == VG_ENOTFOUND || (s == VG_OK && out->disabled))
		return vg_fail(err, VG_EDENIED, "token", "unknown API token");
	return s;
}

vg_status users_list(store *db, json_t **out, struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;
	json_t *arr = json_array();
	struct user_row u;

	*out = NULL;
	if (!arr)
		return vg_fail(err, VG_ENOMEM, "user", "out of memory");
	rc = store_prepare(db,
			   "SELECT " USER_COLUMNS " FROM \"user\" ORDER BY username",
			   &st);
	if (rc != STORE_OK) {
		json_decref(arr);
		return store_fail(db, rc, err, "user");
	}
	for (;;) {
		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		read_row(db, st, &u);
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s,s:b,s:b}", "id",
				       (json_int_t)u.id, "username", u.name,
				       "role", model_role_name(u.role),
				       "disabled", u.disabled, "totp",
				       u.totp_on));
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		json_decref(arr);
		return store_fail(db, rc, err, "user");
	}
	*out = arr;
	return VG_OK;
}
