/* Who is asking: session cookies, API tokens, CSRF tokens and the sign-in
 * rate limit. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "store/sessions.h"
#include "store/users.h"
#include "web/web_req.h"

#define LIMITER_SLOTS 512

struct limiter_slot {
	char key[96];       /* "ip:127.0.0.1" or "user:<sha256 of the name>" */
	unsigned failures;
	time_t first;
	time_t locked_until;
};

/* Failures are counted in memory: a restart forgets them, which is fine for
 * slowing guessing down and keeps names out of the database. */
struct login_limiter {
	pthread_mutex_t lock;
	struct limiter_slot slots[LIMITER_SLOTS];
};

struct login_limiter *auth_limiter_new(void)
{
	struct login_limiter *l = calloc(1, sizeof(*l));

	if (l)
		pthread_mutex_init(&l->lock, NULL);
	return l;
}

void auth_limiter_free(struct login_limiter *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

static struct limiter_slot *slot_for(struct login_limiter *l, const char *key,
				     int create, time_t now)
{
	struct limiter_slot *oldest = NULL;
	int i;

	for (i = 0; i < LIMITER_SLOTS; i++) {
		struct limiter_slot *s = &l->slots[i];

		if (!strcmp(s->key, key))
			return s;
		if (!oldest || s->first < oldest->first)
			oldest = s;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	oldest->first = now;
	return oldest;
}

int auth_limiter_locked(struct web_req *rq, const char *key)
{
	struct login_limiter *l = rq->srv->limiter;
	struct limiter_slot *s;
	time_t now = time(NULL);
	int locked;

	pthread_mutex_lock(&l->lock);
	s = slot_for(l, key, 0, now);
	locked = s && s->locked_until > now;
	pthread_mutex_unlock(&l->lock);
	return locked;
}

void auth_limiter_record(struct web_req *rq, const char *key, int failed)
{
	struct login_limiter *l = rq->srv->limiter;
	const struct web_config *cfg = &rq->srv->cfg;
	struct limiter_slot *s;
	time_t now = time(NULL);
	/* An address may be shared by several people (an office, a NAT):
	 * it gets more tries than one account name. */
	unsigned threshold = cfg->login_max_failures *
			     (strncmp(key, "ip:", 3) ? 1 : 4);

	pthread_mutex_lock(&l->lock);
	s = slot_for(l, key, failed, now);
	if (s && !failed) {
		memset(s, 0, sizeof(*s));
	} else if (s) {
		if (now - s->first > (time_t)cfg->login_lock_s) {
			s->failures = 0;
			s->first = now;
		}
		s->failures++;
		if (s->failures >= threshold)
			s->locked_until = now + (time_t)cfg->login_lock_s;
	}
	pthread_mutex_unlock(&l->lock);
}

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
	rq->user.has_totp = u.totp_secret[0] != 0;
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
	rq->user.has_totp = u.totp_secret[0] != 0;
	rq->needs_totp_enrol = u.role == ROLE_ADMIN && !rq->user.has_totp;
}

static const char *pre_cookie_name(const struct web_req *rq)
{
	return rq->secure ? "__Host-vigil-pre" : "vigil_pre";
}

/* The token for forms shown before sign-in, tied to the pre-session
 * cookie so that a login form cannot be posted from another site. */
static void pre_csrf(const char *pre, char out[65])
{
	char tmp[96];

	snprintf(tmp, sizeof(tmp), "login:%s", pre);
	users_sha256_hex(tmp, out);
}

const char *web_csrf_token(struct web_req *rq)
{
	const char *pre;
	unsigned char raw[32];

	if (rq->csrf[0])
		return rq->csrf;
	pre = web_cookie(rq, pre_cookie_name(rq));
	if (pre && strlen(pre) == 64) {
		pre_csrf(pre, rq->csrf);
		return rq->csrf;
	}
	if (sodium_init() < 0)
		return "";
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(rq->pre_token, sizeof(rq->pre_token), raw, sizeof(raw));
	web_set_cookie(rq, pre_cookie_name(rq), rq->pre_token, -1);
	rq->pre_minted = 1;
	pre_csrf(rq->pre_token, rq->csrf);
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
		pre_csrf(pre, expect);
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
