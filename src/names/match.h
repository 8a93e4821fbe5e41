/* match.h — matching a list of names against the name index in bulk, on
 * several threads, with the results in the order of the queries. */
#ifndef VIGIL_NAMES_MATCH_H
#define VIGIL_NAMES_MATCH_H

#include <stddef.h>

#include "core/err.h"
#include "names/index.h"

struct names_query {
	const char *qid;
	const char *name;
};

struct names_match_opts {
	size_t top;        /* hits per query, at least 1 */
	double min_score;  /* hits below are left out */
	unsigned threads;  /* 1 or more */
	/* Called from the calling thread about ten times a second while the
	 * queries run, and once at the end; may be NULL. */
	void (*progress)(size_t done, size_t total, void *ctx);
	void *ctx;
	double *ms;        /* if not NULL, n slots receive each query's time */
	double *cpu_ms;    /* likewise, the CPU time of the thread on it */
};

/* Runs the n queries. On success out[i] (an array of n strings the caller
 * frees, each and the array) holds query i's hits as lines
 * "qid<TAB>id<TAB>score\n", best first, "" when nothing matched.
 * A query whose name does not analyse fails the whole run: VG_EINVAL with
 * *failed set to its position and err saying why; nothing is returned. */
vg_status names_match_run(names_index *idx, const struct names_query *q,
			  size_t n, const struct names_match_opts *opts,
			  char ***out, size_t *failed, struct vg_error *err);

#endif
