/* audit_records.c — the live records against what the audit chain last
 * recorded for them (see audit_verify_records in audit.h).
 *
 * A revision's after JSON is the record exactly as rec_read returned it
 * when it was written (encrypted fields still sealed, dates in the form
 * they are read in), so reading the row again with rec_read must give the
 * same JSON. The one exception is what vigil changes without a revision
 * of the record: a person's status, recomputed whenever one of their acts
 * changes, on their row and per level of reader (person_level_status); it
 * is compared with what the acts say instead. */
#include "store/audit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "store/records_int.h"

#define PATH_MAX_LEN 96

/* Notes one problem: the first one found is the one named. */
static void problem(struct audit_report *r, int64_t seq, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static void problem(struct audit_report *r, int64_t seq, const char *fmt,
		    ...)
{
	va_list ap;

	if (r->records_bad++)
		return;
	r->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

/* Fields vigil changes on a record without writing a revision of it. */
static int unrevised(const struct record_type *t, const char *key)
{
	const struct field_def *f = model_field(t, key);

	return f && (f->flags & FIELD_READONLY);
}

/* The first key of an object where a and b differ, into path (after
 * prefix); t, when given, says which keys to leave out. 0 if none. */
static int first_key_differing(const struct record_type *t, const json_t *a,
			       const json_t *b, const char *prefix,
			       char *path, size_t size)
{
	const json_t *both[2] = { a, b };
	const char *key;
	json_t *v;
	int k;

	for (k = 0; k < 2; k++)
		json_object_foreach((json_t *)both[k], key, v) {
			if (t && unrevised(t, key))
				continue;
			if (json_equal(json_object_get(a, key),
				       json_object_get(b, key)))
				continue;
			snprintf(path, size, "%s%s", prefix, key);
			return 1;
		}
	return 0;
}

/* Narrows a differing list field down to its row and key: "names[0].name",
 * or "names[2]" for a row one side lacks. */
static void list_difference(const json_t *a, const json_t *b,
			    const char *name, char *path, size_t size)
{
	size_t i, na = json_array_size(a), nb = json_array_size(b);
	char prefix[PATH_MAX_LEN];

	for (i = 0; i < na && i < nb; i++) {
		const json_t *x = json_array_get(a, i), *y = json_array_get(b, i);

		if (json_equal(x, y))
			continue;
		snprintf(prefix, sizeof(prefix), "%s[%zu].", name, i);
		if (json_is_object(x) && json_is_object(y) &&
		    first_key_differing(NULL, x, y, prefix, path, size))
			return;
		snprintf(path, size, "%s[%zu]", name, i);
		return;
	}
	snprintf(path, size, "%s[%zu]", name, na < nb ? na : nb);
}

/* The first field where the live record and the revision's after JSON
 * differ, named into path; 0 if they are the same. Fields in the type's
 * order first, so that the same change is always named the same way. */
static int record_difference(const struct record_type *t, const json_t *live,
			     const json_t *after, char *path, size_t size)
{
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *a = json_object_get(live, f->name);
		json_t *b = json_object_get(after, f->name);

		if ((f->flags & FIELD_READONLY) || json_equal(a, b) ||
		    (!a && !b))
			continue;
		if (f->kind == FIELD_LIST && json_is_array(a) &&
		    json_is_array(b))
			list_difference(a, b, f->name, path, size);
		else
			snprintf(path, size, "%s", f->name);
		return 1;
	}
	return first_key_differing(t, live, after, "", path, size);
}

/* One record the chain last recorded as written (create or update):
 * its row must be there and equal the revision's after JSON. */
static vg_status compare_live(store *db, const struct record_type *t,
			      const char *id, int64_t seq, int64_t pk,
			      const char *after_text, struct audit_report *r,
			      struct vg_error *err)
{
	char path[PATH_MAX_LEN];
	json_t *live = NULL, *after;
	vg_status s;

	after = after_text ? json_loads(after_text, 0, NULL) : NULL;
	if (!json_is_object(after)) {
		problem(r, seq, "%s %s: its last revision has no record "
			"(audit entry %" PRId64 ")", t->name, id, seq);
		json_decref(after);
		return VG_OK;
	}
	s = rec_read(db, t, pk, &live, err);
	if (s == VG_OK && record_difference(t, live, after, path,
					    sizeof(path)))
		problem(r, seq, "%s %s: field %s differs from its last "
			"revision (audit entry %" PRId64 ")", t->name, id,
			path, seq);
	json_decref(live);
	json_decref(after);
	return s;
}

/* Per record of t in the chain, its last entry with a revision, that
 * entry's revision and the record's row if there is one. */
static vg_status check_recorded(store *db, const struct record_type *t,
				struct audit_report *r, struct vg_error *err)
{
	char sql[1024];
	store_stmt *st;
	store_rc rc;
	vg_status s = VG_OK;

	snprintf(sql, sizeof(sql),
		 "SELECT m.record_id, a.seq, a.action, v.after_json, r.pk"
		 " FROM (SELECT record_id, max(seq) AS seq FROM audit_log"
		 "  WHERE record_type = $1 AND revision_sha256 <> ''"
		 "  GROUP BY record_id) m"
		 " JOIN audit_log a ON a.seq = m.seq"
		 " LEFT JOIN revision v ON v.id = a.revision_id"
		 " LEFT JOIN \"%s\" r ON r.id = m.record_id"
		 " ORDER BY m.record_id", t->table);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_text(st, 1, t->name);
	while (s == VG_OK && (rc = store_step(st)) == STORE_ROW) {
		const char *id = store_column_text(st, 0);
		const char *action = store_column_text(st, 2);
		int64_t seq = store_column_int(st, 1);
		int gone = store_column_is_null(st, 4);

		if (!strcmp(action, "delete")) {
			if (!gone)
				problem(r, seq, "%s %s: its row is present "
					"though audit entry %" PRId64
					" deleted it", t->name, id, seq);
			continue;
		}
		r->records++;
		if (gone)
			problem(r, seq, "%s %s is missing: its last audit "
				"entry, %" PRId64 ", is a%s %s, not a delete",
				t->name, id, seq, action[0] == 'u' ? "n" : "",
				action);
		else
			s = compare_live(db, t, id, seq, store_column_int(st, 4),
					 store_column_text(st, 3), r, err);
	}
	if (s == VG_OK && rc != STORE_DONE && rc != STORE_ROW)
		s = store_fail(db, rc, err, t->table);
	store_finalize(st);
	return s;
}

/* Runs sql (with $1 = t's name, when the query has a $1); every row it
 * returns is a problem, which say words from the row. t also names the
 * records in what say writes. */
static vg_status each_row(store *db, const char *sql,
			  const struct record_type *t, const char *where,
			  struct audit_report *r,
			  void (*say)(struct audit_report *r,
				      const struct record_type *t,
				      store_stmt *st),
			  struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);

	if (rc != STORE_OK)
		return store_fail(db, rc, err, where);
	/* A bind to a parameter the query lacks fails its step. */
	if (t && strstr(sql, "$1"))
		store_bind_text(st, 1, t->name);
	while ((rc = store_step(st)) == STORE_ROW)
		say(r, t, st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, where);
	return VG_OK;
}

static void say_unrecorded_row(struct audit_report *r,
			       const struct record_type *t, store_stmt *st)
{
	problem(r, 0, "%s %s has no audit entry: its row was written "
		"outside vigil", t->name, store_column_text(st, 0));
}

/* Columns: the person's id, 1 if the status (not only its date)
 * differs, the level of reader (3: the row itself, what admins read). */
static void say_wrong_status(struct audit_report *r,
			     const struct record_type *t, store_stmt *st)
{
	int64_t level = store_column_int(st, 2);

	problem(r, 0, "%s %s: field %s differs from what the person's acts "
		"say%s%s%s", t->name, store_column_text(st, 0),
		store_column_int(st, 1) ? "status" : "status_since",
		level < 3 ? " (as readers of level " : "",
		level < 3 ? model_level_name((enum level)level) : "",
		level < 3 ? " know it)" : "");
}

static void say_unrecorded_revision(struct audit_report *r,
				    const struct record_type *t,
				    store_stmt *st)
{
	(void)t;
	problem(r, 0, "revision %" PRId64 " of %s is in no audit entry: it "
		"was added outside vigil", store_column_int(st, 0),
		store_column_text(st, 1));
}

/* The latest act that says something about the person's status among
 * those of level lvl or below, as rec_refresh_status picks it. */
#define LATEST_ACT(col, lvl)                                               \
	"(SELECT s." col " FROM act_status s WHERE s.victim = p.id"         \
	" AND s.lvl <= " lvl                                                \
	" ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1)"
/* What readers of level l.level read as the person's status (no row
 * reads as none). */
#define LEVEL_STATUS(col)                                                  \
	"(SELECT ps." col " FROM person_level_status ps"                    \
	" WHERE ps.person_pk = p.pk AND ps.level = l.level)"

/* A person's status, on their row (every act) and for each lower level of
 * reader (the acts of that level or below), against the acts. */
static vg_status check_status(store *db, const struct record_type *t,
			      struct audit_report *r, struct vg_error *err)
{
	vg_status s;

	s = each_row(db, "SELECT p.id, p.status IS NOT "
		     LATEST_ACT("status", "3") ", 3 FROM person p"
		     " WHERE p.status IS NOT " LATEST_ACT("status", "3")
		     " OR p.status_since IS NOT " LATEST_ACT("since", "3")
		     " ORDER BY p.id", t, "person.status", r, say_wrong_status,
		     err);
	if (s != VG_OK)
		return s;
	return each_row(db, "SELECT p.id, " LEVEL_STATUS("status") " IS NOT "
			LATEST_ACT("status", "l.level") ", l.level"
			" FROM person p, (SELECT 0 AS level UNION ALL SELECT 1"
			" UNION ALL SELECT 2) l"
			" WHERE " LEVEL_STATUS("status") " IS NOT "
			LATEST_ACT("status", "l.level") " OR "
			LEVEL_STATUS("status_since") " IS NOT "
			LATEST_ACT("since", "l.level")
			" ORDER BY p.id, l.level", t, "person_level_status", r,
			say_wrong_status, err);
}

static vg_status check_type(store *db, const struct record_type *t,
			    struct audit_report *r, struct vg_error *err)
{
	char sql[512];
	vg_status s = check_recorded(db, t, r, err);

	if (s != VG_OK)
		return s;
	snprintf(sql, sizeof(sql),
		 "SELECT r.id FROM \"%s\" r WHERE NOT EXISTS (SELECT 1 FROM"
		 " audit_log a WHERE a.record_type = $1 AND a.record_id = r.id"
		 " AND a.revision_sha256 <> '') ORDER BY r.id", t->table);
	s = each_row(db, sql, t, t->table, r, say_unrecorded_row, err);
	if (s != VG_OK || strcmp(t->name, "person") != 0)
		return s;
	return check_status(db, t, r, err);
}

static vg_status check_all(store *db, struct audit_report *r,
			   struct vg_error *err)
{
	const struct record_type *const *types = model_types();
	vg_status s = VG_OK;
	size_t i;

	for (i = 0; s == VG_OK && types[i]; i++)
		s = check_type(db, types[i], r, err);
	if (s != VG_OK)
		return s;
	return each_row(db, "SELECT v.id, v.record_id FROM revision v"
			" WHERE NOT EXISTS (SELECT 1 FROM audit_log a"
			" WHERE a.revision_id = v.id) ORDER BY v.id", NULL,
			"revision", r, say_unrecorded_revision, err);
}

vg_status audit_verify_records(store *db, struct audit_report *r,
			       struct vg_error *err)
{
	int began = !store_in_transaction(db);
	vg_status s;

	r->records = 0;
	r->records_bad = 0;
	/* One snapshot: a write committed meanwhile (a row and its entry
	 * together) must not look like a row without its entry. */
	if (began && store_begin_read(db) != STORE_OK)
		return store_fail(db, STORE_ERROR, err, "audit_log");
	s = check_all(db, r, err);
	if (began && store_commit(db) != STORE_OK)
		(void)store_rollback(db);
	audit_clean_text(r->why);
	return s;
}
