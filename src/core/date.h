/* date.h — dates as people write them about the disappeared, with their
 * precision kept: "14 December 2022", "December 2022", "2022-12", "2022",
 * "about 1976", "July 2021", "since July 2021", "before 2019"; also
 * "14.12.2022" (day first) and "2022年12月14日" as documents of the
 * region write them. The full list is at the top of date.c.
 *
 * A date is a range [start, end] of days plus how it was known, so that
 * "July 2021" sorts and filters as 2021-07-01..2021-07-31 and prints back as
 * "July 2021", never as a made-up day. */
#ifndef VIGIL_CORE_DATE_H
#define VIGIL_CORE_DATE_H

#include <stddef.h>

#include "core/err.h"

enum date_precision {
	DATE_DAY,   /* 14 December 2022 */
	DATE_MONTH, /* December 2022 */
	DATE_YEAR   /* 2022 */
};

enum date_qualifier {
	DATE_EXACT,  /* as written */
	DATE_ABOUT,  /* "about", "around", "c.", "circa", "~" */
	DATE_SINCE,  /* "since", "from": an open range from the date */
	DATE_BEFORE, /* "before", "by": an open range up to the date */
	DATE_AFTER   /* "after" */
};

struct fuzzy_date {
	int year, month, day; /* month and day 0 when unknown */
	enum date_precision precision;
	enum date_qualifier qualifier;
};

/* Parses s (leading and trailing space ignored). VG_EINVAL with a message
 * that says what was expected for anything it cannot read exactly, and for
 * impossible dates (31 February, month 13, year before 1800 or after 2200). */
vg_status date_parse(const char *s, struct fuzzy_date *out,
		     struct vg_error *err);

/* Prints the human form: "14 December 2022", "about 1976",
 * "since July 2021". Returns 0, or -1 if size is too small. */
int date_format(const struct fuzzy_date *d, char *out, size_t size);

/* Prints the machine form: "2022-12-14", "2022-12", "~1976", ">2021-07",
 * "<2019" — what JSON export writes and date_parse reads back. */
int date_format_iso(const struct fuzzy_date *d, char *out, size_t size);

/* The first and last day the date may mean, as "YYYY-MM-DD" (for sorting and
 * range filters). An open range ends (or starts) at the date itself. */
void date_range(const struct fuzzy_date *d, char start[11], char end[11]);

#endif
