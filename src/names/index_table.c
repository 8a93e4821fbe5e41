/* The name index's compact containers: growing uint32 arrays, string
 * pools, a hash multimap, the table of distinct parts with their lookup
 * keys, and the per-search scratch space. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/index_int.h"

/* Offsets are uint32: past this a pool refuses to grow. */
#define IX_POOL_MAX ((size_t)UINT32_MAX - 1)

vg_status ix_reserve(void **arr, size_t *cap, size_t need, size_t sz)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return VG_OK;
	ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / sz)
		return VG_ENOMEM;
	p = realloc(*arr, ncap * sz);
	if (!p)
		return VG_ENOMEM;
	*arr = p;
	*cap = ncap;
	return VG_OK;
}

vg_status u32vec_push(struct u32vec *a, uint32_t x)
{
	if (a->n == a->cap) {
		uint32_t ncap = a->cap ? a->cap * 2 : 4;
		uint32_t *p;

		if (ncap < a->cap)
			return VG_ENOMEM;
		p = realloc(a->v, (size_t)ncap * sizeof(*p));
		if (!p)
			return VG_ENOMEM;
		a->v = p;
		a->cap = ncap;
	}
	a->v[a->n++] = x;
	return VG_OK;
}

void u32vec_free(struct u32vec *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

vg_status strpool_add(struct strpool *sp, const char *s, size_t len,
		      uint32_t *off)
{
	void *p = sp->p;
	vg_status st;

	if (sp->len + len + 1 > IX_POOL_MAX)
		return VG_ENOMEM;
	st = ix_reserve(&p, &sp->cap, sp->len + len + 1, 1);
	if (st != VG_OK)
		return st;
	sp->p = p;
	memcpy(sp->p + sp->len, s, len);
	sp->p[sp->len + len] = '\0';
	*off = (uint32_t)sp->len;
	sp->len += len + 1;
	return VG_OK;
}

void strpool_free(struct strpool *sp)
{
	free(sp->p);
	memset(sp, 0, sizeof(*sp));
}

uint64_t ix_hash(char tag, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	h ^= (unsigned char)tag;
	h *= 1099511628211ULL;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	/* FNV alone clusters in the low bits the table indexes by. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
}

static vg_status keymap_grow(struct keymap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i, j;
	uint64_t *keys = calloc(ncap, sizeof(*keys));
	uint32_t *vals = malloc(ncap * sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return VG_ENOMEM;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		j = m->keys[i] & (ncap - 1);
		while (keys[j])
			j = (j + 1) & (ncap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return VG_OK;
}

vg_status keymap_add(struct keymap *m, uint64_t key, uint32_t val)
{
	size_t j;

	if ((m->n + 1) * 2 > m->cap) {
		vg_status st = keymap_grow(m);

		if (st != VG_OK)
			return st;
	}
	j = key & (m->cap - 1);
	while (m->keys[j])
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
	return VG_OK;
}

void keymap_free(struct keymap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

size_t keymap_start(const struct keymap *m, uint64_t key)
{
	return m->cap ? key & (m->cap - 1) : 0;
}

int keymap_next(const struct keymap *m, uint64_t key, size_t *pos,
		uint32_t *val)
{
	if (!m->cap)
		return 0;
	while (m->keys[*pos]) {
		size_t j = *pos;

		*pos = (*pos + 1) & (m->cap - 1);
		if (m->keys[j] == key) {
			*val = m->vals[j];
			return 1;
		}
	}
	return 0;
}

static uint64_t part_hash(const struct name_part *np)
{
	char flat[3 * 64 + 8];
	int len;

	len = snprintf(flat, sizeof(flat), "%s|%s|%s|%u", np->latin,
		       np->skeleton, np->stem, np->flags);
	if (len < 0)
		len = 0;
	if ((size_t)len >= sizeof(flat))
		len = (int)sizeof(flat) - 1;
	return ix_hash('P', flat, (size_t)len);
}

static int part_equal(const struct name_part *a, const struct name_part *b)
{
	return a->flags == b->flags && !strcmp(a->skeleton, b->skeleton) &&
	       !strcmp(a->stem, b->stem) && !strcmp(a->latin, b->latin);
}

size_t ix_consonants(const char *skeleton, char *out, size_t outsize)
{
	size_t n = 0;

	/* z as s: German and Russian press write the voiced s as s
	 * (Asamat, Lässat for Azamat, Lezzat) */
	for (; *skeleton && n + 1 < outsize; skeleton++)
		if (!strchr("aeiouy", *skeleton))
			out[n++] = *skeleton == 'z' ? 's' : *skeleton;
	out[n] = '\0';
	return n;
}

/* The keys a part is found by: its skeleton and every skeleton with one
 * letter deleted under 'D' (a query's own deletions then meet them at one
 * edit away), its stem under 'T', and its consonants under 'C', since
 * scripts and romanisations disagree most on vowels (Uyghur Cyrillic ә is
 * the e of Uyghur Latin, Kazakh Arabic script merges vowel pairs). */
static vg_status part_add_keys(names_index *idx, uint32_t pid)
{
	const char *sk = idx->parts[pid].np.skeleton;
	const char *stem = idx->parts[pid].np.stem;
	size_t len = strnlen(sk, sizeof(idx->parts[pid].np.skeleton));
	char del[64];
	size_t i;
	vg_status st;

	st = keymap_add(&idx->key_map, ix_hash('D', sk, len), pid);
	if (st != VG_OK)
		return st;
	if (stem[0]) {
		st = keymap_add(&idx->key_map,
				ix_hash('T', stem, strnlen(stem, 64)), pid);
		if (st != VG_OK)
			return st;
	}
	if (ix_consonants(sk, del, sizeof(del)) >= 2) {
		st = keymap_add(&idx->key_map, ix_hash('C', del, strlen(del)), pid);
		if (st != VG_OK)
			return st;
	}
	if (len < 4)
		return VG_OK;
	for (i = 0; i < len; i++) {
		/* Deleting either of two equal letters gives one key. */
		if (i + 1 < len && sk[i] == sk[i + 1])
			continue;
		memcpy(del, sk, i);
		memcpy(del + i, sk + i + 1, len - i - 1);
		st = keymap_add(&idx->key_map, ix_hash('D', del, len - 1), pid);
		if (st != VG_OK)
			return st;
	}
	return VG_OK;
}

vg_status ix_part_intern(names_index *idx, const struct name_part *np,
			 uint32_t *out)
{
	uint64_t h = part_hash(np);
	size_t pos = keymap_start(&idx->part_map, h);
	uint32_t pid;
	void *arr;
	vg_status st;

	while (keymap_next(&idx->part_map, h, &pos, &pid)) {
		if (part_equal(&idx->parts[pid].np, np)) {
			*out = pid;
			return VG_OK;
		}
	}
	if (idx->nparts >= IX_NONE - 1)
		return VG_ENOMEM;
	arr = idx->parts;
	st = ix_reserve(&arr, &idx->parts_cap, idx->nparts + 1,
			sizeof(*idx->parts));
	if (st != VG_OK)
		return st;
	idx->parts = arr;
	pid = (uint32_t)idx->nparts;
	memset(&idx->parts[pid], 0, sizeof(idx->parts[pid]));
	idx->parts[pid].np = *np;
	/* A part's strings come from names_analyse; make sure they end. */
	idx->parts[pid].np.latin[63] = '\0';
	idx->parts[pid].np.skeleton[63] = '\0';
	idx->parts[pid].np.stem[63] = '\0';
	st = keymap_add(&idx->part_map, h, pid);
	if (st != VG_OK)
		return st;
	idx->nparts++;
	st = part_add_keys(idx, pid);
	if (st != VG_OK)
		return st;
	*out = pid;
	return VG_OK;
}

void ix_entry_key(const names_index *idx, const struct ix_entry *e,
		  struct name_key *key)
{
	size_t i;

	memcpy(key->script, e->script, sizeof(e->script));
	key->script[sizeof(e->script)] = '\0';
	key->nparts = e->nparts;
	for (i = 0; i < e->nparts; i++)
		key->parts[i] = idx->parts[idx->entry_parts.v[e->parts + i]].np;
}

void ix_scratch_free(struct ix_scratch *s)
{
	if (!s)
		return;
	free(s->total);
	free(s->best);
	free(s->mark);
	free(s->touched);
	free(s);
}

static int scratch_fit(struct ix_scratch *s, size_t n)
{
	float *total, *best;
	uint8_t *mark;
	uint32_t *touched;

	if (s->cap >= n)
		return 0;
	n = n + n / 4 + 1024;
	total = calloc(n, sizeof(*total));
	best = calloc(n, sizeof(*best));
	mark = calloc(n, sizeof(*mark));
	touched = malloc(n * sizeof(*touched));
	if (!total || !best || !mark || !touched) {
		free(total);
		free(best);
		free(mark);
		free(touched);
		return -1;
	}
	free(s->total);
	free(s->best);
	free(s->mark);
	free(s->touched);
	s->total = total;
	s->best = best;
	s->mark = mark;
	s->touched = touched;
	s->cap = n;
	s->ntouched = 0;
	return 0;
}

struct ix_scratch *ix_scratch_get(names_index *idx)
{
	struct ix_scratch *s = NULL;

	pthread_mutex_lock(&idx->scratch_lock);
	if (idx->nscratch)
		s = idx->scratch[--idx->nscratch];
	pthread_mutex_unlock(&idx->scratch_lock);
	if (!s)
		s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (scratch_fit(s, idx->nentries) < 0) {
		ix_scratch_free(s);
		return NULL;
	}
	return s;
}

void ix_scratch_put(names_index *idx, struct ix_scratch *s)
{
	void *arr;

	pthread_mutex_lock(&idx->scratch_lock);
	arr = idx->scratch;
	if (ix_reserve(&arr, &idx->scratch_cap, idx->nscratch + 1,
		       sizeof(*idx->scratch)) == VG_OK) {
		idx->scratch = arr;
		idx->scratch[idx->nscratch++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&idx->scratch_lock);
	ix_scratch_free(s);
}
