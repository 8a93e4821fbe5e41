/* records_stats.c — the latest changes, over what the reader may see, so
 * that the dashboard never tells of a hidden record. (Grouped counts and
 * sums are records_report.c's.) */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"

#define CHANGES_MAX 100
/* How many revisions to look through for the visible ones. */
#define CHANGES_SCAN 400

/* 1 when who may see the record a revision is of: the record as it is
 * now, or, deleted, as it was last. */
static int change_visible(store *db, const struct actor *who,
			  const struct record_type *t, const char *id,
			  const char *last_json, json_t *cache)
{
	json_t *last, *shown;
	struct vg_error e;
	int64_t pk;

	if (rec_visible(db, who, t->name, id, cache))
		return 1;
	vg_error_clear(&e);
	/* Not visible and still there: hidden. */
	if (!last_json || rec_lookup(db, t, id, &pk, NULL, &e) != VG_ENOTFOUND)
		return 0;
	last = json_loads(last_json, 0, NULL);
	shown = last ? access_redact(who->role, t, last) : NULL;
	json_decref(last);
	json_decref(shown);
	return shown != NULL;
}

vg_status records_latest_changes(store *db, const struct actor *who,
				 size_t limit, json_t **out,
				 struct vg_error *err)
{
	json_t *cache = json_object();
	store_stmt *st;
	store_rc rc;

	*out = NULL;
	if (limit == 0 || limit > CHANGES_MAX)
		limit = CHANGES_MAX;
	rc = store_prepare(db, "SELECT record_type, record_id, at, action,"
			       " COALESCE(after_json, before_json) FROM revision"
			       " ORDER BY id DESC LIMIT $1", &st);
	if (rc != STORE_OK) {
		json_decref(cache);
		return store_fail(db, rc, err, "revision");
	}
	store_bind_int(st, 1, CHANGES_SCAN);
	*out = json_array();
	while (json_array_size(*out) < limit) {
		const struct record_type *t;
		const char *id;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		t = model_type(store_column_text(st, 0));
		id = store_column_text(st, 1);
		if (!t || t->child || !id ||
		    !change_visible(db, who, t, id, store_column_text(st, 4),
				    cache))
			continue;
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s?, s:s?}",
			"type", t->name, "id", id,
			"at", store_column_text(st, 2),
			"action", store_column_text(st, 3)));
	}
	store_finalize(st);
	json_decref(cache);
	if (rc != STORE_ROW && rc != STORE_DONE) {
		json_decref(*out);
		*out = NULL;
		return store_fail(db, rc, err, "revision");
	}
	return VG_OK;
}
