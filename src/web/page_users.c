/* Accounts and roles, for admins: list, add (the password is made here and
 * shown once), change role, disable and enable. Each change is written to
 * the audit log. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store/audit.h"
#include "store/users.h"
#include "web/page.h"
#include "web/pages.h"

static int admin_only(struct web_req *rq)
{
	if (web_allows(rq, NULL, ACTION_ADMIN))
		return 1;
	web_error(rq, 403, "only admins manage accounts");
	return 0;
}

static void audit_user(struct web_req *rq, const char *action,
		       const char *name)
{
	page_audit_event(rq, action, "user", name);
}

static void role_select(struct buf *b, const char *id, const char *cur)
{
	enum role r;

	html_raw(b, "<select id=\"");
	html_attr(b, id);
	html_raw(b, "\" name=\"role\">");
	for (r = ROLE_VIEWER; r <= ROLE_ADMIN; r++) {
		html_raw(b, "<option value=\"");
		html_attr(b, model_role_name(r));
		html_raw(b, cur && !strcmp(cur, model_role_name(r)) ?
				    "\" selected>" : "\">");
		html_txt(b, model_role_name(r));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
}

static void user_row(struct web_req *rq, const json_t *u, size_t i)
{
	struct buf *b = web_out(rq);
	const char *name = json_string_value(json_object_get(u, "username"));
	int disabled = json_is_true(json_object_get(u, "disabled"));
	char id[32];

	snprintf(id, sizeof(id), "role-%zu", i);
	html_raw(b, "<tr><td>");
	html_txt(b, name);
	html_raw(b, "</td><td><form method=\"post\" action=\"/admin/users/");
	html_url_arg(b, name);
	html_raw(b, "/role\">");
	html_csrf(rq);
	html_raw(b, "<label class=\"muted\" for=\"");
	html_attr(b, id);
	html_raw(b, "\">Role of ");
	html_txt(b, name);
	html_raw(b, "</label>");
	role_select(b, id, json_string_value(json_object_get(u, "role")));
	html_raw(b, " <button class=\"secondary\" type=\"submit\">Set</button>"
		    "</form></td><td>");
	html_raw(b, json_is_true(json_object_get(u, "totp")) ? "yes" : "no");
	html_raw(b, "</td><td><form method=\"post\" action=\"/admin/users/");
	html_url_arg(b, name);
	html_raw(b, disabled ? "/enable\">" : "/disable\">");
	html_csrf(rq);
	html_raw(b, disabled ? "disabled <button class=\"secondary\" "
			       "type=\"submit\">Enable</button>" :
			       "active <button class=\"danger\" "
			       "type=\"submit\">Disable</button>");
	html_raw(b, "</form></td></tr>");
}

static void users_page(struct web_req *rq, const char *message,
		       const char *new_name, const char *new_password)
{
	struct buf *b = web_out(rq);
	struct vg_error err;
	json_t *list = NULL, *u;
	size_t i;

	vg_error_clear(&err);
	if (users_list(web_db(rq), &list, &err) != VG_OK) {
		web_error(rq, 500, "the accounts could not be read");
		return;
	}
	page_begin(rq, "Users");
	html_raw(b, "<h1>Users and roles</h1>");
	if (message) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, message);
		html_raw(b, "</p>");
	}
	if (new_password) {
		html_raw(b, "<p class=\"flash\">Account ");
		html_txt(b, new_name);
		html_raw(b, " created. Its password, shown only this once: "
			    "<code class=\"secret\">");
		html_txt(b, new_password);
		html_raw(b, "</code></p>");
	}
	html_raw(b, "<table class=\"list\"><thead><tr><th scope=\"col\">Name</th>"
		    "<th scope=\"col\">Role</th><th scope=\"col\">Two-factor</th>"
		    "<th scope=\"col\">State</th></tr></thead><tbody>");
	json_array_foreach(list, i, u)
		user_row(rq, u, i);
	html_raw(b, "</tbody></table><h2>Add an account</h2>"
		    "<form method=\"post\" action=\"/admin/users\">");
	html_csrf(rq);
	html_raw(b, "<p><label for=\"username\">Name</label><input id=\"username\" "
		    "name=\"username\" required maxlength=\"63\" "
		    "pattern=\"[a-z0-9._-]+\"></p><p><label for=\"new-role\">Role"
		    "</label>");
	role_select(b, "new-role", "viewer");
	html_raw(b, "</p><p><button type=\"submit\">Add</button></p></form>");
	page_end(rq);
	json_decref(list);
}

vg_status page_users(struct web_req *rq)
{
	if (admin_only(rq))
		users_page(rq, NULL, NULL, NULL);
	return VG_OK;
}

vg_status page_users_add(struct web_req *rq)
{
	const char *name = web_form(rq, "username");
	const char *role_s = web_form(rq, "role");
	unsigned char raw[18];
	char password[64], msg[600];
	struct vg_error err;
	enum role role;

	if (!admin_only(rq))
		return VG_OK;
	vg_error_clear(&err);
	if (!role_s || model_role_parse(role_s, &role) || role == ROLE_PUBLIC) {
		web_set_status(rq, 422);
		users_page(rq, "Choose a role.", NULL, NULL);
		return VG_OK;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(password, sizeof(password), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (users_add(web_db(rq), name ? name : "", password, role, NULL,
		      &err) != VG_OK) {
		snprintf(msg, sizeof(msg), "%s: %s", err.where, err.msg);
		web_set_status(rq, 422);
		users_page(rq, msg, NULL, NULL);
		return VG_OK;
	}
	audit_user(rq, "user add", name);
	users_page(rq, NULL, name, password);
	sodium_memzero(password, sizeof(password));
	return VG_OK;
}

vg_status page_users_role(struct web_req *rq)
{
	const char *name = web_param(rq, "name");
	const char *role_s = web_form(rq, "role");
	struct vg_error err;
	enum role role;

	if (!admin_only(rq))
		return VG_OK;
	vg_error_clear(&err);
	if (!role_s || model_role_parse(role_s, &role) ||
	    users_set_role(web_db(rq), name, role, &err) != VG_OK) {
		web_error(rq, err.code == VG_ENOTFOUND ? 404 : 422,
			  err.msg[0] ? err.msg : "choose a role");
		return VG_OK;
	}
	audit_user(rq, "user role", name);
	web_flash(rq, "Role changed.");
	web_redirect(rq, "/admin/users");
	return VG_OK;
}

static void set_disabled(struct web_req *rq, int disabled)
{
	const char *name = web_param(rq, "name");
	struct vg_error err;

	if (!admin_only(rq))
		return;
	vg_error_clear(&err);
	if (disabled && !strcmp(name, web_user(rq)->name)) {
		web_error(rq, 422, "you cannot disable your own account");
		return;
	}
	if (users_set_disabled(web_db(rq), name, disabled, &err) != VG_OK) {
		web_error(rq, web_status_for(err.code), err.msg);
		return;
	}
	audit_user(rq, disabled ? "user disable" : "user enable", name);
	web_flash(rq, disabled ? "Account disabled." : "Account enabled.");
	web_redirect(rq, "/admin/users");
}

vg_status page_users_disable(struct web_req *rq)
{
	set_disabled(rq, 1);
	return VG_OK;
}

vg_status page_users_enable(struct web_req *rq)
{
	set_disabled(rq, 0);
	return VG_OK;
}
