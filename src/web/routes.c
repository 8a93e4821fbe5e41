/* The route table of the pages, and the list of tables the router reads.
 * Each route declares what it accepts; nothing else reaches a handler. */
#include <stddef.h>

#include "web/pages.h"

static const struct web_param p_login[] = {
	{ "username", WEB_P_FORM, 64 },
	{ "password", WEB_P_FORM, 256 },
	{ "code", WEB_P_FORM, 16 },
	{ NULL, 0, 0 },
};

const struct web_route web_page_routes[] = {
	{ "GET", "/static/:file", ROLE_PUBLIC, WEB_R_PUBLIC_OK | WEB_R_NO_2FA,
	  NULL, page_static },
	{ "GET", "/", ROLE_PUBLIC, WEB_R_PUBLIC_OK, NULL, page_dashboard },
	{ "GET", "/login", ROLE_PUBLIC, WEB_R_NO_2FA, NULL, page_login_form },
	{ "POST", "/login", ROLE_PUBLIC, WEB_R_NO_2FA, p_login,
	  page_login_post },
	{ "POST", "/logout", ROLE_VIEWER, WEB_R_NO_2FA, NULL, page_logout },
	{ NULL, NULL, ROLE_PUBLIC, 0, NULL, NULL },
};

const struct web_route *const web_route_tables[] = {
	web_page_routes,
	NULL,
};
