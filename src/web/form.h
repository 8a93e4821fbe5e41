/* form.h — parsing of query strings, urlencoded forms and multipart bodies.
 *
 * Parsers work on a complete body held in memory (the server caps its
 * size) and copy every name and value into the form, so the body may be
 * freed afterwards. Limits: the number of fields and the length of each
 * value; going over either fails with VG_ETOOBIG naming the field. */
#ifndef VIGIL_WEB_FORM_H
#define VIGIL_WEB_FORM_H

#include <stddef.h>

#include "core/err.h"

struct form_field {
	char *name;
	char *value;        /* NUL-terminated; may also hold NULs (files) */
	size_t len;
	char *filename;     /* multipart file parts only, else NULL */
	char *content_type; /* multipart parts that gave one, else NULL */
};

struct form {
	struct form_field *v;
	size_t n, cap;
	size_t max_fields;
	size_t max_value;   /* for values that are not files */
	size_t max_file;    /* for file parts */
};

/* An empty form with the given limits. No allocation. */
void form_init(struct form *f, size_t max_fields, size_t max_value,
	       size_t max_file);
void form_free(struct form *f);

/* Adds one field (copies). VG_ETOOBIG over a limit, VG_ENOMEM. */
vg_status form_add(struct form *f, const char *name, size_t name_len,
		   const char *value, size_t len, const char *filename,
		   const char *content_type);

/* a=1&b=x+y&c=%C3%A9 ("+" is a space). VG_EINVAL for a bad escape or a
 * value that is not valid UTF-8, naming the field. */
vg_status form_parse_urlencoded(struct form *f, const char *data, size_t len,
				struct vg_error *err);

/* multipart/form-data; content_type is the request's Content-Type header
 * (the boundary is read from it). VG_EINVAL for a malformed body. */
vg_status form_parse_multipart(struct form *f, const char *content_type,
			       const char *data, size_t len,
			       struct vg_error *err);

/* The first field called name, or NULL. */
const struct form_field *form_find(const struct form *f, const char *name);
/* Its value, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* The i-th field called name, or NULL. */
const struct form_field *form_nth(const struct form *f, const char *name,
				  size_t i);

/* Decodes %XX and (with plus_space) '+' in place; returns the new length,
 * or (size_t)-1 for a bad escape. */
size_t form_url_decode(char *s, size_t len, int plus_space);

/* 1 when s[0..len) is valid UTF-8 without NUL bytes. */
int form_utf8_ok(const char *s, size_t len);

#endif
