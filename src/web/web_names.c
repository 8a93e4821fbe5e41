/* The name index behind the people list and the search page. Built once
 * at start from every person, then, before each search, brought up to the
 * revisions written since (by this server or any other process, such as
 * `vigil import`), so a search never scans the table and never needs a
 * restart to find someone. */
#include "web/web_names.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "names/names.h"
#include "store/person_names.h"
#include "store/records.h"

/* The index is replaced only by a rebuild; searches hold the pointer for
 * reading, the swap for writing (an instant: the new index is built
 * beside the old one). */
static names_index *the_index;
static pthread_rwlock_t index_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;

/* One catch-up at a time; high_water is the last revision id applied. */
static pthread_mutex_t follow_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t high_water;

/* Each thread's connection and its data version when it last caught up:
 * while neither changed, nothing was written anywhere since. */
static _Thread_local store *seen_db;
static _Thread_local char seen_version[64];

/* A new index of every person and the revision it stands at, from one
 * snapshot. */
static vg_status load_all(store *db, names_index **out, int64_t *upto,
			  struct vg_error *err)
{
	names_index *idx = names_index_new();
	store_rc rc;
	vg_status s;

	*out = NULL;
	if (!idx)
		return vg_fail(err, VG_ENOMEM, "names", "out of memory");
	rc = store_begin_read(db);
	if (rc != STORE_OK) {
		names_index_free(idx);
		return store_fail(db, rc, err, "names");
	}
	s = person_names_high_water(db, upto, err);
	if (s == VG_OK)
		s = person_names_load(db, idx, err);
	store_rollback(db);
	if (s != VG_OK) {
		names_index_free(idx);
		return s;
	}
	*out = idx;
	return VG_OK;
}

vg_status web_names_start(store *db, struct vg_error *err)
{
	names_index *idx;
	vg_status s = VG_OK;
	int64_t upto = 0;

	pthread_mutex_lock(&start_lock);
	if (the_index)
		goto out;
	s = names_init(err);
	if (s == VG_OK)
		s = load_all(db, &idx, &upto, err);
	if (s != VG_OK)
		goto out;
	pthread_mutex_lock(&follow_lock);
	high_water = upto;
	pthread_rwlock_wrlock(&index_lock);
	the_index = idx;
	pthread_rwlock_unlock(&index_lock);
	pthread_mutex_unlock(&follow_lock);
	log_line("name index: %zu people, %zu names",
		 names_index_people(idx), names_index_names(idx));
out:
	pthread_mutex_unlock(&start_lock);
	return s;
}

/* The casebook lost revisions the index had seen: build it again. */
static vg_status rebuild(store *db, struct vg_error *err)
{
	names_index *idx, *old;
	int64_t upto;
	vg_status s = load_all(db, &idx, &upto, err);

	if (s != VG_OK)
		return s;
	pthread_rwlock_wrlock(&index_lock);
	old = the_index;
	the_index = idx;
	pthread_rwlock_unlock(&index_lock);
	names_index_free(old);
	high_water = upto;
	log_line("name index rebuilt: the revision table shrank; %zu people",
		 names_index_people(idx));
	return VG_OK;
}

/* Brings the index up to db's revisions. A thread that finds another
 * catching up searches what is there rather than wait for it. */
static void follow(store *db)
{
	struct vg_error err;
	char version[64];
	int64_t upto;
	vg_status s;

	vg_error_clear(&err);
	if (!db || records_read_version(db, version, sizeof(version), &err) !=
			   VG_OK)
		return;
	if (seen_db == db && !strcmp(seen_version, version))
		return;
	if (pthread_mutex_trylock(&follow_lock) != 0)
		return;
	/* Only a rebuild replaces the index, and only under follow_lock. */
	s = person_names_catch_up(db, the_index, high_water, &upto, &err);
	if (s == VG_OK && upto < high_water)
		s = rebuild(db, &err);
	else if (s == VG_OK)
		high_water = upto;
	pthread_mutex_unlock(&follow_lock);
	if (s != VG_OK) {
		log_line("name index: cannot catch up: %s", err.msg);
		return;
	}
	seen_db = db;
	snprintf(seen_version, sizeof(seen_version), "%s", version);
}

size_t web_names_find(store *db, const char *query, struct names_hit *hits,
		      size_t k)
{
	struct vg_error err;
	size_t n = 0;

	if (!the_index || !query || !*query)
		return 0;
	follow(db);
	pthread_rwlock_rdlock(&index_lock);
	if (names_index_search(the_index, query, k, 0.6, hits, &n, &err) !=
	    VG_OK)
		n = 0;
	pthread_rwlock_unlock(&index_lock);
	return n;
}
