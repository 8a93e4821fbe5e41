/* records_read.c — records_get, records_list, records_history. */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

#define LIST_DEFAULT 50
#define LIST_MAX 1000
#define MAX_BINDS 64

static vg_status load(store *db, const struct record_type *t, int64_t pk,
		      json_t **out, struct vg_error *err)
{
	char today[11];
	vg_status s = rec_read(db, t, pk, out, err);

	if (s == VG_OK)
		s = rec_decrypt(db, t, *out, err);
	if (s != VG_OK) {
		json_decref(*out);
		*out = NULL;
		return s;
	}
	rec_today(today);
	model_derive(t, *out, today);
	return VG_OK;
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

vg_status records_get(store *db, const char *type, const char *id,
		      json_t **out, struct vg_error *err)
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
	s = rec_lookup(db, t, id, &pk, NULL, err);
	if (s == VG_OK)
		s = load(db, t, pk, out, err);
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

/* Values bound to a list query, in parameter order. */
struct binds {
	int n;
	const char *text[MAX_BINDS];
	char own[MAX_BINDS][32]; /* space for values we compute */
};

static int bind_add(struct binds *b, const char *v)
{
	if (b->n == MAX_BINDS)
		return -1;
	b->text[b->n++] = v;
	return b->n;
}

static int bind_own(struct binds *b, const char *v)
{
	if (b->n == MAX_BINDS)
		return -1;
	snprintf(b->own[b->n], sizeof(b->own[0]), "%s", v);
	b->text[b->n] = b->own[b->n];
	return ++b->n;
}

/* The most confidential level the filter's "level" admits: a caller
 * that lists records for a role narrows "level" to what the role sees
 * (access_restrict_filter), and then text must match only in fields of
 * those levels too. No "level" key: every level. */
static enum level text_level(const json_t *filter)
{
	json_t *asked = json_object_get(filter, "level"), *v;
	enum level l, top = LEVEL_PUBLIC;
	size_t i;

	if (!asked)
		return LEVEL_SECRET;
	if (json_is_string(asked))
		return model_level_parse(json_string_value(asked), &l) == 0 ?
		       l : LEVEL_PUBLIC;
	json_array_foreach(asked, i, v)
		if (model_level_parse(json_string_value(v), &l) == 0 && l > top)
			top = l;
	return top;
}

/* FTS5 query from words: each word quoted (so no word is an operator) and
 * matched as a prefix; all words must match, in the columns of the levels
 * up to top. */
static vg_status fts_query(const char *text, enum level top, struct buf *q)
{
	static const char *const cols[] = {
		"text_public", "text_internal", "text_confidential", "text_secret"
	};
	const char *p = text;
	size_t words = 0;
	unsigned l;
	vg_status s = buf_adds(q, "{");

	for (l = 0; l <= (unsigned)top && s == VG_OK; l++)
		s = buf_printf(q, "%s%s", l ? " " : "", cols[l]);
	if (s == VG_OK)
		s = buf_adds(q, "} : (");
	while (*p && s == VG_OK) {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		len = strcspn(p, " \t\n");
		if (!len)
			break;
		s = buf_adds(q, words++ ? " \"" : "\"");
		for (size_t i = 0; i < len && s == VG_OK; i++)
			s = p[i] == '"' ? buf_adds(q, "\"\"") : buf_addc(q, p[i]);
		if (s == VG_OK)
			s = buf_adds(q, "\"*");
		p += len;
	}
	if (s == VG_OK)
		s = buf_adds(q, ")");
	if (s == VG_OK && words == 0)
		buf_reset(q);
	return s;
}

/* "2019..2021", "2019..", "..2021": days overlapping; one date: the same. */
static vg_status date_filter(const struct field_def *f, const char *v,
			     struct buf *w, struct binds *b,
			     struct vg_error *err)
{
	char lo_s[64] = "", hi_s[64] = "", lo[11], hi[11], tmp[11];
	const char *dots = strstr(v, "..");
	struct fuzzy_date d;
	struct vg_error e;
	int n;

	if (dots) {
		snprintf(lo_s, sizeof(lo_s), "%.*s", (int)(dots - v), v);
		snprintf(hi_s, sizeof(hi_s), "%s", dots + 2);
	} else {
		snprintf(lo_s, sizeof(lo_s), "%s", v);
		snprintf(hi_s, sizeof(hi_s), "%s", v);
	}
	if (lo_s[0]) {
		if (date_parse(lo_s, &d, &e) != VG_OK)
			return vg_fail(err, VG_EINVAL, f->name, "%s", e.msg);
		date_range(&d, lo, tmp);
		n = bind_own(b, lo);
		buf_printf(w, " AND \"%s_max\" >= $%d", f->name, n);
	}
	if (hi_s[0]) {
		if (date_parse(hi_s, &d, &e) != VG_OK)
			return vg_fail(err, VG_EINVAL, f->name, "%s", e.msg);
		date_range(&d, tmp, hi);
		n = bind_own(b, hi);
		buf_printf(w, " AND \"%s_min\" <= $%d", f->name, n);
	}
	return VG_OK;
}

static vg_status scalar_filter(const char *col, const json_t *v,
			       struct buf *w, struct binds *b,
			       struct vg_error *err)
{
	int n;

	if (json_is_boolean(v) || json_is_integer(v)) {
		char num[32];

		snprintf(num, sizeof(num), "%lld", json_is_boolean(v) ?
			 (long long)json_is_true(v) :
			 (long long)json_integer_value(v));
		n = bind_own(b, num);
		buf_printf(w, " AND \"%s\" = CAST($%d AS INTEGER)", col, n);
		return n < 0 ? vg_fail(err, VG_ETOOBIG, col, "too many filters") :
			       VG_OK;
	}
	if (json_is_null(v)) {
		buf_printf(w, " AND \"%s\" IS NULL", col);
		return VG_OK;
	}
	if (!json_is_string(v))
		return vg_fail(err, VG_EINVAL, col, "expected text to filter by");
	n = bind_add(b, json_string_value(v));
	if (n < 0)
		return vg_fail(err, VG_ETOOBIG, col, "too many filters");
	buf_printf(w, " AND \"%s\" = $%d", col, n);
	return VG_OK;
}

static vg_status one_filter(const struct record_type *t, const char *key,
			    const json_t *v, enum level top, struct buf *w,
			    struct binds *b, struct vg_error *err)
{
	const struct field_def *f = model_field(t, key);
	json_t *item;
	size_t i;
	int n;

	if (!f && strcmp(key, "level") && strcmp(key, "pending") &&
	    strcmp(key, "id"))
		return vg_fail(err, VG_EINVAL, key, "cannot filter by this");
	/* A filter on a field the caller may not see would reveal its
	 * values by what it matches. */
	if (f && (f->kind == FIELD_LIST || (f->flags & FIELD_DERIVED) ||
		  (f->flags & FIELD_ENCRYPTED) || f->level > top))
		return vg_fail(err, VG_EINVAL, key, "cannot filter by this");
	if (f && f->kind == FIELD_DATE && json_is_string(v))
		return date_filter(f, json_string_value(v), w, b, err);
	if (!json_is_array(v))
		return scalar_filter(key, v, w, b, err);
	if (json_array_size(v) == 0 || json_array_size(v) > 32)
		return vg_fail(err, VG_EINVAL, key, "expected 1 to 32 values");
	buf_printf(w, " AND \"%s\" IN (", key);
	json_array_foreach(v, i, item) {
		if (!json_is_string(item))
			return vg_fail(err, VG_EINVAL, key, "expected text");
		n = bind_add(b, json_string_value(item));
		if (n < 0)
			return vg_fail(err, VG_ETOOBIG, key, "too many filters");
		buf_printf(w, "%s$%d", i ? ", " : "", n);
	}
	buf_adds(w, ")");
	return VG_OK;
}

static vg_status build_where(const struct record_type *t,
			     const struct records_query *q, struct buf *w,
			     struct buf *fts, struct binds *b,
			     struct vg_error *err)
{
	const char *key;
	json_t *v;
	vg_status s;

	buf_adds(w, " WHERE 1 = 1");
	if (q && q->text && *q->text) {
		s = fts_query(q->text, text_level(q->filter), fts);
		if (s != VG_OK)
			return vg_fail(err, s, "text", "search text too long");
		if (fts->len) {
			int n = bind_add(b, buf_str(fts));

			buf_printf(w, " AND pk IN (SELECT rowid FROM \"%s_fts\""
				   " WHERE \"%s_fts\" MATCH $%d)", t->table,
				   t->table, n);
		}
	}
	if (!q || !q->filter)
		return VG_OK;
	if (!json_is_object(q->filter))
		return vg_fail(err, VG_EINVAL, "filter", "expected an object");
	json_object_foreach((json_t *)q->filter, key, v) {
		s = one_filter(t, key, v, text_level(q->filter), w, b, err);
		if (s != VG_OK)
			return s;
	}
	return VG_OK;
}

static vg_status order_by(const struct record_type *t, const char *order,
			  enum level top, struct buf *sql, struct vg_error *err)
{
	const char *name = order;
	const struct field_def *f;
	int desc = 0;

	if (!order || !*order) {
		buf_adds(sql, " ORDER BY pk");
		return VG_OK;
	}
	if (*name == '-') {
		desc = 1;
		name++;
	}
	f = model_field(t, name);
	if (!f && strcmp(name, "id") && strcmp(name, "created_at") &&
	    strcmp(name, "updated_at"))
		return vg_fail(err, VG_EINVAL, "order", "cannot sort by '%s'",
			       name);
	if (f && (!rec_stored(f, REC_COLS_READ) || f->level > top ||
		  (f->flags & FIELD_ENCRYPTED)))
		return vg_fail(err, VG_EINVAL, "order", "cannot sort by '%s'",
			       name);
	if (!f && !strcmp(name, "id"))
		name = "pk";
	buf_printf(sql, " ORDER BY \"%s%s\" %s NULLS LAST, pk %s", name,
		   f && f->kind == FIELD_DATE ? "_min" : "",
		   desc ? "DESC" : "ASC", desc ? "DESC" : "ASC");
	return VG_OK;
}

/* *began: -1 if no read transaction was tried yet; then one begins at
 * the first row, so that a list with no match costs one statement. It
 * shares the snapshot the running query already holds. */
static vg_status run_list(store *db, const struct record_type *t,
			  const char *sql, const struct binds *b, size_t limit,
			  size_t offset, json_t *items, int *began,
			  struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);
	vg_status s = VG_OK;
	int i;

	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->name);
	for (i = 0; i < b->n; i++)
		store_bind_text(st, i + 1, b->text[i]);
	store_bind_int(st, b->n + 1, (int64_t)limit);
	store_bind_int(st, b->n + 2, (int64_t)offset);
	for (;;) {
		json_t *rec;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		if (*began < 0)
			*began = read_begin(db);
		s = load(db, t, store_column_int(st, 0), &rec, err);
		if (s != VG_OK)
			break;
		json_array_append_new(items, rec);
	}
	if (s == VG_OK && rc != STORE_DONE)
		s = store_fail(db, rc, err, t->name);
	store_finalize(st);
	return s;
}

static vg_status count_rows(store *db, const struct record_type *t,
			    const char *sql, const struct binds *b,
			    size_t *total, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);
	int i;

	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->name);
	for (i = 0; i < b->n; i++)
		store_bind_text(st, i + 1, b->text[i]);
	rc = store_step(st);
	if (rc == STORE_ROW)
		*total = (size_t)store_column_int(st, 0);
	store_finalize(st);
	return rc == STORE_ROW ? VG_OK : store_fail(db, rc, err, t->name);
}

vg_status records_list(store *db, const char *type,
		       const struct records_query *q, json_t **items,
		       size_t *total, struct vg_error *err)
{
	const struct record_type *t;
	struct buf where, fts, sql;
	struct binds *b = calloc(1, sizeof(*b));
	size_t limit = q && q->limit ? q->limit : LIST_DEFAULT;
	vg_status s;
	int began;

	*items = NULL;
	if (total)
		*total = 0;
	if (!b)
		return vg_fail(err, VG_ENOMEM, type, "out of memory");
	if (limit > LIST_MAX)
		limit = LIST_MAX;
	buf_init(&where, REC_SQL_MAX);
	buf_init(&fts, 4096);
	buf_init(&sql, REC_SQL_MAX);
	s = rec_top_type(type, &t, err);
	if (s == VG_OK)
		s = build_where(t, q, &where, &fts, b, err);
	/* With a count, the count and the page share one snapshot. */
	began = total ? read_begin(db) : -1;
	if (s == VG_OK && total) {
		buf_printf(&sql, "SELECT COUNT(*) FROM \"%s\"%s", t->table,
			   buf_str(&where));
		s = count_rows(db, t, buf_str(&sql), b, total, err);
	}
	if (s == VG_OK) {
		buf_reset(&sql);
		buf_printf(&sql, "SELECT pk FROM \"%s\"%s", t->table,
			   buf_str(&where));
		s = order_by(t, q ? q->order : NULL,
			     text_level(q ? q->filter : NULL), &sql, err);
		buf_printf(&sql, " LIMIT $%d OFFSET $%d", b->n + 1, b->n + 2);
	}
	if (s == VG_OK) {
		*items = json_array();
		s = run_list(db, t, buf_str(&sql), b, limit,
			     q ? q->offset : 0, *items, &began, err);
	}
	read_end(db, began);
	if (s != VG_OK) {
		json_decref(*items);
		*items = NULL;
	}
	buf_free(&where);
	buf_free(&fts);
	buf_free(&sql);
	free(b);
	return s;
}

static json_t *revision_side(store *db, const struct record_type *t,
			     const char *text, struct vg_error *err,
			     vg_status *s)
{
	json_t *v;

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
	return v;
}

vg_status records_history(store *db, const char *type, const char *id,
			  json_t **out, struct vg_error *err)
{
	const struct record_type *t;
	char pid[REC_ID_MAX];
	store_stmt *st;
	store_rc rc;
	int64_t pk;
	vg_status s;

	*out = NULL;
	s = rec_top_type(type, &t, err);
	if (s != VG_OK)
		return s;
	/* A deleted record has history but no row: then id is its id. */
	if (rec_lookup(db, t, id, &pk, pid, NULL) != VG_OK)
		snprintf(pid, sizeof(pid), "%s", id);
	rc = store_prepare(db, "SELECT at, actor, action, before_json,"
			       " after_json FROM revision WHERE record_type = $1"
			       " AND record_id = $2 ORDER BY id", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "revision");
	store_bind_text(st, 1, t->name);
	store_bind_text(st, 2, pid);
	*out = json_array();
	for (;;) {
		json_t *r;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		r = json_object();
		json_object_set_new(r, "at", json_string(store_column_text(st, 0)));
		json_object_set_new(r, "by", json_string(store_column_text(st, 1)));
		json_object_set_new(r, "action",
				    json_string(store_column_text(st, 2)));
		json_object_set_new(r, "before", revision_side(db, t,
				    store_column_text(st, 3), err, &s));
		json_object_set_new(r, "after", revision_side(db, t,
				    store_column_text(st, 4), err, &s));
		json_array_append_new(*out, r);
		if (s != VG_OK)
			break;
	}
	if (s == VG_OK && rc != STORE_DONE)
		s = store_fail(db, rc, err, "revision");
	store_finalize(st);
	if (s == VG_OK && json_array_size(*out) == 0)
		s = vg_fail(err, VG_ENOTFOUND, id, "no %s with this id", t->name);
	if (s != VG_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}
