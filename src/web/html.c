/* Escaping by context. Nothing written by a page reaches the browser
 * without going through one of these, so this is where XSS is stopped. */
#include "web/page.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

void html_raw(struct buf *b, const char *s)
{
	if (s)
		(void)buf_adds(b, s);
}

void html_rawf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	(void)buf_adds(b, tmp);
}

/* Length of the valid UTF-8 sequence at s, or 0 when the bytes there are
 * not valid UTF-8 (overlongs and surrogates included). */
static size_t utf8_valid_len(const unsigned char *s, size_t len)
{
	unsigned cp;

	return utf8_decode(s, len, &cp);
}

static void escape(struct buf *b, const char *s, size_t len, int attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		switch (p[i]) {
		case '&': (void)buf_adds(b, "&amp;"); i++; continue;
		case '<': (void)buf_adds(b, "&lt;"); i++; continue;
		case '>': (void)buf_adds(b, "&gt;"); i++; continue;
		case '"': (void)buf_adds(b, "&quot;"); i++; continue;
		case '\'': (void)buf_adds(b, "&#39;"); i++; continue;
		case '\n':
			(void)buf_adds(b, attr ? "&#10;" : "\n");
			i++;
			continue;
		default:
			break;
		}
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\r') {
			/* Control characters are not allowed in HTML text. */
			(void)buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		n = utf8_valid_len(p + i, len - i);
		if (n == 0) {
			(void)buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		(void)buf_add(b, p + i, n);
		i += n;
	}
}

void html_txtn(struct buf *b, const char *s, size_t len)
{
	if (s)
		escape(b, s, len, 0);
}

void html_txt(struct buf *b, const char *s)
{
	if (s)
		escape(b, s, strlen(s), 0);
}

void html_attr(struct buf *b, const char *s)
{
	if (s)
		escape(b, s, strlen(s), 1);
}

void html_user_text(struct buf *b, const char *s)
{
	if (!s)
		return;
	html_raw(b, "<bdi>");
	escape(b, s, strlen(s), 0);
	html_raw(b, "</bdi>");
}

/* U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE. */
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"

void html_user_plain(struct buf *b, const char *s)
{
	if (!s)
		return;
	html_raw(b, FSI);
	escape(b, s, strlen(s), 0);
	html_raw(b, PDI);
}

void html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	char enc[3];

	if (!s)
		return;
	for (; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~') {
			(void)buf_addc(b, (char)*p);
			continue;
		}
		enc[0] = '%';
		enc[1] = hex[*p >> 4];
		enc[2] = hex[*p & 15];
		(void)buf_add(b, enc, 3);
	}
}

void html_link(struct buf *b, const char *prefix, const char *arg,
	       const char *text)
{
	html_raw(b, "<a href=\"");
	html_attr(b, prefix);
	html_url_arg(b, arg);
	html_raw(b, "\">");
	html_txt(b, text);
	html_raw(b, "</a>");
}

void html_csrf(struct web_req *rq)
{
	struct buf *b = web_out(rq);

	html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, web_csrf_token(rq));
	html_raw(b, "\">");
}
