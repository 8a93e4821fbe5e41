/* The review queue: the list of open proposals, and the form that proposes
 * people from a pasted text or an uploaded page. The route table of the
 * queue pages (web_review_routes) is here; one item's page is
 * page_review_item.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extract.h"
#include "store/review.h"
#include "web/page.h"
#include "web/page_review.h"

#define REVIEW_PER_PAGE 50

/* The lexicons are read once per process and shared, read-only. */
static struct extract_lexicon *lexicon;
static pthread_once_t lexicon_once = PTHREAD_ONCE_INIT;
static struct vg_error lexicon_err;

static void lexicon_load_once(void)
{
	if (extract_lexicon_load("en", &lexicon, &lexicon_err) != VG_OK)
		lexicon = NULL;
}

int page_review_allowed(struct web_req *rq)
{
	if (web_allows(rq, model_type("person"), ACTION_REVIEW))
		return 1;
	web_error(rq, 403, "reviewing proposals needs the editor role");
	return 0;
}

static const char *text_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void item_row(struct buf *b, const json_t *item)
{
	const json_t *p = json_object_get(item, "payload");
	char id[32];

	snprintf(id, sizeof(id), "%lld",
		 (long long)json_integer_value(json_object_get(item, "id")));
	html_raw(b, "<tr><td><bdi>");
	html_link(b, "/review/", id, text_of(p, "name"));
	html_raw(b, "</bdi></td><td>");
	html_txt(b, text_of(p, "role"));
	html_raw(b, "</td><td>");
	html_txt(b, text_of(p, "status"));
	html_raw(b, "</td><td>");
	html_txt(b, text_of(p, "status_since"));
	html_raw(b, "</td><td>");
	html_user_text(b, text_of(p, "match"));
	html_raw(b, "</td><td>");
	page_record_link(b, "source", text_of(item, "source"), text_of(item, "source"));
	html_raw(b, "</td></tr>");
}

vg_status page_review_list(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	struct vg_error err = { 0 };
	const char *pg = web_query(rq, "page");
	size_t page = pg ? strtoul(pg, NULL, 10) : 1, total = 0, i;
	json_t *items = NULL, *item;

	if (!page_review_allowed(rq))
		return VG_OK;
	if (page < 1)
		page = 1;
	if (review_list(web_db(rq), web_who(rq), "open",
			(page - 1) * REVIEW_PER_PAGE,
			REVIEW_PER_PAGE, &items, &total, &err) != VG_OK) {
		web_error(rq, 500, "the review queue cannot be read");
		return VG_OK;
	}
	page_begin(rq, "Review queue");
	html_raw(b, "<h1>Review queue</h1><p><a href=\"/review/new\">Propose "
		    "people from a text</a></p>");
	if (!json_array_size(items)) {
		html_raw(b, "<p>Nothing waits for review.</p>");
	} else {
		html_rawf(b, "<p>%zu proposals wait for review.</p>", total);
		html_raw(b, "<table class=\"review\"><thead><tr>"
			    "<th scope=\"col\">Proposed person</th>"
			    "<th scope=\"col\">Role</th><th scope=\"col\">Status</th>"
			    "<th scope=\"col\">Since</th><th scope=\"col\">In the casebook</th>"
			    "<th scope=\"col\">Source</th></tr></thead><tbody>");
		json_array_foreach(items, i, item)
			item_row(b, item);
		html_raw(b, "</tbody></table>");
		page_pager(rq, "", page, REVIEW_PER_PAGE, total);
	}
	json_decref(items);
	page_end(rq);
	return VG_OK;
}

vg_status page_review_new(struct web_req *rq)
{
	struct buf *b = web_out(rq);

	if (!page_review_allowed(rq))
		return VG_OK;
	page_begin(rq, "Propose people from a text");
	html_raw(b, "<h1>Propose people from a text</h1>"
		    "<p>Paste an article or testimony, or upload a saved web page. "
		    "vigil proposes the people it names and the facts about them, "
		    "each with its passage, for you to review. Nothing becomes a "
		    "record until you accept it.</p>"
		    "<form method=\"post\" action=\"/review/new\" "
		    "enctype=\"multipart/form-data\">");
	html_csrf(rq);
	html_raw(b, "<p><label for=\"title\">Title</label> "
		    "<input id=\"title\" name=\"title\" dir=\"auto\" maxlength=\"500\"></p>"
		    "<p><label for=\"url\">Address (URL)</label> "
		    "<input id=\"url\" name=\"url\" maxlength=\"2000\"></p>"
		    "<p><label for=\"kind\">Kind</label> <select id=\"kind\" name=\"kind\">"
		    "<option value=\"article\">article</option>"
		    "<option value=\"testimony\">testimony</option>"
		    "<option value=\"report\">report</option>"
		    "<option value=\"list\">list</option>"
		    "<option value=\"other\">other</option></select></p>"
		    "<p><label for=\"text\">Text</label><br>"
		    "<textarea id=\"text\" name=\"text\" dir=\"auto\" rows=\"16\" cols=\"80\"></textarea></p>"
		    "<p><label for=\"upload\">or a file</label> "
		    "<input id=\"upload\" type=\"file\" name=\"upload\"></p>"
		    "<p><input id=\"html\" type=\"checkbox\" name=\"html\" value=\"1\"> "
		    "<label for=\"html\">The text is a web page (HTML)</label></p>"
		    "<p><button type=\"submit\">Propose</button></p></form>");
	page_end(rq);
	return VG_OK;
}

static int looks_like_html(const char *s, const struct web_upload *up)
{
	if (up && up->filename) {
		size_t n = strlen(up->filename);

		if ((n > 5 && !strcasecmp(up->filename + n - 5, ".html")) ||
		    (n > 4 && !strcasecmp(up->filename + n - 4, ".htm")))
			return 1;
	}
	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	return !strncasecmp(s, "<!doctype html", 14) || !strncasecmp(s, "<html", 5);
}

vg_status page_review_create(struct web_req *rq)
{
	const struct web_upload *up = web_file(rq, "upload");
	const char *text = web_form(rq, "text"), *title = web_form(rq, "title");
	struct actor who = web_actor(rq);
	struct review_source src = { 0 };
	struct vg_error err = { 0 };
	json_t *proposal = NULL;
	char *plain = NULL, source_id[64], msg[160];
	size_t n = 0;
	vg_status rc;

	if (!page_review_allowed(rq))
		return VG_OK;
	if (up && up->len)
		text = up->data;
	if (!text || !*text) {
		web_error(rq, 400, "text: paste a text or choose a file");
		return VG_OK;
	}
	pthread_once(&lexicon_once, lexicon_load_once);
	if (!lexicon) {
		web_error(rq, 500, lexicon_err.msg);
		return VG_OK;
	}
	if (web_form(rq, "html") || looks_like_html(text, up)) {
		rc = extract_html_text(text, strlen(text), &plain, &err);
		if (rc)
			goto fail;
		text = plain;
	}
	rc = extract_text(lexicon, text, strlen(text), &proposal, &err);
	if (!rc)
		rc = extract_link(web_db(rq), web_who(rq), proposal, &err);
	src.title = title && *title ? title : (up && up->filename ? up->filename : NULL);
	src.url = web_form(rq, "url");
	src.kind = web_form(rq, "kind");
	src.language = "en";
	src.text = text;
	if (!rc)
		rc = review_queue(web_db(rq), &who, &src, proposal, source_id,
				  sizeof(source_id), &n, &err);
	if (rc)
		goto fail;
	snprintf(msg, sizeof(msg), "%zu people proposed from %s", n, source_id);
	web_flash(rq, msg);
	web_redirect(rq, "/review");
	goto out;
fail:
	web_error(rq, web_status_for(rc), err.msg);
out:
	json_decref(proposal);
	free(plain);
	return VG_OK;
}

static const struct web_param p_review_page[] = {
	{ "page", WEB_P_QUERY, 8 }, { NULL, 0, 0 },
};

static const struct web_param p_review_new[] = {
	{ "title", WEB_P_FORM, 500 }, { "url", WEB_P_FORM, 2000 },
	{ "kind", WEB_P_FORM, 32 }, { "html", WEB_P_FORM, 8 },
	{ "text", WEB_P_FORM, EXTRACT_MAX_TEXT }, { "upload", WEB_P_FILE, 0 },
	{ NULL, 0, 0 },
};

static const struct web_param p_review_accept[] = {
	{ "name", WEB_P_FORM, 200 }, { "role", WEB_P_FORM, 32 },
	{ "status", WEB_P_FORM, 32 }, { "status_since", WEB_P_FORM, 64 },
	{ "sentence", WEB_P_FORM, 100 }, { "occupation", WEB_P_FORM, 200 },
	{ "ethnicity", WEB_P_FORM, 64 }, { "merge_into", WEB_P_FORM, 64 },
	{ NULL, 0, 0 },
};

const struct web_route web_review_routes[] = {
	{ "GET", "/review", ROLE_EDITOR, 0, p_review_page, page_review_list },
	{ "GET", "/review/new", ROLE_EDITOR, 0, NULL, page_review_new },
	{ "POST", "/review/new", ROLE_EDITOR, WEB_R_UPLOAD, p_review_new,
	  page_review_create },
	{ "GET", "/review/:id", ROLE_EDITOR, 0, NULL, page_review_show },
	{ "POST", "/review/:id/accept", ROLE_EDITOR, 0, p_review_accept,
	  page_review_accept },
	{ "POST", "/review/:id/reject", ROLE_EDITOR, 0, NULL,
	  page_review_reject },
	{ NULL, NULL, ROLE_PUBLIC, 0, NULL, NULL },
};
