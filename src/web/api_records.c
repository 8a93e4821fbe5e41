/* One record through the API: read, create, change, replace, delete.
 * Every answer passes through access_redact; a record the caller may not
 * see is answered as if it did not exist. */
#include <stdio.h>
#include <string.h>

#include "model/access.h"
#include "web/api_int.h"

static void set_location(struct api_response *res,
			 const struct record_type *t, const json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));

	if (id)
		snprintf(res->location, sizeof(res->location), "%s%s/%s",
			 API_PREFIX, t->plural, id);
}

/* Answers with rec as the caller's role may see it. A writer whose record
 * ends up above what they may read gets only its id back. */
static void reply_record(const struct api_request *req,
			 struct api_response *res, const struct record_type *t,
			 int status, const json_t *rec)
{
	json_t *shown;
	const json_t *id;

	shown = api_redact(req, t, rec, NULL);
	if (!shown) {
		id = json_object_get(rec, "id");
		shown = json_pack("{s:O*}", "id", (json_t *)id);
	}
	api_reply(res, status, shown);
}

/* Loads a record the caller may see: NULL with a 404 otherwise, so that
 * the existence of a hidden record does not show. */
static json_t *load_visible(const struct api_request *req,
			    struct api_response *res,
			    const struct record_type *t, const char *id)
{
	struct vg_error err;
	json_t *rec = NULL, *shown;
	vg_status st;

	vg_error_clear(&err);
	st = records_get(req->db, t->name, id, &rec, &err);
	if (st != VG_OK) {
		api_fail(res, &err);
		return NULL;
	}
	shown = access_redact(req->who->role, t, rec);
	if (!shown) {
		json_decref(rec);
		api_error(res, 404, "not_found", "no such record", NULL);
		return NULL;
	}
	json_decref(shown);
	return rec;
}

/* Nobody may write a field, or give a record a level, that they could not
 * read back: refused with the field named. */
static int writes_only_visible(const struct api_request *req,
			       struct api_response *res,
			       const struct record_type *t,
			       const json_t *body)
{
	enum role r = req->who->role;
	const struct field_def *f;
	const char *key, *lv;
	json_t *value;
	enum level l;

	lv = json_string_value(json_object_get(body, "level"));
	if (lv && model_level_parse(lv, &l) == 0 && !access_sees_level(r, l)) {
		api_error(res, 403, "forbidden",
			  "your role may not give a record this level",
			  "level");
		return 0;
	}
	json_object_foreach((json_t *)body, key, value) {
		f = model_field(t, key);
		if (f && !access_sees_level(r, f->level)) {
			api_error(res, 403, "forbidden",
				  "your role may not write this field", key);
			return 0;
		}
	}
	return 1;
}

void api_records_get(const struct api_request *req, struct api_response *res,
		     const struct record_type *t, const char *id)
{
	json_t *rec;

	rec = load_visible(req, res, t, id);
	if (!rec)
		return;
	reply_record(req, res, t, 200, rec);
	json_decref(rec);
}

void api_records_create(const struct api_request *req,
			struct api_response *res, const struct record_type *t)
{
	struct vg_error err;
	json_t *body, *out = NULL;
	vg_status st;

	body = api_read_body(req, res);
	if (!body)
		return;
	if (!writes_only_visible(req, res, t, body))
		goto out;
	vg_error_clear(&err);
	st = records_create(req->db, req->who, t->name, body, &out, &err);
	if (st != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	set_location(res, t, out);
	reply_record(req, res, t, 201, out);
out:
	json_decref(out);
	json_decref(body);
}

/* PUT replaces the record: every writable field the body leaves out is
 * cleared (a child list becomes empty), after the body passed the checks a
 * new record must pass. */
static int complete_replacement(struct api_response *res,
				const struct record_type *t, json_t *body)
{
	struct vg_error err;
	const struct field_def *f;
	size_t i;

	vg_error_clear(&err);
	if (model_validate(t, body, 0, &err) != VG_OK) {
		api_fail(res, &err);
		return 0;
	}
	for (i = 0; i < t->nfields; i++) {
		f = &t->fields[i];
		if ((f->flags & (FIELD_READONLY | FIELD_DERIVED)) ||
		    json_object_get(body, f->name))
			continue;
		json_object_set_new(body, f->name, f->kind == FIELD_LIST
				    ? json_array() : json_null());
	}
	return 1;
}

/* A reference the caller could not follow was left out of what they read
 * (api_refs.c); a body that leaves it out too keeps it rather than
 * clearing it. An explicit null still clears it. */
static void keep_hidden_refs(const struct api_request *req,
			     const struct record_type *t, const json_t *old,
			     json_t *body)
{
	const char *id, *rtype;
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (f->kind != FIELD_REF || json_object_get(body, f->name))
			continue;
		id = json_string_value(json_object_get(old, f->name));
		if (id && !api_ref_visible(req, f->vocab, id, NULL))
			json_object_set_new(body, f->name, json_string(id));
	}
	/* A citation names its record by type and id in plain fields. */
	rtype = json_string_value(json_object_get(old, "record_type"));
	id = json_string_value(json_object_get(old, "record_id"));
	if (!strcmp(t->name, "citation") && rtype && id &&
	    !json_object_get(body, "record_id") &&
	    !api_ref_visible(req, rtype, id, NULL))
		json_object_set_new(body, "record_id", json_string(id));
}

void api_records_update(const struct api_request *req,
			struct api_response *res, const struct record_type *t,
			const char *id, int replace)
{
	struct vg_error err;
	json_t *body, *old, *out = NULL;
	vg_status st;

	body = api_read_body(req, res);
	if (!body)
		return;
	old = load_visible(req, res, t, id);
	if (!old)
		goto out;
	if (!writes_only_visible(req, res, t, body))
		goto out;
	if (replace)
		keep_hidden_refs(req, t, old, body);
	if (replace && !complete_replacement(res, t, body))
		goto out;
	api_keep_hidden(req->who->role, t, old, body);
	vg_error_clear(&err);
	st = records_update(req->db, req->who, t->name, id, body, &out, &err);
	if (st != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	reply_record(req, res, t, 200, out);
out:
	json_decref(out);
	json_decref(old);
	json_decref(body);
}

void api_records_delete(const struct api_request *req,
			struct api_response *res, const struct record_type *t,
			const char *id)
{
	struct vg_error err;
	json_t *old;
	vg_status st;

	old = load_visible(req, res, t, id);
	if (!old)
		return;
	json_decref(old);
	vg_error_clear(&err);
	st = records_delete(req->db, req->who, t->name, id, &err);
	if (st == VG_EINVAL) {
		/* Other records still refer to this one: a conflict of state,
		 * not a malformed request. */
		api_error(res, 409, "conflict", err.msg, NULL);
		return;
	}
	if (st != VG_OK) {
		api_fail(res, &err);
		return;
	}
	api_reply(res, 204, NULL);
}
