/* records_status.c — a person's status, derived from their acts, as each
 * level of reader may know it.
 *
 * person.status is derived from every act (what an admin sees); the
 * person_level_status table (data/schema/014_*) holds it derived from the acts
 * of each lower level only, so that a reader who may not see a
 * confidential release act never reads, filters or counts "released". */
#include "store/records_int.h"

#include <stdio.h>
#include <string.h>

static const char *const per_level_cols[] = {
	"status", "status_since", "status_since_min", "status_since_max", NULL
};

int rec_col_per_level(const struct record_type *t, const char *col)
{
	size_t i;

	if (strcmp(t->name, "person") != 0)
		return 0;
	for (i = 0; per_level_cols[i]; i++)
		if (!strcmp(col, per_level_cols[i]))
			return 1;
	return 0;
}

void rec_col_sql(const struct record_type *t, const char *col, enum level top,
		 struct buf *b)
{
	if (top >= LEVEL_SECRET || !rec_col_per_level(t, col)) {
		(void)buf_printf(b, "\"%s\".\"%s\"", t->table, col);
		return;
	}
	/* top is one of 0..2, never input. */
	(void)buf_printf(b, "(SELECT ps.\"%s\" FROM person_level_status ps WHERE "
			 "ps.person_pk = \"%s\".pk AND ps.level = %d)", col,
			 t->table, (int)top);
}

vg_status rec_status_for(store *db, const struct record_type *t, int64_t pk,
			 enum level top, json_t *rec, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	if (top >= LEVEL_SECRET || strcmp(t->name, "person") != 0)
		return VG_OK;
	json_object_del(rec, "status");
	json_object_del(rec, "status_since");
	rc = store_prepare(db, "SELECT status, status_since FROM person_level_status"
			       " WHERE person_pk = $1 AND level = $2", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "person.status");
	store_bind_int(st, 1, pk);
	store_bind_int(st, 2, (int64_t)top);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		if (!store_column_is_null(st, 0))
			json_object_set_new(rec, "status", json_string(
				store_column_text(st, 0)));
		if (!store_column_is_null(st, 1))
			json_object_set_new(rec, "status_since", json_string(
				store_column_text(st, 1)));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, "person.status");
	return VG_OK;
}

static vg_status run_for_person(store *db, const char *sql,
				const char *person_id, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);
	vg_status s;

	if (rc != STORE_OK)
		return store_fail(db, rc, err, "person.status");
	store_bind_text(st, 1, person_id);
	s = rec_step_done(db, st, "person.status", err);
	store_finalize(st);
	return s;
}

/* The most recent act that says something of the victim's status, among
 * those a reader of the level in scope may see. */
#define LATEST(col, lvl)                                                    \
	"(SELECT s." col " FROM act_status s WHERE s.victim = $1 AND s.lvl <= " \
	lvl " ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1)"

vg_status rec_refresh_status(store *db, const char *person_id,
			     struct vg_error *err)
{
	vg_status s;

	if (!person_id)
		return VG_OK;
	s = run_for_person(db,
		"UPDATE person SET"
		" status = " LATEST("status", "3") ","
		" status_since = " LATEST("since", "3") ","
		" status_since_min = " LATEST("since_min", "3") ","
		" status_since_max = " LATEST("since_max", "3")
		" WHERE id = $1", person_id, err);
	if (s == VG_OK)
		s = run_for_person(db,
			"INSERT INTO person_level_status (person_pk, level, status,"
			" status_since, status_since_min, status_since_max)"
			" SELECT p.pk, l.level,"
			" " LATEST("status", "l.level") ","
			" " LATEST("since", "l.level") ","
			" " LATEST("since_min", "l.level") ","
			" " LATEST("since_max", "l.level")
			" FROM person p, (SELECT 0 AS level UNION ALL SELECT 1"
			"  UNION ALL SELECT 2) l WHERE p.id = $1"
			" ON CONFLICT (person_pk, level) DO UPDATE SET"
			" status = excluded.status,"
			" status_since = excluded.status_since,"
			" status_since_min = excluded.status_since_min,"
			" status_since_max = excluded.status_since_max",
			person_id, err);
	return s;
}
