/* The JSON API's front door: routing, access to the type, errors, bodies. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "model/access.h"
#include "web/api.h"
#include "web/api_int.h"
#include "web/status.h"

int api_owns_path(const char *path)
{
	if (!path)
		return 0;
	if (!strcmp(path, "/api/v1"))
		return 1;
	return !strncmp(path, API_PREFIX, strlen(API_PREFIX));
}

void api_response_free(struct api_response *res)
{
	buf_free(&res->body);
}

void api_reply(struct api_response *res, int status, json_t *body)
{
	char *text;

	res->status = status;
	buf_reset(&res->body);
	if (!body)
		return;
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text || buf_adds(&res->body, text) != VG_OK) {
		free(text);
		res->status = 500;
		buf_reset(&res->body);
		buf_adds(&res->body, "{\"error\":{\"code\":\"internal\","
			 "\"message\":\"the response could not be written\"}}");
		return;
	}
	free(text);
}

void api_error(struct api_response *res, int status, const char *code,
	       const char *message, const char *field)
{
	json_t *detail;

	detail = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (detail && field && *field)
		json_object_set_new(detail, "field", json_string(field));
	api_reply(res, status, detail ? json_pack("{s:o}", "error", detail)
				      : NULL);
	if (!detail)
		res->status = 500;
}

/* err->where names the field ("acts[0].type"), possibly after a context
 * such as "record 3: field "; the API reports only the field path. */
static const char *field_of(const char *where)
{
	const char *p;

	p = strstr(where, "field ");
	if (p)
		return p + strlen("field ");
	return where;
}

void api_fail(struct api_response *res, const struct vg_error *err)
{
	const struct web_status *ws = web_status_of(err->code);

	if (!(ws->flags & WEB_S_SHOWN)) {
		/* Store and internal messages stay in the log, not the answer. */
		log_line("api: %s: %s", vg_status_name(err->code), err->msg);
		api_error(res, ws->http, ws->code, "internal error", NULL);
		return;
	}
	api_error(res, ws->http, ws->code, err->msg,
		  ws->flags & WEB_S_FIELD ? field_of(err->where) : NULL);
}

/* "application/json", optionally with parameters ("; charset=utf-8"). */
static int is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, want, n))
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* The body as JSON of any kind; NULL with the error response set. */
static json_t *parse_body(const struct api_request *req,
			  struct api_response *res)
{
	json_error_t jerr;
	json_t *body;
	char msg[300];

	if (req->json) /* a copy: PUT fills in the fields left out */
		return json_copy((json_t *)req->json);
	if (!req->body || req->body_len == 0) {
		api_error(res, 400, "invalid", "the body is empty", NULL);
		return NULL;
	}
	body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES,
			  &jerr);
	if (!body) {
		snprintf(msg, sizeof(msg), "the body is not JSON: %s "
			 "(line %d, column %d)", jerr.text, jerr.line,
			 jerr.column);
		api_error(res, 400, "invalid", msg, NULL);
	}
	return body;
}

json_t *api_read_body(const struct api_request *req,
		      struct api_response *res)
{
	json_t *body;
	char msg[64];

	if (req->body_too_big || req->body_len > API_BODY_MAX) {
		snprintf(msg, sizeof(msg), "the body is over %d bytes",
			 API_BODY_MAX);
		api_error(res, 413, "too_big", msg, NULL);
		return NULL;
	}
	if (!is_json_type(req->content_type)) {
		api_error(res, 415, "unsupported_media_type",
			  "send the body as Content-Type: application/json",
			  NULL);
		return NULL;
	}
	body = parse_body(req, res);
	if (body && !json_is_object(body)) {
		json_decref(body);
		api_error(res, 400, "invalid", "the body must be a JSON object",
			  NULL);
		return NULL;
	}
	return body;
}

static const struct record_type *type_by_plural(const char *s, size_t len)
{
	const struct record_type *const *t;

	for (t = model_types(); *t; t++) {
		if (strlen((*t)->plural) == len &&
		    !strncmp((*t)->plural, s, len))
			return *t;
	}
	return NULL;
}

static void reply_index(struct api_response *res)
{
	const struct record_type *const *t;
	json_t *types;

	types = json_array();
	for (t = model_types(); types && *t; t++) {
		json_array_append_new(types, json_pack("{s:s, s:s, s:s, s:s+}",
			"name", (*t)->name, "label", (*t)->label,
			"plural", (*t)->plural,
			"href", API_PREFIX, (*t)->plural));
	}
	api_reply(res, 200, json_pack("{s:s, s:o*}", "version", "1",
				      "types", types));
}

/* Refuses what the role may not do with this type at all: anonymous
 * callers are told to authenticate, signed-in ones that it is forbidden. */
static int allowed(const struct api_request *req, struct api_response *res,
		   const struct record_type *t, enum action a)
{
	if (access_allows(req->who->role, t, a))
		return 1;
	if (req->who->role == ROLE_PUBLIC) {
		res->want_auth = 1;
		api_error(res, 401, "unauthorized",
			  "sign in or send Authorization: Bearer <token>",
			  NULL);
		return 0;
	}
	api_error(res, 403, "forbidden", "your role may not do this", NULL);
	return 0;
}

static void not_allowed(struct api_response *res, const char *allow)
{
	snprintf(res->allow, sizeof(res->allow), "%s", allow);
	api_error(res, 405, "method_not_allowed", "method not allowed here",
		  NULL);
}

static void route_collection(const struct api_request *req,
			     struct api_response *res,
			     const struct record_type *t)
{
	if (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD")) {
		if (allowed(req, res, t, ACTION_READ))
			api_records_list(req, res, t);
		return;
	}
	if (!strcmp(req->method, "POST")) {
		if (allowed(req, res, t, ACTION_CREATE))
			api_records_create(req, res, t);
		return;
	}
	not_allowed(res, "GET, HEAD, POST");
}

static void route_item(const struct api_request *req,
		       struct api_response *res, const struct record_type *t,
		       const char *id)
{
	const char *m = req->method;

	if (!strcmp(m, "GET") || !strcmp(m, "HEAD")) {
		if (allowed(req, res, t, ACTION_READ))
			api_records_get(req, res, t, id);
		return;
	}
	if (!strcmp(m, "PATCH") || !strcmp(m, "PUT")) {
		if (allowed(req, res, t, ACTION_UPDATE))
			api_records_update(req, res, t, id, m[1] == 'U');
		return;
	}
	if (!strcmp(m, "DELETE")) {
		if (allowed(req, res, t, ACTION_DELETE))
			api_records_delete(req, res, t, id);
		return;
	}
	not_allowed(res, "GET, HEAD, PATCH, PUT, DELETE");
}

/* An id is a public id or a uuid: letters, digits and dashes. */
static int id_is_plain(const char *id)
{
	size_t n = 0;

	for (; *id; id++, n++) {
		if (!isalnum((unsigned char)*id) && *id != '-')
			return 0;
	}
	return n > 0 && n <= 64;
}

void api_handle(const struct api_request *req, struct api_response *res)
{
	const struct record_type *t;
	const char *rest, *slash;

	memset(res, 0, sizeof(*res));
	buf_init(&res->body, API_RESPONSE_MAX);
	if (!api_owns_path(req->path) || !req->method || !req->who) {
		api_error(res, 404, "not_found", "no such API path", NULL);
		return;
	}
	rest = req->path + strlen("/api/v1");
	if (*rest == '/')
		rest++;
	if (*rest == '\0') {
		if (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))
			reply_index(res);
		else
			not_allowed(res, "GET, HEAD");
		return;
	}
	slash = strchr(rest, '/');
	t = type_by_plural(rest, slash ? (size_t)(slash - rest) : strlen(rest));
	if (!t) {
		api_error(res, 404, "not_found", "no such record type", NULL);
		return;
	}
	if (!slash || slash[1] == '\0') {
		route_collection(req, res, t);
		return;
	}
	if (!id_is_plain(slash + 1)) {
		api_error(res, 404, "not_found", "no such record", NULL);
		return;
	}
	route_item(req, res, t, slash + 1);
}
