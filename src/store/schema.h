/* schema.h — creating and migrating the database schema.
 *
 * Migrations are the files data/schema/NNN_name.sql. Each is applied once,
 * in the order of its number, inside its own transaction, and recorded in
 * schema_version(version, applied_at). Numbers need not be contiguous:
 * each module owns a range (001-009 records, 010-019 web and accounts,
 * 020-029 ingestion, 030-039 safety), so a missing number is not an
 * error, and a file added later with a lower number than the highest
 * applied one is still applied. */
#ifndef VIGIL_STORE_SCHEMA_H
#define VIGIL_STORE_SCHEMA_H

#include "core/err.h"
#include "store/store.h"

/* Applies every migration not yet applied whose number is <= upto (0 for
 * all). *applied (may be NULL) receives how many were applied. On failure
 * the failing file's transaction is rolled back, err names the file, and
 * earlier migrations stay applied. */
vg_status schema_migrate(store *db, int upto, int *applied,
			 struct vg_error *err);

/* The highest applied version, 0 for an empty database. */
vg_status schema_version(store *db, int *version, struct vg_error *err);

/* 1 if the database holds a schema_version table (was initialised). */
int schema_is_initialised(store *db);

#endif
