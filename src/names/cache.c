/* cache.c — analysed parts by normalised text, so that each distinct part
 * runs the ICU rule chain once. A million names repeat only tens of
 * thousands of distinct parts.
 *
 * Sharded by hash, one mutex per shard, so threads rarely wait on each
 * other. Bounded: past max_entries new parts are analysed but not kept. */
#include "names/names_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SHARDS 64
#define BUCKETS_PER_SHARD 4096 /* power of two */

struct cache_entry {
	struct cache_entry *next;
	uint32_t hash;
	struct name_part part;
	char key[]; /* the normalised part, NUL-terminated */
};

struct shard {
	pthread_mutex_t lock;
	struct cache_entry **buckets;
};

static struct shard shards[SHARDS];
static size_t max_entries, nentries;
static int ready;

static uint32_t hash_key(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

vg_status part_cache_init(size_t max)
{
	int i;

	part_cache_free();
	for (i = 0; i < SHARDS; i++) {
		pthread_mutex_init(&shards[i].lock, NULL);
		shards[i].buckets = calloc(BUCKETS_PER_SHARD, sizeof(struct cache_entry *));
		if (!shards[i].buckets) {
			ready = 1;
			part_cache_free();
			return VG_ENOMEM;
		}
	}
	max_entries = max;
	nentries = 0;
	ready = 1;
	return VG_OK;
}

void part_cache_free(void)
{
	struct cache_entry *e, *next;
	int i, b;

	if (!ready)
		return;
	for (i = 0; i < SHARDS; i++) {
		for (b = 0; shards[i].buckets && b < BUCKETS_PER_SHARD; b++) {
			for (e = shards[i].buckets[b]; e; e = next) {
				next = e->next;
				free(e);
			}
		}
		free(shards[i].buckets);
		shards[i].buckets = NULL;
		pthread_mutex_destroy(&shards[i].lock);
	}
	ready = 0;
}

int part_cache_get(const char *key, struct name_part *out)
{
	uint32_t h = hash_key(key);
	struct shard *s = &shards[h % SHARDS];
	struct cache_entry *e;
	int found = 0;

	if (!ready)
		return 0;
	pthread_mutex_lock(&s->lock);
	for (e = s->buckets[(h / SHARDS) & (BUCKETS_PER_SHARD - 1)]; e; e = e->next) {
		if (e->hash == h && !strcmp(e->key, key)) {
			*out = e->part;
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

void part_cache_put(const char *key, const struct name_part *part)
{
	uint32_t h = hash_key(key);
	struct shard *s = &shards[h % SHARDS];
	struct cache_entry *e, *other, **head;
	size_t keylen = strlen(key);

	if (!ready || __atomic_load_n(&nentries, __ATOMIC_RELAXED) >= max_entries)
		return;
	e = malloc(sizeof(*e) + keylen + 1);
	if (!e)
		return; /* the cache is an optimisation; carry on without */
	e->hash = h;
	e->part = *part;
	memcpy(e->key, key, keylen + 1);
	pthread_mutex_lock(&s->lock);
	head = &s->buckets[(h / SHARDS) & (BUCKETS_PER_SHARD - 1)];
	/* another thread may have analysed the same part meanwhile */
	for (other = *head; other; other = other->next)
		if (other->hash == h && !strcmp(other->key, key))
			break;
	if (!other) {
		e->next = *head;
		*head = e;
		e = NULL;
	}
	pthread_mutex_unlock(&s->lock);
	if (e)
		free(e);
	else
		__atomic_add_fetch(&nentries, 1, __ATOMIC_RELAXED);
}
