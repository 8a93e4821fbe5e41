/* records_log.c — what every write leaves behind: a revision, an audit
 * entry, a notice to listeners; and the checks and derived values that
 * tie records together (references, a person's status). */
#include "store/records_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

#define MAX_LISTENERS 8

struct listener {
	void (*fn)(void *ctx, const char *type, const char *id,
		   const json_t *after);
	void *ctx;
};

static struct listener listeners[MAX_LISTENERS];
static size_t nlisteners;
static pthread_mutex_t listeners_lock = PTHREAD_MUTEX_INITIALIZER;

void records_on_change(void (*fn)(void *ctx, const char *type,
				  const char *id, const json_t *after),
		       void *ctx)
{
	size_t i;

	pthread_mutex_lock(&listeners_lock);
	for (i = 0; i < nlisteners; i++)
		if (listeners[i].fn == fn && listeners[i].ctx == ctx)
			goto out;
	if (nlisteners < MAX_LISTENERS) {
		listeners[nlisteners].fn = fn;
		listeners[nlisteners].ctx = ctx;
		nlisteners++;
	}
out:
	pthread_mutex_unlock(&listeners_lock);
}

/* One change waiting for its transaction to commit. */
struct notice {
	char *type;
	char *id;
	json_t *after;
};

static void notice_run(void *ctx)
{
	struct notice *n = ctx;
	struct listener copy[MAX_LISTENERS];
	size_t i, count;

	pthread_mutex_lock(&listeners_lock);
	count = nlisteners;
	memcpy(copy, listeners, sizeof(copy));
	pthread_mutex_unlock(&listeners_lock);
	for (i = 0; i < count; i++)
		copy[i].fn(copy[i].ctx, n->type, n->id, n->after);
}

static void notice_drop(void *ctx)
{
	struct notice *n = ctx;

	free(n->type);
	free(n->id);
	json_decref(n->after);
	free(n);
}

void rec_notify(store *db, const char *type, const char *id,
		const json_t *after)
{
	struct notice *n;
	size_t count;

	pthread_mutex_lock(&listeners_lock);
	count = nlisteners;
	pthread_mutex_unlock(&listeners_lock);
	if (!count || !id)
		return;
	n = calloc(1, sizeof(*n));
	if (!n)
		return;
	n->type = strdup(type);
	n->id = strdup(id);
	/* A copy: the caller may change its record after the write. */
	n->after = after ? json_deep_copy(after) : NULL;
	if (!n->type || !n->id || (after && !n->after)) {
		notice_drop(n);
		return;
	}
	/* Listeners hear of a change only once it is committed. */
	store_after_commit(db, notice_run, notice_drop, n);
}

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

vg_status rec_refresh_status(store *db, const char *person_id,
			     struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;
	vg_status s;

	if (!person_id)
		return VG_OK;
	rc = store_prepare(db,
		"UPDATE person SET"
		" status = (SELECT s.status FROM act_status s WHERE s.victim = $1"
		"  ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),"
		" status_since = (SELECT s.since FROM act_status s"
		"  WHERE s.victim = $1"
		"  ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),"
		" status_since_min = (SELECT s.since_min FROM act_status s"
		"  WHERE s.victim = $1"
		"  ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),"
		" status_since_max = (SELECT s.since_max FROM act_status s"
		"  WHERE s.victim = $1"
		"  ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1)"
		" WHERE id = $1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "person.status");
	store_bind_text(st, 1, person_id);
	s = rec_step_done(db, st, "person.status", err);
	store_finalize(st);
	return s;
}

/* Appends to found the ids the query (with $1 = id, $2 = type) returns. */
static vg_status collect(store *db, const char *sql, const char *id,
			 const char *type, const char *via, struct buf *found,
			 struct vg_error *err)
{
	store_stmt *st;
	store_rc rc = store_prepare(db, sql, &st);

	if (rc != STORE_OK)
		return store_fail(db, rc, err, via);
	store_bind_text(st, 1, id);
	store_bind_text(st, 2, type);
	for (;;) {
		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		buf_printf(found, "%s%s (%s)", found->len ? ", " : "",
			   store_column_text(st, 0), via);
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, via);
	return VG_OK;
}

static vg_status collect_type(store *db, const struct record_type *from,
			      const struct record_type *t, const char *id,
			      struct buf *found, struct vg_error *err)
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
		s = collect(db, sql, id, t->name, via, found, err);
		if (s != VG_OK)
			return s;
	}
	return VG_OK;
}

vg_status rec_check_unreferenced(store *db, const struct record_type *t,
				 const char *id, struct vg_error *err)
{
	const struct record_type *const *lists[2] = {
		model_types(), model_child_types()
	};
	struct buf found;
	size_t i, k;
	vg_status s = VG_OK;

	buf_init(&found, 400);
	for (k = 0; s == VG_OK && k < 2; k++)
		for (i = 0; s == VG_OK && lists[k][i]; i++)
			s = collect_type(db, lists[k][i], t, id, &found, err);
	if (s == VG_OK)
		s = collect(db, "SELECT id FROM citation WHERE record_id = $1"
				" AND record_type = $2 LIMIT 10",
			    id, t->name, "citation.record_id", &found, err);
	if (s == VG_OK && found.len)
		s = vg_fail(err, VG_EINVAL, id,
			    "still referred to by %s; change or delete those "
			    "first", buf_str(&found));
	buf_free(&found);
	return s;
}
