/* Fuzzes the form parsers. The first byte picks the parser; for
 * multipart, the first line is the Content-Type header and the rest the
 * body. Every field parsed must be findable again and within the limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"

static void check_fields(const struct form *f)
{
	size_t i;

	if (f->n > f->max_fields)
		abort();
	for (i = 0; i < f->n; i++) {
		if (!f->v[i].name || !f->v[i].value)
			abort();
		if (!f->v[i].filename && f->v[i].len > f->max_value)
			abort();
		if (!form_find(f, f->v[i].name))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data + 1;
	size_t len = size ? size - 1 : 0;
	struct vg_error err;
	char ctype[512];
	const char *nl;
	struct form f;

	if (size == 0)
		return 0;
	form_init(&f, 64, 4096, 65536);
	if (data[0] & 1) {
		nl = memchr(body, '\n', len);
		if (!nl || (size_t)(nl - body) >= sizeof(ctype)) {
			form_free(&f);
			return 0;
		}
		memcpy(ctype, body, (size_t)(nl - body));
		ctype[nl - body] = '\0';
		len -= (size_t)(nl - body) + 1;
		body = nl + 1;
		if (form_parse_multipart(&f, ctype, body, len, &err) == VG_OK)
			check_fields(&f);
	} else {
		if (form_parse_urlencoded(&f, body, len, &err) == VG_OK)
			check_fields(&f);
	}
	form_free(&f);
	return 0;
}
