/* Sign in and sign out. One message for every failure (unknown name, wrong
 * password, wrong code, disabled account) so that names cannot be probed;
 * failures slow down further tries of the same name from the same address
 * (login_limiter.c). */
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

/* An attempt during its wait: answered at once, nothing checked. */
static void too_soon(struct web_req *rq, const char *name, long wait_ms)
{
	long seconds = (wait_ms + 999) / 1000;
	char msg[160], after[24];

	snprintf(after, sizeof(after), "%ld", seconds);
	snprintf(msg, sizeof(msg), "Too many failed sign-ins. Wait %ld "
		 "second%s and try again.", seconds, seconds == 1 ? "" : "s");
	web_set_status(rq, 429);
	web_add_header(rq, "Retry-After", after);
	login_form(rq, msg, name);
}

vg_status page_login_post(struct web_req *rq)
{
	const char *name = web_form(rq, "username");
	const char *password = web_form(rq, "password");
	const char *code = web_form(rq, "code");
	struct user_row u;
	struct vg_error err;
	vg_status s;
	long wait;

	vg_error_clear(&err);
	if (!name)
		name = "";
	wait = auth_limiter_begin(rq, name);
	if (wait > 0) {
		too_soon(rq, name, wait);
		return VG_OK;
	}
	s = users_authenticate(web_db(rq), name, password, &u, &err);
	if (s == VG_OK && u.totp_on &&
	    !totp_verify_once(web_db(rq), u.id, u.totp_secret,
			      code ? code : ""))
		s = VG_EDENIED;
	auth_limiter_end(rq, name, s == VG_OK ? 0 : s == VG_EDENIED ? 1 : -1);
	if (s != VG_OK) {
		web_set_status(rq, s == VG_EDENIED ? 401 : 500);
		login_form(rq, s == VG_EDENIED ? LOGIN_FAILED :
			       "Signing in failed; try again later.", name);
		return VG_OK;
	}
	s = auth_start_session(rq, u.id, &err);
	if (s != VG_OK) {
		web_fail_error(rq, &err, "the session could not be started");
		return VG_OK;
	}
	rq->user.id = u.id;
	snprintf(rq->user.name, sizeof(rq->user.name), "%s", u.name);
	page_audit_event(rq, "sign in", "user", u.name);
	if (u.role == ROLE_ADMIN && !u.totp_on) {
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
