/* The name index behind the people list and the search page. Built once
 * at start from every person, then kept current by a records listener, so
 * a search never scans the table. */
#include "web/web_names.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "names/names.h"
#include "store/person_names.h"
#include "store/records.h"

static names_index *the_index;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;

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
	s = person_names_load(db, the_index, err);
	if (s != VG_OK) {
		names_index_free(the_index);
		the_index = NULL;
		goto out;
	}
	records_on_change(person_names_on_change, the_index);
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
