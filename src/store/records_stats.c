/* records_stats.c — what is counted or summed over the records: grouped
 * counts (facets, dashboard figures) and the latest changes, each only
 * over what the reader may see, so that a derived value never tells of a
 * hidden record. */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"

#define MAX_DIMS 4
#define CHANGES_MAX 100
/* How many revisions to look through for the visible ones. */
#define CHANGES_SCAN 400

/* A dimension must be a stored scalar field who may see. */
static vg_status check_dim(const struct actor *who, const struct record_type *t,
			   const char *name, struct vg_error *err)
{
	const struct field_def *f = model_field(t, name);

	if (!f || f->kind == FIELD_LIST || f->kind == FIELD_LONGTEXT ||
	    (f->flags & (FIELD_ENCRYPTED | FIELD_DERIVED)) ||
	    !rec_stored(f, REC_COLS_READ) ||
	    !access_sees_level(who->role, f->level))
		return vg_fail(err, VG_EINVAL, name, "cannot count by this");
	return VG_OK;
}

static vg_status grouped_rows(store *db, const struct rec_where *w,
			      const char *sql, size_t ndims, json_t *rows,
			      struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);

	if (rc != STORE_OK)
		return store_fail(db, rc, err, "count");
	rec_where_bind(w, st);
	for (;;) {
		json_t *row;
		size_t d;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		row = json_array();
		for (d = 0; d < ndims; d++) {
			const char *v = store_column_text(st, (int)d);

			json_array_append_new(row, json_string(v ? v : ""));
		}
		json_array_append_new(row, json_integer(
			store_column_int(st, (int)ndims)));
		json_array_append_new(rows, row);
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "count");
	return VG_OK;
}

vg_status records_count_by(store *db, const struct actor *who,
			   const char *type, const char *const *dims,
			   size_t ndims, const struct records_query *q,
			   json_t **rows, struct vg_error *err)
{
	struct records_query nq = { 0 };
	struct rec_where w;
	struct buf sql;
	vg_status s;
	size_t d;

	*rows = NULL;
	/* Text and filter count; order and paging do not. */
	if (q) {
		nq.filter = q->filter;
		nq.text = q->text;
	}
	buf_init(&sql, REC_SQL_MAX);
	s = rec_where_open(db, who, type, &nq, &w, err);
	if (s == VG_OK && (ndims == 0 || ndims > MAX_DIMS))
		s = vg_fail(err, VG_EINVAL, "dims", "expected 1 to 4 fields");
	for (d = 0; s == VG_OK && d < ndims; d++)
		s = check_dim(who, w.t, dims[d], err);
	if (s == VG_OK) {
		(void)buf_adds(&sql, "SELECT ");
		for (d = 0; d < ndims; d++) {
			rec_col_sql(w.t, dims[d], w.reader, &sql);
			(void)buf_adds(&sql, ", ");
		}
		(void)buf_printf(&sql, "count(*) FROM \"%s\"%s GROUP BY ",
				 w.t->table, buf_str(&w.sql));
		for (d = 0; d < ndims; d++)
			(void)buf_printf(&sql, "%s%zu", d ? ", " : "", d + 1);
		*rows = json_array();
		s = *rows ? grouped_rows(db, &w, buf_str(&sql), ndims, *rows,
					 err) :
			    vg_fail(err, VG_ENOMEM, type, "out of memory");
	}
	if (s != VG_OK) {
		json_decref(*rows);
		*rows = NULL;
	}
	rec_where_close(&w);
	buf_free(&sql);
	return s;
}

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
