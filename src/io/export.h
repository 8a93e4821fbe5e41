/* export.h — writing the whole casebook as JSON, redacted for a role.
 *
 * The output is the format io/import.h reads: {"vigil": 1, "records":
 * [...]}, one record a line, in dependency order (places, sources,
 * people, acts, relations, interventions, campaigns, penalties,
 * citations) and by id within each type, so that two exports of the same
 * content are byte for byte the same. Every record goes through
 * access_redact for the role: what the role may not see is left out, a
 * record it may not see at all is skipped. The store's own timestamps
 * (created_at, updated_at) and the fields computed on every read
 * (FIELD_DERIVED: a campaign's day count) are left out. */
#ifndef VIGIL_IO_EXPORT_H
#define VIGIL_IO_EXPORT_H

#include <stdio.h>

#include "core/err.h"
#include "model/model.h"
#include "store/store.h"

/* Writes every record visible to as_role to out. VG_EIO if writing
 * fails; whatever was written before a failure is incomplete and the
 * caller discards it (the CLI writes to a temporary file and renames it
 * only on success). */
vg_status io_export(store *db, enum role as_role, FILE *out,
		    struct vg_error *err);

/* The same, and *exported (if not NULL) receives the number of records
 * written. */
vg_status io_export_counted(store *db, enum role as_role, FILE *out,
			    size_t *exported, struct vg_error *err);

#endif
