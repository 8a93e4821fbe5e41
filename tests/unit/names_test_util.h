/* names_test_util.h — set-up shared by the names engine's unit tests.
 * Include after <cmocka.h>. Static inline, so each test program that
 * includes it needs nothing more from the build. */
#ifndef VIGIL_TESTS_NAMES_TEST_UTIL_H
#define VIGIL_TESTS_NAMES_TEST_UTIL_H

#include <stdio.h>

#include "names/names.h"

/* cmocka group set-up: load the rule files and lexicons once. */
static inline int names_setup(void **state)
{
	struct vg_error err;

	(void)state;
	if (names_init(&err) != VG_OK) {
		fprintf(stderr, "names_init: %s: %s\n", err.where, err.msg);
		return -1;
	}
	return 0;
}

static inline int names_teardown(void **state)
{
	(void)state;
	names_shutdown();
	return 0;
}

/* Analyses name into key, failing the test if it does not analyse. */
static inline void analyse(const char *name, struct name_key *key)
{
	struct vg_error err;

	if (names_analyse(name, key, &err) != VG_OK)
		fail_msg("cannot analyse '%s': %s", name, err.msg);
}

#endif
