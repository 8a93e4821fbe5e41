/* The name index behind the people list and the search page. Built once
 * at start from every person, then kept current by a records listener, so
 * a search never scans the table. */
#include "web/web_names.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "names/names.h"
#include "store/records.h"

static names_index *the_index;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;

static void add_person(const json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	json_t *names = json_object_get(rec, "names"), *n;
	struct vg_error err;
	size_t i;

	if (!id)
		return;
	json_array_foreach(names, i, n) {
		const char *name = json_string_value(json_object_get(n, "name"));

		/* A name with no letters cannot be found by name: skip it. */
		if (name)
			(void)names_index_add(the_index, id, name, &err);
	}
}

static void on_change(void *ctx, const char *type, const char *id,
		      const json_t *after)
{
	if (!the_index || strcmp(type, "person"))
		return;
	(void)names_index_remove(the_index, id);
	if (after)
		add_person(after);
}

static vg_status load_all(store *db, struct vg_error *err)
{
	struct records_query q;
	json_t *items = NULL, *rec;
	size_t total = 0, i, done = 0;
	vg_status s;

	memset(&q, 0, sizeof(q));
	q.limit = 1000;
	for (;;) {
		q.offset = done;
		s = records_list(db, "person", &q, &items, &total, err);
		if (s != VG_OK)
			return s;
		json_array_foreach(items, i, rec)
			add_person(rec);
		done += json_array_size(items);
		json_decref(items);
		items = NULL;
		if (done >= total || i == 0)
			return VG_OK;
	}
}

vg_status web_names_start(store *db, struct vg_error *err)
{
	vg_status s = VG_OK;

	pthread_mutex_lock(&start_lock);
	if (the_index)
		goto out;
	s = names_init(err);
	if (s != VG_OK)
		goto out;
	the_index = names_index_new();
	if (!the_index) {
		s = vg_fail(err, VG_ENOMEM, "names", "out of memory");
		goto out;
	}
	s = load_all(db, err);
	if (s != VG_OK) {
		names_index_free(the_index);
		the_index = NULL;
		goto out;
	}
	records_on_change(on_change, NULL);
	log_line("name index: %zu people, %zu names",
		 names_index_people(the_index), names_index_names(the_index));
out:
	pthread_mutex_unlock(&start_lock);
	return s;
}

size_t web_names_find(const char *query, struct names_hit *hits, size_t k)
{
	struct vg_error err;
	size_t n = 0;

	if (!the_index || !query || !*query)
		return 0;
	if (names_index_search(the_index, query, k, 0.6, hits, &n, &err) !=
	    VG_OK)
		return 0;
	return n;
}
