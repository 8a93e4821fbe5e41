/* Helpers shared by the unit tests that work on a casebook: one in memory
 * with the current schema, the count of a list, and removing a casebook
 * file with what lies beside it. Each test file is its
 * own program, so everything here is static. */
#ifndef VIGIL_TESTS_STORE_TEST_UTIL_H
#define VIGIL_TESTS_STORE_TEST_UTIL_H

#include <stdio.h>
#include <unistd.h>

#include <jansson.h>

#include "model/thesaurus.h"
#include "store/records.h"
#include "store/schema.h"

/* A casebook in memory with the thesaurus loaded, the current schema and,
 * when key is not NULL, that field key. NULL after saying why on stderr.
 * The caller closes it. */
static inline store *memory_casebook(const unsigned char *key)
{
	struct vg_error err;
	store *db;

	if (thesaurus_load(&err) != VG_OK) {
		fprintf(stderr, "thesaurus: %s: %s\n", err.where, err.msg);
		return NULL;
	}
	if (store_open(":memory:", STORE_OPEN_CREATE, &db, &err) != STORE_OK) {
		fprintf(stderr, "open: %s\n", err.msg);
		return NULL;
	}
	if (schema_migrate(db, 0, NULL, &err) != VG_OK) {
		fprintf(stderr, "migrate: %s: %s\n", err.where, err.msg);
		store_close(db);
		return NULL;
	}
	if (key)
		store_set_field_key(db, key);
	return db;
}

/* How many records of type q matches in all; fails the test when the
 * list is refused. The page itself is dropped. */
static inline size_t list_total(store *db, const char *type,
				const struct records_query *q)
{
	struct vg_error err;
	json_t *items = NULL;
	size_t total = 0;

	if (records_list(db, &records_system, type, q, &items, &total, &err) != VG_OK)
		fail_msg("list %s: %s: %s", type, err.where, err.msg);
	json_decref(items);
	return total;
}

/* Deletes the casebook file at path and the files SQLite and vigil keep
 * beside it (-wal, -shm, .key, .lock); those that do not exist are
 * skipped. */
static inline void remove_casebook_files(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", ".key",
					  ".lock" };
	char name[1024];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, ext[i]);
		unlink(name);
	}
}

#endif
