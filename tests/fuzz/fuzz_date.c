/* Fuzzes the date parser: any bytes must either parse or be refused with
 * a message, and whatever parses must print and read back as itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static void same_date_or_abort(const struct fuzzy_date *a,
			       const struct fuzzy_date *b)
{
	if (a->year != b->year || a->month != b->month || a->day != b->day ||
	    a->precision != b->precision || a->qualifier != b->qualifier)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzzy_date d, back;
	struct vg_error err;
	char text[300], iso[64], human[64], start[11], end[11];

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (date_parse(text, &d, &err) != VG_OK) {
		if (err.msg[0] == '\0')
			abort(); /* a refusal must say why */
		return 0;
	}
	if (date_format_iso(&d, iso, sizeof(iso)) != 0 ||
	    date_format(&d, human, sizeof(human)) != 0)
		abort();
	if (date_parse(iso, &back, &err) != VG_OK)
		abort();
	same_date_or_abort(&d, &back);
	date_range(&d, start, end);
	if (strcmp(start, end) > 0)
		abort();
	return 0;
}
