/* html.c — the readable text of a web page, without its chrome. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "core/buf.h"
#include "extract/extract_int.h"

/* Elements whose whole content is page chrome or code, never article
 * text. */
static int is_dropped(const GumboNode *n)
{
	const GumboAttribute *a;
	static const char *const chrome[] = { "nav", "menu", "breadcrumb",
					      "footer", "header", "sidebar",
					      "share", "comment", "cookie",
					      "related", "advert", "promo",
					      "newsletter", "subscribe", "social",
					      "popup", "modal", "widget", NULL };
	size_t i;

	switch (n->v.element.tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_FORM: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_SVG: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD:
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
		return 1;
	default:
		break;
	}
	/* Chrome marked by class or id rather than by element. */
	a = gumbo_get_attribute(&n->v.element.attributes, "class");
	if (!a)
		a = gumbo_get_attribute(&n->v.element.attributes, "id");
	if (!a)
		a = gumbo_get_attribute(&n->v.element.attributes, "role");
	if (!a)
		return 0;
	for (i = 0; chrome[i]; i++)
		if (strcasestr(a->value, chrome[i]))
			return 1;
	return 0;
}

static int is_block(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
	case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_DIV:
	case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TR:
	case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_PRE: case GUMBO_TAG_BR:
		return 1;
	default:
		return 0;
	}
}

/* Starts a new paragraph unless the text already ends with one. */
static vg_status paragraph_break(struct buf *b)
{
	if (!b->len)
		return VG_OK;
	while (b->len && b->ptr[b->len - 1] == ' ')
		b->ptr[--b->len] = '\0';
	if (b->len >= 2 && b->ptr[b->len - 1] == '\n' && b->ptr[b->len - 2] == '\n')
		return VG_OK;
	if (b->len >= 1 && b->ptr[b->len - 1] == '\n')
		return buf_addc(b, '\n');
	return buf_adds(b, "\n\n");
}

/* Appends text with runs of white space folded into one space. */
static vg_status add_text(struct buf *b, const char *s)
{
	vg_status rc = VG_OK;
	int space = 0;

	for (; *s && !rc; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len && b->ptr[b->len - 1] != ' ' &&
		    b->ptr[b->len - 1] != '\n')
			rc = buf_addc(b, ' ');
		space = 0;
		if (!rc)
			rc = buf_addc(b, *s);
	}
	if (!rc && space && b->len && b->ptr[b->len - 1] != ' ' &&
	    b->ptr[b->len - 1] != '\n')
		rc = buf_addc(b, ' ');
	return rc;
}

static vg_status walk(const GumboNode *n, struct buf *b, int depth)
{
	const GumboVector *kids;
	unsigned i;
	vg_status rc = VG_OK;

	if (depth > 200)
		return VG_OK; /* pathological nesting: the rest is not prose */
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA)
		return add_text(b, n->v.text.text);
	if (n->type == GUMBO_NODE_WHITESPACE)
		return add_text(b, " ");
	if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT)
		return VG_OK;
	if (n->type == GUMBO_NODE_ELEMENT && is_dropped(n))
		return VG_OK;
	kids = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children :
						&n->v.element.children;
	if (n->type == GUMBO_NODE_ELEMENT && is_block(n->v.element.tag))
		rc = paragraph_break(b);
	for (i = 0; i < kids->length && !rc; i++)
		rc = walk(kids->data[i], b, depth + 1);
	if (!rc && n->type == GUMBO_NODE_ELEMENT && is_block(n->v.element.tag))
		rc = paragraph_break(b);
	return rc;
}

vg_status extract_html_text(const char *html, size_t len, char **out,
			    struct vg_error *err)
{
	GumboOutput *g;
	struct buf b;
	vg_status rc;

	*out = NULL;
	if (len > EXTRACT_MAX_TEXT)
		return vg_fail(err, VG_ETOOBIG, "html",
			       "page over %u bytes", EXTRACT_MAX_TEXT);
	g = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
	if (!g)
		return vg_fail(err, VG_ENOMEM, "html", "out of memory");
	buf_init(&b, EXTRACT_MAX_TEXT);
	rc = walk(g->document, &b, 0);
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	while (!rc && b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == ' '))
		b.ptr[--b.len] = '\0';
	if (rc) {
		buf_free(&b);
		return vg_fail(err, rc, "html", "page text too large");
	}
	*out = buf_detach(&b);
	if (!*out)
		return vg_fail(err, VG_ENOMEM, "html", "out of memory");
	return VG_OK;
}
