/* facet_cache.h — the grouped counts behind the people list's facets,
 * kept per server thread between requests.
 *
 * Counting the facets visits every person the filters leave (tens of
 * thousands on a large casebook) and is most of the list page's time,
 * while the counts change only when the casebook does. Each server thread
 * reads through its own connection, so its cache is valid while that
 * connection's records_read_version is unchanged: any commit elsewhere or
 * write here empties it in effect. */
#ifndef VIGIL_WEB_FACET_CACHE_H
#define VIGIL_WEB_FACET_CACHE_H

#include <stddef.h>

#include <jansson.h>

#include "store/records.h"
#include "store/store.h"

/* A grouped count for records_tally. */
struct facet_query {
	const struct actor *who;
	const char *type;
	const char *const *dims;
	size_t ndims;
	const json_t *filter;
};

/* records_tally's rows for fq: [[text, ..., count], ...], a NULL value
 * as "". From the calling thread's cache when the same count for the same
 * role was answered on this db at the same read version. Returns a new
 * reference the caller must not change (the cache keeps it too), or NULL
 * if the count failed. */
json_t *facet_rows(store *db, const struct facet_query *fq);

#endif
