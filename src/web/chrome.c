/* The chrome every page shares: head, navigation by role, flash message,
 * footer, error pages. */
#include <stdio.h>
#include <string.h>

#include "model/thesaurus.h"
#include "web/page.h"
#include "web/status.h"
#include "web/web_req.h"

struct nav_item {
	const char *href;
	const char *label;
	enum role role;
	int public_view; /* also shown with --public */
};

static const struct nav_item nav[] = {
	{ "/", "Dashboard", ROLE_VIEWER, 0 },
	{ "/people", "People", ROLE_VIEWER, 1 },
	{ "/search", "Search", ROLE_VIEWER, 1 },
	{ "/records/source", "Sources", ROLE_VIEWER, 0 },
	{ "/records/intervention", "Interventions", ROLE_VIEWER, 0 },
	{ "/records/campaign", "Campaigns", ROLE_VIEWER, 0 },
	{ "/records", "All records", ROLE_VIEWER, 0 },
	{ "/review", "Review", ROLE_EDITOR, 0 },
	{ "/admin/users", "Users", ROLE_ADMIN, 0 },
	{ "/admin/audit", "Audit log", ROLE_ADMIN, 0 },
};

static void write_nav(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	size_t i;

	html_raw(b, "<nav aria-label=\"Main\"><ul>");
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		if (rq->srv->cfg.public_only ? !nav[i].public_view :
		    rq->user.role < nav[i].role || !rq->user.id)
			continue;
		html_raw(b, "<li><a href=\"");
		html_attr(b, nav[i].href);
		html_raw(b, "\">");
		html_txt(b, nav[i].label);
		html_raw(b, "</a></li>");
	}
	html_raw(b, "</ul>");
	if (rq->srv->cfg.public_only) {
		html_raw(b, "</nav>");
		return;
	}
	if (rq->user.id) {
		html_raw(b, "<form class=\"signout\" method=\"post\" "
			    "action=\"/logout\"><span class=\"who\">");
		html_user_text(b, rq->user.name);
		html_raw(b, " (");
		html_txt(b, model_role_name(rq->user.role));
		html_raw(b, ")</span> <a href=\"/account\">Account</a> ");
		html_csrf(rq);
		html_raw(b, "<button type=\"submit\">Sign out</button></form>");
	} else {
		html_raw(b, "<p class=\"signin\"><a href=\"/login\">Sign in</a></p>");
	}
	html_raw(b, "</nav>");
}

static void write_flash(struct web_req *rq)
{
	const char *f = web_cookie(rq, "vigil_flash");
	char msg[200];
	size_t i;

	if (!f || !*f)
		return;
	snprintf(msg, sizeof(msg), "%s", f);
	for (i = 0; msg[i]; i++)
		if (msg[i] == '_')
			msg[i] = ' ';
	html_raw(web_out(rq), "<p class=\"flash\" role=\"status\">");
	html_txt(web_out(rq), msg);
	html_raw(web_out(rq), "</p>");
	web_set_cookie(rq, "vigil_flash", "", 0);
}

void page_begin(struct web_req *rq, const char *title)
{
	struct buf *b = web_out(rq);

	html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		    "<meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">"
		    "<title>");
	html_user_plain(b, title);
	html_raw(b, " — vigil</title>"
		    "<link rel=\"stylesheet\" href=\"/static/vigil.css\">"
		    "<script src=\"/static/vigil.js\" defer></script>"
		    "</head><body><header class=\"site\">"
		    "<a class=\"brand\" href=\"/\">vigil</a>");
	if (rq->srv->cfg.public_only)
		html_raw(b, "<span class=\"tag\">public view</span>");
	write_nav(rq);
	html_raw(b, "</header><main id=\"main\">");
	write_flash(rq);
}

void page_end(struct web_req *rq)
{
	html_raw(web_out(rq),
		 "</main><footer class=\"site\"><p>vigil — a casebook for people "
		 "detained or disappeared. Records shown here follow your role; "
		 "print this page for a paper copy.</p></footer></body></html>\n");
}

void web_error(struct web_req *rq, int status, const char *msg)
{
	char title[64];
	struct buf *b = web_out(rq);

	if ((rq->route && (rq->route->flags & WEB_R_JSON)) ||
	    web_is_api_path(rq->path)) {
		web_json_error(rq, status, msg);
		return;
	}
	buf_reset(b);
	rq->status = status;
	snprintf(rq->content_type, sizeof(rq->content_type),
		 "text/html; charset=utf-8");
	snprintf(title, sizeof(title), "%s", web_status_title(status));
	page_begin(rq, title);
	html_raw(b, "<h1>");
	html_txt(b, title);
	html_raw(b, "</h1><p class=\"error\">");
	html_txt(b, msg);
	html_raw(b, "</p>");
	page_end(rq);
}

void web_fail(struct web_req *rq, vg_status s)
{
	const struct web_status *ws = web_status_of(s);

	web_error(rq, ws->http, ws->message);
}

void page_dl_row(struct buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(b, "<dt>");
	html_txt(b, label);
	html_raw(b, "</dt><dd>");
	html_txt(b, value);
	html_raw(b, "</dd>");
}

void page_pager(struct web_req *rq, const char *base_query, size_t page,
		size_t per_page, size_t total)
{
	struct buf *b = web_out(rq);
	size_t pages = per_page ? (total + per_page - 1) / per_page : 1;

	if (pages <= 1)
		return;
	html_raw(b, "<nav class=\"pager\" aria-label=\"Pages\">");
	if (page > 1) {
		html_raw(b, "<a rel=\"prev\" href=\"?");
		html_attr(b, base_query);
		html_rawf(b, "&amp;page=%zu\">Previous</a> ", page - 1);
	}
	html_rawf(b, "<span>Page %zu of %zu</span>", page, pages);
	if (page < pages) {
		html_raw(b, " <a rel=\"next\" href=\"?");
		html_attr(b, base_query);
		html_rawf(b, "&amp;page=%zu\">Next</a>", page + 1);
	}
	html_raw(b, "</nav>");
}

const char *page_term_label(const char *vocab, const char *code)
{
	const struct term *t;

	if (!code)
		return "";
	t = vocab ? thesaurus_find(vocab, code) : NULL;
	return t ? t->label : code;
}

const char *page_json_text(const json_t *v, char *out, size_t size)
{
	out[0] = '\0';
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, size, "%g", json_real_value(v));
	else if (json_is_true(v))
		snprintf(out, size, "yes");
	else if (json_is_false(v))
		snprintf(out, size, "no");
	return out;
}
