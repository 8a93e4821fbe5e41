/* records_log.c — what every write leaves behind: a revision and an audit
 * entry; and the checks that tie records together (references). What
 * follows the casebook's changes (the server's name index) reads the
 * revisions afterwards (store/person_names.c). */
#include "store/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

static vg_status insert_revision(store *db, const char *type, const char *id,
				 const char *at, const char *actor,
				 const char *action, const char *before,
				 const char *after, int64_t *rev_id,
				 struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	rc = store_prepare(db, "INSERT INTO revision (record_type, record_id,"
			       " at, actor, action, before_json, after_json)"
			       " VALUES ($1, $2, $3, $4, $5, $6, $7)"
			       " RETURNING id", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "revision");
	store_bind_text(st, 1, type);
	store_bind_text(st, 2, id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, actor);
	store_bind_text(st, 5, action);
	store_bind_text(st, 6, before);
	store_bind_text(st, 7, after);
	rc = store_step(st);
	if (rc == STORE_ROW)
		*rev_id = store_column_int(st, 0);
	store_finalize(st);
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "revision");
	return VG_OK;
}

vg_status rec_log_change(store *db, const struct actor *who,
			 const struct record_type *t, const char *id,
			 const char *action, const json_t *before,
			 const json_t *after, struct vg_error *err)
{
	const size_t flags = JSON_COMPACT | JSON_SORT_KEYS;
	char *btext = before ? json_dumps(before, flags) : NULL;
	char *atext = after ? json_dumps(after, flags) : NULL;
	const char *actor = who && who->username ? who->username : "system";
	char at[32], sha[AUDIT_HASH_HEX];
	struct audit_entry e;
	int64_t rev_id = 0;
	vg_status s;

	if ((before && !btext) || (after && !atext)) {
		s = vg_fail(err, VG_ENOMEM, id, "out of memory");
		goto out;
	}
	rec_now(at);
	s = insert_revision(db, t->name, id, at, actor, action, btext, atext,
			    &rev_id, err);
	if (s != VG_OK)
		goto out;
	audit_revision_sha256(t->name, id, at, actor, action, btext, atext,
			      sha);
	memset(&e, 0, sizeof(e));
	e.actor = actor;
	e.action = action;
	e.record_type = t->name;
	e.record_id = id;
	e.revision_sha256 = sha;
	e.revision_id = rev_id;
	s = audit_append(db, &e, NULL, err);
out:
	free(btext);
	free(atext);
	return s;
}

/* What rec_check_unreferenced found: the referrers who may see, named,
 * and whether there are others. */
struct referrers {
	store *db;
	const struct actor *who;
	struct buf named;
	int hidden;
};

/* Adds the ids the query (with $1 = id, $2 = type) returns, records of
 * type from. */
static vg_status collect(struct referrers *r, const char *sql,
			 const struct record_type *from, const char *id,
			 const char *type, const char *via,
			 struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(r->db, sql, &st);

	if (rc != STORE_OK)
		return store_fail(r->db, rc, err, via);
	store_bind_text(st, 1, id);
	store_bind_text(st, 2, type);
	for (;;) {
		const char *rid;

		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		rid = store_column_text(st, 0);
		if (!rec_visible(r->db, r->who, from->name, rid, NULL)) {
			r->hidden = 1;
			continue;
		}
		buf_printf(&r->named, "%s%s (%s)", r->named.len ? ", " : "",
			   rid, via);
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(r->db, rc, err, via);
	return VG_OK;
}

static vg_status collect_type(struct referrers *r,
			      const struct record_type *from,
			      const struct record_type *t, const char *id,
			      struct vg_error *err)
{
	const struct record_type *parent = from->child ? rec_parent_of(from) :
							 NULL;
	char sql[512], via[128];
	size_t i;
	vg_status s;

	for (i = 0; i < from->nfields; i++) {
		const struct field_def *f = &from->fields[i];

		if (f->kind != FIELD_REF || strcmp(f->vocab, t->name) != 0)
			continue;
		if (parent)
			snprintf(sql, sizeof(sql),
				 "SELECT DISTINCT p.id FROM \"%s\" c JOIN \"%s\" p"
				 " ON p.pk = c.parent WHERE c.\"%s\" = $1"
				 " AND $2 IS NOT NULL LIMIT 10",
				 from->table, parent->table, f->name);
		else
			snprintf(sql, sizeof(sql),
				 "SELECT id FROM \"%s\" WHERE \"%s\" = $1"
				 " AND $2 IS NOT NULL LIMIT 10",
				 from->table, f->name);
		snprintf(via, sizeof(via), "%s.%s", from->name, f->name);
		s = collect(r, sql, parent ? parent : from, id, t->name, via,
			    err);
		if (s != VG_OK)
			return s;
	}
	return VG_OK;
}

vg_status rec_check_unreferenced(store *db, const struct actor *who,
				 const struct record_type *t, const char *id,
				 struct vg_error *err)
{
	const struct record_type *const *lists[2] = {
		model_types(), model_child_types()
	};
	struct referrers r = { .db = db, .who = who };
	size_t i, k;
	vg_status s = VG_OK;

	buf_init(&r.named, 400);
	for (k = 0; s == VG_OK && k < 2; k++)
		for (i = 0; s == VG_OK && lists[k][i]; i++)
			s = collect_type(&r, lists[k][i], t, id, err);
	if (s == VG_OK)
		s = collect(&r, "SELECT id FROM citation WHERE record_id = $1"
				" AND record_type = $2 LIMIT 10",
			    model_type("citation"), id, t->name,
			    "citation.record_id", err);
	/* Records who may not see are not named: an error never tells that
	 * a hidden record exists, only that the delete cannot be done. */
	if (s == VG_OK && (r.named.len || r.hidden))
		s = vg_fail(err, VG_EINVAL, id,
			    "still referred to by %s%s%s; change or delete those "
			    "first", buf_str(&r.named),
			    r.named.len && r.hidden ? " and " : "",
			    r.hidden ? "other records" : "");
	buf_free(&r.named);
	return s;
}
