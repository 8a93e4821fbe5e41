/* The name index: creating it, adding and removing names, building it in
 * bulk on several threads. Searching is in index_search.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/index_int.h"

/* Tokens analysed per round of a bulk build: bounds the memory of the
 * analyses waiting to be interned. */
#define IX_BATCH 4096

names_index *names_index_new(void)
{
	names_index *idx = calloc(1, sizeof(*idx));
	pthread_rwlockattr_t attr;

	if (!idx)
		return NULL;
	pthread_rwlockattr_init(&attr);
	/* Searches never stop: without this a writer could wait forever. */
	pthread_rwlockattr_setkind_np(&attr,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	if (pthread_rwlock_init(&idx->lock, &attr) != 0) {
		pthread_rwlockattr_destroy(&attr);
		free(idx);
		return NULL;
	}
	pthread_rwlockattr_destroy(&attr);
	pthread_mutex_init(&idx->scratch_lock, NULL);
	return idx;
}

void names_index_free(names_index *idx)
{
	size_t i;

	if (!idx)
		return;
	for (i = 0; i < idx->nscratch; i++)
		ix_scratch_free(idx->scratch[i]);
	free(idx->scratch);
	for (i = 0; i < idx->nparts; i++)
		u32vec_free(&idx->parts[i].names);
	free(idx->parts);
	free(idx->people);
	free(idx->entries);
	free(idx->toks);
	strpool_free(&idx->ids);
	strpool_free(&idx->names);
	strpool_free(&idx->tokens);
	u32vec_free(&idx->entry_parts);
	u32vec_free(&idx->token_parts);
	keymap_free(&idx->id_map);
	keymap_free(&idx->token_map);
	keymap_free(&idx->part_map);
	keymap_free(&idx->key_map);
	pthread_mutex_destroy(&idx->scratch_lock);
	pthread_rwlock_destroy(&idx->lock);
	free(idx);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The next whitespace-separated token of s from *pos; 0 at the end. */
static int next_token(const char *s, size_t *pos, size_t *start, size_t *len)
{
	size_t i = *pos;

	while (s[i] && is_space(s[i]))
		i++;
	if (!s[i])
		return 0;
	*start = i;
	while (s[i] && !is_space(s[i]))
		i++;
	*len = i - *start;
	*pos = i;
	return 1;
}

/* The token for text, created unanalysed if new. */
static vg_status token_find_or_add(names_index *idx, const char *text,
				   size_t len, uint32_t *out)
{
	uint64_t h = ix_hash('K', text, len);
	size_t pos = keymap_start(&idx->token_map, h);
	uint32_t t;
	void *arr;
	vg_status st;

	while (keymap_next(&idx->token_map, h, &pos, &t)) {
		const char *have = idx->tokens.p + idx->toks[t].text;

		if (!strncmp(have, text, len) && have[len] == '\0') {
			*out = t;
			return VG_OK;
		}
	}
	arr = idx->toks;
	st = ix_reserve(&arr, &idx->toks_cap, idx->ntoks + 1,
			sizeof(*idx->toks));
	if (st != VG_OK)
		return st;
	idx->toks = arr;
	t = (uint32_t)idx->ntoks;
	memset(&idx->toks[t], 0, sizeof(idx->toks[t]));
	st = strpool_add(&idx->tokens, text, len, &idx->toks[t].text);
	if (st != VG_OK)
		return st;
	st = keymap_add(&idx->token_map, h, t);
	if (st != VG_OK)
		return st;
	idx->ntoks++;
	*out = t;
	return VG_OK;
}

/* Stores the analysis of token t (a token without letters keeps none). */
static vg_status token_set(names_index *idx, uint32_t t,
			   const struct name_key *key, int ok)
{
	struct ix_token *tok = &idx->toks[t];
	uint32_t pid;
	size_t i;
	vg_status st;

	tok->analysed = 1;
	tok->parts = idx->token_parts.n;
	tok->nparts = 0;
	if (!ok)
		return VG_OK;
	memcpy(tok->script, key->script, sizeof(tok->script));
	tok->script[sizeof(tok->script) - 1] = '\0';
	for (i = 0; i < key->nparts && i < NAMES_MAX_PARTS; i++) {
		st = ix_part_intern(idx, &key->parts[i], &pid);
		if (st != VG_OK)
			return st;
		st = u32vec_push(&idx->token_parts, pid);
		if (st != VG_OK)
			return st;
		tok->nparts++;
	}
	return VG_OK;
}

struct analyse_job {
	const names_index *idx;
	const uint32_t *toks;
	struct name_key *keys;
	int *ok;
	size_t from, to;
};

static void *analyse_run(void *arg)
{
	struct analyse_job *j = arg;
	size_t i;

	for (i = j->from; i < j->to; i++) {
		const char *text = j->idx->tokens.p + j->idx->toks[j->toks[i]].text;

		j->ok[i] = names_analyse(text, &j->keys[i], NULL) == VG_OK;
	}
	return NULL;
}

/* Analyses n pending tokens on nthreads threads, then interns the parts. */
static vg_status analyse_tokens(names_index *idx, const uint32_t *toks,
				size_t n, unsigned nthreads)
{
	struct name_key *keys = malloc(n * sizeof(*keys));
	int *ok = calloc(n, sizeof(*ok));
	struct analyse_job jobs[64];
	pthread_t tids[64];
	int started[64] = { 0 };
	unsigned i;
	vg_status st = VG_ENOMEM;

	if (!keys || !ok)
		goto out;
	if (nthreads > 64)
		nthreads = 64;
	if (nthreads > n)
		nthreads = n ? (unsigned)n : 1;
	for (i = 0; i < nthreads; i++)
		jobs[i] = (struct analyse_job){ idx, toks, keys, ok,
						n * i / nthreads,
						n * (i + 1) / nthreads };
	for (i = 1; i < nthreads; i++)
		started[i] = pthread_create(&tids[i], NULL, analyse_run,
					    &jobs[i]) == 0;
	analyse_run(&jobs[0]);
	/* A thread that could not start leaves its share to this one. */
	for (i = 1; i < nthreads; i++) {
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			analyse_run(&jobs[i]);
	}
	for (i = 0; i < n; i++) {
		st = token_set(idx, toks[i], &keys[i], ok[i]);
		if (st != VG_OK)
			goto out;
	}
	st = VG_OK;
out:
	free(keys);
	free(ok);
	return st;
}

static vg_status check_item(const char *id, const char *name, size_t i,
			    struct vg_error *err)
{
	size_t idlen = id ? strnlen(id, NAMES_INDEX_ID_MAX) : 0;
	size_t namelen = name ? strnlen(name, NAMES_INDEX_NAME_MAX) : 0;
	char where[32];

	snprintf(where, sizeof(where), "item %zu", i);
	if (!idlen)
		return vg_fail(err, VG_EINVAL, where, "empty id");
	if (idlen >= NAMES_INDEX_ID_MAX)
		return vg_fail(err, VG_EINVAL, where, "id longer than %d bytes",
			       NAMES_INDEX_ID_MAX - 1);
	if (!namelen)
		return vg_fail(err, VG_EINVAL, where, "empty name");
	if (namelen >= NAMES_INDEX_NAME_MAX)
		return vg_fail(err, VG_EINVAL, where,
			       "name longer than %d bytes",
			       NAMES_INDEX_NAME_MAX - 1);
	return VG_OK;
}

/* Queues the unanalysed tokens of name, analysing a batch when full. */
static vg_status queue_tokens(names_index *idx, const char *name,
			      uint32_t *pending, size_t *npending,
			      unsigned nthreads)
{
	size_t pos = 0, start, len;
	uint32_t t;
	vg_status st;

	while (next_token(name, &pos, &start, &len)) {
		st = token_find_or_add(idx, name + start, len, &t);
		if (st != VG_OK)
			return st;
		if (idx->toks[t].analysed)
			continue;
		idx->toks[t].analysed = 2; /* queued */
		pending[(*npending)++] = t;
		if (*npending == IX_BATCH) {
			st = analyse_tokens(idx, pending, *npending, nthreads);
			*npending = 0;
			if (st != VG_OK)
				return st;
		}
	}
	return VG_OK;
}

static vg_status person_find_or_add(names_index *idx, const char *id,
				    uint32_t *out)
{
	uint64_t h = ix_hash('I', id, strlen(id));
	size_t pos = keymap_start(&idx->id_map, h);
	uint32_t p;
	void *arr;
	vg_status st;

	while (keymap_next(&idx->id_map, h, &pos, &p)) {
		if (!strcmp(idx->ids.p + idx->people[p].id, id)) {
			*out = p;
			return VG_OK;
		}
	}
	arr = idx->people;
	st = ix_reserve(&arr, &idx->people_cap, idx->npeople + 1,
			sizeof(*idx->people));
	if (st != VG_OK)
		return st;
	idx->people = arr;
	p = (uint32_t)idx->npeople;
	idx->people[p].first = IX_NONE;
	st = strpool_add(&idx->ids, id, strlen(id), &idx->people[p].id);
	if (st != VG_OK)
		return st;
	st = keymap_add(&idx->id_map, h, p);
	if (st != VG_OK)
		return st;
	idx->npeople++;
	*out = p;
	return VG_OK;
}

/* Adds the entry for a name whose tokens are all analysed. */
static vg_status entry_add(names_index *idx, const char *id, const char *name,
			   size_t item, struct vg_error *err)
{
	struct ix_entry e = { 0 };
	size_t pos = 0, start, len, j;
	uint32_t t, eno, p;
	void *arr;
	vg_status st;

	e.parts = idx->entry_parts.n;
	while (next_token(name, &pos, &start, &len)) {
		st = token_find_or_add(idx, name + start, len, &t);
		if (st != VG_OK)
			return st;
		if (!e.script[0] && idx->toks[t].nparts)
			memcpy(e.script, idx->toks[t].script, 4);
		for (j = 0; j < idx->toks[t].nparts; j++) {
			if (e.nparts == NAMES_MAX_PARTS)
				break;
			st = u32vec_push(&idx->entry_parts,
				idx->token_parts.v[idx->toks[t].parts + j]);
			if (st != VG_OK)
				return st;
			e.nparts++;
		}
	}
	if (!e.nparts) {
		char where[32];

		idx->entry_parts.n = e.parts;
		snprintf(where, sizeof(where), "item %zu", item);
		return vg_fail(err, VG_EINVAL, where, "the name has no letters");
	}
	arr = idx->entries;
	st = ix_reserve(&arr, &idx->entries_cap, idx->nentries + 1,
			sizeof(*idx->entries));
	if (st != VG_OK)
		return st;
	idx->entries = arr;
	st = person_find_or_add(idx, id, &p);
	if (st != VG_OK)
		return st;
	st = strpool_add(&idx->names, name, strlen(name), &e.name);
	if (st != VG_OK)
		return st;
	eno = (uint32_t)idx->nentries;
	for (j = 0; j < e.nparts; j++) {
		struct ix_part *part =
			&idx->parts[idx->entry_parts.v[e.parts + j]];

		/* A name may repeat a part; its posting holds it once. */
		if (part->names.n && part->names.v[part->names.n - 1] == eno)
			continue;
		st = u32vec_push(&part->names, eno);
		if (st != VG_OK)
			return st;
	}
	e.person = p;
	if (idx->people[p].first == IX_NONE)
		idx->nalive++;
	e.next = idx->people[p].first;
	idx->people[p].first = eno;
	idx->entries[eno] = e;
	idx->nentries++;
	idx->nlive++;
	return VG_OK;
}

vg_status names_index_build_parallel(names_index *idx,
				     const struct names_index_item *items,
				     size_t n, unsigned nthreads,
				     struct vg_error *err)
{
	uint32_t *pending = malloc(IX_BATCH * sizeof(*pending));
	size_t npending = 0, i, done = 0;
	vg_status st = VG_ENOMEM;

	if (!pending)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (nthreads < 1)
		nthreads = 1;
	pthread_rwlock_wrlock(&idx->lock);
	/* Rounds: queue tokens of as many names as fill a batch, analyse
	 * them, then add those names. */
	while (done < n) {
		for (i = done; i < n && npending < IX_BATCH / 2; i++) {
			st = check_item(items[i].id, items[i].name, i, err);
			if (st != VG_OK)
				goto flush;
			st = queue_tokens(idx, items[i].name, pending,
					  &npending, nthreads);
			if (st != VG_OK)
				goto nomem;
		}
flush:
		if (npending) {
			vg_status ast = analyse_tokens(idx, pending, npending,
						       nthreads);

			npending = 0;
			if (ast != VG_OK) {
				st = ast;
				goto nomem;
			}
		}
		for (; done < i; done++) {
			vg_status est = entry_add(idx, items[done].id,
						  items[done].name, done, err);

			if (est == VG_ENOMEM) {
				st = est;
				goto nomem;
			}
			if (est != VG_OK) {
				st = est;
				goto out;
			}
		}
		if (st != VG_OK)
			goto out;
	}
	st = VG_OK;
	goto out;
nomem:
	vg_fail(err, st, NULL, "out of memory while indexing names");
out:
	pthread_rwlock_unlock(&idx->lock);
	free(pending);
	return st;
}

vg_status names_index_add(names_index *idx, const char *id, const char *name,
			  struct vg_error *err)
{
	struct names_index_item item = { id, name };
	vg_status st;

	st = names_index_build_parallel(idx, &item, 1, 1, err);
	if (st != VG_OK && err && !strncmp(err->where, "item 0", 7))
		err->where[0] = '\0';
	return st;
}

vg_status names_index_remove(names_index *idx, const char *id)
{
	uint64_t h = ix_hash('I', id, strlen(id));
	size_t pos;
	uint32_t p, e;
	vg_status st = VG_ENOTFOUND;

	pthread_rwlock_wrlock(&idx->lock);
	pos = keymap_start(&idx->id_map, h);
	while (keymap_next(&idx->id_map, h, &pos, &p)) {
		if (strcmp(idx->ids.p + idx->people[p].id, id))
			continue;
		if (idx->people[p].first == IX_NONE)
			break;
		for (e = idx->people[p].first; e != IX_NONE;
		     e = idx->entries[e].next) {
			idx->entries[e].dead = 1;
			idx->nlive--;
		}
		idx->people[p].first = IX_NONE;
		idx->nalive--;
		st = VG_OK;
		break;
	}
	pthread_rwlock_unlock(&idx->lock);
	return st;
}

size_t names_index_people(names_index *idx)
{
	size_t n;

	pthread_rwlock_rdlock(&idx->lock);
	n = idx->nalive;
	pthread_rwlock_unlock(&idx->lock);
	return n;
}

size_t names_index_names(names_index *idx)
{
	size_t n;

	pthread_rwlock_rdlock(&idx->lock);
	n = idx->nlive;
	pthread_rwlock_unlock(&idx->lock);
	return n;
}
