/* References in API answers: a record the caller may see can point at one
 * they may not (a public act at an internal place). Its id would confirm
 * that the hidden record exists and link it to this one, so it is left out
 * of the answer, the way pages show "(not shown)". */
#include <stdio.h>
#include <string.h>

#include "model/access.h"
#include "store/records.h"
#include "web/api_int.h"

/* 1 when the caller may see the record type:id. Answers are kept in cache
 * (an object "type:id" -> true/false) for the rest of the response. */
int api_ref_visible(const struct api_request *req, const char *type,
		    const char *id, json_t *cache)
{
	const struct record_type *t = model_type(type);
	struct vg_error err;
	json_t *rec = NULL, *shown = NULL, *known;
	char key[160];
	int ok = 0;

	if (!t || !id || !*id)
		return 0;
	snprintf(key, sizeof(key), "%s:%s", type, id);
	known = cache ? json_object_get(cache, key) : NULL;
	if (known)
		return json_is_true(known);
	vg_error_clear(&err);
	if (access_allows(req->who->role, t, ACTION_READ) &&
	    records_get(req->db, type, id, &rec, &err) == VG_OK)
		shown = access_redact(req->who->role, t, rec);
	/* Anonymous readers do not see records still waiting for review. */
	ok = shown && !(req->who->role == ROLE_PUBLIC &&
			json_is_true(json_object_get(shown, "pending")));
	json_decref(shown);
	json_decref(rec);
	if (cache)
		json_object_set_new(cache, key, json_boolean(ok));
	return ok;
}

/* Removes from obj (a record or a child row of type t) every reference
 * the caller may not follow. */
static void hide_refs_in(const struct api_request *req,
			 const struct record_type *t, json_t *obj,
			 json_t *cache)
{
	const struct record_type *child;
	const char *rtype;
	json_t *row;
	size_t i, k;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *v = json_object_get(obj, f->name);

		if (!v || json_is_null(v))
			continue;
		if (f->kind == FIELD_REF && json_is_string(v) &&
		    !api_ref_visible(req, f->vocab, json_string_value(v), cache)) {
			json_object_del(obj, f->name);
			continue;
		}
		if (f->kind != FIELD_LIST || !json_is_array(v))
			continue;
		child = model_type(f->vocab);
		if (!child)
			continue;
		json_array_foreach(v, k, row)
			if (json_is_object(row))
				hide_refs_in(req, child, row, cache);
	}
	/* A citation names its record by type and id in two plain fields. */
	rtype = json_string_value(json_object_get(obj, "record_type"));
	if (!strcmp(t->name, "citation") && rtype &&
	    !api_ref_visible(req, rtype,
			 json_string_value(json_object_get(obj, "record_id")),
			 cache))
		json_object_del(obj, "record_id");
}

json_t *api_redact(const struct api_request *req, const struct record_type *t,
		   const json_t *rec, json_t *cache)
{
	json_t *shown = access_redact(req->who->role, t, rec);

	/* An admin may follow every reference: no need to ask the store. */
	if (shown && req->db && req->who->role != ROLE_ADMIN)
		hide_refs_in(req, t, shown, cache);
	return shown;
}
