/* records_where.c — a records_query as SQL: the WHERE clause of its
 * filters and full-text words, with every value bound, and its ORDER BY.
 * Columns whose value depends on who reads them (a person's status) are
 * written as the reader knows them (records_status.c). */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static int bind_add(struct rec_binds *b, const char *v)
{
	if (b->n == REC_MAX_BINDS)
		return -1;
	b->text[b->n++] = v;
	return b->n;
}

static int bind_own(struct rec_binds *b, const char *v)
{
	if (b->n == REC_MAX_BINDS)
		return -1;
	snprintf(b->own[b->n], sizeof(b->own[0]), "%s", v);
	b->text[b->n] = b->own[b->n];
	return ++b->n;
}

/* The most confidential level the filter's "level" admits: a caller
 * that lists records for a role narrows "level" to what the role sees
 * (access_restrict_filter), and then text must match only in fields of
 * those levels too. No "level" key: every level. */
enum level rec_text_level(const json_t *filter)
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

/* Appends " AND <column of t as the reader knows it>". */
static void and_col(struct buf *w, const struct record_type *t,
		    const char *col, const char *suffix, enum level top)
{
	char name[96];

	snprintf(name, sizeof(name), "%s%s", col, suffix);
	(void)buf_adds(w, " AND ");
	rec_col_sql(t, name, top, w);
}

/* "2019..2021", "2019..", "..2021": days overlapping; one date: the same. */
static vg_status date_filter(const struct record_type *t,
			     const struct field_def *f, const char *v,
			     enum level reader, struct buf *w, struct rec_binds *b,
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
		and_col(w, t, f->name, "_max", reader);
		buf_printf(w, " >= $%d", n);
	}
	if (hi_s[0]) {
		if (date_parse(hi_s, &d, &e) != VG_OK)
			return vg_fail(err, VG_EINVAL, f->name, "%s", e.msg);
		date_range(&d, tmp, hi);
		n = bind_own(b, hi);
		and_col(w, t, f->name, "_min", reader);
		buf_printf(w, " <= $%d", n);
	}
	return VG_OK;
}

static vg_status scalar_filter(const struct record_type *t, const char *col,
			       const json_t *v, enum level reader, struct buf *w,
			       struct rec_binds *b, struct vg_error *err)
{
	int n;

	if (json_is_boolean(v) || json_is_integer(v)) {
		char num[32];

		snprintf(num, sizeof(num), "%lld", json_is_boolean(v) ?
			 (long long)json_is_true(v) :
			 (long long)json_integer_value(v));
		n = bind_own(b, num);
		and_col(w, t, col, "", reader);
		buf_printf(w, " = CAST($%d AS INTEGER)", n);
		return n < 0 ? vg_fail(err, VG_ETOOBIG, col, "too many filters") :
			       VG_OK;
	}
	if (json_is_null(v)) {
		and_col(w, t, col, "", reader);
		buf_adds(w, " IS NULL");
		return VG_OK;
	}
	if (!json_is_string(v))
		return vg_fail(err, VG_EINVAL, col, "expected text to filter by");
	n = bind_add(b, json_string_value(v));
	if (n < 0)
		return vg_fail(err, VG_ETOOBIG, col, "too many filters");
	and_col(w, t, col, "", reader);
	buf_printf(w, " = $%d", n);
	return VG_OK;
}

/* "list.field": records with a child row in list whose field (a
 * reference) is the value, e.g. interventions by "victims.person". */
static vg_status child_filter(const struct record_type *t, const char *key,
			      const json_t *v, enum level top, struct buf *w,
			      struct rec_binds *b, struct vg_error *err)
{
	const char *dot = strchr(key, '.');
	const struct field_def *lf, *cf;
	const struct record_type *ct;
	char list[64];
	int n;

	snprintf(list, sizeof(list), "%.*s", (int)(dot - key), key);
	lf = model_field(t, list);
	ct = lf && lf->kind == FIELD_LIST ? model_type(lf->vocab) : NULL;
	cf = ct ? model_field(ct, dot + 1) : NULL;
	if (!cf || cf->kind != FIELD_REF || lf->level > top || cf->level > top ||
	    !json_is_string(v))
		return vg_fail(err, VG_EINVAL, key, "cannot filter by this");
	n = bind_add(b, json_string_value(v));
	if (n < 0)
		return vg_fail(err, VG_ETOOBIG, key, "too many filters");
	buf_printf(w, " AND pk IN (SELECT parent FROM \"%s\" WHERE \"%s\" = $%d)",
		   ct->table, cf->name, n);
	return VG_OK;
}

static vg_status one_filter(const struct record_type *t, const char *key,
			    const json_t *v, enum level top, enum level reader,
			    struct buf *w, struct rec_binds *b,
			    struct vg_error *err)
{
	const struct field_def *f = model_field(t, key);
	json_t *item;
	size_t i;
	int n;

	if (!f && strchr(key, '.'))
		return child_filter(t, key, v, top, w, b, err);
	if (!f && strcmp(key, "level") && strcmp(key, "pending") &&
	    strcmp(key, "id"))
		return vg_fail(err, VG_EINVAL, key, "cannot filter by this");
	/* A filter on a field the caller may not see would reveal its
	 * values by what it matches. */
	if (f && (f->kind == FIELD_LIST || (f->flags & FIELD_DERIVED) ||
		  (f->flags & FIELD_ENCRYPTED) || f->level > top))
		return vg_fail(err, VG_EINVAL, key, "cannot filter by this");
	if (f && f->kind == FIELD_DATE && json_is_string(v))
		return date_filter(t, f, json_string_value(v), reader, w, b,
				   err);
	if (!json_is_array(v))
		return scalar_filter(t, key, v, reader, w, b, err);
	if (json_array_size(v) == 0 || json_array_size(v) > 32)
		return vg_fail(err, VG_EINVAL, key, "expected 1 to 32 values");
	and_col(w, t, key, "", reader);
	buf_adds(w, " IN (");
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

vg_status rec_build_where(const struct record_type *t,
			  const struct records_query *q, enum level reader,
			  struct buf *w, struct buf *fts, struct rec_binds *b,
			  struct vg_error *err)
{
	const char *key;
	json_t *v;
	vg_status s;

	buf_adds(w, " WHERE 1 = 1");
	if (q && q->text && *q->text) {
		s = fts_query(q->text, rec_text_level(q->filter), fts);
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
		s = one_filter(t, key, v, rec_text_level(q->filter), reader, w,
			       b, err);
		if (s != VG_OK)
			return s;
	}
	return VG_OK;
}

vg_status rec_order_by(const struct record_type *t, const char *order,
		       enum level top, enum level reader, struct buf *sql,
		       struct vg_error *err)
{
	const char *name = order;
	const struct field_def *f;
	char col[96];
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
	snprintf(col, sizeof(col), "%s%s", name,
		 f && f->kind == FIELD_DATE ? "_min" : "");
	buf_adds(sql, " ORDER BY ");
	rec_col_sql(t, col, reader, sql);
	buf_printf(sql, " %s NULLS LAST, pk %s", desc ? "DESC" : "ASC",
		   desc ? "DESC" : "ASC");
	return VG_OK;
}


vg_status rec_where_open(store *db, const struct actor *who, const char *type,
			 const struct records_query *q, struct rec_where *w,
			 struct vg_error *err)
{
	vg_status s;

	memset(w, 0, sizeof(*w));
	buf_init(&w->sql, REC_SQL_MAX);
	buf_init(&w->fts, 4096);
	w->reader = rec_top_level(who);
	if (q)
		w->q = *q;
	w->binds = calloc(1, sizeof(*w->binds));
	if (!w->binds)
		return vg_fail(err, VG_ENOMEM, type, "out of memory");
	s = rec_top_type(type, &w->t, err);
	if (s == VG_OK)
		s = rec_narrow_filter(db, who, w->t, w->q.filter, &w->filter, err);
	w->q.filter = w->filter;
	if (s == VG_OK)
		s = rec_build_where(w->t, &w->q, w->reader, &w->sql, &w->fts,
				    w->binds, err);
	return s;
}

void rec_where_close(struct rec_where *w)
{
	json_decref(w->filter);
	buf_free(&w->sql);
	buf_free(&w->fts);
	free(w->binds);
	memset(w, 0, sizeof(*w));
}

void rec_where_bind(const struct rec_where *w, store_stmt *st)
{
	int i;

	for (i = 0; i < w->binds->n; i++)
		store_bind_text(st, i + 1, w->binds->text[i]);
}
