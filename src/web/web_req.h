/* web_req.h — the request and server structures, private to the server,
 * router and auth files. Handlers use the accessors of web_int.h. */
#ifndef VIGIL_WEB_WEB_REQ_H
#define VIGIL_WEB_WEB_REQ_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "web/form.h"
#include "web/web_int.h"

#define WEB_MAX_HEADERS 16
#define WEB_MAX_PARAMS 8
#define WEB_MAX_CONNS 64
#define WEB_OUT_MAX (8u << 20) /* the largest page we ever send */

struct login_limiter; /* auth.c */

struct web_server {
	struct MHD_Daemon *daemon;
	struct web_config cfg;
	char *db_path;
	unsigned port;
	pthread_mutex_t lock;
	store *conns[WEB_MAX_CONNS]; /* one per worker thread, closed at stop */
	int nconns;
	struct login_limiter *limiter;
	/* The pre-sign-in CSRF tokens are HMACs under this, drawn at start:
	 * a client cannot make one up for a cookie it chose. */
	unsigned char csrf_key[32];
	char proxy[64];       /* --behind-proxy, normalised; "" when none */
};

struct web_header {
	char *name;
	char *value;
};

struct web_req {
	web_server *srv;
	struct MHD_Connection *conn;
	struct timespec started;
	char method[16];
	char path[1024];
	const struct web_route *route;
	char *param_names[WEB_MAX_PARAMS];
	char *param_values[WEB_MAX_PARAMS];
	int nparams;
	struct form query;
	struct form form;
	json_t *json;
	struct buf body;    /* the raw request body while it arrives */
	int body_too_big;
	int begun;          /* the access handler has seen the request */
	int bad_uri;        /* 400: a NUL (%00) or invalid UTF-8 in path or query */
	int secure;         /* TLS or a trusted X-Forwarded-Proto: https */
	int from_proxy;     /* the peer is the --behind-proxy address */
	char client_ip[64]; /* the peer, or the client the proxy names */

	struct web_user user;
	struct actor who;      /* what web_who hands the store */
	char session_hash[65]; /* hex sha256 of the session token, or "" */
	int needs_totp_enrol;
	int bad_token;         /* an Authorization header that did not verify */
	char csrf[65];
	char pre_token[65];    /* the pre-session cookie, set when minted */
	int pre_minted;

	int status;
	char content_type[64];
	struct web_header headers[WEB_MAX_HEADERS];
	int nheaders;
	int private_page;      /* Cache-Control: no-store */
	struct buf out;
	char flash[200];
};

/* router.c: finds the route, filters parameters, checks role and CSRF,
 * runs the handler. */
void router_dispatch(struct web_req *rq);

/* auth.c: resolves the session cookie or API token into rq->user. */
void auth_resolve(struct web_req *rq);
/* 1 when the csrf field (or X-CSRF-Token header) matches the session's. */
int auth_csrf_ok(struct web_req *rq);
struct login_limiter *auth_limiter_new(void);
void auth_limiter_free(struct login_limiter *l);
/* login_limiter.c. Before checking a sign-in as name from the client's
 * address: 0 when it may be checked now, which must be followed by
 * auth_limiter_end; else how many milliseconds to wait (answer 429 and
 * check nothing). */
long auth_limiter_begin(struct web_req *rq, const char *name);
/* After the check: failed 1 counts against the pair and the address and
 * sets the wait before the next; 0 (signed in) clears the pair; -1 (the
 * check itself failed, a server error) counts nothing. */
void auth_limiter_end(struct web_req *rq, const char *name, int failed);
/* Starts a session for the account and sets the cookie. */
vg_status auth_start_session(struct web_req *rq, int64_t user_id,
			     struct vg_error *err);
/* Ends the current session and clears the cookie. */
void auth_end_session(struct web_req *rq);

/* request.c */
store *web_thread_db(web_server *srv);
/* The cookie name for sessions: __Host-vigil over https, vigil_session on
 * plain http (browsers refuse __Host- cookies without Secure). */
const char *web_session_cookie(const struct web_req *rq);
const char *web_cookie(const struct web_req *rq, const char *name);
void web_set_cookie(struct web_req *rq, const char *name, const char *value,
		    long max_age);

#endif
