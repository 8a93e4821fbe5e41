/* Unit tests for store/crypt: the key file and sealed values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/crypt.h"
#include "store/store.h"
#include "store_test_util.h"

static char dbpath[512];

static int setup(void **state)
{
	const char *tmp = getenv("VIGIL_TMP");
	char key[600];

	(void)state;
	snprintf(dbpath, sizeof(dbpath), "%s/test_crypt_%d.db",
		 tmp && *tmp ? tmp : "/tmp", (int)getpid());
	snprintf(key, sizeof(key), "%s.key", dbpath);
	unlink(key);
	unlink(dbpath);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_casebook_files(dbpath);
	return 0;
}

static void test_key_file_is_created_owner_only_and_never_replaced(void **state)
{
	struct vg_error err;
	unsigned char k1[CRYPT_KEY_BYTES], k2[CRYPT_KEY_BYTES];
	char path[600];
	struct stat st;

	(void)state;
	assert_int_equal(crypt_key_create(dbpath, &err), VG_OK);
	crypt_key_path(dbpath, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, CRYPT_KEY_BYTES);
	assert_int_equal(crypt_key_load(dbpath, k1, &err), VG_OK);
	assert_int_equal(crypt_key_create(dbpath, &err), VG_EEXIST);
	assert_int_equal(crypt_key_load(dbpath, k2, &err), VG_OK);
	assert_memory_equal(k1, k2, CRYPT_KEY_BYTES);
}

static void test_key_readable_by_others_is_refused(void **state)
{
	struct vg_error err;
	unsigned char k[CRYPT_KEY_BYTES];
	char path[600];
	store *db;

	(void)state;
	assert_int_equal(crypt_key_create(dbpath, &err), VG_OK);
	crypt_key_path(dbpath, path, sizeof(path));
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(crypt_key_load(dbpath, k, &err), VG_EDENIED);
	assert_non_null(strstr(err.msg, "644"));
	assert_int_equal(store_open(dbpath, STORE_OPEN_CREATE, &db, &err),
			 STORE_ERROR);
	assert_int_equal(err.code, VG_EDENIED);
}

static void test_missing_key_is_reported_as_not_found(void **state)
{
	struct vg_error err;
	unsigned char k[CRYPT_KEY_BYTES];
	store *db;

	(void)state;
	assert_int_equal(crypt_key_load(dbpath, k, &err), VG_ENOTFOUND);
	assert_int_equal(store_open(dbpath, STORE_OPEN_CREATE, &db, &err),
			 STORE_OK);
	assert_null(store_field_key(db));
	store_close(db);
}

static void test_store_loads_the_key_beside_it(void **state)
{
	struct vg_error err;
	unsigned char k[CRYPT_KEY_BYTES];
	store *db;

	(void)state;
	assert_int_equal(crypt_key_create(dbpath, &err), VG_OK);
	assert_int_equal(crypt_key_load(dbpath, k, &err), VG_OK);
	assert_int_equal(store_open(dbpath, STORE_OPEN_CREATE, &db, &err),
			 STORE_OK);
	assert_non_null(store_field_key(db));
	assert_memory_equal(store_field_key(db), k, CRYPT_KEY_BYTES);
	store_close(db);
}

static void test_sealed_value_opens_only_with_its_key(void **state)
{
	unsigned char key[CRYPT_KEY_BYTES] = { 9 }, other[CRYPT_KEY_BYTES] = { 8 };
	struct vg_error err;
	char *a, *b, *plain;

	(void)state;
	assert_int_equal(crypt_seal(key, "Гаухар, +7 700 000 0000", &a, &err),
			 VG_OK);
	assert_int_equal(crypt_seal(key, "Гаухар, +7 700 000 0000", &b, &err),
			 VG_OK);
	assert_string_not_equal(a, b); /* a fresh nonce each time */
	assert_null(strstr(a, "700"));
	assert_int_equal(crypt_open(key, a, &plain, &err), VG_OK);
	assert_string_equal(plain, "Гаухар, +7 700 000 0000");
	free(plain);
	assert_int_equal(crypt_open(other, a, &plain, &err), VG_EINVAL);
	assert_null(plain);
	a[10] = a[10] == 'A' ? 'B' : 'A';
	assert_int_equal(crypt_open(key, a, &plain, &err), VG_EINVAL);
	assert_int_equal(crypt_open(key, "not base64 !", &plain, &err),
			 VG_EINVAL);
	assert_int_equal(crypt_open(key, "", &plain, &err), VG_EINVAL);
	free(a);
	free(b);
}

static void test_empty_value_seals_and_opens(void **state)
{
	unsigned char key[CRYPT_KEY_BYTES] = { 1 };
	struct vg_error err;
	char *s, *plain;

	(void)state;
	assert_int_equal(crypt_seal(key, "", &s, &err), VG_OK);
	assert_int_equal(crypt_open(key, s, &plain, &err), VG_OK);
	assert_string_equal(plain, "");
	free(plain);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_file_is_created_owner_only_and_never_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_readable_by_others_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_key_is_reported_as_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_loads_the_key_beside_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_value_opens_only_with_its_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_value_seals_and_opens, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
