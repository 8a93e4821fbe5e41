/* audit_list.c — a page of the audit log for the person who may read it. */
#include <stdio.h>

#include "model/access.h"
#include "store/audit.h"

#define AUDIT_PAGE_MAX 500

static vg_status count_entries(store *db, size_t *total, struct vg_error *err)
{
	int64_t n = 0;
	store_rc rc = store_query_int(db, "SELECT count(*) FROM audit_log", &n);

	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "audit_log");
	*total = (size_t)n;
	return VG_OK;
}

vg_status audit_list(store *db, const struct actor *who, size_t offset,
		     size_t limit, json_t **rows, size_t *total,
		     struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;
	vg_status s;

	*rows = NULL;
	if (!access_allows(who->role, NULL, ACTION_ADMIN))
		return vg_fail(err, VG_EDENIED, "audit_log",
			       "only admins read the audit log");
	if (limit == 0 || limit > AUDIT_PAGE_MAX)
		limit = AUDIT_PAGE_MAX;
	s = total ? count_entries(db, total, err) : VG_OK;
	if (s != VG_OK)
		return s;
	rc = store_prepare(db, "SELECT seq, at, actor, action, record_type,"
			       " record_id FROM audit_log ORDER BY seq DESC"
			       " LIMIT $1 OFFSET $2", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	store_bind_int(st, 1, (int64_t)limit);
	store_bind_int(st, 2, (int64_t)offset);
	*rows = json_array();
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(*rows, json_pack(
			"{s:I, s:s?, s:s?, s:s?, s:s?, s:s?}",
			"seq", (json_int_t)store_column_int(st, 0),
			"at", store_column_text(st, 1),
			"actor", store_column_text(st, 2),
			"action", store_column_text(st, 3),
			"record_type", store_column_text(st, 4),
			"record_id", store_column_text(st, 5)));
	store_finalize(st);
	if (rc != STORE_DONE) {
		json_decref(*rows);
		*rows = NULL;
		return store_fail(db, rc, err, "audit_log");
	}
	return VG_OK;
}
