/* Unit tests for accounts and sessions: password checks that do not tell
 * unknown names from wrong passwords, tokens kept only as hashes, sessions
 * that end on expiry, password change and disabling, and TOTP codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/sessions.h"
#include "store/users.h"
#include "store_test_util.h"
#include "web/totp.h"

static store *db;
static char path[256];
static const unsigned char field_key[32] = "a test key of thirty-two bytes!";

static int setup(void **state)
{
	struct vg_error err;
	const char *tmp = getenv("VIGIL_TMP");

	(void)state;
	snprintf(path, sizeof(path), "%s/test_users_%d.db", tmp ? tmp : "/tmp",
		 (int)getpid());
	unlink(path);
	if (store_open(path, STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		return -1;
	if (schema_migrate(db, 0, NULL, &err) != VG_OK) {
		fprintf(stderr, "%s: %s\n", err.where, err.msg);
		return -1;
	}
	store_set_field_key(db, field_key);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	remove_casebook_files(path);
	return 0;
}

static void test_a_new_account_signs_in_with_its_password(void **state)
{
	struct vg_error err;
	struct user_row u;
	int64_t id = 0;

	(void)state;
	assert_int_equal(users_add(db, "amina", "long enough secret",
				   ROLE_EDITOR, &id, &err), VG_OK);
	assert_true(id > 0);
	assert_int_equal(users_authenticate(db, "amina", "long enough secret",
					    &u, &err), VG_OK);
	assert_int_equal(u.id, id);
	assert_int_equal(u.role, ROLE_EDITOR);
	assert_string_equal(u.totp_secret, "");
}

static void test_unknown_name_and_wrong_password_answer_alike(void **state)
{
	struct vg_error e1, e2;
	struct user_row u;

	(void)state;
	assert_int_equal(users_authenticate(db, "amina", "not the secret!",
					    &u, &e1), VG_EDENIED);
	assert_int_equal(users_authenticate(db, "nobody", "not the secret!",
					    &u, &e2), VG_EDENIED);
	assert_string_equal(e1.msg, e2.msg);
	assert_string_equal(e1.where, e2.where);
}

static void test_names_are_unique_and_checked(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(users_add(db, "amina", "another long one", ROLE_VIEWER,
				   NULL, &err), VG_EEXIST);
	assert_int_equal(users_add(db, "Bad Name", "another long one",
				   ROLE_VIEWER, NULL, &err), VG_EINVAL);
	assert_int_equal(users_add(db, "short", "short", ROLE_VIEWER, NULL,
				   &err), VG_EINVAL);
	assert_string_equal(err.where, "password");
	assert_int_equal(users_add(db, "anon", "another long one", ROLE_PUBLIC,
				   NULL, &err), VG_EINVAL);
}

static void test_sessions_live_until_idle_or_too_old(void **state)
{
	struct vg_error err;
	struct user_row u;
	char token[65], csrf[65], hash[65], csrf2[65];
	int64_t uid = 0;

	(void)state;
	assert_int_equal(users_find(db, "amina", &u, &err), VG_OK);
	assert_int_equal(sessions_create(db, u.id, token, csrf, &err), VG_OK);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(sessions_lookup(db, token, 60, 3600, &uid, hash, csrf2,
					 &err), VG_OK);
	assert_int_equal(uid, u.id);
	assert_string_equal(csrf, csrf2);
	/* The token itself is not stored. */
	{
		store_stmt *st;
		int64_t n = -1;

		assert_int_equal(store_prepare(db, "SELECT count(*) FROM session "
					       "WHERE token_hash = $1", &st),
				 STORE_OK);
		store_bind_text(st, 1, token);
		assert_int_equal(store_step(st), STORE_ROW);
		n = store_column_int(st, 0);
		store_finalize(st);
		assert_int_equal(n, 0);
	}
	assert_int_equal(store_exec(db, "UPDATE session SET last_seen = "
				    "last_seen - 120"), STORE_OK);
	assert_int_equal(sessions_lookup(db, token, 60, 3600, &uid, hash, csrf2,
					 &err), VG_ENOTFOUND);
	/* Expired means deleted: a longer idle limit does not bring it back. */
	assert_int_equal(sessions_lookup(db, token, 6000, 36000, &uid, hash,
					 csrf2, &err), VG_ENOTFOUND);
}

static void test_password_change_and_disabling_end_sessions(void **state)
{
	struct vg_error err;
	struct user_row u;
	char token[65], csrf[65], hash[65];
	int64_t uid;

	(void)state;
	assert_int_equal(users_find(db, "amina", &u, &err), VG_OK);
	assert_int_equal(sessions_create(db, u.id, token, csrf, &err), VG_OK);
	assert_int_equal(users_set_password(db, "amina", "a brand new secret",
					    &err), VG_OK);
	assert_int_equal(sessions_lookup(db, token, 60, 3600, &uid, hash, csrf,
					 &err), VG_ENOTFOUND);
	assert_int_equal(sessions_create(db, u.id, token, csrf, &err), VG_OK);
	assert_int_equal(users_set_disabled(db, "amina", 1, &err), VG_OK);
	assert_int_equal(sessions_lookup(db, token, 60, 3600, &uid, hash, csrf,
					 &err), VG_ENOTFOUND);
	assert_int_equal(users_authenticate(db, "amina", "a brand new secret",
					    &u, &err), VG_EDENIED);
	assert_int_equal(users_set_disabled(db, "amina", 0, &err), VG_OK);
	assert_int_equal(users_authenticate(db, "amina", "a brand new secret",
					    &u, &err), VG_OK);
}

static void test_api_tokens_resolve_to_their_account_until_disabled(void **state)
{
	struct vg_error err;
	struct user_row u;
	char token[65];

	(void)state;
	assert_int_equal(users_token_new(db, "amina", "script", token, &err),
			 VG_OK);
	assert_int_equal(users_token_check(db, token, &u, &err), VG_OK);
	assert_string_equal(u.name, "amina");
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(users_token_check(db, token, &u, &err), VG_EDENIED);
	assert_int_equal(users_token_new(db, "amina", NULL, token, &err), VG_OK);
	assert_int_equal(users_set_disabled(db, "amina", 1, &err), VG_OK);
	assert_int_equal(users_token_check(db, token, &u, &err), VG_EDENIED);
	assert_int_equal(users_set_disabled(db, "amina", 0, &err), VG_OK);
}

static void test_roles_change_and_unknown_accounts_are_named(void **state)
{
	struct vg_error err;
	struct user_row u;

	(void)state;
	assert_int_equal(users_set_role(db, "amina", ROLE_ADMIN, &err), VG_OK);
	assert_int_equal(users_find(db, "amina", &u, &err), VG_OK);
	assert_int_equal(u.role, ROLE_ADMIN);
	assert_int_equal(users_set_role(db, "ghost", ROLE_ADMIN, &err),
			 VG_ENOTFOUND);
	assert_non_null(strstr(err.msg, "ghost"));
}

static void test_totp_accepts_the_current_code_only(void **state)
{
	char secret[64], code[16], wrong[16];

	(void)state;
	assert_int_equal(totp_new_secret(secret), VG_OK);
	assert_int_equal(strlen(secret), 32);
	assert_int_equal(totp_code_at(secret, (long long)time(NULL), code), 0);
	assert_true(totp_verify(secret, code));
	assert_int_equal(totp_code_at(secret, (long long)time(NULL) - 600,
				      wrong), 0);
	if (strcmp(wrong, code))
		assert_false(totp_verify(secret, wrong));
	assert_false(totp_verify(secret, "12345"));
	assert_false(totp_verify(secret, "abcdef"));
	assert_false(totp_verify("", code));
}

static void test_a_totp_step_is_accepted_once_and_only_forward(void **state)
{
	struct vg_error err;
	char secret[64], code[16];
	long long step = 0, now = (long long)time(NULL);
	int64_t id = 0;

	(void)state;
	assert_int_equal(users_add(db, "stepper", "a long enough password",
				   ROLE_ADMIN, &id, &err), VG_OK);
	assert_int_equal(users_totp_accept_step(db, id, 100, &err), VG_OK);
	assert_int_equal(users_totp_accept_step(db, id, 100, &err), VG_EDENIED);
	assert_int_equal(users_totp_accept_step(db, id, 99, &err), VG_EDENIED);
	assert_int_equal(users_totp_accept_step(db, id, 101, &err), VG_OK);
	/* A new secret starts afresh. */
	assert_int_equal(totp_new_secret(secret), VG_OK);
	assert_int_equal(users_set_totp(db, id, secret, &err), VG_OK);
	assert_int_equal(totp_code_at(secret, now, code), 0);
	assert_true(totp_verify_step(secret, code, &step));
	assert_true(step >= now / 30 - 1 && step <= now / 30 + 1);
	assert_true(totp_verify_once(db, id, secret, code));
	assert_false(totp_verify_once(db, id, secret, code));
	/* The previous step's code is still in the window, but older. */
	assert_int_equal(totp_code_at(secret, now - 30, code), 0);
	assert_false(totp_verify_once(db, id, secret, code));
	assert_int_equal(totp_code_at(secret, now + 30, code), 0);
	assert_true(totp_verify_once(db, id, secret, code));
}

/* The raw bytes of the casebook file and its WAL, as one string. */
static char *file_bytes(size_t *len)
{
	const char *suffix[] = { "", "-wal" };
	char name[300];
	char *all = NULL, *grown;
	size_t i, n = 0, got;
	FILE *f;

	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		f = fopen(name, "rb");
		while (f) {
			grown = realloc(all, n + 65536);
			assert_non_null(grown);
			all = grown;
			got = fread(all + n, 1, 65536, f);
			n += got;
			if (got < 65536)
				break;
		}
		if (f)
			fclose(f);
	}
	*len = n;
	return all;
}

static int file_holds(const char *needle)
{
	size_t len = 0, nl = strlen(needle);
	char *all = file_bytes(&len);
	int found = all && memmem(all, len, needle, nl) != NULL;

	free(all);
	return found;
}

static void test_a_two_factor_key_is_sealed_and_opens_with_the_casebook_key(
	void **state)
{
	struct vg_error err;
	struct user_row u;
	char secret[64];
	int64_t id = 0;

	(void)state;
	assert_int_equal(users_add(db, "sealed", "a long enough password",
				   ROLE_ADMIN, &id, &err), VG_OK);
	assert_int_equal(totp_new_secret(secret), VG_OK);
	assert_int_equal(users_set_totp(db, id, secret, &err), VG_OK);
	assert_int_equal(users_get(db, id, &u, &err), VG_OK);
	assert_true(u.totp_on);
	assert_string_equal(u.totp_secret, secret);
	assert_false(file_holds(secret));
	/* Without the key the account stays enrolled and no code can pass. */
	store_set_field_key(db, NULL);
	assert_int_equal(users_get(db, id, &u, &err), VG_OK);
	assert_true(u.totp_on);
	assert_string_equal(u.totp_secret, "");
	assert_int_equal(users_set_totp(db, id, secret, &err), VG_EDENIED);
	assert_non_null(strstr(err.msg, ".key"));
	store_set_field_key(db, field_key);
	assert_int_equal(users_set_totp(db, id, NULL, &err), VG_OK);
	assert_int_equal(users_get(db, id, &u, &err), VG_OK);
	assert_false(u.totp_on);
}

static void test_keys_left_in_clear_by_an_older_casebook_are_sealed(
	void **state)
{
	struct vg_error err;
	struct user_row u;
	store_stmt *st = NULL;
	char secret[64];
	int64_t id = 0;
	int sealed = -1;

	(void)state;
	assert_int_equal(users_add(db, "older", "a long enough password",
				   ROLE_EDITOR, &id, &err), VG_OK);
	assert_int_equal(totp_new_secret(secret), VG_OK);
	assert_int_equal(store_prepare(db, "UPDATE \"user\" SET totp_secret = "
				       "$1, totp_sealed = NULL WHERE id = $2",
				       &st), STORE_OK);
	store_bind_text(st, 1, secret);
	store_bind_int(st, 2, id);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	assert_int_equal(users_get(db, id, &u, &err), VG_OK);
	assert_string_equal(u.totp_secret, secret);
	/* No key file: refused, nothing changed. */
	store_set_field_key(db, NULL);
	assert_int_equal(users_seal_seeds(db, &sealed, &err), VG_EDENIED);
	assert_int_equal(sealed, 0);
	assert_true(file_holds(secret));
	store_set_field_key(db, field_key);
	assert_int_equal(users_seal_seeds(db, &sealed, &err), VG_OK);
	assert_int_equal(sealed, 1);
	assert_false(file_holds(secret));
	assert_int_equal(users_get(db, id, &u, &err), VG_OK);
	assert_true(u.totp_on);
	assert_string_equal(u.totp_secret, secret);
	assert_int_equal(users_seal_seeds(db, &sealed, &err), VG_OK);
	assert_int_equal(sealed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_new_account_signs_in_with_its_password),
		cmocka_unit_test(test_unknown_name_and_wrong_password_answer_alike),
		cmocka_unit_test(test_names_are_unique_and_checked),
		cmocka_unit_test(test_sessions_live_until_idle_or_too_old),
		cmocka_unit_test(test_password_change_and_disabling_end_sessions),
		cmocka_unit_test(test_api_tokens_resolve_to_their_account_until_disabled),
		cmocka_unit_test(test_roles_change_and_unknown_accounts_are_named),
		cmocka_unit_test(test_totp_accepts_the_current_code_only),
		cmocka_unit_test(test_a_totp_step_is_accepted_once_and_only_forward),
		cmocka_unit_test(
			test_a_two_factor_key_is_sealed_and_opens_with_the_casebook_key),
		cmocka_unit_test(
			test_keys_left_in_clear_by_an_older_casebook_are_sealed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
