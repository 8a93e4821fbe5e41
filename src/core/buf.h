/* buf.h — a growing byte buffer with a hard size cap.
 *
 * After the style of curl's dynbuf: the cap is given at init, and no input
 * can make the buffer grow past it (appends then fail with VG_ETOOBIG and
 * leave the content as it was). The content is always NUL-terminated.
 *
 * The first refused append is sticky: every later append fails with the
 * same status, so a page whose middle was refused (too big, out of memory)
 * cannot go on to grow a tail and be sent as if complete. A caller that
 * builds a page from many appends may ignore their results and check
 * buf_error once at the end. */
#ifndef VIGIL_CORE_BUF_H
#define VIGIL_CORE_BUF_H

#include <stddef.h>

#include "core/err.h"

struct buf {
	char *ptr;   /* NULL until the first append */
	size_t len;  /* bytes used, not counting the terminating NUL */
	size_t size; /* bytes allocated */
	size_t max;  /* the most len may ever be */
	vg_status err; /* the first refused append; VG_OK while none was */
};

/* Prepares an empty buffer that will hold at most max bytes. No allocation. */
void buf_init(struct buf *b, size_t max);

/* Appends len bytes. VG_ETOOBIG past the cap, VG_ENOMEM on allocation
 * failure; on failure the content is unchanged and the buffer keeps the
 * error: this and every later append return it until buf_reset. */
vg_status buf_add(struct buf *b, const void *data, size_t len);
vg_status buf_adds(struct buf *b, const char *s);
vg_status buf_addc(struct buf *b, char c);
vg_status buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* VG_OK, or the status of the first append that was refused since the
 * buffer was initialised or last reset. */
vg_status buf_error(const struct buf *b);

/* The content as a C string; "" for an empty buffer. Owned by the buffer. */
const char *buf_str(const struct buf *b);

/* Empties the buffer, keeping its memory, and forgets a refused append:
 * what is written next (an error page) starts clean. */
void buf_reset(struct buf *b);

/* Hands the content to the caller (free() it); the buffer is left empty.
 * Returns a freshly allocated "" for an empty buffer, NULL on ENOMEM and
 * NULL (the content freed) when an append was refused: content missing a
 * part is never handed on. */
char *buf_detach(struct buf *b);

/* Frees the memory and forgets a refused append; the buffer may be
 * reused after buf_init. */
void buf_free(struct buf *b);

#endif
