/* person_names.h — the people's names in a name index, kept current.
 *
 * The bridge between the store and names/index.h: the server, `vigil match
 * --db` and `vigil dedup` load every person's names once, and the server
 * keeps its index current through a records_on_change listener. */
#ifndef VIGIL_STORE_PERSON_NAMES_H
#define VIGIL_STORE_PERSON_NAMES_H

#include <jansson.h>

#include "core/err.h"
#include "names/index.h"
#include "store/store.h"

/* Adds every name of every person to idx under the person's public id.
 * VG_EIO (err says where) if the store fails; names that do not analyse
 * (no letters) are skipped. */
vg_status person_names_load(store *db, names_index *idx, struct vg_error *err);

/* A records_on_change listener that keeps the index passed as ctx
 * current: on a write to a person, that person's names in the index are
 * replaced by those of after; on a delete (after NULL) they are removed.
 * Other record types are ignored. Names that do not analyse are skipped. */
void person_names_on_change(void *ctx, const char *type, const char *id,
			    const json_t *after);

#endif
