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
 * earlier migrations stay applied.
 *
 * Several processes may migrate the same database at once: each
 * migration runs inside BEGIN IMMEDIATE, waiting for another process's
 * (up to a few minutes), and is skipped when it is found applied once the
 * write lock is held. A database at a schema newer than the newest
 * migration this vigil has (a newer vigil wrote it) is refused with
 * VG_EINVAL and left as it is. */
vg_status schema_migrate(store *db, int upto, int *applied,
			 struct vg_error *err);

/* Where a database stands against this vigil's migrations. */
struct schema_state {
	int version; /* the highest applied, 0 for none */
	int latest;  /* the highest this vigil has */
	int pending; /* migrations this vigil has that are not applied */
};

/* Reads the state without changing anything (for the commands that only
 * read, which refuse an old database rather than migrate it). VG_EINVAL,
 * as schema_migrate, for a database newer than this vigil. */
vg_status schema_state(store *db, struct schema_state *st,
		       struct vg_error *err);

/* The highest applied version, 0 for an empty database. */
vg_status schema_version(store *db, int *version, struct vg_error *err);

/* 1 if the database holds a schema_version table (was initialised). */
int schema_is_initialised(store *db);

#endif
