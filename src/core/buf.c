#include "core/buf.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	assert(b);
	b->ptr = NULL;
	b->len = 0;
	b->size = 0;
	b->max = max;
	b->err = VG_OK;
}

/* Remembers the first refusal; every later append reports it. */
static vg_status buf_refuse(struct buf *b, vg_status s)
{
	if (b->err == VG_OK)
		b->err = s;
	return b->err;
}

static vg_status buf_reserve(struct buf *b, size_t extra)
{
	size_t need, size;
	char *p;

	if (b->err != VG_OK)
		return b->err;
	if (extra > b->max || b->len > b->max - extra)
		return buf_refuse(b, VG_ETOOBIG);
	need = b->len + extra + 1;
	if (need <= b->size)
		return VG_OK;
	size = b->size ? b->size : 64;
	while (size < need)
		size = size > ((size_t)-1) / 2 ? need : size * 2;
	if (size > b->max + 1)
		size = b->max + 1;
	p = realloc(b->ptr, size);
	if (!p)
		return buf_refuse(b, VG_ENOMEM);
	b->ptr = p;
	b->size = size;
	return VG_OK;
}

vg_status buf_add(struct buf *b, const void *data, size_t len)
{
	vg_status s;

	assert(b);
	s = buf_reserve(b, len);
	if (s != VG_OK)
		return s;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return VG_OK;
}

vg_status buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

vg_status buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

vg_status buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	vg_status s;

	if (b->err != VG_OK)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return buf_refuse(b, VG_EINTERNAL);
	s = buf_reserve(b, (size_t)n);
	if (s != VG_OK)
		return s;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return VG_OK;
}

vg_status buf_error(const struct buf *b)
{
	return b->err;
}

const char *buf_str(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = VG_OK;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *p = b->ptr;

	if (b->err != VG_OK) {
		buf_free(b);
		return NULL;
	}
	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = 0;
	b->size = 0;
	return p;
}

void buf_free(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
	b->size = 0;
	b->err = VG_OK;
}
