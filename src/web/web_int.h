/* web_int.h — what crosses the files of the web module: routes, the
 * request a handler receives and the response it builds.
 *
 * A route declares its method, a path pattern with :params, the least role
 * that may reach it, and the query/form parameters it accepts (with a
 * length cap each). The router drops anything undeclared before the
 * handler runs, checks the CSRF token of every unsafe cookie-authenticated
 * request, and answers 404/403/405/413 itself. Handlers still ask
 * model/access.h (web_allows) about the record type and action: the route
 * role is only a first gate.
 *
 * Route tables are NULL-handler terminated arrays listed in routes.c:
 *   web_page_routes   (routes.c: this module's pages, page_*.c)
 *   web_review_routes (page_review*.c, the ingestion review queue; add it
 *                      to the list in routes.c when the file lands)
 * The JSON API (web/api.h) is not routed here: every path under /api/ goes
 * to api_handle with the resolved actor, after the bearer token or the
 * session (and for a session's writes, its X-CSRF-Token header) is checked.
 *
 * Ownership: everything a request accessor returns belongs to the request
 * and lives until the response is sent. Response helpers copy their
 * arguments, except web_json which takes the reference it is given. */
#ifndef VIGIL_WEB_WEB_INT_H
#define VIGIL_WEB_WEB_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "model/access.h"
#include "model/model.h"
#include "store/records.h"
#include "store/store.h"
#include "web/web.h"

struct web_req;
typedef vg_status (*web_handler)(struct web_req *rq);

enum web_param_flags {
	WEB_P_QUERY = 1, /* accepted in the query string */
	WEB_P_FORM = 2,  /* accepted in the form body (urlencoded or multipart) */
	WEB_P_MULTI = 4, /* may repeat (name=a&name=b) */
	WEB_P_FILE = 8   /* a multipart file part */
};

/* A declared parameter. A name ending in '*' declares every name with that
 * prefix ("f_*" accepts f_title, f_names.0.name, ...). max_len 0 means the
 * server's max_field. */
struct web_param {
	const char *name;
	unsigned flags;
	size_t max_len;
};

enum web_route_flags {
	WEB_R_JSON = 1,      /* errors are JSON; body may be application/json */
	WEB_R_NO_CSRF = 2,   /* the handler checks CSRF itself (login form) */
	WEB_R_PUBLIC_OK = 4, /* also served with --public */
	WEB_R_UPLOAD = 8,    /* accepts multipart bodies up to max_upload */
	WEB_R_TOKEN = 16,    /* accepts "Authorization: Bearer"; others answer 401 */
	WEB_R_NO_2FA = 32    /* reachable before a required TOTP enrolment */
};

struct web_route {
	const char *method;  /* "GET" or "POST" (also "PUT", "PATCH", "DELETE") */
	const char *pattern; /* "/people/:id/edit"; a :param matches one segment */
	enum role role;      /* the least role; ROLE_PUBLIC for anyone */
	unsigned flags;      /* WEB_R_* */
	const struct web_param *params; /* {NULL}-terminated, or NULL for none */
	web_handler handler;
};

extern const struct web_route web_page_routes[];
extern const struct web_route web_review_routes[];

/* The signed-in account, or the anonymous reader. */
struct web_user {
	int64_t id;          /* 0 when anonymous */
	char name[64];       /* "" when anonymous */
	enum role role;      /* ROLE_PUBLIC when anonymous */
	int has_totp;
	int via_token;       /* authenticated by API token, not session */
};

/* ---- the request ---------------------------------------------------- */

const char *web_method(const struct web_req *rq);
/* The path without query string, percent-decoded. */
const char *web_path(const struct web_req *rq);

/* A :param of the route pattern, or NULL. */
const char *web_param(const struct web_req *rq, const char *name);
/* A declared query parameter, or NULL when absent or undeclared. */
const char *web_query(const struct web_req *rq, const char *name);
/* A declared form field (urlencoded or multipart), or NULL. */
const char *web_form(const struct web_req *rq, const char *name);
/* The i-th value of a repeated form field (WEB_P_MULTI), or NULL. */
const char *web_form_nth(const struct web_req *rq, const char *name,
			 size_t i);

/* Calls fn for every declared form field whose name starts with prefix, in
 * the order sent. */
void web_form_each(const struct web_req *rq, const char *prefix,
		   void (*fn)(void *ctx, const char *name, const char *value),
		   void *ctx);

struct web_upload {
	const char *filename;     /* as the browser sent it: never a path to use */
	const char *content_type;
	const char *data;         /* NUL-terminated for convenience */
	size_t len;
};
/* A declared file part, or NULL. */
const struct web_upload *web_file(const struct web_req *rq, const char *name);

/* The parsed JSON body of a WEB_R_JSON route, or NULL when the body was
 * empty. A body that is not JSON is answered 400 before the handler. */
json_t *web_json_body(const struct web_req *rq);

/* A request header, or NULL. */
const char *web_header_in(const struct web_req *rq, const char *name);

const struct web_user *web_user(const struct web_req *rq);
enum role web_role(const struct web_req *rq);
/* The database connection of this worker thread. */
store *web_db(const struct web_req *rq);
const struct web_config *web_cfg(const struct web_req *rq);
/* The actor for records_* calls (user id, name, role). */
struct actor web_actor(const struct web_req *rq);
/* The same actor, kept in rq for the request's life: what every store
 * read and write of a page is given. */
const struct actor *web_who(struct web_req *rq);
/* 1 when the server runs --public (the anonymous view only). */
int web_public_only(const struct web_req *rq);

/* access_allows for the current role. type may be NULL for ACTION_ADMIN. */
int web_allows(const struct web_req *rq, const struct record_type *t,
	       enum action a);

/* The synchronizer token for forms of this session (or of the pre-session
 * cookie before sign-in): 64 hex digits. */
const char *web_csrf_token(struct web_req *rq);

/* ---- the response ----------------------------------------------------- */

void web_set_status(struct web_req *rq, int status);
/* Adds a response header (copied). Security headers are always added. */
void web_add_header(struct web_req *rq, const char *name, const char *value);
void web_set_content_type(struct web_req *rq, const char *type);
/* The body buffer (capped); pages write into it through web/page.h. */
struct buf *web_out(struct web_req *rq);

/* Sends obj as the body with status; takes the reference. */
void web_json(struct web_req *rq, int status, json_t *obj);
/* {"error": {"code": "not_found", "message": msg, "status": 404}}: the
 * API's error shape (docs/api.md), code from the status. */
void web_json_error(struct web_req *rq, int status, const char *msg);
/* 1 for "/api" and every path under "/api/": their errors are JSON. */
int web_is_api_path(const char *path);
/* 303 See Other to a local path (must start with '/'). */
void web_redirect(struct web_req *rq, const char *location);
/* An error page (or JSON for WEB_R_JSON routes) with status and message. */
void web_error(struct web_req *rq, int status, const char *msg);
/* A one-line notice shown on the next page (set as a short cookie). */
void web_flash(struct web_req *rq, const char *msg);

/* Before an update from a form: makes changes keep the stored values of
 * fields (and child-row fields) the current role may not see, so that
 * saving a form does not drop them (web/api.h api_keep_hidden). */
void web_keep_hidden(struct web_req *rq, const struct record_type *t,
		     const char *id, json_t *changes);

/* Maps a vg_status to an HTTP status (EINVAL 422, ENOTFOUND 404, EBUSY
 * 503, ENOSPC 507, ...): web/status.h, shared with the API. */
int web_status_for(vg_status s);
/* The status of a form shown again after err (NULL: its fields were
 * wrong): 422 for what the form can mend, 403 when denied, and a fault's
 * own (503 busy, 507 disk full, 500) otherwise. */
int web_form_status(const struct vg_error *err);
/* Answers with the error page (or JSON error) for a failed status,
 * replacing whatever was written: what the router does when a handler
 * returns one. The message is the one web/status.h keeps for s. */
void web_fail(struct web_req *rq, vg_status s);
/* web_fail for a failed step that filled err: err->msg when the mapping
 * lets it be shown (a busy casebook, a full disk, a user error), else
 * otherwise (store messages stay in the log). */
void web_fail_error(struct web_req *rq, const struct vg_error *err,
		    const char *otherwise);

#endif
