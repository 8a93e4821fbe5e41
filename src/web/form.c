/* Query strings, urlencoded forms and multipart bodies, parsed from memory
 * with a cap on every count and length. */
#include "web/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void form_init(struct form *f, size_t max_fields, size_t max_value,
	       size_t max_file)
{
	memset(f, 0, sizeof(*f));
	f->max_fields = max_fields;
	f->max_value = max_value;
	f->max_file = max_file;
}

void form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
		free(f->v[i].filename);
		free(f->v[i].content_type);
	}
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

static char *dup_n(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

vg_status form_add(struct form *f, const char *name, size_t name_len,
		   const char *value, size_t len, const char *filename,
		   const char *content_type)
{
	struct form_field *fld, *nv;
	size_t cap;

	if (f->n >= f->max_fields)
		return VG_ETOOBIG;
	if (len > (filename ? f->max_file : f->max_value) || name_len > 256)
		return VG_ETOOBIG;
	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 16;
		nv = realloc(f->v, cap * sizeof(*nv));
		if (!nv)
			return VG_ENOMEM;
		f->v = nv;
		f->cap = cap;
	}
	fld = &f->v[f->n];
	memset(fld, 0, sizeof(*fld));
	fld->name = dup_n(name, name_len);
	fld->value = dup_n(value, len);
	fld->len = len;
	if (filename)
		fld->filename = dup_n(filename, strlen(filename));
	if (content_type)
		fld->content_type = dup_n(content_type, strlen(content_type));
	if (!fld->name || !fld->value || (filename && !fld->filename) ||
	    (content_type && !fld->content_type)) {
		free(fld->name);
		free(fld->value);
		free(fld->filename);
		free(fld->content_type);
		return VG_ENOMEM;
	}
	f->n++;
	return VG_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t form_url_decode(char *s, size_t len, int plus_space)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '+' && plus_space) {
			s[o++] = ' ';
			continue;
		}
		if (s[i] != '%') {
			s[o++] = s[i];
			continue;
		}
		if (i + 2 >= len)
			return (size_t)-1;
		hi = hexval(s[i + 1]);
		lo = hexval(s[i + 2]);
		if (hi < 0 || lo < 0)
			return (size_t)-1;
		s[o++] = (char)(hi * 16 + lo);
		i += 2;
	}
	s[o] = '\0';
	return o;
}

int form_utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, k;
	unsigned cp;

	while (i < len) {
		if (p[i] == 0)
			return 0;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			n = 2, cp = p[i] & 0x1f;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			n = 3, cp = p[i] & 0x0f;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			n = 4, cp = p[i] & 0x07;
		else
			return 0;
		if (i + n > len)
			return 0;
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n;
	}
	return 1;
}

/* One name=value pair of a urlencoded body, decoded and added. */
static vg_status add_pair(struct form *f, const char *pair, size_t len,
			  struct vg_error *err)
{
	const char *eq = memchr(pair, '=', len);
	size_t nlen = eq ? (size_t)(eq - pair) : len;
	size_t vlen = eq ? len - nlen - 1 : 0;
	char *name = dup_n(pair, nlen);
	char *value = dup_n(eq ? eq + 1 : "", vlen);
	vg_status st = VG_OK;

	if (!name || !value) {
		st = VG_ENOMEM;
		goto out;
	}
	nlen = form_url_decode(name, nlen, 1);
	vlen = form_url_decode(value, vlen, 1);
	if (nlen == (size_t)-1 || vlen == (size_t)-1) {
		st = vg_fail(err, VG_EINVAL, "form", "bad percent escape");
		goto out;
	}
	if (!form_utf8_ok(name, nlen) || !form_utf8_ok(value, vlen)) {
		st = vg_fail(err, VG_EINVAL, "form",
			     "field '%.64s' is not valid UTF-8",
			     form_utf8_ok(name, nlen) ? name : "?");
		goto out;
	}
	st = form_add(f, name, nlen, value, vlen, NULL, NULL);
	if (st == VG_ETOOBIG)
		vg_fail(err, st, "form", "field '%.64s' is too long, or too many fields",
			name);
out:
	free(name);
	free(value);
	return st;
}

vg_status form_parse_urlencoded(struct form *f, const char *data, size_t len,
				struct vg_error *err)
{
	size_t i = 0, j;
	vg_status st;

	while (i < len) {
		j = i;
		while (j < len && data[j] != '&')
			j++;
		if (j > i) {
			st = add_pair(f, data + i, j - i, err);
			if (st != VG_OK)
				return st;
		}
		i = j + 1;
	}
	return VG_OK;
}

/* Copies the value of param (boundary, name, filename) from a header
 * value such as `form-data; name="title"; filename="a.txt"`. */
static int header_param(const char *h, size_t hlen, const char *param,
			char *out, size_t size)
{
	size_t plen = strlen(param), i, o = 0;
	const char *p = h, *end = h + hlen;

	while (p < end) {
		const char *sc = memchr(p, ';', (size_t)(end - p));

		if (!sc)
			return -1;
		p = sc + 1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) <= plen || strncasecmp(p, param, plen) ||
		    p[plen] != '=')
			continue;
		p += plen + 1;
		if (p < end && *p == '"') {
			for (i = 1; p + i < end && p[i] != '"'; i++) {
				if (o + 1 >= size)
					return -1;
				out[o++] = p[i];
			}
		} else {
			for (i = 0; p + i < end && p[i] != ';' && p[i] != ' ';
			     i++) {
				if (o + 1 >= size)
					return -1;
				out[o++] = p[i];
			}
		}
		out[o] = '\0';
		return 0;
	}
	return -1;
}

struct part_head {
	char name[257];
	char filename[256];
	char ctype[128];
	int has_filename;
};

static vg_status parse_part_headers(const char *h, size_t len,
				    struct part_head *ph, struct vg_error *err)
{
	const char *p = h, *end = h + len;

	memset(ph, 0, sizeof(*ph));
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		size_t llen = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (llen > 20 && !strncasecmp(p, "Content-Disposition:", 20)) {
			if (header_param(p, llen, "name", ph->name,
					 sizeof(ph->name)))
				return vg_fail(err, VG_EINVAL, "multipart",
					       "a part has no name");
			ph->has_filename = !header_param(p, llen, "filename",
							 ph->filename,
							 sizeof(ph->filename));
		} else if (llen > 13 && !strncasecmp(p, "Content-Type:", 13)) {
			size_t s = 13, n;

			while (s < llen && p[s] == ' ')
				s++;
			n = llen - s < sizeof(ph->ctype) - 1 ?
				    llen - s : sizeof(ph->ctype) - 1;
			memcpy(ph->ctype, p + s, n);
			ph->ctype[n] = '\0';
		}
		p = eol ? eol + 2 : end;
	}
	if (!ph->name[0])
		return vg_fail(err, VG_EINVAL, "multipart",
			       "a part has no Content-Disposition name");
	return VG_OK;
}

vg_status form_parse_multipart(struct form *f, const char *content_type,
			       const char *data, size_t len,
			       struct vg_error *err)
{
	char boundary[80], delim[84];
	size_t dlen;
	const char *p, *end = data + len;
	struct part_head ph;
	vg_status st;

	if (!content_type ||
	    header_param(content_type, strlen(content_type), "boundary",
			 boundary, 71) || !boundary[0])
		return vg_fail(err, VG_EINVAL, "multipart",
			       "no boundary in Content-Type");
	dlen = (size_t)snprintf(delim, sizeof(delim), "--%s", boundary);
	if (len < dlen || memcmp(data, delim, dlen))
		return vg_fail(err, VG_EINVAL, "multipart",
			       "body does not start with the boundary");
	p = data + dlen;
	for (;;) {
		const char *hend, *next;

		if (end - p >= 2 && !memcmp(p, "--", 2))
			return VG_OK; /* the closing delimiter */
		if (end - p < 2 || memcmp(p, "\r\n", 2))
			return vg_fail(err, VG_EINVAL, "multipart",
				       "malformed boundary line");
		p += 2;
		hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return vg_fail(err, VG_EINVAL, "multipart",
				       "part headers do not end");
		st = parse_part_headers(p, (size_t)(hend - p), &ph, err);
		if (st != VG_OK)
			return st;
		p = hend + 4;
		next = memmem(p, (size_t)(end - p), "\r\n", 2);
		while (next && ((size_t)(end - next) < 2 + dlen ||
				memcmp(next + 2, delim, dlen)))
			next = memmem(next + 2, (size_t)(end - next - 2),
				      "\r\n", 2);
		if (!next)
			return vg_fail(err, VG_EINVAL, "multipart",
				       "part '%.64s' is not terminated",
				       ph.name);
		if (!ph.has_filename &&
		    !form_utf8_ok(p, (size_t)(next - p)))
			return vg_fail(err, VG_EINVAL, "multipart",
				       "field '%.64s' is not valid UTF-8",
				       ph.name);
		st = form_add(f, ph.name, strlen(ph.name), p,
			      (size_t)(next - p),
			      ph.has_filename ? ph.filename : NULL,
			      ph.ctype[0] ? ph.ctype : NULL);
		if (st == VG_ETOOBIG)
			return vg_fail(err, st, "multipart",
				       "field '%.64s' is too long, or too many fields",
				       ph.name);
		if (st != VG_OK)
			return st;
		p = next + 2 + dlen;
	}
}

const struct form_field *form_nth(const struct form *f, const char *name,
				  size_t i)
{
	size_t k;

	for (k = 0; k < f->n; k++) {
		if (strcmp(f->v[k].name, name))
			continue;
		if (i == 0)
			return &f->v[k];
		i--;
	}
	return NULL;
}

const struct form_field *form_find(const struct form *f, const char *name)
{
	return form_nth(f, name, 0);
}

const char *form_get(const struct form *f, const char *name)
{
	const struct form_field *fld = form_find(f, name);

	return fld ? fld->value : NULL;
}
