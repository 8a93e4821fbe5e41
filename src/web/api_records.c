/* One record through the API: read, create, change, replace, delete.
 * The store reads and writes as the caller: what it returns is redacted
 * for them, a record they may not see is answered as if it did not exist,
 * and a level or field they could not read back is refused. */
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

/* Answers with rec, which the store has redacted for the caller. */
static void reply_record(struct api_response *res, int status,
			 const json_t *rec)
{
	api_reply(res, status, json_incref((json_t *)rec));
}

/* Loads a record the caller may see: NULL with a 404 otherwise, so that
 * the existence of a hidden record does not show. */
static json_t *load_visible(const struct api_request *req,
			    struct api_response *res,
			    const struct record_type *t, const char *id)
{
	struct vg_error err;
	json_t *rec = NULL;

	vg_error_clear(&err);
	if (records_get(req->db, req->who, t->name, id, &rec, &err) != VG_OK) {
		api_fail(res, &err);
		return NULL;
	}
	return rec;
}

void api_records_get(const struct api_request *req, struct api_response *res,
		     const struct record_type *t, const char *id)
{
	json_t *rec;

	rec = load_visible(req, res, t, id);
	if (!rec)
		return;
	reply_record(res, 200, rec);
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
	vg_error_clear(&err);
	st = records_create(req->db, req->who, t->name, body, &out, &err);
	if (st != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	set_location(res, t, out);
	reply_record(res, 201, out);
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
	/* The store's own rule, asked before the body is completed with
	 * what the caller may not see. */
	vg_error_clear(&err);
	if (records_check_settable(req->who, t->name, body, &err) != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	if (replace && records_keep_hidden_refs(req->db, req->who, t->name, id,
						body, &err) != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	if (replace && !complete_replacement(res, t, body))
		goto out;
	api_keep_hidden(req->who->role, t, old, body);
	vg_error_clear(&err);
	st = records_update(req->db, req->who, t->name, id, body, &out, &err);
	if (st != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	reply_record(res, 200, out);
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
