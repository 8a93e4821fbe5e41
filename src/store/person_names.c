/* Loading the people's names into a name index, and keeping it current. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/person_names.h"

/* Collected (id, name) rows, their strings in one growing pool. */
struct name_rows {
	struct names_index_item *items;
	size_t n, size;
	struct buf pool;
	size_t *offs; /* id and name offsets into pool, two per row */
};

static vg_status rows_add(struct name_rows *r, const char *id, const char *name)
{
	size_t id_off = r->pool.len, name_off;

	if (r->n == r->size) {
		size_t size = r->size ? r->size * 2 : 4096;
		size_t *offs = realloc(r->offs, size * 2 * sizeof(*offs));

		if (!offs)
			return VG_ENOMEM;
		r->offs = offs;
		r->size = size;
	}
	if (buf_add(&r->pool, id, strlen(id) + 1) != VG_OK)
		return VG_ENOMEM;
	name_off = r->pool.len;
	if (buf_add(&r->pool, name, strlen(name) + 1) != VG_OK)
		return VG_ENOMEM;
	r->offs[2 * r->n] = id_off;
	r->offs[2 * r->n + 1] = name_off;
	r->n++;
	return VG_OK;
}

/* Adds the collected rows; a name that does not analyse (no letters) is
 * skipped and the build goes on after it. */
static vg_status rows_build(struct name_rows *r, names_index *idx,
			    struct vg_error *err)
{
	size_t i, from = 0;
	vg_status st = VG_OK;

	if (!r->n)
		return VG_OK;
	r->items = calloc(r->n, sizeof(*r->items));
	if (!r->items)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	for (i = 0; i < r->n; i++) {
		r->items[i].id = r->pool.ptr + r->offs[2 * i];
		r->items[i].name = r->pool.ptr + r->offs[2 * i + 1];
	}
	while (from < r->n) {
		struct vg_error e;
		size_t bad;

		vg_error_clear(&e);
		st = names_index_build_parallel(idx, r->items + from,
						r->n - from, 2, &e);
		if (st == VG_OK)
			break;
		/* e.where is "item <i>", counted from the slice's start. */
		if (st != VG_EINVAL || sscanf(e.where, "item %zu", &bad) != 1)
			return vg_fail(err, st, "name index", "%s", e.msg);
		from += bad + 1;
	}
	return VG_OK;
}

/* Collects the (id, name) rows sql gives, its $1 and $2 bound to
 * range[0] and range[1] unless range is NULL, and adds them to idx. */
static vg_status load_rows(store *db, names_index *idx, const char *sql,
			   const int64_t *range, struct vg_error *err)
{
	struct name_rows rows;
	store_stmt *st = NULL;
	store_rc rc;
	vg_status s = VG_OK;

	memset(&rows, 0, sizeof(rows));
	buf_init(&rows.pool, (size_t)1 << 31);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK) {
		s = store_fail(db, rc, err, "person names");
		goto out;
	}
	if (range) {
		store_bind_int(st, 1, range[0]);
		store_bind_int(st, 2, range[1]);
	}
	for (;;) {
		const char *id, *name;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		id = store_column_text(st, 0);
		name = store_column_text(st, 1);
		if (!id || !name)
			continue;
		if (rows_add(&rows, id, name) != VG_OK) {
			s = vg_fail(err, VG_ENOMEM, "person names", "out of memory");
			goto out;
		}
	}
	if (rc != STORE_DONE) {
		s = store_fail(db, rc, err, "person names");
		goto out;
	}
	store_finalize(st);
	st = NULL;
	s = rows_build(&rows, idx, err);
out:
	store_finalize(st);
	free(rows.items);
	free(rows.offs);
	buf_free(&rows.pool);
	return s;
}

vg_status person_names_load(store *db, names_index *idx, struct vg_error *err)
{
	/* One pass over the names table: paging whole person records through
	 * records_list costs OFFSET scans and parses every field of everyone,
	 * which made a 100,000-person server start in tens of seconds. */
	return load_rows(db, idx,
			 "SELECT p.id, n.name FROM person_name n"
			 " JOIN person p ON p.pk = n.parent ORDER BY n.parent, n.pos",
			 NULL, err);
}

vg_status person_names_high_water(store *db, int64_t *out,
				  struct vg_error *err)
{
	store_rc rc = store_query_int(db, "SELECT coalesce(max(id), 0) "
					  "FROM revision", out);

	return rc == STORE_ROW ? VG_OK : store_fail(db, rc, err, "revision");
}

/* Forgets the people some revision in (range[0], range[1]] is about;
 * catch_up_locked then gives them the names they have now (none if
 * deleted). */
static vg_status forget_changed(store *db, names_index *idx,
				const int64_t *range, struct vg_error *err)
{
	store_stmt *st = NULL;
	store_rc rc = store_prepare(db, "SELECT DISTINCT record_id FROM revision"
				    " WHERE id > $1 AND id <= $2"
				    " AND record_type = 'person'", &st);

	if (rc != STORE_OK)
		return store_fail(db, rc, err, "revision");
	store_bind_int(st, 1, range[0]);
	store_bind_int(st, 2, range[1]);
	while ((rc = store_step(st)) == STORE_ROW) {
		const char *id = store_column_text(st, 0);

		if (id)
			(void)names_index_remove(idx, id);
	}
	store_finalize(st);
	return rc == STORE_DONE ? VG_OK : store_fail(db, rc, err, "revision");
}

static vg_status catch_up_locked(store *db, names_index *idx, int64_t since,
				 int64_t *upto, struct vg_error *err)
{
	vg_status s = person_names_high_water(db, upto, err);
	int64_t range[2];

	if (s != VG_OK || *upto <= since)
		return s;
	range[0] = since;
	range[1] = *upto;
	s = forget_changed(db, idx, range, err);
	if (s != VG_OK)
		return s;
	return load_rows(db, idx,
			 "SELECT p.id, n.name FROM person_name n"
			 " JOIN person p ON p.pk = n.parent"
			 " WHERE p.id IN (SELECT record_id FROM revision"
			 " WHERE id > $1 AND id <= $2 AND record_type = 'person')"
			 " ORDER BY n.parent, n.pos",
			 range, err);
}

vg_status person_names_catch_up(store *db, names_index *idx, int64_t since,
				int64_t *upto, struct vg_error *err)
{
	int nested = store_in_transaction(db);
	store_rc rc = store_begin_read(db);
	vg_status s;

	*upto = since;
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "person names");
	s = catch_up_locked(db, idx, since, upto, err);
	store_rollback(db);
	/* Inside the caller's transaction the snapshot may be older than the
	 * one since came from: fewer revisions then say nothing. */
	if (s == VG_OK && nested && *upto < since)
		*upto = since;
	return s;
}

