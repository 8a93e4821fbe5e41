/* records_access.c — what an actor may see of the records, decided inside
 * the store so that no caller can forget it: which records exist for
 * them, how a record reads to them, which filters they may use, and what
 * they may set. The rules themselves are model/access.c's; this file
 * applies them to rows. */
#include "store/records_int.h"

#include <stdio.h>
#include <string.h>

#include "model/access.h"

const struct actor records_system = { 0, "system", ROLE_ADMIN };

/* An id that no record has: a filter by a hidden record's id becomes a
 * filter by this one, so that it answers as for an id that does not
 * exist. */
#define NO_SUCH_ID "-"

enum level rec_top_level(const struct actor *who)
{
	enum level l = LEVEL_SECRET;

	while (l > LEVEL_PUBLIC && !access_sees_level(who->role, l))
		l--;
	return l;
}

/* 1 when a row of level level_name (and pending flag) may be seen. */
static int row_visible(const struct actor *who, const struct record_type *t,
		       const char *level_name, int pending)
{
	enum level l;

	if (!access_allows(who->role, t, ACTION_READ))
		return 0;
	if (!level_name || model_level_parse(level_name, &l) != 0)
		return 0;
	if (!access_sees_level(who->role, l))
		return 0;
	return !(who->role == ROLE_PUBLIC && pending);
}

vg_status rec_lookup_visible(store *db, const struct actor *who,
			     const struct record_type *t, const char *ref,
			     int64_t *pk, char id[REC_ID_MAX],
			     struct vg_error *err)
{
	char sql[256];
	store_stmt *st;
	store_rc rc;
	int seen = 0;

	snprintf(sql, sizeof(sql), "SELECT pk, id, level, pending FROM \"%s\""
		 " WHERE id = $1 OR uuid = $1", t->table);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_text(st, 1, ref);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		seen = row_visible(who, t, store_column_text(st, 2),
				   (int)store_column_int(st, 3));
		*pk = store_column_int(st, 0);
		if (id)
			snprintf(id, REC_ID_MAX, "%s", store_column_text(st, 1));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, t->table);
	/* The same answer for a hidden record as for none at all. */
	if (!seen)
		return vg_fail(err, VG_ENOTFOUND, ref, "no %s with this id",
			       t->name);
	return VG_OK;
}

vg_status rec_visibility(store *db, const struct actor *who,
			 const char *type, const char *id, json_t *cache,
			 int *seen, struct vg_error *err)
{
	const struct record_type *t = type ? model_type(type) : NULL;
	struct vg_error e;
	char key[160];
	json_t *known;
	int64_t pk;
	vg_status s;

	*seen = 0;
	if (!t || t->child || !id || !*id)
		return VG_OK;
	snprintf(key, sizeof(key), "%s:%s", type, id);
	known = cache ? json_object_get(cache, key) : NULL;
	if (known) {
		*seen = json_is_true(known);
		return VG_OK;
	}
	vg_error_clear(&e);
	s = rec_lookup_visible(db, who, t, id, &pk, NULL, &e);
	if (s != VG_OK && s != VG_ENOTFOUND) {
		if (err)
			*err = e;
		return s;
	}
	*seen = s == VG_OK;
	if (cache)
		json_object_set_new(cache, key, json_boolean(*seen));
	return VG_OK;
}

int rec_visible(store *db, const struct actor *who, const char *type,
		const char *id, json_t *cache)
{
	int seen;

	return rec_visibility(db, who, type, id, cache, &seen, NULL) == VG_OK &&
	       seen;
}

int records_visible(store *db, const struct actor *who, const char *type,
		    const char *id, json_t *cache)
{
	return who && rec_visible(db, who, type, id, cache);
}

const struct record_type *rec_type_of_id(const char *id)
{
	const struct record_type *const *types = model_types();
	size_t i, n;

	if (!id)
		return NULL;
	for (i = 0; types[i]; i++) {
		n = strlen(types[i]->id_prefix);
		if (!strncmp(id, types[i]->id_prefix, n) && id[n] == '-')
			return types[i];
	}
	return NULL;
}

/* Removes key from obj when the record type:id it names is one who may
 * not see. A failed read is an error, not a hidden record: the record is
 * then not returned at all rather than returned with a reference missing. */
static vg_status hide_ref(store *db, const struct actor *who, json_t *obj,
			  const char *key, const char *type, json_t *cache,
			  struct vg_error *err)
{
	const char *id = json_string_value(json_object_get(obj, key));
	int seen;
	vg_status s;

	if (!id)
		return VG_OK;
	s = rec_visibility(db, who, type, id, cache, &seen, err);
	if (s == VG_OK && !seen)
		json_object_del(obj, key);
	return s;
}

/* Removes from obj (a record or a child row of type t) every reference
 * who may not follow: its id would confirm that the hidden record exists
 * and tie it to this one. */
static vg_status hide_refs(store *db, const struct actor *who,
			   const struct record_type *t, json_t *obj,
			   json_t *cache, struct vg_error *err)
{
	const char *rtype;
	json_t *row;
	size_t i, k;
	vg_status s = VG_OK;

	for (i = 0; s == VG_OK && i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *v = json_object_get(obj, f->name);

		if (f->kind == FIELD_REF) {
			s = hide_ref(db, who, obj, f->name, f->vocab, cache, err);
			continue;
		}
		if (f->kind != FIELD_LIST || !json_is_array(v))
			continue;
		json_array_foreach(v, k, row)
			if (s == VG_OK && json_is_object(row))
				s = hide_refs(db, who, model_type(f->vocab), row,
					      cache, err);
	}
	/* A citation names its record by type and id in two plain fields. */
	rtype = json_string_value(json_object_get(obj, "record_type"));
	if (s == VG_OK && !strcmp(t->name, "citation") && rtype)
		s = hide_ref(db, who, obj, "record_id", rtype, cache, err);
	return s;
}

/* A child row that names a record who may not see is left out of lists
 * (an intervention's victims): an empty row would still count one. */
static void drop_emptied_rows(const struct record_type *t, json_t *rec,
			      const json_t *full)
{
	size_t i, k;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *rows = json_object_get(rec, f->name);
		json_t *orig = json_object_get(full, f->name);

		if (f->kind != FIELD_LIST || !json_is_array(rows))
			continue;
		for (k = json_array_size(rows); k-- > 0;) {
			json_t *row = json_array_get(rows, k);

			if (json_object_size(row) == 0 &&
			    json_object_size(json_array_get(orig, k)) > 0)
				json_array_remove(rows, k);
		}
	}
}

vg_status rec_shape(store *db, const struct actor *who,
		    const struct record_type *t, const json_t *rec,
		    json_t *cache, json_t **out, struct vg_error *err)
{
	vg_status s = VG_OK;

	*out = access_redact(who->role, t, rec);
	/* An admin may follow every reference: no need to ask. */
	if (*out && who->role != ROLE_ADMIN) {
		s = hide_refs(db, who, t, *out, cache, err);
		drop_emptied_rows(t, *out, rec);
	}
	if (s != VG_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}

/* One value of a reference filter as who may use it: itself, or
 * NO_SUCH_ID when hidden. */
static vg_status visible_ref(store *db, const struct actor *who,
			     const char *type, const json_t *v, json_t *cache,
			     json_t **out, struct vg_error *err)
{
	int seen = 0;
	vg_status s = VG_OK;

	if (json_is_string(v))
		s = rec_visibility(db, who, type, json_string_value(v), cache,
				   &seen, err);
	*out = s == VG_OK ? json_string(seen ? json_string_value(v)
					     : NO_SUCH_ID) : NULL;
	return s;
}

/* The values of one reference filter that who may see; hidden ones
 * become NO_SUCH_ID. *out is NULL when a lookup failed. */
static vg_status visible_refs(store *db, const struct actor *who,
			      const char *type, const json_t *v,
			      json_t *cache, json_t **out,
			      struct vg_error *err)
{
	json_t *item, *one;
	size_t i;
	vg_status s = VG_OK;

	if (json_is_string(v))
		return visible_ref(db, who, type, v, cache, out, err);
	if (!json_is_array(v)) {
		*out = json_deep_copy(v);
		return VG_OK;
	}
	*out = json_array();
	json_array_foreach(v, i, item) {
		s = visible_ref(db, who, type, item, cache, &one, err);
		if (s != VG_OK)
			break;
		json_array_append_new(*out, one);
	}
	if (s != VG_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}

/* The type a citation's record_id filter names: the record_type filter
 * when there is one, else the id's prefix. */
static const char *cited_type(const json_t *filter, const json_t *v)
{
	const char *rt = json_string_value(json_object_get(filter,
							   "record_type"));
	const struct record_type *t;

	if (rt)
		return rt;
	if (json_is_array(v))
		v = json_array_get(v, 0);
	t = rec_type_of_id(json_string_value(v));
	return t ? t->name : NULL;
}

/* The type a "list.field" filter's values name, or NULL. */
static const char *child_ref_type(const struct record_type *t,
				  const char *key)
{
	const char *dot = strchr(key, '.');
	const struct field_def *lf, *cf;
	char list[64];

	snprintf(list, sizeof(list), "%.*s", (int)(dot - key), key);
	lf = model_field(t, list);
	if (!lf || lf->kind != FIELD_LIST || !model_type(lf->vocab))
		return NULL;
	cf = model_field(model_type(lf->vocab), dot + 1);
	return cf && cf->kind == FIELD_REF ? cf->vocab : NULL;
}

vg_status rec_narrow_filter(store *db, const struct actor *who,
			    const struct record_type *t, const json_t *filter,
			    json_t **out, struct vg_error *err)
{
	json_t *f, *cache, *v, *nv;
	const char *key;
	vg_status s;

	*out = NULL;
	if (filter && !json_is_object(filter))
		return vg_fail(err, VG_EINVAL, "filter", "expected an object");
	f = filter ? json_deep_copy(filter) : json_object();
	cache = json_object();
	if (!f || !cache) {
		json_decref(f);
		json_decref(cache);
		return vg_fail(err, VG_ENOMEM, t->name, "out of memory");
	}
	json_object_foreach(f, key, v) {
		const struct field_def *fd = model_field(t, key);
		const char *type = NULL;

		if (fd && fd->kind == FIELD_REF)
			type = fd->vocab;
		else if (!fd && strchr(key, '.'))
			type = child_ref_type(t, key);
		else if (!strcmp(t->name, "citation") && !strcmp(key, "record_id"))
			type = cited_type(f, v);
		if (!type || json_is_null(v))
			continue;
		s = visible_refs(db, who, type, v, cache, &nv, err);
		if (s != VG_OK) {
			json_decref(f);
			json_decref(cache);
			return s;
		}
		json_object_set_new(f, key, nv);
	}
	json_decref(cache);
	if (access_restrict_filter(who->role, f) != 0) {
		json_decref(f);
		return vg_fail(err, VG_EINVAL, "filter", "expected an object");
	}
	*out = f;
	return VG_OK;
}

/* "an editor", "a viewer". */
static const char *article(enum role r)
{
	return strchr("aeiou", model_role_name(r)[0]) ? "an" : "a";
}

static vg_status check_fields_settable(const struct actor *who,
				       const struct record_type *t,
				       const json_t *input, const char *prefix,
				       struct vg_error *err)
{
	const char *key;
	json_t *v, *row;
	char where[160];
	size_t i;

	json_object_foreach((json_t *)input, key, v) {
		const struct field_def *f = model_field(t, key);
		vg_status s;

		if (!f)
			continue;
		snprintf(where, sizeof(where), "%s%s", prefix, key);
		if (!access_sees_level(who->role, f->level))
			return vg_fail(err, VG_EDENIED, where,
				       "%s %s may not set a field they cannot "
				       "read back", article(who->role),
				       model_role_name(who->role));
		if (f->kind != FIELD_LIST || !json_is_array(v))
			continue;
		json_array_foreach(v, i, row) {
			char sub[200];

			snprintf(sub, sizeof(sub), "%s[%zu].", where, i);
			s = check_fields_settable(who, model_type(f->vocab), row,
						  sub, err);
			if (s != VG_OK)
				return s;
		}
	}
	return VG_OK;
}

vg_status rec_check_settable(const struct actor *who,
			     const struct record_type *t, const json_t *input,
			     struct vg_error *err)
{
	const char *name;
	enum level l;

	if (!json_is_object(input))
		return VG_OK;
	name = json_string_value(json_object_get(input, "level"));
	if (name && model_level_parse(name, &l) == 0 &&
	    !access_sees_level(who->role, l))
		return vg_fail(err, VG_EDENIED, "level",
			       "%s %s may set a level up to %s, not %s",
			       article(who->role), model_role_name(who->role),
			       model_level_name(rec_top_level(who)), name);
	return check_fields_settable(who, t, input, "", err);
}

vg_status records_check_settable(const struct actor *who, const char *type,
				 const json_t *input, struct vg_error *err)
{
	const struct record_type *t;
	vg_status s = rec_top_type(type, &t, err);

	return s == VG_OK ? rec_check_settable(who, t, input, err) : s;
}

vg_status records_keep_hidden_refs(store *db, const struct actor *who,
				   const char *type, const char *id,
				   json_t *body, struct vg_error *err)
{
	const struct record_type *t;
	json_t *stored = NULL;
	const char *rtype, *rid;
	int64_t pk;
	size_t i;
	vg_status s = rec_top_type(type, &t, err);

	if (s == VG_OK)
		s = rec_lookup_visible(db, who, t, id, &pk, NULL, err);
	if (s == VG_OK)
		s = rec_read(db, t, pk, &stored, err);
	if (s != VG_OK)
		return s;
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		const char *v = json_string_value(json_object_get(stored,
								  f->name));

		if (f->kind == FIELD_REF && v && !json_object_get(body, f->name) &&
		    !rec_visible(db, who, f->vocab, v, NULL))
			json_object_set_new(body, f->name, json_string(v));
	}
	/* A citation names its record by type and id in plain fields. */
	rtype = json_string_value(json_object_get(stored, "record_type"));
	rid = json_string_value(json_object_get(stored, "record_id"));
	if (!strcmp(t->name, "citation") && rtype && rid &&
	    !json_object_get(body, "record_id") &&
	    !rec_visible(db, who, rtype, rid, NULL))
		json_object_set_new(body, "record_id", json_string(rid));
	json_decref(stored);
	return VG_OK;
}
