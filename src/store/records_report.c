/* records_report.c — the grouped figures reports are made of: counts by
 * the year of a date field, sums of a number field, and people by status
 * at the end of each year. Each counts only the records the reader may
 * see, and a person's status only as derived from
 * the acts the reader may see. */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"

#define TALLY_DIMS 4
#define YEARS_MAX 200
#define YEAR_FIRST 1800
#define YEAR_LAST 2200

/* A field a tally may group by, take the year of or sum: stored, not
 * encrypted or derived, and one who may see. */
static vg_status check_field(const struct actor *who,
			     const struct record_type *t, const char *name,
			     int kind, struct vg_error *err)
{
	const struct field_def *f = model_field(t, name);

	if (!f || f->kind == FIELD_LIST || f->kind == FIELD_LONGTEXT ||
	    (f->flags & (FIELD_ENCRYPTED | FIELD_DERIVED)) ||
	    !rec_stored(f, REC_COLS_READ) ||
	    !access_sees_level(who->role, f->level) ||
	    (kind >= 0 && f->kind != (enum field_kind)kind))
		return vg_fail(err, VG_EINVAL, name, "cannot count by this");
	return VG_OK;
}

/* The year a date field falls in as SQL: the first year it may mean, or
 * for an open "before" the last; NULL when unknown. */
static void year_sql(const struct record_type *t, const char *field,
		     enum level reader, struct buf *sql)
{
	char lo[96], hi[96];

	snprintf(lo, sizeof(lo), "%s_min", field);
	snprintf(hi, sizeof(hi), "%s_max", field);
	(void)buf_adds(sql, "CASE WHEN ");
	rec_col_sql(t, lo, reader, sql);
	(void)buf_adds(sql, " > '1000' THEN substr(");
	rec_col_sql(t, lo, reader, sql);
	(void)buf_adds(sql, ", 1, 4) WHEN ");
	rec_col_sql(t, hi, reader, sql);
	(void)buf_adds(sql, " < '9999' THEN substr(");
	rec_col_sql(t, hi, reader, sql);
	(void)buf_adds(sql, ", 1, 4) END");
}

static vg_status check_tally(const struct actor *who,
			     const struct record_type *t,
			     const struct records_tally *spec,
			     struct vg_error *err)
{
	vg_status s = VG_OK;
	size_t d;

	if (spec->ndims > TALLY_DIMS || (spec->ndims == 0 && !spec->year_of))
		return vg_fail(err, VG_EINVAL, "dims", "expected 1 to 4 fields");
	for (d = 0; s == VG_OK && d < spec->ndims; d++)
		s = check_field(who, t, spec->dims[d], -1, err);
	if (s == VG_OK && spec->year_of)
		s = check_field(who, t, spec->year_of, FIELD_DATE, err);
	if (s == VG_OK && spec->sum_of)
		s = check_field(who, t, spec->sum_of, FIELD_INT, err);
	return s;
}

/* SELECT [year,] dims..., count(*)[, sum] FROM t WHERE ... GROUP BY. */
static void tally_sql(const struct record_type *t,
		      const struct records_tally *spec, enum level reader,
		      const char *where, struct buf *sql)
{
	size_t d, ngroup = spec->ndims + (spec->year_of ? 1 : 0);

	(void)buf_adds(sql, "SELECT ");
	if (spec->year_of) {
		year_sql(t, spec->year_of, reader, sql);
		(void)buf_adds(sql, ", ");
	}
	for (d = 0; d < spec->ndims; d++) {
		rec_col_sql(t, spec->dims[d], reader, sql);
		(void)buf_adds(sql, ", ");
	}
	(void)buf_adds(sql, "count(*)");
	if (spec->sum_of) {
		(void)buf_adds(sql, ", COALESCE(sum(");
		rec_col_sql(t, spec->sum_of, reader, sql);
		(void)buf_adds(sql, "), 0)");
	}
	(void)buf_printf(sql, " FROM \"%s\"%s GROUP BY ", t->table, where);
	for (d = 0; d < ngroup; d++)
		(void)buf_printf(sql, "%s%zu", d ? ", " : "", d + 1);
	(void)buf_adds(sql, " ORDER BY ");
	for (d = 0; d < ngroup; d++)
		(void)buf_printf(sql, "%s%zu", d ? ", " : "", d + 1);
}

/* Runs sql with w's values; each row becomes [text..., int...] with ntext
 * text columns (NULL as "") followed by nint integer columns, into *rows
 * (NULL after a failure). */
static vg_status read_rows(store *db, const struct rec_where *w,
			   const char *sql, size_t ntext, size_t nint,
			   json_t **rows, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	*rows = json_array();
	if (!*rows)
		return vg_fail(err, VG_ENOMEM, "tally", "out of memory");
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK) {
		json_decref(*rows);
		*rows = NULL;
		return store_fail(db, rc, err, "tally");
	}
	rec_where_bind(w, st);
	for (;;) {
		json_t *row;
		size_t c;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		row = json_array();
		for (c = 0; c < ntext; c++) {
			const char *v = store_column_text(st, (int)c);

			json_array_append_new(row, json_string(v ? v : ""));
		}
		for (c = ntext; c < ntext + nint; c++)
			json_array_append_new(row, json_integer(
				store_column_int(st, (int)c)));
		json_array_append_new(*rows, row);
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		json_decref(*rows);
		*rows = NULL;
		return store_fail(db, rc, err, "tally");
	}
	return VG_OK;
}

/* The key of a row's first n text cells, for merging rows. */
static void row_key(const json_t *row, size_t n, struct buf *key)
{
	size_t c;

	buf_reset(key);
	for (c = 0; c < n; c++) {
		(void)buf_adds(key, json_string_value(json_array_get(row, c)));
		(void)buf_addc(key, '\x1f');
	}
}

/* Replaces each reference value who may not see by "" (the reference is
 * cut for who, as in every record they read), merging the rows that
 * then have the same values: their counts and sums add up. */
static vg_status hide_refs(store *db, const struct actor *who,
			   const struct record_type *t,
			   const struct records_tally *spec, json_t *rows,
			   struct vg_error *err)
{
	size_t off = spec->year_of ? 1 : 0, ntext = off + spec->ndims, i, d;
	json_t *cache = json_object(), *seen = json_object(), *merged;
	struct buf key;

	merged = json_array();
	buf_init(&key, 1u << 20);
	if (!cache || !seen || !merged) {
		json_decref(cache);
		json_decref(seen);
		json_decref(merged);
		return vg_fail(err, VG_ENOMEM, t->name, "out of memory");
	}
	for (i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i), *first;

		for (d = 0; d < spec->ndims; d++) {
			const struct field_def *f = model_field(t, spec->dims[d]);
			const char *v = json_string_value(json_array_get(row,
								       off + d));

			if (f->kind == FIELD_REF && *v &&
			    !rec_visible(db, who, f->vocab, v, cache))
				json_array_set_new(row, off + d, json_string(""));
		}
		row_key(row, ntext, &key);
		first = json_object_get(seen, buf_str(&key));
		if (!first) {
			json_object_set(seen, buf_str(&key), row);
			json_array_append(merged, row);
			continue;
		}
		for (d = ntext; d < json_array_size(row); d++)
			json_integer_set(json_array_get(first, d),
				json_integer_value(json_array_get(first, d)) +
				json_integer_value(json_array_get(row, d)));
	}
	json_array_clear(rows);
	json_array_extend(rows, merged);
	json_decref(merged);
	json_decref(seen);
	json_decref(cache);
	buf_free(&key);
	return VG_OK;
}

vg_status records_tally(store *db, const struct actor *who, const char *type,
			const struct records_tally *spec, const json_t *filter,
			json_t **rows, struct vg_error *err)
{
	struct records_query q = { 0 };
	struct rec_where w;
	struct buf sql;
	vg_status s;

	*rows = NULL;
	q.filter = filter;
	buf_init(&sql, REC_SQL_MAX);
	s = rec_where_open(db, who, type, &q, &w, err);
	if (s == VG_OK)
		s = check_tally(who, w.t, spec, err);
	if (s == VG_OK) {
		tally_sql(w.t, spec, w.reader, buf_str(&w.sql), &sql);
		s = read_rows(db, &w, buf_str(&sql),
			      spec->ndims + (spec->year_of ? 1 : 0),
			      spec->sum_of ? 2 : 1, rows, err);
	}
	if (s == VG_OK && who->role != ROLE_ADMIN)
		s = hide_refs(db, who, w.t, spec, *rows, err);
	if (s != VG_OK) {
		json_decref(*rows);
		*rows = NULL;
	}
	rec_where_close(&w);
	buf_free(&sql);
	return s;
}

/* The status of each person at the end of year y: their latest act that
 * says something of it, among the acts a reader of level top may see
 * (act_status, as rec_refresh_status derives the current one), an act
 * without a date counting as older than every dated one. */
static void status_by_year_sql(enum level top, const char *where, int nb,
			       struct buf *sql)
{
	(void)buf_printf(sql,
		"WITH RECURSIVE years(y) AS (SELECT CAST($%d AS INTEGER)"
		" UNION ALL SELECT y + 1 FROM years WHERE y < CAST($%d AS INTEGER))"
		" SELECT CAST(y AS TEXT), st, count(*) FROM (SELECT years.y AS y,"
		" (SELECT s.status FROM act_status s WHERE s.victim = person.id"
		" AND s.lvl <= %d AND (s.since_min IS NULL OR s.since_min <="
		" CAST(years.y AS TEXT) || '-12-31')"
		" ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1) AS st"
		" FROM person, years%s) x WHERE st IS NOT NULL"
		" GROUP BY y, st ORDER BY y, st", nb + 1, nb + 2, (int)top, where);
}

vg_status records_status_by_year(store *db, const struct actor *who,
				 int first_year, int last_year, json_t **rows,
				 struct vg_error *err)
{
	char years[2][16];
	struct rec_where w;
	struct buf sql;
	vg_status s;

	*rows = NULL;
	if (first_year < YEAR_FIRST || last_year > YEAR_LAST ||
	    last_year < first_year || last_year - first_year >= YEARS_MAX)
		return vg_fail(err, VG_EINVAL, "years",
			       "expected up to %d years between %d and %d",
			       YEARS_MAX, YEAR_FIRST, YEAR_LAST);
	if (!access_allows(who->role, model_type("person"), ACTION_READ))
		return vg_fail(err, VG_EDENIED, "person", "may not read people");
	buf_init(&sql, REC_SQL_MAX);
	s = rec_where_open(db, who, "person", NULL, &w, err);
	if (s == VG_OK && w.binds->n + 2 > REC_MAX_BINDS)
		s = vg_fail(err, VG_ETOOBIG, "person", "too many filters");
	if (s == VG_OK) {
		int nb = w.binds->n;

		snprintf(years[0], sizeof(years[0]), "%d", first_year);
		snprintf(years[1], sizeof(years[1]), "%d", last_year);
		w.binds->text[w.binds->n++] = years[0];
		w.binds->text[w.binds->n++] = years[1];
		status_by_year_sql(w.reader, buf_str(&w.sql), nb, &sql);
		s = read_rows(db, &w, buf_str(&sql), 2, 1, rows, err);
	}
	rec_where_close(&w);
	buf_free(&sql);
	return s;
}
