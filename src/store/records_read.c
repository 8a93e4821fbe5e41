/* records_read.c — records_get, records_list, records_history. */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

#define LIST_DEFAULT 50
#define LIST_MAX 1000

/* Reads row pk of t as who may see it: decrypted, derived from what who
 * may see, redacted. cache as for rec_shape. */
static vg_status load(store *db, const struct actor *who,
		      const struct record_type *t, int64_t pk, json_t *cache,
		      json_t **out, struct vg_error *err)
{
	json_t *full = NULL;
	char today[11];
	vg_status s = rec_read(db, t, pk, &full, err);

	*out = NULL;
	if (s == VG_OK)
		s = rec_decrypt(db, t, full, err);
	if (s == VG_OK)
		s = rec_status_for(db, t, pk, rec_top_level(who), full, err);
	if (s == VG_OK) {
		rec_today(today);
		model_derive(t, full, today);
		s = rec_shape(db, who, t, full, cache, out, err);
		if (s == VG_OK && !*out)
			s = vg_fail(err, VG_ENOTFOUND, t->name,
				    "no %s with this id", t->name);
	}
	json_decref(full);
	return s;
}

/* One read transaction around the statements of one call (the lookup,
 * the row, each child list; the count and each record of a list), so that
 * they see one snapshot and take the WAL read lock once instead of once
 * per statement: with a server thread per core, that lock's mutex was a
 * good part of a page's time. Inside the caller's transaction there is
 * nothing to do. Returns 1 if it began one. */
static int read_begin(store *db)
{
	if (store_in_transaction(db))
		return 0;
	return store_begin_read(db) == STORE_OK;
}

/* Ends what read_begin began; a read transaction left open would keep an
 * old snapshot on this connection, so a failed commit rolls back. */
static void read_end(store *db, int began)
{
	if (began > 0 && store_commit(db) != STORE_OK)
		(void)store_rollback(db);
}

vg_status records_get(store *db, const struct actor *who, const char *type,
		      const char *id, json_t **out, struct vg_error *err)
{
	const struct record_type *t;
	int64_t pk;
	vg_status s;
	int began;

	*out = NULL;
	s = rec_top_type(type, &t, err);
	if (s != VG_OK)
		return s;
	began = read_begin(db);
	s = rec_lookup_visible(db, who, t, id, &pk, NULL, err);
	if (s == VG_OK)
		s = load(db, who, t, pk, NULL, out, err);
	read_end(db, began);
	return s;
}

vg_status records_read_version(store *db, char *out, size_t size,
			       struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, "SELECT (SELECT data_version FROM "
				    "pragma_data_version), total_changes()",
				    &st);

	if (rc != STORE_OK)
		return store_fail(db, rc, err, "data version");
	rc = store_step(st);
	if (rc == STORE_ROW)
		snprintf(out, size, "%lld.%lld",
			 (long long)store_column_int(st, 0),
			 (long long)store_column_int(st, 1));
	store_finalize(st);
	return rc == STORE_ROW ? VG_OK : store_fail(db, rc, err,
						     "data version");
}

/* *began: -1 if no read transaction was tried yet; then one begins at
 * the first row, so that a list with no match costs one statement. It
 * shares the snapshot the running query already holds. */
static vg_status run_list(store *db, const struct actor *who,
			  const struct rec_where *w, const char *sql,
			  size_t limit, json_t *items, int *began,
			  struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);
	json_t *cache = json_object();
	vg_status s = VG_OK;

	if (rc != STORE_OK) {
		json_decref(cache);
		return store_fail(db, rc, err, w->t->name);
	}
	rec_where_bind(w, st);
	store_bind_int(st, w->binds->n + 1, (int64_t)limit);
	store_bind_int(st, w->binds->n + 2, (int64_t)w->q.offset);
	for (;;) {
		json_t *rec;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		if (*began < 0)
			*began = read_begin(db);
		s = load(db, who, w->t, store_column_int(st, 0), cache, &rec,
			 err);
		if (s != VG_OK)
			break;
		json_array_append_new(items, rec);
	}
	if (s == VG_OK && rc != STORE_DONE)
		s = store_fail(db, rc, err, w->t->name);
	store_finalize(st);
	json_decref(cache);
	return s;
}

static vg_status count_rows(store *db, const struct rec_where *w,
			    const char *sql, size_t *total,
			    struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);

	if (rc != STORE_OK)
		return store_fail(db, rc, err, w->t->name);
	rec_where_bind(w, st);
	rc = store_step(st);
	if (rc == STORE_ROW)
		*total = (size_t)store_column_int(st, 0);
	store_finalize(st);
	return rc == STORE_ROW ? VG_OK : store_fail(db, rc, err, w->t->name);
}

vg_status records_list(store *db, const struct actor *who, const char *type,
		       const struct records_query *q, json_t **items,
		       size_t *total, struct vg_error *err)
{
	struct rec_where w;
	struct buf sql;
	size_t limit = q && q->limit ? q->limit : LIST_DEFAULT;
	vg_status s;
	int began;

	*items = NULL;
	if (total)
		*total = 0;
	if (limit > LIST_MAX)
		limit = LIST_MAX;
	buf_init(&sql, REC_SQL_MAX);
	/* With a count, the count and the page share one snapshot; so do
	 * the visibility checks of the filter's references. */
	began = total ? read_begin(db) : -1;
	s = rec_where_open(db, who, type, q, &w, err);
	if (s == VG_OK && total) {
		buf_printf(&sql, "SELECT COUNT(*) FROM \"%s\"%s", w.t->table,
			   buf_str(&w.sql));
		s = count_rows(db, &w, buf_str(&sql), total, err);
	}
	if (s == VG_OK) {
		buf_reset(&sql);
		buf_printf(&sql, "SELECT pk FROM \"%s\"%s", w.t->table,
			   buf_str(&w.sql));
		s = rec_order_by(w.t, w.q.order, rec_text_level(w.filter),
				 w.reader, &sql, err);
		buf_printf(&sql, " LIMIT $%d OFFSET $%d", w.binds->n + 1,
			   w.binds->n + 2);
	}
	if (s == VG_OK) {
		*items = json_array();
		s = run_list(db, who, &w, buf_str(&sql), limit, *items, &began,
			     err);
	}
	read_end(db, began);
	if (s != VG_OK) {
		json_decref(*items);
		*items = NULL;
	}
	rec_where_close(&w);
	buf_free(&sql);
	return s;
}

static json_t *revision_side(store *db, const struct actor *who,
			     const struct record_type *t, const char *text,
			     json_t *cache, int *hidden, struct vg_error *err,
			     vg_status *s)
{
	json_t *v, *shown;
	size_t i;

	if (!text)
		return json_null();
	v = json_loads(text, 0, NULL);
	if (!v) {
		*s = vg_fail(err, VG_EINTERNAL, t->name,
			     "a revision is not valid JSON");
		return NULL;
	}
	if (*s == VG_OK)
		*s = rec_decrypt(db, t, v, err);
	if (rec_top_level(who) < LEVEL_SECRET)
		for (i = 0; i < t->nfields; i++)
			if (rec_col_per_level(t, t->fields[i].name))
				json_object_del(v, t->fields[i].name);
	shown = NULL;
	if (*s == VG_OK)
		*s = rec_shape(db, who, t, v, cache, &shown, err);
	json_decref(v);
	if (*s == VG_OK && !shown)
		*hidden = 1;
	return shown;
}

/* The revisions of t:pid into out, those who may see both sides of. */
static vg_status history_rows(store *db, const struct actor *who,
			      const struct record_type *t, const char *pid,
			      json_t *out, int *last_hidden,
			      struct vg_error *err)
{
	json_t *cache = json_object();
	vg_status s = VG_OK;
	store_stmt *st;
	store_rc rc;

	rc = store_prepare(db, "SELECT at, actor, action, before_json,"
			       " after_json FROM revision WHERE record_type = $1"
			       " AND record_id = $2 ORDER BY id", &st);
	if (rc != STORE_OK) {
		json_decref(cache);
		return store_fail(db, rc, err, "revision");
	}
	store_bind_text(st, 1, t->name);
	store_bind_text(st, 2, pid);
	for (;;) {
		json_t *before, *after;
		int hidden = 0;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		before = revision_side(db, who, t, store_column_text(st, 3),
				       cache, &hidden, err, &s);
		after = revision_side(db, who, t, store_column_text(st, 4),
				      cache, &hidden, err, &s);
		*last_hidden = hidden;
		if (!hidden && s == VG_OK)
			json_array_append_new(out, json_pack("{s:s?, s:s?, s:s?,"
				" s:o, s:o}", "at", store_column_text(st, 0),
				"by", store_column_text(st, 1),
				"action", store_column_text(st, 2),
				"before", before, "after", after));
		else {
			json_decref(before);
			json_decref(after);
		}
		if (s != VG_OK)
			break;
	}
	if (s == VG_OK && rc != STORE_DONE)
		s = store_fail(db, rc, err, "revision");
	store_finalize(st);
	json_decref(cache);
	return s;
}

vg_status records_history(store *db, const struct actor *who,
			  const char *type, const char *id, json_t **out,
			  struct vg_error *err)
{
	const struct record_type *t;
	char pid[REC_ID_MAX];
	int64_t pk;
	int last_hidden = 0, deleted = 0;
	vg_status s;

	*out = NULL;
	s = rec_top_type(type, &t, err);
	if (s != VG_OK)
		return s;
	/* A deleted record has history but no row: then id is its id, and
	 * who must have been able to see its last content. */
	s = rec_lookup(db, t, id, &pk, pid, NULL);
	if (s == VG_OK) {
		s = rec_lookup_visible(db, who, t, id, &pk, pid, err);
		if (s != VG_OK)
			return s;
	} else {
		snprintf(pid, sizeof(pid), "%s", id);
		deleted = 1;
	}
	*out = json_array();
	s = *out ? history_rows(db, who, t, pid, *out, &last_hidden, err) :
		   vg_fail(err, VG_ENOMEM, id, "out of memory");
	if (s == VG_OK && (json_array_size(*out) == 0 ||
			   (deleted && last_hidden)))
		s = vg_fail(err, VG_ENOTFOUND, id, "no %s with this id", t->name);
	if (s != VG_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}
