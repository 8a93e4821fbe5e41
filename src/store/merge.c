/* Person merge and its undo. */
#include <stdio.h>
#include <string.h>

#include "model/access.h"
#include "model/model.h"
#include "store/merge.h"

#define MERGE_PAGE 1000

/* Every record of type matching filter (NULL: all), as one JSON array the
 * caller owns; collected before any change, since changes move records
 * out of the filter and would shift the pages. */
static vg_status list_all(store *db, const char *type, const json_t *filter,
			  json_t **out, struct vg_error *err)
{
	struct records_query q = { NULL, filter, NULL, 0, MERGE_PAGE };
	json_t *all = json_array();
	vg_status st;

	if (!all)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	for (;;) {
		json_t *items = NULL;
		size_t total = 0, got;

		st = records_list(db, &records_system, type, &q, &items,
				  &total, err);
		if (st != VG_OK) {
			json_decref(all);
			return st;
		}
		got = json_array_size(items);
		json_array_extend(all, items);
		json_decref(items);
		q.offset += got;
		if (!got || q.offset >= total)
			break;
	}
	*out = all;
	return VG_OK;
}

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int has_value(const json_t *v)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return 1;
}

/* B's names that A does not have yet join A's; B's primary becomes an
 * alias, since A keeps its own. B's empty-in-A fields fill A's. */
static vg_status merged_changes(const json_t *a, const json_t *b,
				json_t *changes, json_t *moved)
{
	const struct record_type *t = model_type("person");
	json_t *names = json_deep_copy(json_object_get(a, "names"));
	json_t *added = json_array(), *filled = json_array(), *bn, *an;
	size_t i, j;

	if (!t || !names || !added || !filled)
		goto nomem;
	json_array_foreach(json_object_get(b, "names"), i, bn) {
		const char *name = str_of(bn, "name");
		int have = 0;
		json_t *copy;

		json_array_foreach(names, j, an)
			have |= !strcmp(name, str_of(an, "name"));
		if (!*name || have)
			continue;
		copy = json_deep_copy(bn);
		if (!copy)
			goto nomem;
		if (!strcmp(str_of(copy, "kind"), "primary"))
			json_object_set_new(copy, "kind", json_string("alias"));
		json_array_append_new(names, copy);
		json_array_append_new(added, json_string(name));
	}
	json_object_set_new(changes, "names", names);
	names = NULL;
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *bv = json_object_get(b, f->name);

		if (f->kind == FIELD_LIST || (f->flags & FIELD_READONLY))
			continue;
		if (has_value(json_object_get(a, f->name)) || !has_value(bv))
			continue;
		json_object_set(changes, f->name, bv);
		json_array_append_new(filled, json_string(f->name));
	}
	json_object_set_new(moved, "names", added);
	json_object_set_new(moved, "fields", filled);
	return VG_OK;
nomem:
	json_decref(names);
	json_decref(added);
	json_decref(filled);
	return VG_ENOMEM;
}

static vg_status note_repoint(json_t *moved, const char *type, const char *id,
			      const char *field)
{
	json_t *r = json_pack("{s:s, s:s, s:s}", "type", type, "id", id,
			      "field", field);

	if (!r)
		return VG_ENOMEM;
	return json_array_append_new(json_object_get(moved, "repointed"), r) ?
	       VG_ENOMEM : VG_OK;
}

/* Sets field to value on every record of type whose field is from. */
static vg_status repoint_field(store *db, const struct actor *who,
			       const char *type, const char *field,
			       const char *from, const char *value,
			       json_t *moved, struct vg_error *err)
{
	json_t *filter = json_pack("{s:s}", field, from), *recs = NULL, *r;
	size_t i;
	vg_status st;

	if (!filter)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (!strcmp(type, "citation"))
		json_object_set_new(filter, "record_type", json_string("person"));
	st = list_all(db, type, filter, &recs, err);
	json_decref(filter);
	if (st != VG_OK)
		return st;
	json_array_foreach(recs, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));
		json_t *ch = json_pack("{s:s}", field, value);

		if (!id || !ch) {
			json_decref(ch);
			st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
			break;
		}
		st = records_update(db, who, type, id, ch, NULL, err);
		json_decref(ch);
		if (st == VG_OK)
			st = note_repoint(moved, type, id, field);
		if (st != VG_OK)
			break;
	}
	json_decref(recs);
	return st;
}

/* Child lists holding a person (intervention victims): rewritten whole
 * on every record where one of their rows names from. */
static vg_status repoint_lists(store *db, const struct actor *who,
			       const struct record_type *t,
			       const struct field_def *list,
			       const struct record_type *ct, const char *from,
			       const char *into, json_t *moved,
			       struct vg_error *err)
{
	json_t *recs = NULL, *r;
	size_t i, j, k;
	vg_status st = list_all(db, t->name, NULL, &recs, err);

	json_array_foreach(recs, i, r) {
		json_t *rows = json_object_get(r, list->name), *row;
		int changed = 0;

		if (st != VG_OK)
			break;
		json_array_foreach(rows, j, row) {
			for (k = 0; k < ct->nfields; k++) {
				const struct field_def *cf = &ct->fields[k];
				const char *v = json_string_value(json_object_get(row, cf->name));

				if (cf->kind != FIELD_REF || strcmp(cf->vocab, "person") ||
				    !v || strcmp(v, from))
					continue;
				json_object_set_new(row, cf->name, json_string(into));
				changed = 1;
			}
		}
		if (changed) {
			json_t *ch = json_pack("{s:O}", list->name, rows);
			const char *id = json_string_value(json_object_get(r, "id"));

			st = ch && id ? records_update(db, who, t->name, id, ch, NULL, err)
				      : vg_fail(err, VG_ENOMEM, NULL, "out of memory");
			json_decref(ch);
			if (st == VG_OK)
				st = note_repoint(moved, t->name, id, list->name);
		}
	}
	json_decref(recs);
	return st;
}

static vg_status repoint_all(store *db, const struct actor *who,
			     const char *from, const char *into, json_t *moved,
			     struct vg_error *err)
{
	const struct record_type *const *types = model_types();
	size_t i, j;
	vg_status st = VG_OK;

	for (i = 0; types[i] && st == VG_OK; i++) {
		const struct record_type *t = types[i];

		if (!strcmp(t->name, "citation")) {
			st = repoint_field(db, who, t->name, "record_id", from,
					   into, moved, err);
			continue;
		}
		for (j = 0; j < t->nfields && st == VG_OK; j++) {
			const struct field_def *f = &t->fields[j];
			const struct record_type *ct;

			if (f->kind == FIELD_REF && !strcmp(f->vocab, "person"))
				st = repoint_field(db, who, t->name, f->name, from,
						   into, moved, err);
			if (f->kind != FIELD_LIST || !strcmp(t->name, "person"))
				continue;
			ct = model_type(f->vocab);
			if (ct)
				st = repoint_lists(db, who, t, f, ct, from, into,
						   moved, err);
		}
	}
	return st;
}

/* VG_OK when asker may see person id; VG_ENOTFOUND when there is none
 * or it is hidden from them; a store error as such. */
static vg_status asker_sees(store *db, const struct actor *asker,
			    const char *id, struct vg_error *err)
{
	json_t *p = NULL;
	vg_status st = records_get(db, asker, "person", id, &p, err);

	json_decref(p);
	return st;
}

/* A merge or its undo is asked for by a person (asker), who must be able
 * to see both people and to change and delete people; then it moves
 * every record that names the one merged, those the asker may not see
 * included, so it runs with every right, recorded under the asker's
 * name. VG_ENOTFOUND for a person the asker may not see, as for one that
 * does not exist. */
static vg_status merge_rights(store *db, const struct actor *asker,
			      const char *into, const char *from,
			      struct actor *full, struct vg_error *err)
{
	const struct record_type *t = model_type("person");
	vg_status st = VG_OK;

	if (!access_allows(asker->role, t, ACTION_UPDATE) ||
	    !access_allows(asker->role, t, ACTION_DELETE))
		return vg_fail(err, VG_EDENIED, "person", "a %s may not merge "
			       "people", model_role_name(asker->role));
	/* records_get, not records_visible: a read that fails is an error,
	 * not a person who is not there. */
	st = asker_sees(db, asker, into, err);
	if (st == VG_OK && from)
		st = asker_sees(db, asker, from, err);
	full->user_id = asker->user_id;
	full->username = asker->username;
	full->role = ROLE_ADMIN;
	return st;
}

vg_status person_merge(store *db, const struct actor *asker,
		       const char *into, const char *from, json_t **moved,
		       struct vg_error *err)
{
	struct actor full;
	const struct actor *who = &full;
	json_t *a = NULL, *b = NULL, *changes = json_object();
	json_t *report = json_object();
	const char *aid, *bid;
	vg_status st;

	if (moved)
		*moved = NULL;
	st = merge_rights(db, asker, into, from, &full, err);
	if (st != VG_OK)
		goto out;
	if (!changes || !report) {
		st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if (store_begin(db) != STORE_OK) {
		st = store_fail(db, STORE_ERROR, err, "merge");
		goto out;
	}
	st = records_get(db, who, "person", into, &a, err);
	if (st == VG_OK)
		st = records_get(db, who, "person", from, &b, err);
	if (st != VG_OK)
		goto rollback;
	aid = json_string_value(json_object_get(a, "id"));
	bid = json_string_value(json_object_get(b, "id"));
	if (!aid || !bid || !strcmp(aid, bid)) {
		st = vg_fail(err, VG_EINVAL, from, "a person cannot be merged into themselves");
		goto rollback;
	}
	json_object_set_new(report, "into", json_string(aid));
	json_object_set_new(report, "from", json_string(bid));
	json_object_set_new(report, "repointed", json_array());
	st = merged_changes(a, b, changes, report);
	if (st != VG_OK) {
		vg_fail(err, st, NULL, "out of memory");
		goto rollback;
	}
	st = repoint_all(db, who, bid, aid, report, err);
	if (st == VG_OK)
		st = records_delete(db, who, "person", bid, err);
	/* A's names grow after B is gone, so no name is on two people. */
	if (st == VG_OK)
		st = records_update(db, who, "person", aid, changes, NULL, err);
	if (st != VG_OK)
		goto rollback;
	if (store_commit(db) != STORE_OK) {
		/* A failed commit leaves the transaction open. */
		st = store_fail(db, STORE_ERROR, err, "merge: commit");
		goto rollback;
	}
	if (moved) {
		*moved = report;
		report = NULL;
	}
	goto out;
rollback:
	store_rollback(db);
out:
	json_decref(a);
	json_decref(b);
	json_decref(changes);
	json_decref(report);
	return st;
}

/* The newest revision of history with the given action for which ok
 * holds, or NULL. */
static const json_t *last_revision(const json_t *history, const char *action,
				   int (*ok)(const json_t *rev, const void *arg),
				   const void *arg)
{
	size_t i = json_array_size(history);

	while (i-- > 0) {
		const json_t *rev = json_array_get(history, i);

		if (!strcmp(str_of(rev, "action"), action) && (!ok || ok(rev, arg)))
			return rev;
	}
	return NULL;
}

static int names_have(const json_t *names, const char *name)
{
	const json_t *n;
	size_t i;

	json_array_foreach(names, i, n)
		if (!strcmp(str_of(n, "name"), name))
			return 1;
	return 0;
}

/* A's merge revision: before it lacked B's first name, after it had it. */
static int is_merge_update(const json_t *rev, const void *arg)
{
	const char *bname = arg;

	return !names_have(json_object_get(json_object_get(rev, "before"),
					   "names"), bname) &&
	       names_have(json_object_get(json_object_get(rev, "after"),
					  "names"), bname);
}

struct moved_ref {
	const char *field, *from, *into;
};

static int is_repoint(const json_t *rev, const void *arg)
{
	const struct moved_ref *m = arg;

	return !strcmp(str_of(json_object_get(rev, "before"), m->field), m->from) &&
	       !strcmp(str_of(json_object_get(rev, "after"), m->field), m->into);
}

/* Points back at from the records of type whose field the merge moved. */
static vg_status unrepoint_field(store *db, const struct actor *who,
				 const char *type, const char *field,
				 const char *from, const char *into,
				 struct vg_error *err)
{
	struct moved_ref m = { field, from, into };
	json_t *filter = json_pack("{s:s}", field, into), *recs = NULL, *r;
	size_t i;
	vg_status st;

	if (!filter)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (!strcmp(type, "citation"))
		json_object_set_new(filter, "record_type", json_string("person"));
	st = list_all(db, type, filter, &recs, err);
	json_decref(filter);
	json_array_foreach(recs, i, r) {
		const char *id = str_of(r, "id");
		json_t *hist = NULL, *ch;

		if (st != VG_OK)
			break;
		st = records_history(db, who, type, id, &hist, err);
		if (st == VG_OK && last_revision(hist, "update", is_repoint, &m)) {
			ch = json_pack("{s:s}", field, from);
			st = ch ? records_update(db, who, type, id, ch, NULL, err)
				: vg_fail(err, VG_ENOMEM, NULL, "out of memory");
			json_decref(ch);
		}
		json_decref(hist);
	}
	json_decref(recs);
	return st;
}

static vg_status unrepoint_all(store *db, const struct actor *who,
			       const char *from, const char *into,
			       struct vg_error *err)
{
	const struct record_type *const *types = model_types();
	size_t i, j;
	vg_status st = VG_OK;

	for (i = 0; types[i] && st == VG_OK; i++) {
		const struct record_type *t = types[i];

		if (!strcmp(t->name, "citation")) {
			st = unrepoint_field(db, who, t->name, "record_id", from,
					     into, err);
			continue;
		}
		for (j = 0; j < t->nfields && st == VG_OK; j++)
			if (t->fields[j].kind == FIELD_REF &&
			    !strcmp(t->fields[j].vocab, "person"))
				st = unrepoint_field(db, who, t->name,
						     t->fields[j].name, from,
						     into, err);
	}
	return st;
}

/* B as it was deleted, ready for records_create: without what vigil sets. */
static json_t *recreated(const json_t *before)
{
	const struct record_type *t = model_type("person");
	json_t *rec = json_deep_copy(before);
	size_t i;

	if (!rec || !t)
		return rec;
	json_object_del(rec, "created_at");
	json_object_del(rec, "updated_at");
	for (i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & (FIELD_READONLY | FIELD_DERIVED))
			json_object_del(rec, t->fields[i].name);
	return rec;
}

/* A's names and fields as before the merge, keeping later changes to
 * anything the merge did not touch. */
static json_t *unmerged_changes(const json_t *a_now, const json_t *merge_rev)
{
	const json_t *pre = json_object_get(merge_rev, "before");
	const json_t *post = json_object_get(merge_rev, "after");
	const char *key;
	json_t *v, *ch = json_object();

	if (!ch)
		return NULL;
	json_object_set(ch, "names", json_object_get(pre, "names"));
	json_object_foreach((json_t *)post, key, v) {
		const struct field_def *f = model_field(model_type("person"), key);

		if (!f || f->kind == FIELD_LIST || has_value(json_object_get(pre, key)))
			continue;
		if (json_equal(json_object_get(a_now, key), v))
			json_object_set_new(ch, key, json_null());
	}
	return ch;
}

vg_status person_unmerge(store *db, const struct actor *asker,
			 const char *into, const char *from,
			 struct vg_error *err)
{
	struct actor full;
	const struct actor *who = &full;
	json_t *a = NULL, *b = NULL, *bhist = NULL, *ahist = NULL;
	json_t *rec = NULL, *ch = NULL;
	const json_t *del, *merge_rev;
	const char *bname;
	vg_status st;

	st = merge_rights(db, asker, into, NULL, &full, err);
	if (st != VG_OK)
		return st;
	if (store_begin(db) != STORE_OK)
		return store_fail(db, STORE_ERROR, err, "unmerge");
	st = records_get(db, who, "person", from, &b, err);
	if (st == VG_OK) {
		st = vg_fail(err, VG_EEXIST, from, "this person exists: nothing to unmerge");
		goto rollback;
	}
	if (st != VG_ENOTFOUND)
		goto rollback;
	st = records_get(db, who, "person", into, &a, err);
	/* The asker must be able to see the person merged away, as it
	 * was; then the undo reads its whole history. */
	if (st == VG_OK)
		st = records_history(db, asker, "person", from, &bhist, err);
	json_decref(bhist);
	bhist = NULL;
	if (st == VG_OK)
		st = records_history(db, who, "person", from, &bhist, err);
	if (st == VG_OK)
		st = records_history(db, who, "person", into, &ahist, err);
	if (st != VG_OK)
		goto rollback;
	del = last_revision(bhist, "delete", NULL, NULL);
	bname = str_of(json_array_get(json_object_get(json_object_get(del, "before"),
						      "names"), 0), "name");
	merge_rev = del ? last_revision(ahist, "update", is_merge_update, bname)
			: NULL;
	if (!merge_rev) {
		st = vg_fail(err, VG_ENOTFOUND, from, "no merge of this person into %s "
			     "in the history", into);
		goto rollback;
	}
	rec = recreated(json_object_get(del, "before"));
	ch = unmerged_changes(a, merge_rev);
	if (!rec || !ch) {
		st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto rollback;
	}
	/* A lets go of B's names before B takes them back. */
	st = records_update(db, who, "person", into, ch, NULL, err);
	if (st == VG_OK)
		st = records_create(db, who, "person", rec, NULL, err);
	if (st == VG_OK)
		st = unrepoint_all(db, who, str_of(json_object_get(del, "before"), "id"),
				   str_of(a, "id"), err);
	if (st != VG_OK)
		goto rollback;
	if (store_commit(db) == STORE_OK)
		goto out;
	st = store_fail(db, STORE_ERROR, err, "unmerge: commit");
rollback:
	store_rollback(db);
out:
	json_decref(a);
	json_decref(b);
	json_decref(bhist);
	json_decref(ahist);
	json_decref(rec);
	json_decref(ch);
	return st;
}
