/* api.h — the JSON API under /api/v1/, one resource per record type.
 *
 * The API does not speak HTTP itself: the web server resolves who is asking
 * (bearer token or browser session, CSRF already checked for a session's
 * writes), reads the body under its cap and hands over a struct
 * api_request; the API answers with a status, a JSON body and the few
 * headers it needs. That keeps every rule of the API (routing, content
 * types, access, errors) in one place that tests can drive directly.
 *
 * Paths (see docs/api.md and docs/openapi.yaml):
 *   GET    /api/v1/                     the record types
 *   GET    /api/v1/<plural>             a page: {items, total, offset, limit}
 *   POST   /api/v1/<plural>             create, 201 with Location
 *   GET    /api/v1/<plural>/<id>        one record, redacted for the role
 *   PATCH  /api/v1/<plural>/<id>        change the keys given
 *   PUT    /api/v1/<plural>/<id>        replace: keys not given are cleared
 *   DELETE /api/v1/<plural>/<id>        204
 *
 * Errors are {"error": {"code", "message", "field"?}}, field being the
 * path inside the record that failed ("names[0].script"): 400 for a
 * malformed request, 422 for a record that does not validate. */
#ifndef VIGIL_WEB_API_H
#define VIGIL_WEB_API_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "store/records.h"
#include "store/store.h"

/* Bodies larger than this are refused with 413 before they are parsed. */
#define API_BODY_MAX (1024 * 1024)
/* The most a response may grow to (a page of 1000 long records). */
#define API_RESPONSE_MAX (64 * 1024 * 1024)

#define API_PREFIX "/api/v1/"

struct api_request {
	const char *method;       /* "GET", "POST", "PATCH", "PUT", "DELETE" */
	const char *path;         /* "/api/v1/people/V-000001", no query */
	const json_t *query;      /* {"name": "value"} of the query, or NULL */
	const char *content_type; /* the Content-Type header, or NULL */
	const char *body;         /* the raw request body, or NULL */
	size_t body_len;
	const json_t *json;       /* the body already parsed by the server, or
				   * NULL: then body is parsed here */
	int body_too_big;         /* the server stopped reading past its cap */
	store *db;                /* used by this request's thread only */
	const struct actor *who;  /* role ROLE_PUBLIC when anonymous */
};

struct api_response {
	int status;            /* HTTP status */
	struct buf body;       /* JSON text; empty for 204 */
	char location[160];    /* Location header for 201, or "" */
	char allow[64];        /* Allow header for 405, or "" */
	int want_auth;         /* 401: send WWW-Authenticate: Bearer */
};

/* Is path one of the API's (starts with /api/v1/, or is /api/v1)? */
int api_owns_path(const char *path);

/* Answers one request. Never fails: every problem becomes an error
 * response. res is initialised here; the caller frees it with
 * api_response_free. */
void api_handle(const struct api_request *req, struct api_response *res);

void api_response_free(struct api_response *res);

/* Makes changes (a PATCH, a complete PUT body, or the fields of a web
 * form) keep every value role r may not see: top-level fields above r's
 * level are removed from changes, so the stored values stay; in each
 * child list changes gives, a row takes the hidden fields of the old row
 * it matches (same visible fields, or the same place in a list of the same
 * length), and a new row gets none. old is the stored record, unredacted;
 * changes is modified in place. */
void api_keep_hidden(enum role r, const struct record_type *t,
		     const json_t *old, json_t *changes);

/* Parses a query string ("a=1&b=x%20y") into {"a": "1", "b": "x y"}, the
 * last value winning for a repeated name. NULL for an empty string or bad
 * percent-encoding; the caller owns the result. For servers (and tests)
 * that hand the API a raw query. */
json_t *api_query_parse(const char *query);

#endif
