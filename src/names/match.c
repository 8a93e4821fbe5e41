/* Bulk matching: worker threads take queries in turn from a shared counter
 * and write each query's hits into its own slot, so the output keeps the
 * query order whatever the thread count. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "names/match.h"

#define MATCH_MAX_THREADS 64
/* One query's hits as text: top * (id + score) stays far below this. */
#define MATCH_OUT_MAX (1u << 20)

struct match_shared {
	names_index *idx;
	const struct names_query *q;
	size_t n;
	const struct names_match_opts *opts;
	char **out;
	atomic_size_t next;
	atomic_size_t done;
	atomic_int failed;        /* 0, or 1 once a query failed */
	size_t failed_at;
	struct vg_error err;
	pthread_mutex_t lock;     /* guards failed_at and err */
};

static double now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void record_failure(struct match_shared *sh, size_t i,
			   const struct vg_error *err)
{
	pthread_mutex_lock(&sh->lock);
	if (!atomic_load(&sh->failed) || i < sh->failed_at) {
		sh->failed_at = i;
		sh->err = *err;
	}
	atomic_store(&sh->failed, 1);
	pthread_mutex_unlock(&sh->lock);
}

static vg_status format_hits(const struct names_query *q,
			     const struct names_hit *hits, size_t nh,
			     char **out)
{
	struct buf b;
	size_t i;
	vg_status st = VG_OK;

	buf_init(&b, MATCH_OUT_MAX);
	for (i = 0; i < nh && st == VG_OK; i++)
		st = buf_printf(&b, "%s\t%s\t%.4f\n", q->qid, hits[i].id,
				hits[i].score);
	if (st != VG_OK) {
		buf_free(&b);
		return st;
	}
	*out = buf_detach(&b);
	return *out ? VG_OK : VG_ENOMEM;
}

static void *match_worker(void *arg)
{
	struct match_shared *sh = arg;
	const struct names_match_opts *o = sh->opts;
	struct names_hit *hits = malloc(o->top * sizeof(*hits));
	struct vg_error err;

	for (;;) {
		size_t i = atomic_fetch_add(&sh->next, 1), nh = 0;
		double t0, c0;
		vg_status st;

		if (i >= sh->n || atomic_load(&sh->failed))
			break;
		if (!hits) {
			vg_fail(&err, VG_ENOMEM, NULL, "out of memory");
			record_failure(sh, i, &err);
			break;
		}
		vg_error_clear(&err);
		t0 = now_ms(CLOCK_MONOTONIC);
		c0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
		st = names_index_search(sh->idx, sh->q[i].name, o->top,
					o->min_score, hits, &nh, &err);
		if (st == VG_OK)
			st = format_hits(&sh->q[i], hits, nh, &sh->out[i]);
		if (o->ms)
			o->ms[i] = now_ms(CLOCK_MONOTONIC) - t0;
		if (o->cpu_ms)
			o->cpu_ms[i] = now_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
		if (st != VG_OK) {
			if (err.code == VG_OK)
				vg_fail(&err, st, NULL, "%s", vg_status_name(st));
			record_failure(sh, i, &err);
			break;
		}
		atomic_fetch_add(&sh->done, 1);
	}
	free(hits);
	return NULL;
}

static void wait_with_progress(struct match_shared *sh)
{
	const struct names_match_opts *o = sh->opts;
	struct timespec tick = { 0, 100 * 1000 * 1000 };

	if (!o->progress)
		return;
	while (atomic_load(&sh->done) < sh->n && !atomic_load(&sh->failed)) {
		o->progress(atomic_load(&sh->done), sh->n, o->ctx);
		nanosleep(&tick, NULL);
	}
	o->progress(atomic_load(&sh->done), sh->n, o->ctx);
}

static void free_out(char **out, size_t n)
{
	size_t i;

	if (!out)
		return;
	for (i = 0; i < n; i++)
		free(out[i]);
	free(out);
}

vg_status names_match_run(names_index *idx, const struct names_query *q,
			  size_t n, const struct names_match_opts *opts,
			  char ***out, size_t *failed, struct vg_error *err)
{
	struct match_shared sh;
	pthread_t tids[MATCH_MAX_THREADS];
	int started[MATCH_MAX_THREADS] = { 0 };
	unsigned i, nstarted = 0, nthreads = opts->threads ? opts->threads : 1;

	*out = NULL;
	*failed = 0;
	if (!opts->top)
		return vg_fail(err, VG_EINVAL, "--top", "must be at least 1");
	if (nthreads > MATCH_MAX_THREADS)
		nthreads = MATCH_MAX_THREADS;
	memset(&sh, 0, sizeof(sh));
	sh.idx = idx;
	sh.q = q;
	sh.n = n;
	sh.opts = opts;
	sh.out = calloc(n ? n : 1, sizeof(*sh.out));
	if (!sh.out)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	atomic_init(&sh.next, 0);
	atomic_init(&sh.done, 0);
	atomic_init(&sh.failed, 0);
	pthread_mutex_init(&sh.lock, NULL);
	for (i = 0; i < nthreads; i++) {
		started[i] = pthread_create(&tids[i], NULL, match_worker, &sh) == 0;
		nstarted += started[i];
	}
	if (nstarted)
		wait_with_progress(&sh);
	for (i = 0; i < nthreads; i++)
		if (started[i])
			pthread_join(tids[i], NULL);
	/* Threads that could not start leave their share to this one. */
	if (!atomic_load(&sh.failed) && atomic_load(&sh.done) < n)
		match_worker(&sh);
	pthread_mutex_destroy(&sh.lock);
	if (atomic_load(&sh.failed)) {
		free_out(sh.out, n);
		*failed = sh.failed_at;
		if (err)
			*err = sh.err;
		return sh.err.code ? sh.err.code : VG_EINTERNAL;
	}
	*out = sh.out;
	return VG_OK;
}
