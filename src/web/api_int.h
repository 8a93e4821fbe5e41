/* api_int.h — what the files of the JSON API share; not for other modules. */
#ifndef VIGIL_WEB_API_INT_H
#define VIGIL_WEB_API_INT_H

#include <jansson.h>

#include "core/err.h"
#include "model/model.h"
#include "web/api.h"

/* Sets an error response {"error": {"code", "message", "field"?}}; field
 * may be NULL or "". */
void api_error(struct api_response *res, int status, const char *code,
	       const char *message, const char *field);

/* An error response for a failed store or model call: the HTTP status and
 * code follow err->code, the field comes from err->where. Internal errors
 * are logged and answered without detail. */
void api_fail(struct api_response *res, const struct vg_error *err);

/* Sets a JSON response and takes the reference to body. */
void api_reply(struct api_response *res, int status, json_t *body);

/* The request body as a JSON object, after the checks every write makes
 * (size, Content-Type, syntax). NULL with the error response already set. */
json_t *api_read_body(const struct api_request *req,
		      struct api_response *res);

/* "a,b" -> ["a", "b"]; a value without a comma stays a string. For
 * filters on term fields, which take several codes. */
json_t *api_split_terms(const char *value);

/* People lists that start from candidates (api_people.c): 1 when the
 * query asks for a name (q) or an act type (act_type) on people. */
int api_people_by_candidates(const struct api_request *req,
			     const struct record_type *t);
/* The page q asks for, among the candidates, with the total count. */
vg_status api_people_list(const struct api_request *req,
			  const struct records_query *q, json_t **items,
			  size_t *total, struct vg_error *err);

/* The handlers of the record resources (api_records.c, api_list.c). */
void api_records_list(const struct api_request *req, struct api_response *res,
		      const struct record_type *t);
void api_records_get(const struct api_request *req, struct api_response *res,
		     const struct record_type *t, const char *id);
void api_records_create(const struct api_request *req,
			struct api_response *res, const struct record_type *t);
void api_records_update(const struct api_request *req,
			struct api_response *res, const struct record_type *t,
			const char *id, int replace);
void api_records_delete(const struct api_request *req,
			struct api_response *res, const struct record_type *t,
			const char *id);

#endif
