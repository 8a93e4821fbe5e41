/* person_names.h — the people's names in a name index, kept current.
 *
 * The bridge between the store and names/index.h: the server, `vigil match
 * --db` and `vigil dedup` load every person's names once, and the server
 * keeps its index current by catching up with the revision table, which
 * every write of any process adds to. */
#ifndef VIGIL_STORE_PERSON_NAMES_H
#define VIGIL_STORE_PERSON_NAMES_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "names/index.h"
#include "store/store.h"

/* Adds every name of every person to idx under the person's public id.
 * VG_EIO (err says where) if the store fails; names that do not analyse
 * (no letters) are skipped. */
vg_status person_names_load(store *db, names_index *idx, struct vg_error *err);

/* The highest revision id of db (0 for none): where a catch-up starts. */
vg_status person_names_high_water(store *db, int64_t *out,
				  struct vg_error *err);

/* Brings idx up to what db holds now for the people some revision after
 * since is about (written by this process or any other): their names are
 * replaced by those stored, a deleted person's removed. *upto receives
 * the highest revision id seen, the next call's since; one below since
 * means the revision table shrank (the casebook was changed outside
 * vigil) and only a rebuild can be trusted. One snapshot throughout. */
vg_status person_names_catch_up(store *db, names_index *idx, int64_t since,
				int64_t *upto, struct vg_error *err);


#endif
