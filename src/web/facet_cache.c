/* Per-thread cache of the facet counts' grouped rows. */
#include "web/facet_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/records.h"

#define FACET_SLOTS 8
#define FACET_KEY_MAX 8192

struct facet_slot {
	char *key;       /* the query and its values, NULL for a free slot */
	store *db;
	char version[64];
	json_t *rows;
};

struct facet_cache {
	struct facet_slot slot[FACET_SLOTS];
	unsigned next;   /* the slot to replace next, round robin */
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* Runs when a server thread ends, so nothing outlives the threads. */
static void cache_free(void *p)
{
	struct facet_cache *c = p;
	size_t i;

	for (i = 0; c && i < FACET_SLOTS; i++) {
		free(c->slot[i].key);
		json_decref(c->slot[i].rows);
	}
	free(c);
}

static void cache_init(void)
{
	(void)pthread_key_create(&cache_key, cache_free);
}

static struct facet_cache *thread_cache(void)
{
	struct facet_cache *c;

	(void)pthread_once(&cache_once, cache_init);
	c = pthread_getspecific(cache_key);
	if (c)
		return c;
	c = calloc(1, sizeof(*c));
	if (c && pthread_setspecific(cache_key, c) != 0) {
		free(c);
		c = NULL;
	}
	return c;
}

/* What the counts depend on: the reader's role (the store counts only
 * what it may see), the type, the fields and the filter. */
static char *make_key(const struct facet_query *fq)
{
	char *filter = fq->filter ? json_dumps(fq->filter, JSON_COMPACT |
					       JSON_SORT_KEYS) : NULL;
	struct buf k;
	size_t i;
	vg_status s;

	buf_init(&k, FACET_KEY_MAX);
	s = buf_printf(&k, "%d\x1f%s\x1f%s", (int)fq->who->role, fq->type,
		       filter ? filter : "");
	for (i = 0; s == VG_OK && i < fq->ndims; i++)
		s = buf_printf(&k, "\x1f%s", fq->dims[i]);
	free(filter);
	if (s != VG_OK) {
		buf_free(&k);
		return NULL;
	}
	return buf_detach(&k);
}

static json_t *run_query(store *db, const struct facet_query *fq)
{
	struct records_tally spec = { fq->dims, fq->ndims, NULL, NULL };
	struct vg_error err;
	json_t *rows = NULL;

	vg_error_clear(&err);
	if (records_tally(db, fq->who, fq->type, &spec, fq->filter, &rows,
			  &err) != VG_OK)
		return NULL;
	return rows;
}

json_t *facet_rows(store *db, const struct facet_query *fq)
{
	struct facet_cache *c = thread_cache();
	struct facet_slot *s;
	struct vg_error err;
	char version[64];
	char *key;
	json_t *rows;
	size_t i;

	vg_error_clear(&err);
	if (!c || records_read_version(db, version, sizeof(version), &err) !=
		  VG_OK)
		return run_query(db, fq);
	key = make_key(fq);
	if (!key)
		return run_query(db, fq);
	for (i = 0; i < FACET_SLOTS; i++) {
		s = &c->slot[i];
		if (s->key && s->db == db && !strcmp(s->version, version) &&
		    !strcmp(s->key, key)) {
			free(key);
			return json_incref(s->rows);
		}
	}
	rows = run_query(db, fq);
	if (!rows) {
		free(key);
		return NULL;
	}
	s = &c->slot[c->next++ % FACET_SLOTS];
	free(s->key);
	json_decref(s->rows);
	s->key = key;
	s->db = db;
	snprintf(s->version, sizeof(s->version), "%s", version);
	s->rows = json_incref(rows);
	return rows;
}
