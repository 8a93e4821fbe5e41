/* The route table of the pages, and the list of tables the router reads.
 * Each route declares what it accepts; nothing else reaches a handler.
 *
 * The anonymous public view is `vigil serve --public`: a separate,
 * read-only server in which only routes marked WEB_R_PUBLIC_OK exist and
 * everyone is the public role. The normal server shows nothing to a
 * visitor who has not signed in. */
#include <stddef.h>

#include "web/pages.h"

#define Q WEB_P_QUERY
#define F WEB_P_FORM

static const struct web_param p_login[] = {
	{ "username", F, 64 },
	{ "password", F, 256 },
	{ "code", F, 16 },
	{ NULL, 0, 0 },
};

static const struct web_param p_people[] = {
	{ "q", Q, 200 }, { "text", Q, 200 }, { "status", Q, 64 },
	{ "sex", Q, 16 }, { "ethnicity", Q, 64 }, { "occupation", Q, 200 },
	{ "evidence_grade", Q, 32 }, { "home_place", Q, 32 },
	{ "act_type", Q, 64 }, { "year", Q, 8 }, { "page", Q, 8 },
	{ NULL, 0, 0 },
};

static const struct web_param p_list[] = {
	{ "text", Q, 200 }, { "page", Q, 8 }, { NULL, 0, 0 },
};

/* A new form may be prefilled from the query with any field's value. */
static const struct web_param p_new[] = {
	{ "*", Q, 200 }, { NULL, 0, 0 },
};

/* Field inputs are f_<field> and f_<list>.<row>.<field>; a source may
 * bring its text as a file. Each value is capped again by the model. */
static const struct web_param p_record[] = {
	{ "level", F, 16 },
	{ "f_*", F, 1u << 20 },
	{ "upload", WEB_P_FILE, 0 },
	{ NULL, 0, 0 },
};

static const struct web_param p_search[] = {
	{ "q", Q, 200 }, { NULL, 0, 0 },
};

static const struct web_param p_page[] = {
	{ "page", Q, 8 }, { NULL, 0, 0 },
};

static const struct web_param p_user_add[] = {
	{ "username", F, 64 }, { "role", F, 16 }, { NULL, 0, 0 },
};

static const struct web_param p_role[] = {
	{ "role", F, 16 }, { NULL, 0, 0 },
};

static const struct web_param p_password[] = {
	{ "current", F, 256 }, { "password", F, 256 }, { NULL, 0, 0 },
};

static const struct web_param p_totp[] = {
	{ "secret", F, 64 }, { "code", F, 16 }, { "password", F, 256 },
	{ "current", F, 16 }, { NULL, 0, 0 },
};

#define PUB WEB_R_PUBLIC_OK
#define NO2FA WEB_R_NO_2FA

const struct web_route web_page_routes[] = {
	{ "GET", "/static/:file", ROLE_PUBLIC, PUB | WEB_R_NO_2FA, NULL,
	  page_static },
	{ "GET", "/", ROLE_PUBLIC, PUB, NULL, page_dashboard },
	{ "GET", "/login", ROLE_PUBLIC, WEB_R_NO_2FA, NULL, page_login_form },
	{ "POST", "/login", ROLE_PUBLIC, WEB_R_NO_2FA, p_login,
	  page_login_post },
	{ "POST", "/logout", ROLE_VIEWER, WEB_R_NO_2FA, NULL, page_logout },
	{ "GET", "/people", ROLE_VIEWER, PUB, p_people, page_people_list },
	{ "GET", "/people/:id", ROLE_VIEWER, PUB, NULL, page_person_show },
	{ "GET", "/records", ROLE_VIEWER, 0, NULL, page_records_index },
	{ "GET", "/records/:type", ROLE_VIEWER, PUB, p_list,
	  page_records_list },
	{ "GET", "/records/:type/new", ROLE_CONTRIBUTOR, 0, p_new,
	  page_records_new },
	{ "POST", "/records/:type/new", ROLE_CONTRIBUTOR, WEB_R_UPLOAD,
	  p_record, page_records_create },
	{ "GET", "/records/:type/:id", ROLE_VIEWER, PUB, NULL,
	  page_records_show },
	{ "GET", "/records/:type/:id/edit", ROLE_CONTRIBUTOR, 0, NULL,
	  page_records_edit },
	{ "POST", "/records/:type/:id/edit", ROLE_CONTRIBUTOR, WEB_R_UPLOAD,
	  p_record, page_records_update },
	{ "GET", "/records/:type/:id/delete", ROLE_EDITOR, 0, NULL,
	  page_records_delete_form },
	{ "POST", "/records/:type/:id/delete", ROLE_EDITOR, 0, NULL,
	  page_records_delete },
	{ "GET", "/search", ROLE_VIEWER, PUB, p_search, page_search },
	{ "GET", "/admin/users", ROLE_ADMIN, 0, NULL, page_users },
	{ "POST", "/admin/users", ROLE_ADMIN, 0, p_user_add, page_users_add },
	{ "POST", "/admin/users/:name/role", ROLE_ADMIN, 0, p_role,
	  page_users_role },
	{ "POST", "/admin/users/:name/disable", ROLE_ADMIN, 0, NULL,
	  page_users_disable },
	{ "POST", "/admin/users/:name/enable", ROLE_ADMIN, 0, NULL,
	  page_users_enable },
	{ "GET", "/admin/audit", ROLE_ADMIN, 0, p_page, page_audit },
	{ "GET", "/account", ROLE_VIEWER, 0, NULL, page_account },
	{ "POST", "/account/password", ROLE_VIEWER, 0, p_password,
	  page_account_password },
	{ "GET", "/account/totp", ROLE_VIEWER, NO2FA, NULL, page_account_totp },
	{ "POST", "/account/totp", ROLE_VIEWER, NO2FA, p_totp,
	  page_account_totp_post },
	{ NULL, NULL, ROLE_PUBLIC, 0, NULL, NULL },
};

const struct web_route *const web_route_tables[] = {
	web_page_routes,
	web_review_routes,
	NULL,
};
