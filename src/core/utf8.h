/* utf8.h — decoding one UTF-8 character, strictly (no overlongs, no
 * surrogates, nothing past U+10FFFF), for the writers that must escape
 * what is not valid: HTML pages and the log. */
#ifndef VIGIL_CORE_UTF8_H
#define VIGIL_CORE_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the valid UTF-8 sequence at s, reading at most
 * len (>= 1) bytes, with its code point in *cp; 0 when the bytes there are
 * not valid UTF-8. */
size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp);

#endif
