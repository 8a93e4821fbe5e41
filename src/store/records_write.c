/* records_write.c — records_create, records_update, records_delete.
 *
 * Each runs in one transaction (a savepoint inside the caller's): check
 * access, validate, resolve references, write the row and its child rows
 * and full-text entry, keep derived values current, then log a revision
 * and an audit entry. Listeners hear of the change once it is written. */
#include "store/records_int.h"

#include <stdio.h>
#include <string.h>

#include "model/access.h"

static vg_status check_access(const struct actor *who,
			      const struct record_type *t, enum action a,
			      struct vg_error *err)
{
	static const char *const verbs[] = {
		"read", "create", "change", "delete", "review", "administer"
	};

	if (who && access_allows(who->role, t, a))
		return VG_OK;
	return vg_fail(err, VG_EDENIED, t->name, "a%s %s may not %s %s",
		       who && who->role == ROLE_ADMIN ? "n" : "",
		       who ? model_role_name(who->role) : "nobody", verbs[a],
		       t->plural);
}

/* Drops what input may not set: values vigil derives and timestamps. */
static void strip_readonly(const struct record_type *t, json_t *rec)
{
	size_t i;

	for (i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & (FIELD_READONLY | FIELD_DERIVED))
			json_object_del(rec, t->fields[i].name);
	json_object_del(rec, "created_at");
	json_object_del(rec, "updated_at");
}

/* After a write: the stored record, decrypted and derived, into *out (as
 * who may see it), when the caller asked for it. */
static vg_status finish(store *db, const struct actor *who,
			const struct record_type *t, json_t *after,
			json_t **out, struct vg_error *err)
{
	char today[11];
	vg_status s;

	if (!out)
		return VG_OK;
	s = rec_decrypt(db, t, after, err);
	if (s != VG_OK)
		return s;
	rec_today(today);
	model_derive(t, after, today);
	/* The write is committed: if what who may see of it cannot be
	 * worked out now, they get its id alone, never an error that would
	 * make them write it again. */
	if (rec_shape(db, who, t, after, NULL, out, err) != VG_OK || !*out)
		*out = json_pack("{s:O?}", "id", json_object_get(after, "id"));
	return *out ? VG_OK : vg_fail(err, VG_ENOMEM, t->name, "out of memory");
}

static const char *victim_of(const struct record_type *t, const json_t *rec)
{
	if (!rec || strcmp(t->name, "act") != 0)
		return NULL;
	return json_string_value(json_object_get(rec, "victim"));
}

static vg_status create_locked(store *db, const struct actor *who,
			       const struct record_type *t, json_t *rec,
			       json_t **after, struct vg_error *err)
{
	char id[REC_ID_MAX], uuid[37], now[32];
	int64_t pk = 0;
	vg_status s;

	s = rec_resolve_refs(db, who, NULL, t, rec, "", err);
	if (s == VG_OK)
		s = rec_assign_id(db, t, json_string_value(json_object_get(rec,
						"id")), id, err);
	if (s == VG_OK)
		s = rec_assign_uuid(db, t, json_string_value(json_object_get(rec,
						"uuid")), uuid, err);
	if (s != VG_OK)
		return s;
	rec_now(now);
	json_object_set_new(rec, "id", json_string(id));
	json_object_set_new(rec, "uuid", json_string(uuid));
	json_object_set_new(rec, "created_at", json_string(now));
	json_object_set_new(rec, "updated_at", json_string(now));
	if (!json_object_get(rec, "level"))
		json_object_set_new(rec, "level", json_string(
			model_level_name(MODEL_DEFAULT_LEVEL)));
	/* A contributor's record waits for an editor, whatever it says. */
	if (who->role < ROLE_EDITOR || !json_object_get(rec, "pending"))
		json_object_set_new(rec, "pending",
				    json_boolean(who->role < ROLE_EDITOR));
	s = rec_write(db, t, rec, &pk, err);
	if (s == VG_OK)
		s = rec_refresh_status(db, victim_of(t, rec), err);
	if (s == VG_OK)
		s = rec_read(db, t, pk, after, err);
	if (s == VG_OK)
		s = rec_log_change(db, who, t, id, "create", NULL, *after, err);
	return s;
}

/* What the three writes share: the type, the right, the input's validity
 * checked before any transaction; then the change in one transaction. */
static vg_status check_write(const struct actor *who, const char *type,
			     enum action a, const json_t *input, int partial,
			     const struct record_type **t, struct vg_error *err)
{
	vg_status s = rec_top_type(type, t, err);

	if (s == VG_OK)
		s = check_access(who, *t, a, err);
	if (s == VG_OK && input)
		s = model_validate(*t, input, partial, err);
	if (s == VG_OK && input)
		s = rec_check_settable(who, *t, input, err);
	return s;
}

static vg_status update_locked(store *db, const struct actor *who,
			       const struct record_type *t, const char *ref,
			       const json_t *changes, json_t **after,
			       struct vg_error *err);
static vg_status delete_locked(store *db, const struct actor *who,
			       const struct record_type *t, const char *ref,
			       char id[REC_ID_MAX], struct vg_error *err);

struct write_op {
	enum action action;   /* ACTION_CREATE, ACTION_UPDATE or ACTION_DELETE */
	const struct actor *who;
	const struct record_type *t;
	const char *ref;       /* update, delete: the record's id or uuid */
	json_t *rec;           /* create: the record, readonly fields stripped */
	const json_t *changes; /* update */
	json_t *after;         /* out, create and update: the stored record */
	char pid[REC_ID_MAX];  /* out, delete: the deleted record's id */
};

static vg_status write_locked(store *db, struct write_op *op,
			      struct vg_error *err)
{
	switch (op->action) {
	case ACTION_CREATE:
		return create_locked(db, op->who, op->t, op->rec, &op->after,
				     err);
	case ACTION_UPDATE:
		return update_locked(db, op->who, op->t, op->ref, op->changes,
				     &op->after, err);
	default:
		return delete_locked(db, op->who, op->t, op->ref, op->pid, err);
	}
}

/* Runs op in one transaction (a savepoint inside the caller's): commits
 * when it succeeds, rolls back when it or the commit fails. */
static vg_status write_atomically(store *db, struct write_op *op,
				  struct vg_error *err)
{
	store_rc rc = store_begin(db);
	vg_status s;

	if (rc != STORE_OK)
		return store_fail(db, rc, err, op->t->name);
	s = write_locked(db, op, err);
	if (s == VG_OK) {
		rc = store_commit(db);
		if (rc == STORE_OK)
			return VG_OK;
		s = store_fail(db, rc, err, op->t->name);
	}
	if (store_in_transaction(db))
		store_rollback(db);
	return s;
}

vg_status records_create(store *db, const struct actor *who,
			 const char *type, const json_t *rec, json_t **out,
			 struct vg_error *err)
{
	struct write_op op = { .action = ACTION_CREATE, .who = who };
	vg_status s;

	if (out)
		*out = NULL;
	s = check_write(who, type, ACTION_CREATE, rec, 0, &op.t, err);
	if (s != VG_OK)
		return s;
	op.rec = json_deep_copy(rec);
	if (!op.rec)
		return vg_fail(err, VG_ENOMEM, type, "out of memory");
	strip_readonly(op.t, op.rec);
	s = write_atomically(db, &op, err);
	if (s == VG_OK)
		s = finish(db, who, op.t, op.after, out, err);
	json_decref(op.rec);
	json_decref(op.after);
	return s;
}

/* *hidden: whether a child row names a record who may not see. */
static vg_status row_names_hidden(store *db, const struct actor *who,
				  const struct record_type *ct,
				  const json_t *row, int *hidden,
				  struct vg_error *err)
{
	size_t i;
	int seen;
	vg_status s;

	*hidden = 0;
	for (i = 0; i < ct->nfields; i++) {
		const char *v = json_string_value(json_object_get(row,
							ct->fields[i].name));

		if (ct->fields[i].kind != FIELD_REF || !v)
			continue;
		s = rec_visibility(db, who, ct->fields[i].vocab, v, NULL,
				   &seen, err);
		if (s != VG_OK)
			return s;
		if (!seen) {
			*hidden = 1;
			break;
		}
	}
	return VG_OK;
}

/* A new list for key, from the one given: the rows of the old list that
 * name a record who may not see are kept, since who never saw them. */
static vg_status list_keeping_hidden(store *db, const struct actor *who,
				     const struct field_def *f,
				     const json_t *old, json_t *given,
				     json_t **out, struct vg_error *err)
{
	const struct record_type *ct = model_type(f->vocab);
	json_t *row;
	size_t i;
	int hidden;
	vg_status s;

	*out = json_deep_copy(given);
	if (!*out)
		return vg_fail(err, VG_ENOMEM, f->name, "out of memory");
	if (!ct || !json_is_array(old) || who->role == ROLE_ADMIN)
		return VG_OK;
	json_array_foreach(old, i, row) {
		s = row_names_hidden(db, who, ct, row, &hidden, err);
		if (s != VG_OK) {
			json_decref(*out);
			*out = NULL;
			return s;
		}
		if (hidden)
			json_array_append(*out, row);
	}
	return VG_OK;
}

/* The current record with changes applied: null clears, a list replaces.
 * What who may not see is not theirs to change: a reference to a hidden
 * record stays as it is, a hidden child row stays in its list. */
static vg_status merge_changes(store *db, const struct actor *who,
			       const struct record_type *t, json_t *cur,
			       const json_t *changes, struct vg_error *err)
{
	const char *key;
	json_t *v, *old, *list;
	vg_status s;
	int seen;

	json_object_foreach((json_t *)changes, key, v) {
		const struct field_def *f = model_field(t, key);

		if (!strcmp(key, "id") || !strcmp(key, "uuid")) {
			if (!json_equal(v, json_object_get(cur, key)))
				return vg_fail(err, VG_EINVAL, key,
					       "cannot be changed");
			continue;
		}
		if (!strcmp(key, "created_at") || !strcmp(key, "updated_at"))
			continue;
		if (f && (f->flags & (FIELD_READONLY | FIELD_DERIVED)))
			continue;
		old = json_object_get(cur, key);
		if (f && f->kind == FIELD_REF && json_is_string(old)) {
			s = rec_visibility(db, who, f->vocab,
					   json_string_value(old), NULL, &seen,
					   err);
			if (s != VG_OK)
				return s;
			if (!seen)
				continue;
		}
		if (json_is_null(v)) {
			json_object_del(cur, key);
		} else if (f && f->kind == FIELD_LIST) {
			s = list_keeping_hidden(db, who, f, old, (json_t *)v,
						&list, err);
			if (s != VG_OK)
				return s;
			json_object_set_new(cur, key, list);
		} else
			json_object_set(cur, key, v);
	}
	return VG_OK;
}

static vg_status update_locked(store *db, const struct actor *who,
			       const struct record_type *t, const char *ref,
			       const json_t *changes, json_t **after,
			       struct vg_error *err)
{
	json_t *before = NULL, *cur = NULL, *kept = NULL;
	char id[REC_ID_MAX], now[32];
	int64_t pk;
	vg_status s;

	s = rec_lookup_visible(db, who, t, ref, &pk, id, err);
	if (s == VG_OK)
		s = rec_read(db, t, pk, &before, err);
	if (s != VG_OK)
		return s;
	cur = json_deep_copy(before);
	kept = rec_refs_of(t, before);
	s = cur && kept ? rec_decrypt(db, t, cur, err) :
			  vg_fail(err, VG_ENOMEM, id, "out of memory");
	if (s == VG_OK)
		s = merge_changes(db, who, t, cur, changes, err);
	if (s == VG_OK)
		s = model_validate(t, cur, 0, err);
	if (s == VG_OK)
		s = rec_resolve_refs(db, who, kept, t, cur, "", err);
	if (s == VG_OK)
		s = rec_check_place_tree(db, t, cur, err);
	if (s != VG_OK)
		goto out;
	rec_now(now);
	json_object_set_new(cur, "updated_at", json_string(now));
	s = rec_write(db, t, cur, &pk, err);
	if (s == VG_OK)
		s = rec_refresh_status(db, victim_of(t, before), err);
	if (s == VG_OK)
		s = rec_refresh_status(db, victim_of(t, cur), err);
	if (s == VG_OK)
		s = rec_read(db, t, pk, after, err);
	if (s == VG_OK)
		s = rec_log_change(db, who, t, id, "update", before, *after, err);
out:
	json_decref(before);
	json_decref(cur);
	json_decref(kept);
	return s;
}

vg_status records_update(store *db, const struct actor *who,
			 const char *type, const char *id,
			 const json_t *changes, json_t **out,
			 struct vg_error *err)
{
	struct write_op op = { .action = ACTION_UPDATE, .who = who,
			       .ref = id, .changes = changes };
	vg_status s;

	if (out)
		*out = NULL;
	s = check_write(who, type, ACTION_UPDATE, changes, 1, &op.t, err);
	if (s == VG_OK)
		s = write_atomically(db, &op, err);
	if (s == VG_OK)
		s = finish(db, who, op.t, op.after, out, err);
	json_decref(op.after);
	return s;
}

static vg_status delete_locked(store *db, const struct actor *who,
			       const struct record_type *t, const char *ref,
			       char id[REC_ID_MAX], struct vg_error *err)
{
	json_t *before = NULL;
	int64_t pk;
	vg_status s;

	s = rec_lookup_visible(db, who, t, ref, &pk, id, err);
	if (s == VG_OK)
		s = rec_read(db, t, pk, &before, err);
	if (s == VG_OK)
		s = rec_check_unreferenced(db, who, t, id, err);
	if (s == VG_OK)
		s = rec_delete_row(db, t, pk, err);
	if (s == VG_OK)
		s = rec_refresh_status(db, victim_of(t, before), err);
	if (s == VG_OK)
		s = rec_log_change(db, who, t, id, "delete", before, NULL, err);
	json_decref(before);
	return s;
}

vg_status records_delete(store *db, const struct actor *who,
			 const char *type, const char *id,
			 struct vg_error *err)
{
	struct write_op op = { .action = ACTION_DELETE, .who = who,
			       .ref = id };
	vg_status s;

	s = check_write(who, type, ACTION_DELETE, NULL, 0, &op.t, err);
	if (s == VG_OK)
		s = write_atomically(db, &op, err);
	return s;
}
