/* Two-factor keys at rest: sealed with the casebook's key like witness
 * identities, opened when an account is read, and the keys of casebooks
 * from before schema 15 sealed where a casebook is opened for work. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/crypt.h"
#include "store/users.h"
#include "store/users_int.h"

/* The account's two-factor key into out->totp_secret: the sealed one
 * opened with the casebook's key, else one left in clear. A sealed key
 * that cannot be opened (no key file, altered) leaves it empty while
 * totp_on stays set, so that every code is refused: a lost key never
 * turns two-factor off. */
void users_read_totp(store *db, const char *plain, const char *sealed,
		     struct user_row *out)
{
	const unsigned char *key = store_field_key(db);
	struct vg_error e;
	char *open = NULL;

	out->totp_on = (plain && *plain) || (sealed && *sealed);
	if (!sealed || !*sealed) {
		snprintf(out->totp_secret, sizeof(out->totp_secret), "%s",
			 plain ? plain : "");
		return;
	}
	vg_error_clear(&e);
	if (!key || crypt_open(key, sealed, &open, &e) != VG_OK)
		return;
	if (strlen(open) < sizeof(out->totp_secret))
		snprintf(out->totp_secret, sizeof(out->totp_secret), "%s", open);
	sodium_memzero(open, strlen(open));
	free(open);
}

/* Seals a two-factor key with the casebook's key; *out is freed by the
 * caller. */
static vg_status seal_seed(store *db, const char *secret, char **out,
			   struct vg_error *err)
{
	const unsigned char *key = store_field_key(db);

	*out = NULL;
	if (!key)
		return vg_fail(err, VG_EDENIED, "totp",
			       "the casebook has no key file (%s.key): "
			       "two-factor keys are sealed with it",
			       store_path(db));
	return crypt_seal(key, secret, out, err);
}

/* Writes the account's key, sealed (NULL removes it), and clears any key
 * left in clear. */
static vg_status write_seed(store *db, int64_t id, const char *sealed,
			    int reset_step, struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;

	rc = store_prepare(db, reset_step ?
			   "UPDATE \"user\" SET totp_secret = NULL, "
			   "totp_sealed = $2, totp_last_step = 0 WHERE id = $1" :
			   "UPDATE \"user\" SET totp_secret = NULL, "
			   "totp_sealed = $2 WHERE id = $1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, sealed);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "user");
	return VG_OK;
}

vg_status users_set_totp(store *db, int64_t id, const char *secret,
			 struct vg_error *err)
{
	char *sealed = NULL;
	vg_status s;

	if (!secret || !*secret)
		return write_seed(db, id, NULL, 1, err);
	s = seal_seed(db, secret, &sealed, err);
	if (s == VG_OK)
		s = write_seed(db, id, sealed, 1, err);
	free(sealed);
	return s;
}

/* The next account whose key is still in clear: VG_OK with *id and
 * secret filled, VG_ENOTFOUND when there is none. */
static vg_status next_plain_seed(store *db, int64_t *id, char secret[64],
				 struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;
	const char *s;

	rc = store_prepare(db, "SELECT id, totp_secret FROM \"user\" WHERE "
			   "totp_secret IS NOT NULL AND totp_secret <> '' "
			   "ORDER BY id LIMIT 1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	rc = store_step(st);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		s = store_column_text(st, 1);
		snprintf(secret, 64, "%s", s ? s : "");
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return VG_ENOTFOUND;
	return rc == STORE_ROW ? VG_OK : store_fail(db, rc, err, "user");
}

/* Seals every key left in clear, one account at a time (each sealed one
 * leaves the query), in the caller's transaction. */
static vg_status seal_all(store *db, int *sealed, struct vg_error *err)
{
	char secret[64], *box = NULL;
	int64_t id = 0;
	vg_status s;

	for (;;) {
		s = next_plain_seed(db, &id, secret, err);
		if (s == VG_ENOTFOUND)
			return VG_OK;
		if (s == VG_OK)
			s = seal_seed(db, secret, &box, err);
		sodium_memzero(secret, sizeof(secret));
		if (s == VG_OK)
			s = write_seed(db, id, box, 0, err);
		free(box);
		box = NULL;
		if (s != VG_OK)
			return s;
		if (*sealed < INT32_MAX)
			(*sealed)++;
	}
}

vg_status users_seal_seeds(store *db, int *sealed, struct vg_error *err)
{
	int64_t plain = 0;
	store_rc rc;
	vg_status s;
	int n = 0;

	if (sealed)
		*sealed = 0;
	rc = store_query_int(db, "SELECT COUNT(*) FROM \"user\" WHERE "
			     "totp_secret IS NOT NULL AND totp_secret <> ''",
			     &plain);
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "user");
	if (plain == 0)
		return VG_OK;
	rc = store_begin(db);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	s = seal_all(db, &n, err);
	if (s == VG_OK) {
		rc = store_commit(db);
		if (rc != STORE_OK)
			s = store_fail(db, rc, err, "user");
	}
	if (s != VG_OK) {
		store_rollback(db);
		return s;
	}
	/* The pages that held the keys in clear are rewritten in the main
	 * file now (secure_delete zeroes what they freed), not at some later
	 * checkpoint; a reader elsewhere may delay that, which is harmless. */
	(void)store_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	if (sealed)
		*sealed = n;
	return VG_OK;
}

vg_status users_totp_accept_step(store *db, int64_t id, int64_t step,
				 struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc;

	rc = store_prepare(db, "UPDATE \"user\" SET totp_last_step = $2 "
			   "WHERE id = $1 AND totp_last_step < $2", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "user");
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, step);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "user");
	if (store_changes(db) != 1)
		return vg_fail(err, VG_EDENIED, "code",
			       "this code was already used; wait for the next");
	return VG_OK;
}

