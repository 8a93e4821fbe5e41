/* log.h — one line per event on stderr, never personal data.
 *
 * Callers pass only what is safe to log: method, path without query,
 * status, durations, counts, record ids. Lines are written with a single
 * write so that threads do not interleave. */
#ifndef VIGIL_CORE_LOG_H
#define VIGIL_CORE_LOG_H

/* "2026-11-29T12:00:00Z vigil: <message>\n" on stderr. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silences log_line (tests, --quiet). */
void log_set_quiet(int quiet);

#endif
