/* Request accessors and response helpers for handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "web/api.h"
#include "web/status.h"
#include "web/web_req.h"

/* SQLite connections belong to one thread: each worker opens its own on
 * first use and the server closes them all when it stops. */
static _Thread_local store *tls_db;
static _Thread_local web_server *tls_srv;

store *web_thread_db(web_server *srv)
{
	struct vg_error err;
	store *db = NULL;

	if (tls_db && tls_srv == srv)
		return tls_db;
	vg_error_clear(&err);
	if (store_open(srv->db_path, 0, &db, &err) != STORE_OK) {
		log_line("cannot open the database: %s", err.msg);
		return NULL;
	}
	pthread_mutex_lock(&srv->lock);
	if (srv->nconns >= WEB_MAX_CONNS) {
		pthread_mutex_unlock(&srv->lock);
		store_close(db);
		return NULL;
	}
	srv->conns[srv->nconns++] = db;
	pthread_mutex_unlock(&srv->lock);
	tls_db = db;
	tls_srv = srv;
	return db;
}

const char *web_method(const struct web_req *rq) { return rq->method; }
const char *web_path(const struct web_req *rq) { return rq->path; }

const char *web_param(const struct web_req *rq, const char *name)
{
	int i;

	for (i = 0; i < rq->nparams; i++)
		if (!strcmp(rq->param_names[i], name))
			return rq->param_values[i];
	return NULL;
}

const char *web_query(const struct web_req *rq, const char *name)
{
	return form_get(&rq->query, name);
}

const char *web_form(const struct web_req *rq, const char *name)
{
	const struct form_field *f = form_find(&rq->form, name);

	return f && !f->filename ? f->value : NULL;
}

const char *web_form_nth(const struct web_req *rq, const char *name,
			 size_t i)
{
	const struct form_field *f = form_nth(&rq->form, name, i);

	return f && !f->filename ? f->value : NULL;
}

void web_form_each(const struct web_req *rq, const char *prefix,
		   void (*fn)(void *ctx, const char *name, const char *value),
		   void *ctx)
{
	size_t i, pl = strlen(prefix);

	for (i = 0; i < rq->form.n; i++) {
		const struct form_field *f = &rq->form.v[i];

		if (!f->filename && !strncmp(f->name, prefix, pl))
			fn(ctx, f->name, f->value);
	}
}

const struct web_upload *web_file(const struct web_req *rq, const char *name)
{
	const struct form_field *f = form_find(&rq->form, name);

	/* struct web_upload mirrors the tail of form_field on purpose. */
	static _Thread_local struct web_upload up;

	if (!f || !f->filename)
		return NULL;
	up.filename = f->filename;
	up.content_type = f->content_type ? f->content_type :
					    "application/octet-stream";
	up.data = f->value;
	up.len = f->len;
	return &up;
}

json_t *web_json_body(const struct web_req *rq) { return rq->json; }

const char *web_header_in(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const struct web_user *web_user(const struct web_req *rq)
{
	return &rq->user;
}

enum role web_role(const struct web_req *rq) { return rq->user.role; }
store *web_db(const struct web_req *rq) { return web_thread_db(rq->srv); }
const struct web_config *web_cfg(const struct web_req *rq)
{
	return &rq->srv->cfg;
}

struct actor web_actor(const struct web_req *rq)
{
	struct actor a;

	a.user_id = rq->user.id;
	a.username = rq->user.id ? rq->user.name : "anonymous";
	a.role = rq->user.role;
	return a;
}

const struct actor *web_who(struct web_req *rq)
{
	rq->who = web_actor(rq);
	return &rq->who;
}

int web_public_only(const struct web_req *rq)
{
	return rq->srv->cfg.public_only;
}

int web_allows(const struct web_req *rq, const struct record_type *t,
	       enum action a)
{
	if (!t) {
		const struct record_type *const *all = model_types();

		/* Administration is not about one type: ask about the first. */
		if (a != ACTION_ADMIN || !all || !all[0])
			return 0;
		t = all[0];
	}
	return access_allows(rq->user.role, t, a);
}

void web_set_status(struct web_req *rq, int status) { rq->status = status; }

void web_add_header(struct web_req *rq, const char *name, const char *value)
{
	if (rq->nheaders >= WEB_MAX_HEADERS)
		return;
	rq->headers[rq->nheaders].name = strdup(name);
	rq->headers[rq->nheaders].value = strdup(value);
	if (!rq->headers[rq->nheaders].name ||
	    !rq->headers[rq->nheaders].value) {
		free(rq->headers[rq->nheaders].name);
		free(rq->headers[rq->nheaders].value);
		return;
	}
	rq->nheaders++;
}

void web_set_content_type(struct web_req *rq, const char *type)
{
	snprintf(rq->content_type, sizeof(rq->content_type), "%s", type);
}

struct buf *web_out(struct web_req *rq) { return &rq->out; }

void web_json(struct web_req *rq, int status, json_t *obj)
{
	char *s;

	rq->status = status;
	web_set_content_type(rq, "application/json");
	buf_reset(&rq->out);
	s = obj ? json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(obj);
	if (!s) {
		rq->status = 500;
		(void)buf_adds(&rq->out, "{\"error\":{\"code\":\"internal\","
			      "\"message\":\"the answer could not be "
			      "written\",\"status\":500}}");
		return;
	}
	(void)buf_adds(&rq->out, s);
	free(s);
}

void web_json_error(struct web_req *rq, int status, const char *msg)
{
	web_json(rq, status,
		 json_pack("{s:{s:s,s:s,s:i}}", "error", "code",
			   web_status_code(status), "message", msg ? msg : "",
			   "status", status));
}

int web_is_api_path(const char *path)
{
	return path && !strncmp(path, "/api", 4) &&
	       (path[4] == '\0' || path[4] == '/');
}

void web_redirect(struct web_req *rq, const char *location)
{
	rq->status = 303;
	if (!location || location[0] != '/' || location[1] == '/')
		location = "/"; /* never an open redirect */
	web_add_header(rq, "Location", location);
	buf_reset(&rq->out);
}

void web_keep_hidden(struct web_req *rq, const struct record_type *t,
		     const char *id, json_t *changes)
{
	struct vg_error err;
	json_t *old = NULL;

	vg_error_clear(&err);
	if (records_get(web_thread_db(rq->srv), web_who(rq), t->name, id, &old,
			&err) !=
	    VG_OK) {
		/* Nothing stored to keep: only strip what may not be written. */
		old = NULL;
	}
	api_keep_hidden(rq->user.role, t, old, changes);
	json_decref(old);
}

int web_status_for(vg_status s)
{
	return web_status_of(s)->http;
}

void web_fail_error(struct web_req *rq, const struct vg_error *err,
		    const char *otherwise)
{
	const struct web_status *ws = web_status_of(err->code);

	if (!(ws->flags & WEB_S_SHOWN))
		log_line("%s: %s", vg_status_name(err->code), err->msg);
	web_error(rq, ws->http, ws->flags & WEB_S_SHOWN && err->msg[0] ?
				       err->msg : otherwise);
}

int web_form_status(const struct vg_error *err)
{
	int http = web_status_of(err ? err->code : VG_EINVAL)->http;

	/* What the person can mend in the form is 422, whatever it is. */
	return http >= 500 || http == 403 ? http : 422;
}

const char *web_cookie(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

const char *web_session_cookie(const struct web_req *rq)
{
	return rq->secure ? "__Host-vigil" : "vigil_session";
}

void web_set_cookie(struct web_req *rq, const char *name, const char *value,
		    long max_age)
{
	char c[512];

	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 name, value, rq->secure ? "; Secure" : "",
		 max_age < 0 ? "" : max_age == 0 ? "; Max-Age=0" : "");
	if (max_age > 0) {
		size_t l = strlen(c);

		snprintf(c + l, sizeof(c) - l, "; Max-Age=%ld", max_age);
	}
	web_add_header(rq, "Set-Cookie", c);
}

void web_flash(struct web_req *rq, const char *msg)
{
	char enc[400];
	size_t i, o = 0;

	/* A cookie value cannot hold spaces or separators: keep it to a safe
	 * alphabet and turn the rest into underscores, read back as spaces. */
	for (i = 0; msg[i] && o + 1 < sizeof(enc) && i < 190; i++) {
		char ch = msg[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')
			enc[o++] = ch;
		else
			enc[o++] = '_';
	}
	enc[o] = '\0';
	web_set_cookie(rq, "vigil_flash", enc, 60);
}
