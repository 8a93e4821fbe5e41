#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/utf8.h"

static int log_quiet;

void log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

/* Characters a terminal or a log viewer would act on rather than show:
 * C0 and C1 controls, DEL, and the bidirectional controls that reorder
 * what follows them on the line. */
static int is_unsafe(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

size_t log_escape(const char *in, size_t len, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, o = 0, n;
	char esc[12];
	unsigned cp;

	if (size == 0)
		return 0;
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			snprintf(esc, sizeof(esc), "\\x%02x", p[i]);
		else if (cp == '\\')
			snprintf(esc, sizeof(esc), "\\\\");
		else if (is_unsafe(cp) && cp < 0x80)
			snprintf(esc, sizeof(esc), "\\x%02x", cp);
		else if (is_unsafe(cp))
			snprintf(esc, sizeof(esc), "\\u%04x", cp);
		else
			esc[0] = '\0';
		if (esc[0]) {
			size_t el = strlen(esc);

			if (o + el >= size)
				break;
			memcpy(out + o, esc, el);
			o += el;
			i += n ? n : 1;
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(out + o, p + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return o;
}

void log_line(const char *fmt, ...)
{
	char msg[1024], line[2048];
	struct tm tm;
	time_t now = time(NULL);
	size_t n;
	int k;
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	k = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	gmtime_r(&now, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ vigil: ", &tm);
	/* Every value in the line is escaped: a newline in a path (%0a)
	 * would otherwise start a line of the client's making. */
	n += log_escape(msg, strlen(msg), line + n, sizeof(line) - n - 1);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}
