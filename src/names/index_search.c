/* Searching the name index: from the query's parts to similar indexed
 * parts, from those to the names carrying them weighted by rarity, then
 * names_score on the best few. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/index_int.h"

#define IX_PART_CANDS 256 /* similar indexed parts per query part */
#define IX_RESCORE 128    /* names scored with names_score per search, at most */
#define IX_RESCORE_MIN 16 /* and at least, when there are as many */
/* Past the minimum, names with less than this share of the best name's
 * rarity-weighted overlap are not scored: at 100,000 names this kept
 * recall@10 within half a point of scoring all 128, at a fifth of the
 * time (bench/names/run.sh). */
#define IX_RESCORE_CUT 0.75f
/* A part carried by more names than this is not walked but only checked
 * on the names the rarer parts found; one found by an edit, sooner. */
#define IX_COMMON_MIN 1024
#define IX_COMMON_DIV 500

/* How close an indexed part is to the query part it was found from. */
#define SIM_SAME 1.0f
#define SIM_STEM 0.9f
#define SIM_EDIT 0.8f
#define SIM_CONSONANTS 0.8f

struct part_cand {
	uint32_t pid;
	float sim;
};

struct common {
	uint32_t pid;
	uint8_t qbit;
	float weight;
	float sim;
};

struct ranked {
	uint32_t entry;
	float total;
	double score;
};

static void cand_add(struct part_cand *c, size_t *n, uint32_t pid, float sim)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (c[i].pid == pid) {
			if (sim > c[i].sim)
				c[i].sim = sim;
			return;
		}
	}
	if (*n < IX_PART_CANDS)
		c[(*n)++] = (struct part_cand){ pid, sim };
}

static void cands_by_key(const names_index *idx, char tag, const char *s,
			 size_t len, const char *qskel, float sim_other,
			 struct part_cand *c, size_t *n)
{
	uint64_t h = ix_hash(tag, s, len);
	size_t pos = keymap_start(&idx->key_map, h);
	uint32_t pid;

	while (keymap_next(&idx->key_map, h, &pos, &pid)) {
		float sim = sim_other;

		if (!strcmp(idx->parts[pid].np.skeleton, qskel))
			sim = SIM_SAME;
		cand_add(c, n, pid, sim);
	}
}

/* The indexed parts like q: the same skeleton, the same stem, or one
 * letter inserted, deleted, changed or two swapped. */
static size_t similar_parts(const names_index *idx, const struct name_part *q,
			    struct part_cand *c)
{
	const char *sk = q->skeleton;
	size_t len = strnlen(sk, sizeof(q->skeleton) - 1), i, n = 0;
	char del[64];

	cands_by_key(idx, 'D', sk, len, sk, SIM_EDIT, c, &n);
	if (q->stem[0])
		cands_by_key(idx, 'T', q->stem, strnlen(q->stem, 63), sk,
			     SIM_STEM, c, &n);
	if (ix_consonants(sk, del, sizeof(del)) >= 2)
		cands_by_key(idx, 'C', del, strlen(del), sk, SIM_CONSONANTS,
			     c, &n);
	if (len < 4)
		return n;
	for (i = 0; i < len; i++) {
		if (i + 1 < len && sk[i] == sk[i + 1])
			continue;
		memcpy(del, sk, i);
		memcpy(del + i, sk + i + 1, len - i - 1);
		cands_by_key(idx, 'D', del, len - 1, sk, SIM_EDIT, c, &n);
	}
	return n;
}

static float rarity(const names_index *idx, uint32_t df)
{
	return logf(1.0f + (float)idx->nentries / (float)df);
}

/* Counts weight for every name carrying part pid, once per query part
 * (the best of that query part's similar parts). */
static void accumulate(const names_index *idx, struct ix_scratch *s,
		       uint32_t pid, uint8_t qbit, float weight)
{
	const struct u32vec *post = &idx->parts[pid].names;
	uint32_t i;

	for (i = 0; i < post->n; i++) {
		uint32_t e = post->v[i];

		if (!s->mark[e]) {
			s->touched[s->ntouched++] = e;
			s->mark[e] = qbit;
			s->best[e] = weight;
			s->total[e] = weight;
		} else if (!(s->mark[e] & qbit)) {
			s->mark[e] |= qbit;
			s->best[e] = weight;
			s->total[e] += weight;
		} else if (weight > s->best[e]) {
			s->total[e] += weight - s->best[e];
			s->best[e] = weight;
		}
	}
}

#define IX_COMMON_SET 4096 /* > 2 * the most commons a search keeps */

/* Common parts like the query's count for the names the rarer parts found,
 * without walking their long lists: one pass over the found names, each
 * part looked up in a small open-addressing set of the commons. */
static void add_commons(const names_index *idx, struct ix_scratch *s,
			const struct common *cm, size_t ncm)
{
	uint32_t set[IX_COMMON_SET]; /* pid + 1, 0 empty */
	uint16_t at[IX_COMMON_SET];
	const uint32_t mask = IX_COMMON_SET - 1;
	size_t t, j, p;

	if (!ncm)
		return;
	memset(set, 0, sizeof(set));
	for (j = 0; j < ncm; j++) {
		uint32_t h = (cm[j].pid * 2654435761u) & mask;

		while (set[h])
			h = (h + 1) & mask;
		set[h] = cm[j].pid + 1;
		at[h] = (uint16_t)j;
	}
	for (t = 0; t < s->ntouched; t++) {
		uint32_t e = s->touched[t];
		const struct ix_entry *en = &idx->entries[e];
		const uint32_t *parts = idx->entry_parts.v + en->parts;

		for (p = 0; p < en->nparts; p++) {
			uint32_t h = (parts[p] * 2654435761u) & mask;

			for (; set[h]; h = (h + 1) & mask) {
				const struct common *c = &cm[at[h]];

				if (set[h] != parts[p] + 1 || (s->mark[e] & c->qbit))
					continue;
				s->mark[e] |= c->qbit;
				s->total[e] += c->weight;
			}
		}
	}
}

static void scratch_clear(struct ix_scratch *s)
{
	size_t t;

	for (t = 0; t < s->ntouched; t++) {
		s->mark[s->touched[t]] = 0;
		s->total[s->touched[t]] = 0;
	}
	s->ntouched = 0;
}

/* A query part says as much as it is rare itself: when the index holds
 * it as written, a rarer part found from it (its stem inside a rarer
 * compound, Talip in Talipkizi; a neighbour one edit away) counts no more
 * than it. Otherwise the rarer neighbours outweigh the person's own
 * common part and push them out of the finalists (bench/names gen2 at
 * 1,000,000 people). Unbounded when no indexed part has the skeleton. */
static float part_rarity_cap(const names_index *idx, const struct part_cand *c,
			     size_t n)
{
	float most = -1.0f;
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t df = idx->parts[c[i].pid].names.n;

		if (c[i].sim == SIM_SAME && df && rarity(idx, df) > most)
			most = rarity(idx, df);
	}
	return most < 0 ? INFINITY : most;
}

/* What the search knows of each query part after the walk: whether an
 * indexed part has its skeleton, and whether some of the parts it stands
 * on (those, or all its similar parts when there are none) were too
 * common to walk. */
struct qpart {
	uint8_t has_same, pending, any;
};

/* Walks the query's similar parts; commons are kept for later. */
static size_t gather(const names_index *idx, struct ix_scratch *s,
		     const struct name_key *q, struct common *cm,
		     struct part_cand *c, struct qpart *qp)
{
	uint32_t cap = (uint32_t)(idx->nentries / IX_COMMON_DIV);
	size_t qi, i, n, ncm = 0;

	if (cap < IX_COMMON_MIN)
		cap = IX_COMMON_MIN;
	for (qi = 0; qi < q->nparts && qi < 8; qi++) {
		float most;

		n = similar_parts(idx, &q->parts[qi], c);
		most = part_rarity_cap(idx, c, n);
		qp[qi] = (struct qpart){ most < INFINITY, 0, 0 };
		for (i = 0; i < n; i++) {
			uint32_t df = idx->parts[c[i].pid].names.n;
			uint32_t mycap = c[i].sim < SIM_SAME ? cap / 4 : cap;
			int core = !qp[qi].has_same || c[i].sim == SIM_SAME;
			float w;

			if (!df)
				continue;
			qp[qi].any = 1;
			w = c[i].sim * fminf(rarity(idx, df), most);
			if (df > mycap && ncm < 8 * IX_PART_CANDS) {
				cm[ncm++] = (struct common){ c[i].pid,
							     (uint8_t)(1u << qi), w,
							     c[i].sim };
				qp[qi].pending |= (uint8_t)core;
			} else if (df <= mycap) {
				accumulate(idx, s, c[i].pid, (uint8_t)(1u << qi), w);
			}
		}
	}
	return ncm;
}

/* A common part the query part qi stands on (see struct qpart). */
static int is_core(const struct common *c, const struct qpart *qp, unsigned qi)
{
	return (c->qbit & (1u << qi)) && (!qp[qi].has_same || c->sim == SIM_SAME);
}

static size_t core_postings(const names_index *idx, const struct common *cm,
			    size_t ncm, const struct qpart *qp, unsigned qi)
{
	size_t j, sum = 0;

	for (j = 0; j < ncm; j++)
		if (is_core(&cm[j], qp, qi))
			sum += idx->parts[cm[j].pid].names.n;
	return sum;
}

/* A query part whose common parts carry at most this many names in all
 * is walked whole; past it, only the names it shares with the next
 * rarest query part are (walking is random access into large tables:
 * at 1,000,000 people, walking 100,000 names costs a few ms). */
#define IX_WALK_WHOLE 4096

/* Counts both weights for the names carrying both parts, each once per
 * query part. */
static void intersect(const names_index *idx, struct ix_scratch *s,
		      const struct common *a, const struct common *b)
{
	const struct u32vec *x = &idx->parts[a->pid].names;
	const struct u32vec *y = &idx->parts[b->pid].names;
	uint32_t i = 0, j = 0;

	while (i < x->n && j < y->n) {
		if (x->v[i] < y->v[j]) {
			i++;
		} else if (x->v[i] > y->v[j]) {
			j++;
		} else {
			uint32_t e = x->v[i];

			if (!s->mark[e])
				s->touched[s->ntouched++] = e;
			if (!(s->mark[e] & a->qbit))
				s->total[e] += a->weight;
			if (!(s->mark[e] & b->qbit))
				s->total[e] += b->weight;
			s->mark[e] |= a->qbit | b->qbit;
			i++;
			j++;
		}
	}
}

/* The pending query part (struct qpart) with the fewest names behind its
 * common parts, other than skip; nq when none. */
static size_t rarest_pending(const names_index *idx, const struct common *cm,
			     size_t ncm, const struct qpart *qp, size_t nq,
			     size_t skip, size_t *sum_out)
{
	size_t best = nq, qi, sum;

	for (qi = 0; qi < nq; qi++) {
		if (!qp[qi].pending || qi == skip)
			continue;
		sum = core_postings(idx, cm, ncm, qp, (unsigned)qi);
		if (best == nq || sum < *sum_out) {
			best = qi;
			*sum_out = sum;
		}
	}
	return best;
}

/* The names linked to the query only through common parts must still
 * become candidates, however large the casebook. Unless some query part
 * found its own skeleton and all of it was walked (then the commons are
 * added to those names), the rarest query part is walked whole when that
 * is cheap; otherwise the names shared by the two rarest are (every
 * indexed spelling of each skeleton, not one). Before, one pair of common
 * parts was intersected, and not at all once any rare part had been
 * walked, so a person whose parts were all common was lost as soon as a
 * rarer neighbour of one part (Talipkizi for Talip) or a second spelling
 * with the same skeleton (Erbol, Yerbol) was found. */
static void walk_commons(const names_index *idx, struct ix_scratch *s,
			 const struct common *cm, size_t ncm,
			 struct qpart *qp, size_t nq)
{
	size_t reached = 0, qi, a, b, i, j, sa = 0, sb = 0;

	for (qi = 0; qi < nq; qi++)
		reached += qp[qi].any && !qp[qi].pending && qp[qi].has_same;
	if (reached)
		return;
	a = rarest_pending(idx, cm, ncm, qp, nq, nq, &sa);
	if (a == nq)
		return;
	b = rarest_pending(idx, cm, ncm, qp, nq, a, &sb);
	if (sa <= IX_WALK_WHOLE || b == nq) {
		for (j = 0; j < ncm; j++)
			if (is_core(&cm[j], qp, (unsigned)a))
				accumulate(idx, s, cm[j].pid, cm[j].qbit, cm[j].weight);
		return;
	}
	/* two query parts, both behind common parts only */
	for (i = 0; i < ncm; i++) {
		if (!is_core(&cm[i], qp, (unsigned)a))
			continue;
		for (j = 0; j < ncm; j++)
			if (is_core(&cm[j], qp, (unsigned)b))
				intersect(idx, s, &cm[i], &cm[j]);
	}
	/* No one carries both: a query one of whose parts matches someone
	 * still gets an answer, the names of the rarest part. */
	if (!s->ntouched)
		for (j = 0; j < ncm; j++)
			if (is_core(&cm[j], qp, (unsigned)a))
				accumulate(idx, s, cm[j].pid, cm[j].qbit, cm[j].weight);
}

static int by_total_desc(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static int by_score_desc(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Parts of a name that no query part reached lower its standing a
 * little, as they lower names_score: among the many names of a large
 * casebook that share the query's common parts, the one with nothing
 * else (Sawle Talip for the query Saoule Talip) is ranked before those
 * with a third part rather than left to the order of entry. */
#define IX_UNMATCHED_COST 0.75f

static float pre_score(const names_index *idx, const struct ix_scratch *s,
		       uint32_t e)
{
	unsigned matched = (unsigned)__builtin_popcount(s->mark[e]);
	unsigned parts = idx->entries[e].nparts;

	return s->total[e] -
	       (parts > matched ? (float)(parts - matched) * IX_UNMATCHED_COST : 0.0f);
}

/* The max live names with the most weight, by a min-heap. */
static size_t top_by_total(const names_index *idx, const struct ix_scratch *s,
			   struct ranked *top, size_t max)
{
	size_t n = 0, t, i, child;

	for (t = 0; t < s->ntouched; t++) {
		uint32_t e = s->touched[t];
		struct ranked r = { e, pre_score(idx, s, e), 0 };

		if (idx->entries[e].dead)
			continue;
		if (n == max) {
			if (by_total_desc(&r, &top[0]) >= 0)
				continue;
			i = 0;
			top[0] = r;
		} else {
			i = n++;
			top[i] = r;
			while (i && by_total_desc(&top[i], &top[(i - 1) / 2]) > 0) {
				struct ranked tmp = top[i];

				top[i] = top[(i - 1) / 2];
				top[(i - 1) / 2] = tmp;
				i = (i - 1) / 2;
			}
			continue;
		}
		/* Sift the new root down: the heap's root is its worst. */
		for (;;) {
			size_t worst = i;

			child = 2 * i + 1;
			if (child < n && by_total_desc(&top[child], &top[worst]) > 0)
				worst = child;
			if (child + 1 < n &&
			    by_total_desc(&top[child + 1], &top[worst]) > 0)
				worst = child + 1;
			if (worst == i)
				break;
			struct ranked tmp = top[i];

			top[i] = top[worst];
			top[worst] = tmp;
			i = worst;
		}
	}
	return n;
}

/* Scores the finalists, keeps each person's best, copies out k hits. */
static size_t finish(const names_index *idx, const struct name_key *q,
		     struct ranked *top, size_t ntop, size_t k,
		     double min_score, struct names_hit *hits)
{
	struct name_key key;
	size_t i, j, n = 0;

	/* names_score is the costly step: past the first few, names whose
	 * rarity-weighted overlap falls well below the best are not scored. */
	qsort(top, ntop, sizeof(*top), by_total_desc);
	for (i = 0; i < ntop; i++) {
		if (i >= IX_RESCORE_MIN && i >= k &&
		    top[i].total < IX_RESCORE_CUT * top[0].total)
			break;
		ix_entry_key(idx, &idx->entries[top[i].entry], &key);
		top[i].score = names_score(q, &key, NULL);
	}
	ntop = i;
	qsort(top, ntop, sizeof(*top), by_score_desc);
	for (i = 0; i < ntop && n < k; i++) {
		const struct ix_entry *e = &idx->entries[top[i].entry];
		int seen = 0;

		if (top[i].score < min_score)
			break;
		for (j = 0; j < i && !seen; j++)
			seen = idx->entries[top[j].entry].person == e->person;
		if (seen)
			continue;
		snprintf(hits[n].id, sizeof(hits[n].id), "%s",
			 idx->ids.p + idx->people[e->person].id);
		snprintf(hits[n].name, sizeof(hits[n].name), "%s",
			 idx->names.p + e->name);
		hits[n].score = top[i].score;
		n++;
	}
	return n;
}

vg_status names_index_search(names_index *idx, const char *query, size_t k,
			     double min_score, struct names_hit *hits,
			     size_t *n, struct vg_error *err)
{
	struct name_key q, q2;
	struct ix_scratch *s = NULL;
	struct common *cm = NULL;
	struct part_cand *c = NULL;
	struct ranked *top = NULL;
	size_t ncm, ntop;
	struct qpart qp[8];
	vg_status st;

	*n = 0;
	if (!query || strnlen(query, NAMES_INDEX_NAME_MAX) >= NAMES_INDEX_NAME_MAX)
		return vg_fail(err, VG_EINVAL, "query", "name longer than %d bytes",
			       NAMES_INDEX_NAME_MAX - 1);
	st = names_analyse(query, &q, err);
	if (st != VG_OK)
		return st;
	cm = malloc(8 * IX_PART_CANDS * sizeof(*cm));
	c = malloc(IX_PART_CANDS * sizeof(*c));
	top = malloc(IX_RESCORE * sizeof(*top));
	if (!cm || !c || !top) {
		st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	pthread_rwlock_rdlock(&idx->lock);
	if (!idx->nlive || !k)
		goto unlock;
	s = ix_scratch_get(idx);
	if (!s) {
		st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto unlock;
	}
	ncm = gather(idx, s, &q, cm, c, qp);
	walk_commons(idx, s, cm, ncm, qp, q.nparts < 8 ? q.nparts : 8);
	/* Nothing found: perhaps parts were run together. The split query
	 * finds the candidates; the query as written scores them, since
	 * names_score compares the parts written together too. */
	if (!s->ntouched && ix_split_joined(idx, &q, &q2)) {
		ncm = gather(idx, s, &q2, cm, c, qp);
		walk_commons(idx, s, cm, ncm, qp, q2.nparts < 8 ? q2.nparts : 8);
	}
	add_commons(idx, s, cm, ncm);
	ntop = top_by_total(idx, s, top, IX_RESCORE);
	*n = finish(idx, &q, top, ntop, k, min_score, hits);
	scratch_clear(s);
	ix_scratch_put(idx, s);
unlock:
	pthread_rwlock_unlock(&idx->lock);
out:
	free(cm);
	free(c);
	free(top);
	return st;
}
