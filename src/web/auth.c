/* Who is asking: session cookies, API tokens and CSRF tokens (the sign-in
 * slow-down is login_limiter.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "store/sessions.h"
#include "store/users.h"
#include "web/web_req.h"

static void resolve_token(struct web_req *rq, const char *authz)
{
	struct user_row u;
	struct vg_error err;
	store *db = web_thread_db(rq->srv);

	vg_error_clear(&err);
	/* A credential that does not verify is refused, never taken as an
	 * anonymous request. */
	rq->bad_token = 1;
	if (strncasecmp(authz, "Bearer ", 7) || !db)
		return;
	if (users_token_check(db, authz + 7, &u, &err) != VG_OK)
		return;
	rq->bad_token = 0;
	rq->user.id = u.id;
	snprintf(rq->user.name, sizeof(rq->user.name), "%s", u.name);
	rq->user.role = u.role;
	rq->user.has_totp = u.totp_on;
	rq->user.via_token = 1;
}

void auth_resolve(struct web_req *rq)
{
	const char *authz = web_header_in(rq, "Authorization");
	const char *token = web_cookie(rq, web_session_cookie(rq));
	store *db = web_thread_db(rq->srv);
	struct user_row u;
	struct vg_error err;
	int64_t uid;

	vg_error_clear(&err);
	if (authz) {
		resolve_token(rq, authz);
		return;
	}
	if (!token || !db)
		return;
	if (sessions_lookup(db, token, rq->srv->cfg.session_idle_s,
			    rq->srv->cfg.session_max_s, &uid, rq->session_hash,
			    rq->csrf, &err) != VG_OK) {
		rq->session_hash[0] = '\0';
		rq->csrf[0] = '\0';
		return;
	}
	if (users_get(db, uid, &u, &err) != VG_OK || u.disabled) {
		sessions_delete(db, rq->session_hash, NULL);
		rq->session_hash[0] = '\0';
		rq->csrf[0] = '\0';
		return;
	}
	rq->user.id = u.id;
	snprintf(rq->user.name, sizeof(rq->user.name), "%s", u.name);
	rq->user.role = u.role;
	rq->user.has_totp = u.totp_on;
	rq->needs_totp_enrol = u.role == ROLE_ADMIN && !rq->user.has_totp;
}

static const char *pre_cookie_name(const struct web_req *rq)
{
	return rq->secure ? "__Host-vigil-pre" : "vigil_pre";
}

/* The token for forms shown before sign-in, tied to the pre-session
 * cookie so that a login form cannot be posted from another site, and an
 * HMAC under the server's secret so that it cannot be computed by a
 * client that chose the cookie itself. A restart draws a new secret: a
 * sign-in form left open across it is refused once and reloaded. */
static void pre_csrf(const struct web_req *rq, const char *pre, char out[65])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, rq->srv->csrf_key,
				    sizeof(rq->srv->csrf_key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"login:", 6);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)pre,
				      strlen(pre));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof(mac));
}

const char *web_csrf_token(struct web_req *rq)
{
	const char *pre;
	unsigned char raw[32];

	if (rq->csrf[0])
		return rq->csrf;
	pre = web_cookie(rq, pre_cookie_name(rq));
	if (pre && strlen(pre) == 64) {
		pre_csrf(rq, pre, rq->csrf);
		return rq->csrf;
	}
	if (sodium_init() < 0)
		return "";
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(rq->pre_token, sizeof(rq->pre_token), raw, sizeof(raw));
	web_set_cookie(rq, pre_cookie_name(rq), rq->pre_token, -1);
	rq->pre_minted = 1;
	pre_csrf(rq, rq->pre_token, rq->csrf);
	return rq->csrf;
}

int auth_csrf_ok(struct web_req *rq)
{
	const char *sent = form_get(&rq->form, "csrf");
	const char *pre;
	char expect[65];

	if (!sent)
		sent = web_header_in(rq, "X-CSRF-Token");
	if (!sent || strlen(sent) != 64)
		return 0;
	if (rq->session_hash[0]) {
		snprintf(expect, sizeof(expect), "%s", rq->csrf);
	} else {
		pre = web_cookie(rq, pre_cookie_name(rq));
		if (!pre || strlen(pre) != 64)
			return 0;
		pre_csrf(rq, pre, expect);
	}
	return strlen(expect) == 64 && sodium_memcmp(sent, expect, 64) == 0;
}

/* Starts a session for u and sets its cookie; the pre-session token is
 * dropped so it cannot be reused. */
vg_status auth_start_session(struct web_req *rq, int64_t user_id,
			     struct vg_error *err)
{
	char token[65], csrf[65];
	vg_status s;

	if (rq->session_hash[0])
		sessions_delete(web_thread_db(rq->srv), rq->session_hash, NULL);
	s = sessions_create(web_thread_db(rq->srv), user_id, token, csrf, err);
	if (s != VG_OK)
		return s;
	web_set_cookie(rq, web_session_cookie(rq), token, -1);
	web_set_cookie(rq, pre_cookie_name(rq), "", 0);
	sodium_memzero(token, sizeof(token));
	return VG_OK;
}

void auth_end_session(struct web_req *rq)
{
	if (rq->session_hash[0])
		sessions_delete(web_thread_db(rq->srv), rq->session_hash, NULL);
	rq->session_hash[0] = '\0';
	web_set_cookie(rq, web_session_cookie(rq), "", 0);
}
