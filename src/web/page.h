/* page.h — how pages write HTML: escaping by context and the shared chrome.
 *
 * Every page is a function that writes into the request's capped buffer.
 * User data goes out only through html_txt (element text), html_attr
 * (attribute values, both quotes escaped) or html_url_arg (a percent-encoded
 * URL component). html_raw is for literal markup written in the code. A
 * page that fills the buffer to its cap is answered 500 rather than sent
 * truncated.
 *
 * A page looks like:
 *   page_begin(rq, "People");
 *   html_raw(b, "<h1>"); html_txt(b, name); html_raw(b, "</h1>");
 *   page_end(rq);
 */
#ifndef VIGIL_WEB_PAGE_H
#define VIGIL_WEB_PAGE_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "model/model.h"
#include "store/records.h"
#include "web/web_int.h"

/* ---- escaping (html.c) ------------------------------------------------ */

/* Literal markup from the code, never user data. */
void html_raw(struct buf *b, const char *s);
/* printf for literal markup; arguments must be numbers or literals. */
void html_rawf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text between tags: & < > " ' escaped; invalid UTF-8 replaced by U+FFFD;
 * NULL writes nothing. */
void html_txt(struct buf *b, const char *s);
void html_txtn(struct buf *b, const char *s, size_t len);
/* A value inside a quoted attribute: as html_txt, plus newlines kept as
 * character references. */
void html_attr(struct buf *b, const char *s);
/* Text someone typed (a name, a title, a quote) between tags: escaped as
 * html_txt and isolated in <bdi>, so that right-to-left script or a
 * bidirectional control in it (U+202E) cannot reorder what surrounds it
 * on the page. NULL writes nothing. */
void html_user_text(struct buf *b, const char *s);
/* The same for places that hold text only (<title>): isolated by the
 * Unicode isolate controls FSI ... PDI instead of an element. */
void html_user_plain(struct buf *b, const char *s);
/* A URL component: everything but unreserved characters percent-encoded. */
void html_url_arg(struct buf *b, const char *s);

/* Whole elements built from the above. */
/* <a href="/path/ARG">TEXT</a>, ARG url-encoded, TEXT escaped (for text
 * of the code's own; wrap a link whose text someone typed in <bdi>). */
void html_link(struct buf *b, const char *prefix, const char *arg,
	       const char *text);
/* A hidden csrf input for forms of this request. */
void html_csrf(struct web_req *rq);

/* ---- chrome (chrome.c) ------------------------------------------------ */

/* Doctype, head with the stylesheet, header with nav for the role, the
 * flash message if any, and <main>. title is escaped. */
void page_begin(struct web_req *rq, const char *title);
/* Closes <main>, writes the footer and closes the document. */
void page_end(struct web_req *rq);

/* A labelled value row of a definition list: <dt>label</dt><dd>value</dd>,
 * skipped when value is NULL or empty. */
void page_dl_row(struct buf *b, const char *label, const char *value);

/* Paging links "?<query>&page=N" for a list of total items, per page. */
void page_pager(struct web_req *rq, const char *base_query, size_t page,
		size_t per_page, size_t total);

/* The human label of a term (or the code when unknown). */
const char *page_term_label(const char *vocab, const char *code);

/* A JSON scalar as text into out (strings as is, numbers, true/false). */
const char *page_json_text(const json_t *v, char *out, size_t size);

/* ---- records (page_record.c) ------------------------------------------- */

/* The record as the current role may see it, or NULL after answering 404
 * (a record the role may not see is answered as if it did not exist). The
 * caller owns the result. */
json_t *page_record_visible(struct web_req *rq, const struct record_type *t,
			    const char *id);

/* records_list for pages. For the public role a full-text query is
 * narrowed to records whose visible fields hold every word: the index
 * also holds hidden fields, and a count of matches would tell what they
 * contain. That path reads at most 1000 matches. */
vg_status page_list_visible(struct web_req *rq, const char *type,
			  const struct records_query *q, json_t **items,
			  size_t *total, struct vg_error *err);

/* The page of one record: /people/ID for people, /records/TYPE/ID else. */
void page_record_href(struct buf *b, const char *type, const char *id);

/* A link to a record by its id (escaped), to its page. */
void page_record_link(struct buf *b, const char *type, const char *id,
		      const char *text);

/* A field's value for reading: term labels, record links, yes/no. */
void page_field_value(struct buf *b, const struct field_def *f,
		      const json_t *v);

/* A short title for a record: a person's name, else the first text or
 * term field, else its id. */
const char *page_record_title(const struct record_type *t, const json_t *rec);

/* A link to the record titled as the current role sees it; "(not shown)"
 * when the role may not see it, so a hidden record is not even named. */
void page_ref(struct web_req *rq, const char *type, const char *id);

/* The display name of a person record: its primary (else first) name. */
const char *page_person_name(const json_t *rec);

/* A <dl> of every visible scalar field of rec (lists left out). */
void page_fields_dl(struct web_req *rq, const struct record_type *t,
		    const json_t *rec);

#endif
