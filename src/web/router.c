/* The router: finds the route, keeps only declared parameters, resolves
 * who is asking, checks role, two-factor enrolment and CSRF, then runs the
 * handler. Everything not explicitly allowed is refused here. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/api.h"
#include "web/web_req.h"

/* The tables the router searches, in order; see routes.c. */
extern const struct web_route *const web_route_tables[];

/* Matches path against pattern; on success stores the :params. */
static int match(struct web_req *rq, const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;

	rq->nparams = 0;
	while (*p && *s) {
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl, sl;

		if (*p != *s && *p != ':')
			goto fail;
		if (*p == '/' ) {
			p++;
			s++;
			continue;
		}
		pl = pe ? (size_t)(pe - p) : strlen(p);
		sl = se ? (size_t)(se - s) : strlen(s);
		if (*p == ':') {
			if (sl == 0 || rq->nparams >= WEB_MAX_PARAMS)
				goto fail;
			rq->param_names[rq->nparams] = strndup(p + 1, pl - 1);
			rq->param_values[rq->nparams] = strndup(s, sl);
			rq->nparams++;
			if (!rq->param_names[rq->nparams - 1] ||
			    !rq->param_values[rq->nparams - 1])
				goto fail;
		} else if (pl != sl || memcmp(p, s, pl)) {
			goto fail;
		}
		p += pl;
		s += sl;
	}
	if (*p || *s)
		goto fail;
	return 1;
fail:
	while (rq->nparams > 0) {
		rq->nparams--;
		free(rq->param_names[rq->nparams]);
		free(rq->param_values[rq->nparams]);
	}
	return 0;
}

/* 0 no route, 1 found, 2 path known but not for this method (allow then
 * lists the methods it has, for the Allow header). */
static int find_route(struct web_req *rq, char *allow, size_t allow_size)
{
	const char *method = !strcmp(rq->method, "HEAD") ? "GET" : rq->method;
	int path_known = 0;
	size_t t;
	const struct web_route *r;

	for (t = 0; web_route_tables[t]; t++) {
		for (r = web_route_tables[t]; r->handler; r++) {
			if (rq->srv->cfg.public_only &&
			    !(r->flags & WEB_R_PUBLIC_OK))
				continue;
			if (!match(rq, r->pattern, rq->path))
				continue;
			if (!strcmp(r->method, method)) {
				rq->route = r;
				return 1;
			}
			path_known = 1;
			if (!strstr(allow, r->method)) {
				size_t l = strlen(allow);

				snprintf(allow + l, allow_size - l, "%s%s",
					 l ? ", " : "", r->method);
			}
			while (rq->nparams > 0) {
				rq->nparams--;
				free(rq->param_names[rq->nparams]);
				free(rq->param_values[rq->nparams]);
			}
		}
	}
	return path_known ? 2 : 0;
}

static const struct web_param *declared(const struct web_route *r,
					const char *name, unsigned kind)
{
	const struct web_param *p;

	if (!r->params)
		return NULL;
	for (p = r->params; p->name; p++) {
		size_t n = strlen(p->name);

		if (!(p->flags & kind))
			continue;
		if (n && p->name[n - 1] == '*' ? !strncmp(p->name, name, n - 1) :
						!strcmp(p->name, name))
			return p;
	}
	return NULL;
}

struct query_ctx {
	struct web_req *rq;
	int bad;
};

static enum MHD_Result keep_query(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	struct query_ctx *q = cls;
	const struct web_param *p = declared(q->rq->route, key, WEB_P_QUERY);
	size_t len = value ? strlen(value) : 0;
	size_t max;

	if (!p)
		return MHD_YES; /* undeclared: dropped */
	max = p->max_len ? p->max_len : q->rq->srv->cfg.max_field;
	if (len > max || !form_utf8_ok(value ? value : "", len) ||
	    (!(p->flags & WEB_P_MULTI) && form_find(&q->rq->query, key)) ||
	    form_add(&q->rq->query, key, strlen(key), value ? value : "", len,
		     NULL, NULL) != VG_OK) {
		q->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Keeps the declared fields of the parsed body, checking each cap. */
static int filter_form(struct web_req *rq, struct form *all)
{
	size_t i;

	for (i = 0; i < all->n; i++) {
		struct form_field *f = &all->v[i];
		unsigned kind = f->filename ? WEB_P_FILE : WEB_P_FORM;
		const struct web_param *p = declared(rq->route, f->name, kind);
		size_t max;

		if (!p || !strcmp(f->name, "csrf"))
			continue;
		max = p->max_len ? p->max_len :
		      f->filename ? rq->srv->cfg.max_upload :
				    rq->srv->cfg.max_field;
		if (f->len > max)
			return 413;
		if (!(p->flags & WEB_P_MULTI) && form_find(&rq->form, f->name))
			return 400;
		if (form_add(&rq->form, f->name, strlen(f->name), f->value,
			     f->len, f->filename, f->content_type) != VG_OK)
			return 413;
	}
	/* The token travels on every form; the router checks it. */
	if (form_get(all, "csrf"))
		(void)form_add(&rq->form, "csrf", 4, form_get(all, "csrf"),
			       strlen(form_get(all, "csrf")), NULL, NULL);
	return 0;
}

static int parse_body(struct web_req *rq, struct vg_error *err)
{
	const char *ct = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
						     "Content-Type");
	struct form all;
	int status = 0;
	vg_status st;

	if (rq->body.len == 0)
		return 0;
	if (ct && !strncasecmp(ct, "application/json", 16)) {
		json_error_t jerr;

		if (!(rq->route->flags & WEB_R_JSON))
			return 415;
		if (rq->body.len > rq->srv->cfg.max_body)
			return 413;
		rq->json = json_loadb(rq->body.ptr, rq->body.len,
				      JSON_REJECT_DUPLICATES, &jerr);
		if (!rq->json) {
			vg_fail(err, VG_EINVAL, "body", "not JSON: line %d: %s",
				jerr.line, jerr.text);
			return 400;
		}
		return 0;
	}
	form_init(&all, 2048, rq->srv->cfg.max_upload, rq->srv->cfg.max_upload);
	if (ct && !strncasecmp(ct, "multipart/form-data", 19)) {
		if (!(rq->route->flags & WEB_R_UPLOAD)) {
			status = 415;
			goto out;
		}
		st = form_parse_multipart(&all, ct, rq->body.ptr, rq->body.len,
					  err);
	} else if (!ct || !strncasecmp(ct, "application/x-www-form-urlencoded",
				       33)) {
		if (rq->body.len > rq->srv->cfg.max_body) {
			status = 413;
			goto out;
		}
		st = form_parse_urlencoded(&all, rq->body.ptr, rq->body.len,
					   err);
	} else {
		status = 415;
		goto out;
	}
	if (st != VG_OK) {
		status = st == VG_ETOOBIG ? 413 : 400;
		goto out;
	}
	status = filter_form(rq, &all);
out:
	form_free(&all);
	return status;
}

static int is_safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

static void deny_anonymous(struct web_req *rq)
{
	if (rq->route->flags & WEB_R_JSON) {
		web_error(rq, 401, "sign in or send an API token");
		return;
	}
	/* A page sends the visitor to sign in; a form post is refused. */
	if (!is_safe_method(rq->method)) {
		web_error(rq, 403, "sign in first");
		return;
	}
	web_redirect(rq, "/login");
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	json_t *q = cls;

	json_object_set_new(q, key, json_string(value ? value : ""));
	return MHD_YES;
}

/* Hands an /api/ request to the JSON API with the resolved actor. */
static void forward_to_api(struct web_req *rq)
{
	struct api_request req;
	struct api_response res;
	struct actor who;
	json_t *query = json_object();
	char allow[80];

	memset(&req, 0, sizeof(req));
	if (!web_thread_db(rq->srv) || !query) {
		json_decref(query);
		web_json_error(rq, 503, "the database is not available");
		return;
	}
	if (!rq->srv->cfg.public_only)
		auth_resolve(rq);
	if (rq->bad_token) {
		json_decref(query);
		web_add_header(rq, "WWW-Authenticate", "Bearer");
		web_json_error(rq, 401, "unknown API token");
		return;
	}
	/* The same gate as the pages': an admin signed in with a password
	 * alone reaches nothing but enrolment. */
	if (rq->needs_totp_enrol) {
		json_decref(query);
		web_json_error(rq, 403, "enrol two-factor sign-in first "
					"(/account/totp): an admin can use "
					"nothing else until then");
		return;
	}
	if (rq->srv->cfg.public_only && !is_safe_method(rq->method)) {
		json_decref(query);
		web_add_header(rq, "Allow", "GET, HEAD");
		web_json_error(rq, 405, "the public view is read-only");
		return;
	}
	if (!is_safe_method(rq->method) && !rq->user.via_token &&
	    rq->user.id && !auth_csrf_ok(rq)) {
		json_decref(query);
		web_json_error(rq, 403, "a session's writes need its X-CSRF-Token "
					"header");
		return;
	}
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND,
				  collect_query, query);
	who = web_actor(rq);
	req.method = rq->method;
	req.path = rq->path;
	req.query = json_object_size(query) ? query : NULL;
	req.content_type = web_header_in(rq, "Content-Type");
	req.body = rq->body.len ? rq->body.ptr : NULL;
	req.body_len = rq->body.len;
	req.body_too_big = rq->body.len > rq->srv->cfg.max_body;
	req.db = web_thread_db(rq->srv);
	req.who = &who;
	api_handle(&req, &res);
	json_decref(query);
	rq->status = res.status;
	web_set_content_type(rq, "application/json");
	buf_reset(&rq->out);
	(void)buf_add(&rq->out, res.body.ptr ? res.body.ptr : "", res.body.len);
	if (res.location[0])
		web_add_header(rq, "Location", res.location);
	if (res.allow[0]) {
		snprintf(allow, sizeof(allow), "%s", res.allow);
		web_add_header(rq, "Allow", allow);
	}
	if (res.want_auth)
		web_add_header(rq, "WWW-Authenticate", "Bearer");
	if (rq->user.id)
		rq->private_page = 1;
	api_response_free(&res);
}

void router_dispatch(struct web_req *rq)
{
	struct query_ctx q = { rq, 0 };
	struct vg_error err;
	char allow[64] = "";
	int found, status;
	vg_status s;
	const char *proto = web_header_in(rq, "X-Forwarded-Proto");

	vg_error_clear(&err);
	rq->secure = rq->from_proxy && proto && !strcasecmp(proto, "https");
	if (api_owns_path(rq->path)) {
		forward_to_api(rq);
		return;
	}
	found = find_route(rq, allow, sizeof(allow));
	if (found == 2)
		web_add_header(rq, "Allow", allow);
	if (found != 1) {
		web_error(rq, found == 2 ? 405 : 404,
			  found == 2 ? "method not allowed" : "no such page");
		return;
	}
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, keep_query,
				  &q);
	if (q.bad) {
		web_error(rq, 400, "a query parameter is too long or repeated");
		return;
	}
	status = parse_body(rq, &err);
	if (status) {
		web_error(rq, status, err.msg[0] ? err.msg :
				      status == 413 ? "a field is too long" :
				      status == 415 ? "unsupported body type" :
						      "malformed request body");
		return;
	}
	if (!web_thread_db(rq->srv)) {
		web_error(rq, 503, "the database is not available");
		return;
	}
	if (!rq->srv->cfg.public_only)
		auth_resolve(rq);
	if (rq->bad_token || (rq->user.via_token &&
			      !(rq->route->flags & WEB_R_TOKEN))) {
		web_error(rq, 401, rq->bad_token ? "unknown API token" :
			  "API tokens are for /api/; pages need a sign-in");
		return;
	}
	/* With --public every route left is the anonymous view's own: its
	 * handlers ask access.h for the public role. */
	if (!rq->srv->cfg.public_only && rq->user.role < rq->route->role) {
		if (rq->user.id == 0)
			deny_anonymous(rq);
		else
			web_error(rq, 403, "your role may not do this");
		return;
	}
	if (rq->needs_totp_enrol && !(rq->route->flags & WEB_R_NO_2FA)) {
		web_redirect(rq, "/account/totp");
		return;
	}
	if (!is_safe_method(rq->method) && !(rq->route->flags & WEB_R_NO_CSRF) &&
	    !rq->user.via_token && !auth_csrf_ok(rq)) {
		web_error(rq, 403, "the form has expired or did not come from "
				   "this site; reload it and try again");
		return;
	}
	if (rq->user.id)
		rq->private_page = 1;
	/* A handler that could not finish says so; what it wrote so far
	 * gives way to an error page, never a page with a section missing. */
	s = rq->route->handler(rq);
	if (s != VG_OK)
		web_fail(rq, s);
}
