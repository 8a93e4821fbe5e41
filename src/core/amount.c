/* amount.c — whole numbers and amounts as people type them. A Kazakh or
 * Russian writer groups thousands with a space or a dot ("150 000",
 * "150.000"), an English one with a comma; a fine is written with its
 * currency ("150 000 тенге", "₸150 000", "5000 元"). Groups must be of
 * three digits, so that "1.5" or "15 00" is refused rather than read as
 * fifteen hundred. */
#include "core/amount.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/paths.h"
#include "core/utf8.h"

#define MAX_WORDS 120
#define WORD_MAX 32
#define TEXT_MAX 200

struct currency_word {
	char code[4];
	char word[WORD_MAX];
};

static struct currency_word words[MAX_WORDS];
static size_t nwords;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static void load_words(void)
{
	char path[1024], line[512], *code, *rest, *w, *save = NULL;
	FILE *f;

	if (paths_data_file(path, sizeof(path), "numbers/currencies.tsv") != 0)
		return;
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		code = line;
		rest = strchr(line, '\t');
		if (!rest || rest - code != 3)
			continue;
		*rest++ = '\0';
		for (w = strtok_r(rest, " \n", &save); w && nwords < MAX_WORDS;
		     w = strtok_r(NULL, " \n", &save)) {
			if (strlen(w) >= WORD_MAX)
				continue;
			snprintf(words[nwords].code, 4, "%s", code);
			snprintf(words[nwords].word, WORD_MAX, "%s", w);
			nwords++;
		}
		/* the code itself, in lower case */
		if (nwords < MAX_WORDS) {
			snprintf(words[nwords].code, 4, "%s", code);
			snprintf(words[nwords].word, WORD_MAX, "%c%c%c",
				 tolower((unsigned char)code[0]),
				 tolower((unsigned char)code[1]),
				 tolower((unsigned char)code[2]));
			nwords++;
		}
	}
	fclose(f);
}

/* Length of a space-like separator at p (ASCII space, U+00A0 no-break,
 * U+202F narrow no-break, U+2009 thin space), 0 if none. */
static size_t space_at(const char *p)
{
	if (*p == ' ')
		return 1;
	if (!strncmp(p, "\xc2\xa0", 2))
		return 2;
	if (!strncmp(p, "\xe2\x80\xaf", 3) || !strncmp(p, "\xe2\x80\x89", 3))
		return 3;
	return 0;
}

vg_status amount_parse_whole(const char *s, int64_t *out, struct vg_error *err)
{
	const char *p = s;
	int64_t v = 0;
	int neg = 0, group = 0, digits = 0;
	char sep = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	while (*p) {
		size_t sp = space_at(p);
		char this_sep = sp ? ' ' : (*p == '.' || *p == ',') ? *p : 0;

		if (isdigit((unsigned char)*p)) {
			if (v > (INT64_MAX - 9) / 10)
				return vg_fail(err, VG_EINVAL, NULL,
					       "'%.40s' is too large", s);
			v = v * 10 + (*p - '0');
			digits++;
			group++;
			p++;
			continue;
		}
		/* A separator: the same one throughout, after a first group of
		 * one to three digits and between groups of exactly three. */
		if (!this_sep || !digits || (sep && this_sep != sep) ||
		    (sep && group != 3) || (!sep && group > 3))
			return vg_fail(err, VG_EINVAL, NULL, "cannot read '%.40s'"
				       " as a whole number (write 150000 or "
				       "150 000)", s);
		sep = this_sep;
		group = 0;
		p += sp ? sp : 1;
	}
	if (!digits || (sep && group != 3))
		return vg_fail(err, VG_EINVAL, NULL, "cannot read '%.40s' as a "
			       "whole number (write 150000 or 150 000)", s);
	*out = neg ? -v : v;
	return VG_OK;
}

/* The longest currency word s starts with (at_end: ends with), its
 * length and code; 0 for none. */
static size_t currency_at(const char *s, int at_end, char code[4])
{
	size_t i, best = 0, len = strlen(s);

	for (i = 0; i < nwords; i++) {
		size_t n = strlen(words[i].word);

		if (n <= best || n > len)
			continue;
		if (at_end ? !strcmp(s + len - n, words[i].word) :
			     !strncmp(s, words[i].word, n)) {
			best = n;
			memcpy(code, words[i].code, 4);
		}
	}
	return best;
}

/* s without the spaces at either end, in place. */
static char *trim(char *s)
{
	size_t n, sp;

	while ((sp = space_at(s)) != 0 || *s == '\t')
		s += sp ? sp : 1;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

vg_status amount_parse(const char *s, int64_t *value, char currency[4],
		       struct vg_error *err)
{
	char buf[TEXT_MAX], code[4] = "", *p;
	size_t n;

	(void)pthread_once(&words_once, load_words);
	currency[0] = '\0';
	if (!s || strlen(s) >= sizeof(buf))
		return vg_fail(err, VG_EINVAL, NULL, "expected an amount such "
			       "as 150 000 or 150 000 тенге");
	snprintf(buf, sizeof(buf), "%s", s);
	utf8_lower_cyrillic(buf);
	p = trim(buf);
	n = currency_at(p, 0, code);
	if (n)
		p = trim(p + n);
	else if ((n = currency_at(p, 1, code)) != 0) {
		p[strlen(p) - n] = '\0';
		p = trim(p);
	}
	if (!*p || !(isdigit((unsigned char)*p) || *p == '-' || *p == '+'))
		return vg_fail(err, VG_EINVAL, NULL, "cannot read '%.40s' as an "
			       "amount: expected a number with or without its "
			       "currency (150 000 тенге, 5000 元, KZT 150000)", s);
	if (amount_parse_whole(p, value, err) != VG_OK)
		return VG_EINVAL;
	memcpy(currency, code, 4);
	return VG_OK;
}
