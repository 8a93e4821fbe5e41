/* records_sql.c — one record <-> its row, child rows and full-text entry.
 * Column names come only from the descriptors; values are always bound. */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/crypt.h"

/* Appends ", \"name<suffix>\"" (no comma first). Every record read
 * builds its column list, so this avoids printf formatting. */
static void add_column(struct buf *b, int first, const char *name,
		       const char *suffix)
{
	if (!first)
		buf_adds(b, ", ");
	buf_addc(b, '"');
	buf_adds(b, name);
	buf_adds(b, suffix);
	buf_addc(b, '"');
}

void rec_columns(const struct record_type *t, enum rec_cols which,
		 struct buf *b)
{
	size_t i;
	int first = 1;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (!rec_stored(f, which))
			continue;
		add_column(b, first, f->name, "");
		if (f->kind == FIELD_DATE) {
			add_column(b, 0, f->name, "_min");
			add_column(b, 0, f->name, "_max");
		}
		first = 0;
	}
}

/* How many parameters a field's columns take. */
static int field_params(const struct field_def *f)
{
	return f->kind == FIELD_DATE ? 3 : 1;
}

static vg_status bind_date(store_stmt *st, int n, const char *s,
			   const char *where, struct vg_error *err)
{
	struct fuzzy_date d;
	struct vg_error e;
	char iso[32], lo[11], hi[11];

	if (!s) {
		store_bind_null(st, n);
		store_bind_null(st, n + 1);
		store_bind_null(st, n + 2);
		return VG_OK;
	}
	if (date_parse(s, &d, &e) != VG_OK)
		return vg_fail(err, VG_EINVAL, where, "%s", e.msg);
	date_format_iso(&d, iso, sizeof(iso));
	date_range(&d, lo, hi);
	store_bind_text(st, n, iso);
	store_bind_text(st, n + 1, lo);
	store_bind_text(st, n + 2, hi);
	return VG_OK;
}

static vg_status bind_sealed(store *db, store_stmt *st, int n,
			     const char *plain, const char *where,
			     struct vg_error *err)
{
	const unsigned char *key = store_field_key(db);
	char *sealed;
	vg_status s;

	if (!key)
		return vg_fail(err, VG_EDENIED, where,
			       "field is encrypted and the key file "
			       "(database path + \".key\") is missing");
	s = crypt_seal(key, plain, &sealed, err);
	if (s != VG_OK)
		return s;
	store_bind_text(st, n, sealed);
	free(sealed);
	return VG_OK;
}

static vg_status bind_field(store *db, store_stmt *st, int n,
			    const struct field_def *f, const json_t *v,
			    struct vg_error *err)
{
	if (f->kind == FIELD_DATE)
		return bind_date(st, n, json_string_value(v), f->name, err);
	if (!v || json_is_null(v)) {
		store_bind_null(st, n);
		return VG_OK;
	}
	switch (f->kind) {
	case FIELD_INT:
		store_bind_int(st, n, json_integer_value(v));
		return VG_OK;
	case FIELD_BOOL:
		store_bind_int(st, n, json_is_true(v));
		return VG_OK;
	default:
		break;
	}
	if (f->flags & FIELD_ENCRYPTED)
		return bind_sealed(db, st, n, json_string_value(v), f->name, err);
	store_bind_text(st, n, json_string_value(v));
	return VG_OK;
}

/* Binds every stored field of t from rec, from parameter n on; *next gets
 * the first parameter after them. */
static vg_status bind_fields(store *db, store_stmt *st,
			     const struct record_type *t, const json_t *rec,
			     int n, int *next, struct vg_error *err)
{
	size_t i;
	vg_status s;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (!rec_stored(f, REC_COLS_WRITE))
			continue;
		s = bind_field(db, st, n, f, json_object_get(rec, f->name), err);
		if (s != VG_OK)
			return s;
		n += field_params(f);
	}
	*next = n;
	return VG_OK;
}

static void add_params(struct buf *b, const struct record_type *t, int n)
{
	size_t i;
	int k;

	for (i = 0; i < t->nfields; i++) {
		if (!rec_stored(&t->fields[i], REC_COLS_WRITE))
			continue;
		for (k = 0; k < field_params(&t->fields[i]); k++)
			buf_printf(b, ", $%d", n++);
	}
}

static vg_status write_children(store *db, const struct field_def *list,
				int64_t parent, const json_t *rows,
				struct vg_error *err)
{
	const struct record_type *ct = model_type(list->vocab);
	struct buf sql;
	store_stmt *st = NULL;
	store_rc rc;
	json_t *row;
	size_t i;
	int next;
	vg_status s = VG_OK;

	buf_init(&sql, REC_SQL_MAX);
	buf_printf(&sql, "DELETE FROM \"%s\" WHERE parent = $1", ct->table);
	rc = store_prepare(db, buf_str(&sql), &st);
	if (rc != STORE_OK)
		goto fail;
	store_bind_int(st, 1, parent);
	s = rec_step_done(db, st, ct->table, err);
	store_finalize(st);
	st = NULL;
	if (s != VG_OK || !json_is_array(rows))
		goto out;
	buf_reset(&sql);
	buf_printf(&sql, "INSERT INTO \"%s\" (parent, pos, ", ct->table);
	rec_columns(ct, REC_COLS_WRITE, &sql);
	buf_adds(&sql, ") VALUES ($1, $2");
	add_params(&sql, ct, 3);
	buf_adds(&sql, ")");
	rc = store_prepare(db, buf_str(&sql), &st);
	if (rc != STORE_OK)
		goto fail;
	json_array_foreach(rows, i, row) {
		store_reset(st);
		store_bind_int(st, 1, parent);
		store_bind_int(st, 2, (int64_t)i);
		s = bind_fields(db, st, ct, row, 3, &next, err);
		if (s == VG_OK)
			s = rec_step_done(db, st, ct->table, err);
		if (s != VG_OK) {
			vg_error_prefix(err, "%s[%zu]", list->name, i);
			goto out;
		}
	}
	goto out;
fail:
	s = store_fail(db, rc, err, ct->table);
out:
	store_finalize(st);
	buf_free(&sql);
	return s;
}

/* The text of the FIELD_SEARCH fields, child rows included, one buffer
 * per level (a field goes where its level, or its list's if higher,
 * says); never an encrypted field. */
static void search_bodies(const struct record_type *t, const json_t *rec,
			  enum level floor, struct buf bodies[4])
{
	json_t *rows, *row;
	size_t i, j;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		const char *s = json_string_value(json_object_get(rec, f->name));
		enum level l = f->level > floor ? f->level : floor;

		rows = json_object_get(rec, f->name);
		if (f->kind == FIELD_LIST && json_is_array(rows)) {
			json_array_foreach(rows, j, row)
				search_bodies(model_type(f->vocab), row, l,
					      bodies);
			continue;
		}
		if (!(f->flags & FIELD_SEARCH) || (f->flags & FIELD_ENCRYPTED) ||
		    !s || (unsigned)l > LEVEL_SECRET)
			continue;
		/* An index capped at its size still finds most. */
		if (buf_adds(&bodies[l], s) == VG_OK)
			buf_addc(&bodies[l], '\n');
	}
}

static vg_status write_fts(store *db, const struct record_type *t,
			   int64_t pk, const json_t *rec, struct vg_error *err)
{
	char sql[256];
	struct buf bodies[4];
	store_stmt *st;
	store_rc rc;
	vg_status s;
	int l;

	snprintf(sql, sizeof(sql), "DELETE FROM \"%s_fts\" WHERE rowid = $1",
		 t->table);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "full-text index");
	store_bind_int(st, 1, pk);
	s = rec_step_done(db, st, "full-text index", err);
	store_finalize(st);
	if (s != VG_OK || !rec)
		return s;
	for (l = 0; l < 4; l++)
		buf_init(&bodies[l], 8u << 20);
	search_bodies(t, rec, LEVEL_PUBLIC, bodies);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO \"%s_fts\" (rowid, text_public, text_internal,"
		 " text_confidential, text_secret) VALUES ($1, $2, $3, $4, $5)",
		 t->table);
	rc = store_prepare(db, sql, &st);
	if (rc == STORE_OK) {
		store_bind_int(st, 1, pk);
		for (l = 0; l < 4; l++)
			store_bind_text(st, l + 2, buf_str(&bodies[l]));
		s = rec_step_done(db, st, "full-text index", err);
		store_finalize(st);
	} else {
		s = store_fail(db, rc, err, "full-text index");
	}
	for (l = 0; l < 4; l++)
		buf_free(&bodies[l]);
	return s;
}

static vg_status write_main(store *db, const struct record_type *t,
			    const json_t *rec, int64_t *pk,
			    struct vg_error *err)
{
	struct buf sql;
	store_stmt *st = NULL;
	store_rc rc;
	int next;
	vg_status s;

	buf_init(&sql, REC_SQL_MAX);
	if (*pk == 0) {
		buf_printf(&sql, "INSERT INTO \"%s\" (level, pending, "
			   "updated_at, id, uuid, created_at, ", t->table);
		rec_columns(t, REC_COLS_WRITE, &sql);
		buf_adds(&sql, ") VALUES ($1, $2, $3, $4, $5, $6");
		add_params(&sql, t, 7);
		buf_adds(&sql, ") RETURNING pk");
	} else {
		size_t i;
		int n = 5;

		buf_printf(&sql, "UPDATE \"%s\" SET level = $1, pending = $2, "
			   "updated_at = $3", t->table);
		for (i = 0; i < t->nfields; i++) {
			const struct field_def *f = &t->fields[i];

			if (!rec_stored(f, REC_COLS_WRITE))
				continue;
			buf_printf(&sql, ", \"%s\" = $%d", f->name, n++);
			if (f->kind == FIELD_DATE) {
				buf_printf(&sql, ", \"%s_min\" = $%d", f->name, n++);
				buf_printf(&sql, ", \"%s_max\" = $%d", f->name, n++);
			}
		}
		buf_adds(&sql, " WHERE pk = $4 RETURNING pk");
	}
	rc = store_prepare(db, buf_str(&sql), &st);
	buf_free(&sql);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_text(st, 1, json_string_value(json_object_get(rec, "level")));
	store_bind_int(st, 2, json_is_true(json_object_get(rec, "pending")));
	store_bind_text(st, 3, json_string_value(json_object_get(rec,
								 "updated_at")));
	if (*pk == 0) {
		store_bind_text(st, 4, json_string_value(json_object_get(rec, "id")));
		store_bind_text(st, 5, json_string_value(json_object_get(rec,
									 "uuid")));
		store_bind_text(st, 6, json_string_value(json_object_get(rec,
									 "created_at")));
		s = bind_fields(db, st, t, rec, 7, &next, err);
	} else {
		store_bind_int(st, 4, *pk);
		s = bind_fields(db, st, t, rec, 5, &next, err);
	}
	if (s != VG_OK)
		goto out;
	rc = store_step(st);
	if (rc == STORE_ROW)
		*pk = store_column_int(st, 0);
	else
		s = store_fail(db, rc, err, t->name);
out:
	store_finalize(st);
	return s;
}

vg_status rec_write(store *db, const struct record_type *t,
		    const json_t *rec, int64_t *pk, struct vg_error *err)
{
	size_t i;
	vg_status s = write_main(db, t, rec, pk, err);

	for (i = 0; s == VG_OK && i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (f->kind == FIELD_LIST)
			s = write_children(db, f, *pk,
					   json_object_get(rec, f->name), err);
	}
	if (s == VG_OK)
		s = write_fts(db, t, *pk, rec, err);
	return s;
}

vg_status rec_delete_row(store *db, const struct record_type *t, int64_t pk,
			 struct vg_error *err)
{
	char sql[256];
	store_stmt *st;
	store_rc rc;
	vg_status s = write_fts(db, t, pk, NULL, err);

	if (s != VG_OK)
		return s;
	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\" WHERE pk = $1",
		 t->table);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_int(st, 1, pk);
	s = rec_step_done(db, st, t->table, err);
	store_finalize(st);
	return s;
}

/* A stored machine-form date back to the human form it is shown in. */
static json_t *date_value(const char *iso)
{
	struct fuzzy_date d;
	char human[64];

	if (date_parse(iso, &d, NULL) != VG_OK ||
	    date_format(&d, human, sizeof(human)) != 0)
		return json_string(iso);
	return json_string(human);
}

/* Reads the stored fields of t from the row, starting at column c. */
static void read_fields(store_stmt *st, const struct record_type *t, int c,
			json_t *rec)
{
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *v = NULL;

		if (!rec_stored(f, REC_COLS_READ))
			continue;
		if (store_column_is_null(st, c)) {
			c += field_params(f);
			continue;
		}
		switch (f->kind) {
		case FIELD_INT:
			v = json_integer(store_column_int(st, c));
			break;
		case FIELD_BOOL:
			v = json_boolean(store_column_int(st, c));
			break;
		case FIELD_DATE:
			v = date_value(store_column_text(st, c));
			break;
		default:
			v = json_string(store_column_text(st, c));
			break;
		}
		json_object_set_new(rec, f->name, v);
		c += field_params(f);
	}
}

static vg_status read_children(store *db, const struct field_def *list,
			       int64_t parent, json_t *rec,
			       struct vg_error *err)
{
	const struct record_type *ct = model_type(list->vocab);
	json_t *rows = json_array();
	struct buf sql;
	store_stmt *st = NULL;
	store_rc rc;
	vg_status s = VG_OK;

	buf_init(&sql, REC_SQL_MAX);
	buf_adds(&sql, "SELECT ");
	rec_columns(ct, REC_COLS_READ, &sql);
	buf_printf(&sql, " FROM \"%s\" WHERE parent = $1 ORDER BY pos",
		   ct->table);
	rc = store_prepare(db, buf_str(&sql), &st);
	buf_free(&sql);
	if (rc != STORE_OK) {
		json_decref(rows);
		return store_fail(db, rc, err, ct->table);
	}
	store_bind_int(st, 1, parent);
	for (;;) {
		json_t *row;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		row = json_object();
		read_fields(st, ct, 0, row);
		json_array_append_new(rows, row);
	}
	if (rc != STORE_DONE)
		s = store_fail(db, rc, err, ct->table);
	store_finalize(st);
	json_object_set_new(rec, list->name, rows);
	return s;
}

vg_status rec_read(store *db, const struct record_type *t, int64_t pk,
		   json_t **out, struct vg_error *err)
{
	struct buf sql;
	store_stmt *st = NULL;
	store_rc rc;
	json_t *rec;
	size_t i;
	vg_status s = VG_OK;

	*out = NULL;
	buf_init(&sql, REC_SQL_MAX);
	buf_adds(&sql, "SELECT id, uuid, level, pending, created_at, "
		       "updated_at, ");
	rec_columns(t, REC_COLS_READ, &sql);
	buf_printf(&sql, " FROM \"%s\" WHERE pk = $1", t->table);
	rc = store_prepare(db, buf_str(&sql), &st);
	buf_free(&sql);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_int(st, 1, pk);
	rc = store_step(st);
	if (rc != STORE_ROW) {
		store_finalize(st);
		if (rc == STORE_DONE)
			return vg_fail(err, VG_ENOTFOUND, t->name, "no such row");
		return store_fail(db, rc, err, t->table);
	}
	rec = json_object();
	json_object_set_new(rec, "id", json_string(store_column_text(st, 0)));
	json_object_set_new(rec, "uuid", json_string(store_column_text(st, 1)));
	json_object_set_new(rec, "level", json_string(store_column_text(st, 2)));
	json_object_set_new(rec, "pending",
			    json_boolean(store_column_int(st, 3)));
	json_object_set_new(rec, "created_at",
			    json_string(store_column_text(st, 4)));
	json_object_set_new(rec, "updated_at",
			    json_string(store_column_text(st, 5)));
	read_fields(st, t, 6, rec);
	store_finalize(st);
	for (i = 0; s == VG_OK && i < t->nfields; i++)
		if (t->fields[i].kind == FIELD_LIST)
			s = read_children(db, &t->fields[i], pk, rec, err);
	if (s != VG_OK) {
		json_decref(rec);
		return s;
	}
	*out = rec;
	return VG_OK;
}
