/* One proposal of the review queue: each fact beside the passage that
 * states it (the span marked), and the decisions: accept as proposed or
 * after editing, merge into a person already in the casebook, or reject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "store/review.h"
#include "web/page.h"
#include "web/page_review.h"

#define PASSAGE_CONTEXT 200 /* bytes shown on each side of a span */

static const char *text_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int item_id(struct web_req *rq, int64_t *id)
{
	const char *s = web_param(rq, "id");
	char *end;
	long long v;

	v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0) {
		web_error(rq, 404, "no such review item");
		return 0;
	}
	*id = v;
	return 1;
}

/* The span [s, e) of text (code points) in its paragraph, marked. */
static void write_passage(struct buf *b, const char *text, json_int_t s,
			  json_int_t e)
{
	size_t len = strlen(text), bs, be, from, to, k;

	if (s < 0 || e < s)
		return;
	bs = extract_cp_to_byte(text, len, (size_t)s);
	be = extract_cp_to_byte(text, len, (size_t)e);
	from = bs > PASSAGE_CONTEXT ? bs - PASSAGE_CONTEXT : 0;
	to = len - be > PASSAGE_CONTEXT ? be + PASSAGE_CONTEXT : len;
	for (k = bs; k > from; k--)
		if (text[k - 1] == '\n') {
			from = k;
			break;
		}
	for (k = be; k < to; k++)
		if (text[k] == '\n') {
			to = k;
			break;
		}
	while (from > 0 && (text[from] & 0xC0) == 0x80)
		from--;
	while (to < len && (text[to] & 0xC0) == 0x80)
		to++;
	html_raw(b, "<blockquote class=\"passage\">");
	if (from > 0 && text[from - 1] != '\n')
		html_raw(b, "… ");
	html_txtn(b, text + from, bs - from);
	html_raw(b, "<mark>");
	html_txtn(b, text + bs, be - bs);
	html_raw(b, "</mark>");
	html_txtn(b, text + be, to - be);
	if (to < len && text[to] != '\n')
		html_raw(b, " …");
	html_raw(b, "</blockquote>");
}

static void write_fact(struct buf *b, const json_t *payload, const char *text,
		       const char *field, const char *label)
{
	const json_t *ev;
	size_t i;
	int shown = 0;

	if (!*text_of(payload, field) && strcmp(field, "name"))
		return;
	html_raw(b, "<tr><th scope=\"row\">");
	html_txt(b, label);
	html_raw(b, "</th><td>");
	html_txt(b, text_of(payload, field));
	html_raw(b, "</td><td>");
	json_array_foreach(json_object_get(payload, "evidence"), i, ev) {
		if (strcmp(text_of(ev, "field"), field) || shown >= 3)
			continue;
		write_passage(b, text,
			      json_integer_value(json_object_get(ev, "start")),
			      json_integer_value(json_object_get(ev, "end")));
		shown++;
	}
	html_raw(b, "</td></tr>");
}

static void write_facts(struct buf *b, const json_t *payload, const char *text)
{
	static const char *const fields[][2] = {
		{ "name", "Name" }, { "role", "Role" }, { "status", "Status" },
		{ "status_since", "Since" }, { "sentence", "Sentence" },
		{ "occupation", "Occupation" }, { "ethnicity", "Ethnicity" },
	};
	const json_t *r, *v;
	size_t i;

	html_raw(b, "<table class=\"facts\"><thead><tr><th scope=\"col\">Fact</th>"
		    "<th scope=\"col\">Proposed</th><th scope=\"col\">Passage</th>"
		    "</tr></thead><tbody>");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		write_fact(b, payload, text, fields[i][0], fields[i][1]);
	json_array_foreach(json_object_get(payload, "variants"), i, v) {
		html_raw(b, "<tr><th scope=\"row\">Also written</th><td>");
		html_txt(b, json_string_value(v));
		html_raw(b, "</td><td></td></tr>");
	}
	json_array_foreach(json_object_get(payload, "relations"), i, r) {
		html_raw(b, "<tr><th scope=\"row\">Relation</th><td>");
		html_txt(b, text_of(r, "type"));
		html_raw(b, " ");
		html_txt(b, text_of(r, "of"));
		html_raw(b, "</td><td>");
		write_passage(b, text, json_integer_value(json_object_get(r, "start")),
			      json_integer_value(json_object_get(r, "end")));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
}

static void input_row(struct buf *b, const json_t *payload, const char *name,
		      const char *label)
{
	html_raw(b, "<p><label for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</label> <input id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, text_of(payload, name));
	html_raw(b, "\"></p>");
}

static void write_decisions(struct web_req *rq, const char *id,
			    const json_t *payload)
{
	struct buf *b = web_out(rq);

	html_raw(b, "<section><h2>Accept</h2><p>Correct any fact before "
		    "accepting; an empty field is left out.</p><form method=\"post\" "
		    "action=\"/review/");
	html_url_arg(b, id);
	html_raw(b, "/accept\">");
	html_csrf(rq);
	input_row(b, payload, "name", "Name");
	input_row(b, payload, "role", "Role");
	input_row(b, payload, "status", "Status");
	input_row(b, payload, "status_since", "Since");
	input_row(b, payload, "sentence", "Sentence");
	input_row(b, payload, "occupation", "Occupation");
	input_row(b, payload, "ethnicity", "Ethnicity");
	html_raw(b, "<p><button type=\"submit\">Accept as a new person</button></p>"
		    "</form></section><section><h2>Merge</h2><form method=\"post\" "
		    "action=\"/review/");
	html_url_arg(b, id);
	html_raw(b, "/accept\">");
	html_csrf(rq);
	html_raw(b, "<p><label for=\"merge-into\">Person already in the casebook</label> "
		    "<input id=\"merge-into\" name=\"merge_into\" value=\"");
	html_attr(b, text_of(payload, "match_id"));
	html_raw(b, "\" placeholder=\"V-000123\"></p><p><button type=\"submit\">"
		    "Merge into this person</button></p></form></section>"
		    "<section><h2>Reject</h2><form method=\"post\" action=\"/review/");
	html_url_arg(b, id);
	html_raw(b, "/reject\">");
	html_csrf(rq);
	html_raw(b, "<p><button type=\"submit\">Reject this proposal</button></p>"
		    "</form></section>");
}

vg_status page_review_show(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	struct vg_error err = { 0 };
	json_t *item = NULL, *source = NULL;
	const json_t *payload;
	int64_t id;
	char title[256];

	if (!page_review_allowed(rq) || !item_id(rq, &id))
		return VG_OK;
	if (review_get(web_db(rq), web_who(rq), id, &item, &err) != VG_OK) {
		web_error(rq, 404, "no such review item");
		return VG_OK;
	}
	if (records_get(web_db(rq), web_who(rq), "source",
			text_of(item, "source"), &source,
			&err) != VG_OK) {
		web_error(rq, 404, "the source of this proposal is gone");
		goto out;
	}
	payload = json_object_get(item, "payload");
	snprintf(title, sizeof(title), "Review: %s", text_of(payload, "name"));
	page_begin(rq, title);
	html_raw(b, "<h1>Proposed person: ");
	html_user_text(b, text_of(payload, "name"));
	html_raw(b, "</h1><p>From ");
	page_record_link(b, "source", text_of(source, "id"), text_of(source, "title"));
	html_raw(b, " — this proposal is ");
	html_txt(b, text_of(item, "status"));
	html_raw(b, ".</p>");
	if (*text_of(payload, "match_id")) {
		html_raw(b, "<p class=\"match\">In the casebook: ");
		html_user_text(b, text_of(payload, "match"));
		html_raw(b, " — ");
		page_record_link(b, "person", text_of(payload, "match_id"), "see the person");
		html_raw(b, "</p>");
	}
	write_facts(b, payload, text_of(source, "full_text"));
	if (!strcmp(text_of(item, "status"), "open"))
		write_decisions(rq, web_param(rq, "id"), payload);
	else if (*text_of(payload, "accepted_as"))
		page_record_link(b, "person", text_of(payload, "accepted_as"),
				 "the accepted person");
	page_end(rq);
out:
	json_decref(item);
	json_decref(source);
	return VG_OK;
}

vg_status page_review_accept(struct web_req *rq)
{
	static const char *const keys[] = { "name", "role", "status", "status_since",
					    "sentence", "occupation", "ethnicity", NULL };
	struct actor who = web_actor(rq);
	struct vg_error err = { 0 };
	const char *merge = web_form(rq, "merge_into"), *v;
	json_t *edits = json_object();
	char person[64], loc[96], msg[128];
	int64_t id;
	size_t i;
	vg_status rc;

	if (!edits || !page_review_allowed(rq) || !item_id(rq, &id))
		goto out;
	for (i = 0; keys[i]; i++) {
		v = web_form(rq, keys[i]);
		if (v)
			json_object_set_new(edits, keys[i], json_string(v));
	}
	rc = review_accept(web_db(rq), &who, id, edits, merge && *merge ? merge : NULL,
			   person, sizeof(person), &err);
	if (rc) {
		web_error(rq, web_status_for(rc), err.msg);
		goto out;
	}
	snprintf(msg, sizeof(msg), "Accepted as %s", person);
	web_flash(rq, msg);
	snprintf(loc, sizeof(loc), "/people/%s", person);
	web_redirect(rq, loc);
out:
	json_decref(edits);
	return VG_OK;
}

vg_status page_review_reject(struct web_req *rq)
{
	struct actor who = web_actor(rq);
	struct vg_error err = { 0 };
	int64_t id;
	vg_status rc;

	if (!page_review_allowed(rq) || !item_id(rq, &id))
		return VG_OK;
	rc = review_reject(web_db(rq), &who, id, &err);
	if (rc) {
		web_error(rq, web_status_for(rc), err.msg);
		return VG_OK;
	}
	web_flash(rq, "Proposal rejected");
	web_redirect(rq, "/review");
	return VG_OK;
}
