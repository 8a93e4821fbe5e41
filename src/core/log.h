/* log.h — one line per event on stderr, never personal data.
 *
 * Callers pass only what is safe to log: method, path without query,
 * status, durations, counts, record ids. Lines are written with a single
 * write so that threads do not interleave. */
#ifndef VIGIL_CORE_LOG_H
#define VIGIL_CORE_LOG_H

#include <stddef.h>

/* "2026-11-29T12:00:00Z vigil: <message>\n" on stderr. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes in[0..len) into out (size bytes, always NUL-terminated) with
 * every character a terminal would act on escaped: C0 and C1 controls and
 * DEL as \xNN, bidirectional controls (U+202E, ...) as \uNNNN, a byte
 * that is not UTF-8 as \xNN, and a backslash as \\, so that an escape
 * cannot be forged either. Stops before a character that does not fit.
 * Returns the bytes written. log_line applies it to every line. */
size_t log_escape(const char *in, size_t len, char *out, size_t size);

/* Silences log_line (tests, --quiet). */
void log_set_quiet(int quiet);

#endif
