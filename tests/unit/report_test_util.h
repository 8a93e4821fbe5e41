/* Helpers of the report tests: the readers, records made from JSON text
 * as the system, and a casebook in memory per test. Each test file is
 * its own program, so everything here is static. */
#ifndef VIGIL_TESTS_REPORT_TEST_UTIL_H
#define VIGIL_TESTS_REPORT_TEST_UTIL_H

#include <stdarg.h>
#include <stdio.h>

#include <jansson.h>

#include "store/records.h"
#include "store_test_util.h"

static const struct actor admin = { 1, "ada", ROLE_ADMIN };
static const struct actor editor = { 2, "erlan", ROLE_EDITOR };
static const struct actor viewer = { 4, "vera", ROLE_VIEWER };
static const struct actor anyone = { 0, "anonymous", ROLE_PUBLIC };

/* Creates a record from printf-style JSON text as the system; returns
 * its id in a static buffer of one of 8 slots (enough for a fixture
 * line that uses the ids of the lines before). */
static const char *make(store *db, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static const char *make(store *db, const char *type, const char *fmt, ...)
{
	static char ids[8][32];
	static unsigned next;
	char text[2048];
	struct vg_error err;
	json_error_t je;
	json_t *rec, *out = NULL;
	char *id = ids[next++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	rec = json_loads(text, 0, &je);
	if (!rec)
		fail_msg("bad test JSON: %s: %s", je.text, text);
	if (records_create(db, &records_system, type, rec, &out, &err) != VG_OK)
		fail_msg("create %s: %s: %s", type, err.where, err.msg);
	snprintf(id, 32, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
	return id;
}

static int setup(void **state)
{
	*state = memory_casebook(NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

#endif
