/* index.h — an in-memory name index: find the people whose names look like
 * a query, in any script, without scanning them all.
 *
 * Every name is analysed once (names_analyse, with the analysis of each
 * distinct written part cached, since a million names repeat only tens of
 * thousands of parts). Distinct parts are keyed by their skeleton, their
 * stem and every skeleton with one letter deleted, so a query part finds
 * the indexed parts at one edit or one romanisation away. Each part keeps
 * the list of names that carry it. A search weighs the names reached
 * through each query part by how rare that part is, keeps the best few
 * hundred and scores those with names_score. Parts too common to walk
 * still make candidates: the rarest query part is walked whole when it
 * is cheap, else the names the two rarest share; a query none of whose
 * parts finds anything is tried with run-together parts cut in two.
 *
 * Thread safety: any number of searches may run at once; add, remove and
 * build take the index for themselves (a reader/writer lock), so a server
 * can keep the index current on every write while it answers searches. */
#ifndef VIGIL_NAMES_INDEX_H
#define VIGIL_NAMES_INDEX_H

#include <stddef.h>

#include "core/err.h"

typedef struct names_index names_index;

#define NAMES_INDEX_ID_MAX 128    /* bytes of an id, its NUL included */
#define NAMES_INDEX_NAME_MAX 1024 /* bytes of one name, its NUL included */

/* One person found: the id, the name of theirs that scored best, and the
 * score in [0,1]. Copies, so they stay valid after the index changes. */
struct names_hit {
	char id[NAMES_INDEX_ID_MAX];
	char name[NAMES_INDEX_NAME_MAX];
	double score;
};

/* An empty index; NULL when out of memory. names_init must have succeeded
 * before names are added. The caller frees it with names_index_free. */
names_index *names_index_new(void);
void names_index_free(names_index *idx);

/* Adds one name of the person id (a person may have several names).
 * VG_EINVAL (err names the field) for an empty or overlong id or name, or
 * a name with no letters; VG_ENOMEM when out of memory. On failure the
 * index is as it was. */
vg_status names_index_add(names_index *idx, const char *id, const char *name,
			  struct vg_error *err);

/* Forgets every name of id. VG_ENOTFOUND if the index holds none. */
vg_status names_index_remove(names_index *idx, const char *id);

/* One name to add in bulk. */
struct names_index_item {
	const char *id;
	const char *name;
};

/* Adds n names using nthreads threads (1 or more) for the analysis.
 * Stops at the first name that does not analyse: VG_EINVAL with
 * err->where "item <i>"; names before it stay added. */
vg_status names_index_build_parallel(names_index *idx,
				     const struct names_index_item *items,
				     size_t n, unsigned nthreads,
				     struct vg_error *err);

/* Up to k people (hits[0..k-1], caller's array) whose names match query,
 * best first, one hit per person with their best name; *n receives how
 * many. Hits scoring below min_score are left out. VG_EINVAL for a query
 * that does not analyse (no letters); an empty index gives *n = 0. */
vg_status names_index_search(names_index *idx, const char *query, size_t k,
			     double min_score, struct names_hit *hits,
			     size_t *n, struct vg_error *err);

/* How many people (distinct ids) and names the index holds. */
size_t names_index_people(names_index *idx);
size_t names_index_names(names_index *idx);

#endif
