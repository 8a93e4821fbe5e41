/* date.c — reading and writing dates with their precision.
 *
 * Accepted (case-insensitive, surrounding space ignored):
 *   14 December 2022 · December 14, 2022 · 14 Dec 2022 · December 2022 ·
 *   Dec 2022 · 2022-12-14 · 2022-12 · 2022 · 14.12.2022 and 12.2022 (day
 *   first, as Kazakh and Russian documents write them) · 2022年12月14日,
 *   2022年12月 and 2022年 (as Chinese documents and verdicts write them)
 * each optionally preceded by a qualifier:
 *   about/around/c./circa/~ (approximate) · since/from/> (open, from the
 *   date on) · before/by/< (open, up to the date) · after/>> (open, after
 *   the date).
 * The same in Russian, Kazakh and Chinese words ("с июля 2021 года",
 * "2021 жылдың шілдесінен бері", "около 1976", "自2021年7月") is read
 * through date_words.c, which rewrites it into the English form.
 * The machine form (date_format_iso) uses the symbols: "~1976", ">2021-07",
 * "<2019", ">>2020". */
#include "core/date.h"
#include "core/date_words.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define YEAR_MIN 1800
#define YEAR_MAX 2200

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static const char expected_forms[] =
	"expected a date like '14 December 2022', 'December 14, 2022', "
	"'December 2022', '2022-12-14', '2022-12', '2022', '14.12.2022' or "
	"'2022年12月14日', optionally "
	"after 'about', 'since', 'before' or 'after' (or the same in "
	"Russian or Kazakh: 'с июля 2021', 'шілде 2021')";

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

/* A cursor over the input; words are compared without case. */
struct scan {
	const char *p;
};

static void skip_space(struct scan *s)
{
	while (*s->p && isspace((unsigned char)*s->p))
		s->p++;
}

/* Consumes word (case-insensitive) if it is next and followed by a space,
 * a digit or the end; returns 1 if it did. */
static int take_word(struct scan *s, const char *word)
{
	size_t n = strlen(word);
	char next;

	if (strncasecmp(s->p, word, n) != 0)
		return 0;
	next = s->p[n];
	if (next && !isspace((unsigned char)next) &&
	    !isdigit((unsigned char)next) && word[n - 1] != '.' &&
	    word[n - 1] != '~' && word[n - 1] != '<' && word[n - 1] != '>')
		return 0;
	s->p += n;
	skip_space(s);
	return 1;
}

static enum date_qualifier take_qualifier(struct scan *s)
{
	static const struct {
		const char *word;
		enum date_qualifier q;
	} words[] = {
		{ "about", DATE_ABOUT }, { "around", DATE_ABOUT },
		{ "circa", DATE_ABOUT }, { "c.", DATE_ABOUT },
		{ "ca.", DATE_ABOUT },   { "~", DATE_ABOUT },
		{ "since", DATE_SINCE }, { "from", DATE_SINCE },
		{ "before", DATE_BEFORE }, { "by", DATE_BEFORE },
		{ "<", DATE_BEFORE },    { "after", DATE_AFTER },
		{ ">>", DATE_AFTER },    { ">", DATE_SINCE },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (take_word(s, words[i].word))
			return words[i].q;
	return DATE_EXACT;
}

/* Reads up to max_digits digits; returns how many it read (0: none). */
static int take_number(struct scan *s, int max_digits, int *out)
{
	int n = 0, v = 0;

	while (n < max_digits && isdigit((unsigned char)s->p[n])) {
		v = v * 10 + (s->p[n] - '0');
		n++;
	}
	if (n == 0 || isdigit((unsigned char)s->p[n]))
		return 0;
	s->p += n;
	*out = v;
	return n;
}

/* A month name in full or as its first three letters ("Sept" too), with an
 * optional full stop after an abbreviation. 1..12, or 0 if none is next. */
static int take_month(struct scan *s)
{
	size_t len = 0;
	int m;

	while (isalpha((unsigned char)s->p[len]))
		len++;
	if (len < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		size_t full = strlen(month_names[m]);

		if (len > full || strncasecmp(s->p, month_names[m], len))
			continue;
		if (len != full && len != 3 && !(m == 8 && len == 4))
			continue;
		s->p += len;
		if (len != full && *s->p == '.')
			s->p++;
		return m + 1;
	}
	return 0;
}

/* "2022-12-14", "2022-12", "2022" */
static int parse_numeric(struct scan *s, struct fuzzy_date *d)
{
	if (take_number(s, 4, &d->year) != 4)
		return 0;
	d->precision = DATE_YEAR;
	if (*s->p != '-')
		return 1;
	s->p++;
	if (take_number(s, 2, &d->month) != 2)
		return 0;
	d->precision = DATE_MONTH;
	if (*s->p != '-')
		return 1;
	s->p++;
	if (take_number(s, 2, &d->day) != 2)
		return 0;
	d->precision = DATE_DAY;
	return 1;
}

/* "14 December 2022", "14 Dec 2022" */
static int parse_day_month_year(struct scan *s, struct fuzzy_date *d)
{
	if (!take_number(s, 2, &d->day))
		return 0;
	skip_space(s);
	d->month = take_month(s);
	if (!d->month)
		return 0;
	skip_space(s);
	if (take_number(s, 4, &d->year) != 4)
		return 0;
	d->precision = DATE_DAY;
	return 1;
}

/* "December 14, 2022", "December 2022", "Dec 2022" */
static int parse_month_first(struct scan *s, struct fuzzy_date *d)
{
	int n;

	d->month = take_month(s);
	if (!d->month)
		return 0;
	skip_space(s);
	if (!take_number(s, 4, &n))
		return 0;
	if (n >= 1000) {
		d->year = n;
		d->precision = DATE_MONTH;
		return 1;
	}
	d->day = n;
	if (*s->p == ',')
		s->p++;
	skip_space(s);
	if (take_number(s, 4, &d->year) != 4)
		return 0;
	d->precision = DATE_DAY;
	return 1;
}

/* "14.12.2022", "12.2022": day first, never month first. */
static int parse_dotted(struct scan *s, struct fuzzy_date *d)
{
	int a, b, digits;

	if (!take_number(s, 2, &a) || *s->p != '.')
		return 0;
	s->p++;
	digits = take_number(s, 4, &b);
	if (digits == 4) {
		d->month = a;
		d->year = b;
		d->precision = DATE_MONTH;
		return 1;
	}
	if (digits == 0 || digits > 2 || *s->p != '.')
		return 0;
	s->p++;
	d->day = a;
	d->month = b;
	if (take_number(s, 4, &d->year) != 4)
		return 0;
	d->precision = DATE_DAY;
	return 1;
}

/* Consumes the UTF-8 sequence mark if it is next. */
static int take_mark(struct scan *s, const char *mark)
{
	size_t n = strlen(mark);

	if (strncmp(s->p, mark, n))
		return 0;
	s->p += n;
	return 1;
}

/* "2022年12月14日", "2022年12月", "2022年" */
static int parse_cjk(struct scan *s, struct fuzzy_date *d)
{
	if (take_number(s, 4, &d->year) != 4 || !take_mark(s, "年"))
		return 0;
	d->precision = DATE_YEAR;
	if (!*s->p)
		return 1;
	if (!take_number(s, 2, &d->month) || !take_mark(s, "月"))
		return 0;
	d->precision = DATE_MONTH;
	if (!*s->p)
		return 1;
	if (!take_number(s, 2, &d->day) || !take_mark(s, "日"))
		return 0;
	d->precision = DATE_DAY;
	return 1;
}

static vg_status check_date(const struct fuzzy_date *d, struct vg_error *err)
{
	if (d->year < YEAR_MIN || d->year > YEAR_MAX)
		return vg_fail(err, VG_EINVAL, NULL,
			       "year %d is outside %d to %d", d->year,
			       YEAR_MIN, YEAR_MAX);
	if (d->precision == DATE_YEAR)
		return VG_OK;
	if (d->month < 1 || d->month > 12)
		return vg_fail(err, VG_EINVAL, NULL,
			       "month %d does not exist (expected 1 to 12)",
			       d->month);
	if (d->precision == DATE_MONTH)
		return VG_OK;
	if (d->day < 1 || d->day > days_in_month(d->year, d->month))
		return vg_fail(err, VG_EINVAL, NULL,
			       "day %d does not exist: %s %d has %d days",
			       d->day, month_names[d->month - 1], d->year,
			       days_in_month(d->year, d->month));
	return VG_OK;
}

/* Undoes what a form that did not match read before it gave up. */
static void forget_parts(struct fuzzy_date *d)
{
	d->year = 0;
	d->month = 0;
	d->day = 0;
}

static int parse_english(const char *s, struct fuzzy_date *out);

vg_status date_parse(const char *s, struct fuzzy_date *out,
		     struct vg_error *err)
{
	char english[160];
	struct fuzzy_date d = { 0 };
	int ok;

	if (!s)
		s = "";
	ok = parse_english(s, &d);
	if (ok < 0)
		return vg_fail(err, VG_EINVAL, NULL, "empty date: %s",
			       expected_forms);
	if (!ok && date_words_rewrite(s, english, sizeof(english)))
		ok = parse_english(english, &d) > 0;
	if (!ok)
		return vg_fail(err, VG_EINVAL, NULL, "cannot read '%.60s' as a "
			       "date: %s", s, expected_forms);
	if (check_date(&d, err) != VG_OK)
		return VG_EINVAL;
	*out = d;
	return VG_OK;
}

/* 1 with *out set when s is a date in one of the English forms, 0 when it
 * is not, -1 when s is empty. */
static int parse_english(const char *s, struct fuzzy_date *out)
{
	static int (*const forms[])(struct scan *, struct fuzzy_date *) = {
		parse_numeric, parse_day_month_year, parse_month_first,
		parse_dotted, parse_cjk,
	};
	struct fuzzy_date d = { 0 };
	struct scan sc;
	const char *body;
	size_t i;
	int ok = 0;

	sc.p = s;
	skip_space(&sc);
	if (!*sc.p)
		return -1;
	d.qualifier = take_qualifier(&sc);
	body = sc.p;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		forget_parts(&d);
		sc.p = body;
		ok = forms[i](&sc, &d);
		if (!ok)
			continue;
		skip_space(&sc);
		ok = *sc.p == '\0';
		if (ok)
			break;
	}
	if (ok)
		*out = d;
	return ok;
}

static const char *human_prefix(enum date_qualifier q)
{
	switch (q) {
	case DATE_ABOUT: return "about ";
	case DATE_SINCE: return "since ";
	case DATE_BEFORE: return "before ";
	case DATE_AFTER: return "after ";
	case DATE_EXACT: break;
	}
	return "";
}

static const char *iso_prefix(enum date_qualifier q)
{
	switch (q) {
	case DATE_ABOUT: return "~";
	case DATE_SINCE: return ">";
	case DATE_BEFORE: return "<";
	case DATE_AFTER: return ">>";
	case DATE_EXACT: break;
	}
	return "";
}

static int fits(int n, size_t size)
{
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

/* A struct that did not come from date_parse may hold anything: such a
 * date is never printed or turned into a range by indexing with it. */
static int is_valid(const struct fuzzy_date *d)
{
	if ((unsigned)d->precision > DATE_YEAR ||
	    (unsigned)d->qualifier > DATE_AFTER)
		return 0;
	return check_date(d, NULL) == VG_OK;
}

int date_format(const struct fuzzy_date *d, char *out, size_t size)
{
	const char *q = human_prefix(d->qualifier);
	int n;

	if (!is_valid(d)) {
		if (size)
			out[0] = '\0';
		return -1;
	}
	switch (d->precision) {
	case DATE_DAY:
		n = snprintf(out, size, "%s%d %s %d", q, d->day,
			     month_names[d->month - 1], d->year);
		break;
	case DATE_MONTH:
		n = snprintf(out, size, "%s%s %d", q,
			     month_names[d->month - 1], d->year);
		break;
	default:
		n = snprintf(out, size, "%s%d", q, d->year);
		break;
	}
	return fits(n, size);
}

int date_format_iso(const struct fuzzy_date *d, char *out, size_t size)
{
	const char *q = iso_prefix(d->qualifier);
	int n;

	if (!is_valid(d)) {
		if (size)
			out[0] = '\0';
		return -1;
	}
	switch (d->precision) {
	case DATE_DAY:
		n = snprintf(out, size, "%s%04d-%02d-%02d", q, d->year,
			     d->month, d->day);
		break;
	case DATE_MONTH:
		n = snprintf(out, size, "%s%04d-%02d", q, d->year, d->month);
		break;
	default:
		n = snprintf(out, size, "%s%04d", q, d->year);
		break;
	}
	return fits(n, size);
}

/* Days since 1970-01-01 and back (Howard Hinnant's civil calendar
 * algorithms), so that "about" can widen a date by whole units. */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void write_day(char out[11], long days)
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The first and last day of the period the date names, widened by one unit
 * of its precision when it is approximate. */
static void period(const struct fuzzy_date *d, long *first, long *last)
{
	int y = d->year, widen = d->qualifier == DATE_ABOUT;

	switch (d->precision) {
	case DATE_DAY:
		*first = days_from_civil(y, d->month, d->day) - widen;
		*last = *first + 2 * widen;
		return;
	case DATE_MONTH: {
		int m0 = d->month - widen, y0 = y, m1 = d->month + widen,
		    y1 = y;

		if (m0 < 1) {
			m0 += 12;
			y0--;
		}
		if (m1 > 12) {
			m1 -= 12;
			y1++;
		}
		*first = days_from_civil(y0, m0, 1);
		*last = days_from_civil(y1, m1, days_in_month(y1, m1));
		return;
	}
	default:
		*first = days_from_civil(y - widen, 1, 1);
		*last = days_from_civil(y + widen, 12, 31);
		return;
	}
}

void date_range(const struct fuzzy_date *d, char start[11], char end[11])
{
	long first, last;

	if (!is_valid(d)) {
		/* unknown: it may mean any day */
		snprintf(start, 11, "0001-01-01");
		snprintf(end, 11, "9999-12-31");
		return;
	}
	period(d, &first, &last);
	switch (d->qualifier) {
	case DATE_SINCE:
		write_day(start, first);
		snprintf(end, 11, "9999-12-31");
		return;
	case DATE_AFTER:
		write_day(start, last + 1);
		snprintf(end, 11, "9999-12-31");
		return;
	case DATE_BEFORE:
		snprintf(start, 11, "0001-01-01");
		write_day(end, first - 1);
		return;
	default:
		write_day(start, first);
		write_day(end, last);
		return;
	}
}
