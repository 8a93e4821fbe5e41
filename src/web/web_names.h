/* web_names.h — the server's name index: every person's names, kept
 * current with the writes of every process, searched in any script. One
 * per process. */
#ifndef VIGIL_WEB_WEB_NAMES_H
#define VIGIL_WEB_WEB_NAMES_H

#include <stddef.h>

#include "core/err.h"
#include "names/index.h"
#include "store/store.h"

/* Loads the rule files and indexes every person's names from db.
 * Idempotent. */
vg_status web_names_start(store *db, struct vg_error *err);

/* Up to k people whose names match query, best first (hits is the
 * caller's). First brings the index up to what db (the calling thread's
 * connection) holds, if anything was written since the thread last
 * looked: a cheap data-version check, then only the people changed since.
 * 0 when the index is not started or the query has no letters. */
size_t web_names_find(store *db, const char *query, struct names_hit *hits,
		      size_t k);

#endif
