/* Sign in and sign out. One message for every failure (unknown name, wrong
 * password, wrong code, disabled account) so that names cannot be probed;
 * failures are counted per address and per account name. */
#include <stdio.h>
#include <string.h>

#include "store/users.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/totp.h"
#include "web/web_req.h"

#define LOGIN_FAILED "Wrong name, password or code."

static void login_form(struct web_req *rq, const char *error,
		       const char *username)
{
	struct buf *b = web_out(rq);

	page_begin(rq, "Sign in");
	html_raw(b, "<h1>Sign in</h1>");
	if (error) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, error);
		html_raw(b, "</p>");
	}
	html_raw(b, "<form class=\"login\" method=\"post\" action=\"/login\">");
	html_csrf(rq);
	html_raw(b, "<p><label for=\"username\">Name</label>"
		    "<input id=\"username\" name=\"username\" required "
		    "autocomplete=\"username\" autocapitalize=\"none\" "
		    "maxlength=\"63\" value=\"");
	html_attr(b, username);
	html_raw(b, "\"></p><p><label for=\"password\">Password</label>"
		    "<input id=\"password\" name=\"password\" type=\"password\" "
		    "required autocomplete=\"current-password\" maxlength=\"256\">"
		    "</p><p><label for=\"code\">Two-factor code</label>"
		    "<input id=\"code\" name=\"code\" inputmode=\"numeric\" "
		    "autocomplete=\"one-time-code\" maxlength=\"8\" "
		    "pattern=\"[0-9]{6,8}\"><small> (if your account has one)"
		    "</small></p><p><button type=\"submit\">Sign in</button></p>"
		    "</form>");
	page_end(rq);
}

vg_status page_login_form(struct web_req *rq)
{
	if (web_user(rq)->id) {
		web_redirect(rq, "/");
		return VG_OK;
	}
	login_form(rq, NULL, "");
	return VG_OK;
}

static void user_key(const char *name, char out[96])
{
	char h[65];

	/* Hashed so that the limiter's memory holds no account names. */
	users_sha256_hex(name, h);
	snprintf(out, 96, "user:%s", h);
}

vg_status page_login_post(struct web_req *rq)
{
	const char *name = web_form(rq, "username");
	const char *password = web_form(rq, "password");
	const char *code = web_form(rq, "code");
	char ip_key[96], name_key[96];
	struct user_row u;
	struct vg_error err;
	vg_status s;

	vg_error_clear(&err);
	if (!name)
		name = "";
	snprintf(ip_key, sizeof(ip_key), "ip:%s", rq->client_ip);
	user_key(name, name_key);
	if (auth_limiter_locked(rq, ip_key) ||
	    auth_limiter_locked(rq, name_key)) {
		char msg[160];
		unsigned minutes = (web_cfg(rq)->login_lock_s + 59) / 60;

		snprintf(msg, sizeof(msg), "Too many failed sign-ins. Wait %u "
			 "minute%s and try again.", minutes,
			 minutes == 1 ? "" : "s");
		web_set_status(rq, 429);
		login_form(rq, msg, name);
		return VG_OK;
	}
	s = users_authenticate(web_db(rq), name, password, &u, &err);
	if (s == VG_OK && u.totp_secret[0] &&
	    !totp_verify_once(web_db(rq), u.id, u.totp_secret,
			      code ? code : ""))
		s = VG_EDENIED;
	if (s != VG_OK) {
		auth_limiter_record(rq, ip_key, 1);
		auth_limiter_record(rq, name_key, 1);
		web_set_status(rq, s == VG_EDENIED ? 401 : 500);
		login_form(rq, s == VG_EDENIED ? LOGIN_FAILED :
			       "Signing in failed; try again later.", name);
		return VG_OK;
	}
	auth_limiter_record(rq, name_key, 0);
	s = auth_start_session(rq, u.id, &err);
	if (s != VG_OK) {
		web_fail_error(rq, &err, "the session could not be started");
		return VG_OK;
	}
	rq->user.id = u.id;
	snprintf(rq->user.name, sizeof(rq->user.name), "%s", u.name);
	page_audit_event(rq, "sign in", "user", u.name);
	if (u.role == ROLE_ADMIN && !u.totp_secret[0]) {
		web_redirect(rq, "/account/totp");
		return VG_OK;
	}
	web_redirect(rq, "/");
	return VG_OK;
}

vg_status page_logout(struct web_req *rq)
{
	auth_end_session(rq);
	web_flash(rq, "You are signed out.");
	web_redirect(rq, "/login");
	return VG_OK;
}
