/* The signed-in user's own account: change the password (which ends every
 * other session) and enrol or replace two-factor sign-in (replacing needs
 * the password and a current code). Admins must enrol before anything
 * else. */
#include <stdio.h>
#include <string.h>

#include "store/users.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/totp.h"
#include "web/web_req.h"

static void account_page(struct web_req *rq, const char *message)
{
	struct buf *b = web_out(rq);

	page_begin(rq, "Your account");
	html_raw(b, "<h1>Your account</h1>");
	if (message) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, message);
		html_raw(b, "</p>");
	}
	html_raw(b, "<p>Signed in as ");
	html_txt(b, web_user(rq)->name);
	html_raw(b, ", role ");
	html_txt(b, model_role_name(web_role(rq)));
	html_raw(b, ".</p><h2>Password</h2>"
		    "<form method=\"post\" action=\"/account/password\">");
	html_csrf(rq);
	html_raw(b, "<p><label for=\"current\">Current password</label>"
		    "<input id=\"current\" name=\"current\" type=\"password\" "
		    "required autocomplete=\"current-password\"></p>"
		    "<p><label for=\"password\">New password (at least 10 "
		    "characters)</label><input id=\"password\" name=\"password\" "
		    "type=\"password\" required minlength=\"10\" "
		    "autocomplete=\"new-password\"></p><p><button type=\"submit\">"
		    "Change the password</button></p></form>"
		    "<h2>Two-factor sign-in</h2>");
	if (web_user(rq)->has_totp)
		html_raw(b, "<p>Enrolled. To move it to a new device, enrol again."
			    "</p>");
	else
		html_raw(b, "<p>Not enrolled.</p>");
	html_raw(b, "<p><a href=\"/account/totp\">Enrol an authenticator app</a>"
		    "</p>");
	page_end(rq);
}

vg_status page_account(struct web_req *rq)
{
	account_page(rq, NULL);
	return VG_OK;
}

vg_status page_account_password(struct web_req *rq)
{
	const char *cur = web_form(rq, "current");
	const char *pw = web_form(rq, "password");
	struct user_row u;
	struct vg_error err;

	vg_error_clear(&err);
	if (users_authenticate(web_db(rq), web_user(rq)->name, cur, &u, &err) !=
	    VG_OK) {
		web_set_status(rq, 422);
		account_page(rq, "The current password is wrong.");
		return VG_OK;
	}
	if (users_set_password(web_db(rq), u.name, pw, &err) != VG_OK) {
		web_set_status(rq, 422);
		account_page(rq, err.msg);
		return VG_OK;
	}
	/* Every session ended with the change; this one starts afresh. */
	rq->session_hash[0] = '\0';
	if (auth_start_session(rq, u.id, &err) != VG_OK) {
		web_redirect(rq, "/login");
		return VG_OK;
	}
	page_audit_event(rq, "password change", "user", u.name);
	web_flash(rq, "Password changed. Other sessions are signed out.");
	web_redirect(rq, "/account");
	return VG_OK;
}

static void totp_page(struct web_req *rq, const char *secret,
		      const char *message)
{
	struct buf *b = web_out(rq), uri;

	page_begin(rq, "Two-factor sign-in");
	html_raw(b, "<h1>Two-factor sign-in</h1>");
	if (rq->needs_totp_enrol)
		html_raw(b, "<p class=\"flash\">Admins sign in with a second "
			    "factor. Enrol now to continue.</p>");
	if (message) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, message);
		html_raw(b, "</p>");
	}
	buf_init(&uri, 1024);
	totp_uri(&uri, web_user(rq)->name, secret);
	html_raw(b, "<p>Add this key to an authenticator app (time-based, 6 "
		    "digits, 30 seconds):</p><p><code class=\"secret\" "
		    "id=\"totp-secret\">");
	html_txt(b, secret);
	html_raw(b, "</code></p><p>or as a link: <code class=\"secret\">");
	html_txt(b, buf_str(&uri));
	html_raw(b, "</code></p><form method=\"post\" action=\"/account/totp\">");
	buf_free(&uri);
	html_csrf(rq);
	html_raw(b, "<input type=\"hidden\" name=\"secret\" value=\"");
	html_attr(b, secret);
	html_raw(b, "\">");
	if (web_user(rq)->has_totp)
		html_raw(b, "<p>This replaces the key you enrolled before: "
			    "confirm with your password and a code from the "
			    "device you use now.</p><p><label for=\"password\">"
			    "Your password</label><input id=\"password\" "
			    "name=\"password\" type=\"password\" required "
			    "autocomplete=\"current-password\"></p><p><label "
			    "for=\"current\">A code from your current device"
			    "</label><input id=\"current\" name=\"current\" "
			    "inputmode=\"numeric\" required "
			    "autocomplete=\"one-time-code\" maxlength=\"6\"></p>");
	html_raw(b, "<p><label for=\"code\">The code the app shows now for the "
		    "new key</label><input id=\"code\" name=\"code\" "
		    "inputmode=\"numeric\" required "
		    "autocomplete=\"one-time-code\" maxlength=\"6\"></p>"
		    "<p><button type=\"submit\">Enrol</button></p></form>");
	page_end(rq);
}

vg_status page_account_totp(struct web_req *rq)
{
	char secret[64];

	if (totp_new_secret(secret) != VG_OK) {
		web_error(rq, 500, "no secret could be made");
		return VG_OK;
	}
	totp_page(rq, secret, NULL);
	return VG_OK;
}

/* Someone holding only a session (a browser left open) must not move the
 * second factor to their own device: replacing it takes the password and
 * a code of the key enrolled now, which is then used up. */
static int may_replace_totp(struct web_req *rq)
{
	const char *password = web_form(rq, "password");
	const char *current = web_form(rq, "current");
	struct user_row u;
	struct vg_error err;

	vg_error_clear(&err);
	if (users_authenticate(web_db(rq), web_user(rq)->name, password, &u,
			       &err) != VG_OK || u.id != web_user(rq)->id)
		return 0;
	return totp_verify_once(web_db(rq), u.id, u.totp_secret,
				current ? current : "");
}

vg_status page_account_totp_post(struct web_req *rq)
{
	const char *secret = web_form(rq, "secret");
	const char *code = web_form(rq, "code");
	struct vg_error err;

	vg_error_clear(&err);
	if (!secret || strlen(secret) != 32) {
		web_error(rq, 400, "the form lost its key; start again");
		return VG_OK;
	}
	if (web_user(rq)->has_totp && !may_replace_totp(rq)) {
		web_set_status(rq, 422);
		totp_page(rq, secret, "Replacing two-factor sign-in needs your "
				      "password and a code from your current "
				      "device; one of them was wrong.");
		return VG_OK;
	}
	if (!totp_verify(secret, code)) {
		web_set_status(rq, 422);
		totp_page(rq, secret, "That code is not right for this key. "
				      "Check the device's clock and try again.");
		return VG_OK;
	}
	if (users_set_totp(web_db(rq), web_user(rq)->id, secret, &err) !=
	    VG_OK) {
		web_fail_error(rq, &err, "two-factor could not be saved");
		return VG_OK;
	}
	page_audit_event(rq, "two-factor enrol", "user", web_user(rq)->name);
	web_flash(rq, "Two-factor sign-in is on.");
	web_redirect(rq, "/");
	return VG_OK;
}
