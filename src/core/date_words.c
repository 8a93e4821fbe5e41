/* date_words.c — dates written in Russian, Kazakh and Chinese, rewritten
 * into the English form date.c reads: "с июля 2021 года" becomes
 * "since July 2021", "2021 жылдың шілдесінен бері" "since July 2021",
 * "около 1976" "about 1976", "自2021年7月" "since 2021年7月".
 *
 * The words are data (data/dates/words.tsv), read once. A date with a
 * word that is none of them is not rewritten, so that date.c refuses it
 * with its usual message rather than this file guessing. */
#include "core/date_words.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/utf8.h"

#define MAX_WORDS 400
#define WORD_MAX 48
#define TOKENS_MAX 8

enum kind { K_MONTH, K_STEM, K_BEFORE, K_AFTER, K_DROP, K_CJK_BEFORE,
	    K_CJK_AFTER };

struct word {
	enum kind kind;
	int month;               /* K_MONTH, K_STEM */
	const char *qualifier;   /* "since", "about", ... for the others */
	char form[WORD_MAX];
};

static struct word words[MAX_WORDS];
static size_t nwords;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static int kind_parse(const char *s, enum kind *k)
{
	static const char *const names[] = { "month", "stem", "before", "after",
					     "drop", "cjk_before", "cjk_after" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*k = (enum kind)i;
			return 0;
		}
	return -1;
}

static const char *qualifier_word(const char *s)
{
	static const char *const q[] = { "about", "since", "before", "after" };
	size_t i;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (!strcmp(s, q[i]))
			return q[i];
	return NULL;
}

static void add_line(char *line)
{
	char *kind = line, *meaning, *forms, *save = NULL, *f;
	struct word w;

	meaning = strchr(kind, '\t');
	if (!meaning)
		return;
	*meaning++ = '\0';
	forms = strchr(meaning, '\t');
	if (!forms)
		return;
	*forms++ = '\0';
	memset(&w, 0, sizeof(w));
	if (kind_parse(kind, &w.kind) != 0)
		return;
	if (w.kind == K_MONTH || w.kind == K_STEM)
		w.month = (int)strtol(meaning, NULL, 10);
	else
		w.qualifier = qualifier_word(meaning);
	if ((w.kind <= K_STEM && (w.month < 1 || w.month > 12)) ||
	    (w.kind != K_DROP && w.kind > K_STEM && !w.qualifier))
		return;
	for (f = strtok_r(forms, " \n", &save); f && nwords < MAX_WORDS;
	     f = strtok_r(NULL, " \n", &save)) {
		if (strlen(f) >= WORD_MAX)
			continue;
		words[nwords] = w;
		snprintf(words[nwords].form, WORD_MAX, "%s", f);
		nwords++;
	}
}

/* Missing or unreadable, the table is empty: dates are read in English
 * only, and each says so in date.c's message. */
static void load_words(void)
{
	char path[1024], line[1024];
	FILE *f;

	if (paths_data_file(path, sizeof(path), "dates/words.tsv") != 0)
		return;
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && line[0] != '\n')
			add_line(line);
	fclose(f);
}

/* The longest form of kind k that s starts with (at_end: ends with);
 * its length, 0 for none. */
static size_t match_mark(const char *s, enum kind k, int at_end,
			 const struct word **found)
{
	size_t i, best = 0, len = strlen(s);

	for (i = 0; i < nwords; i++) {
		size_t n = strlen(words[i].form);

		if (words[i].kind != k || n > len || n <= best)
			continue;
		if (at_end ? !strcmp(s + len - n, words[i].form) :
			     !strncmp(s, words[i].form, n)) {
			best = n;
			*found = &words[i];
		}
	}
	return best;
}

static const struct word *find_word(const char *tok)
{
	const struct word *stem = NULL;
	size_t i, n, best = 0;

	for (i = 0; i < nwords; i++) {
		if (words[i].kind == K_STEM) {
			n = strlen(words[i].form);
			if (!strncmp(tok, words[i].form, n) && n > best) {
				best = n;
				stem = &words[i];
			}
			continue;
		}
		if (words[i].kind <= K_DROP && !strcmp(tok, words[i].form))
			return &words[i];
	}
	return stem;
}

static int all_digits(const char *s, size_t *n)
{
	*n = strspn(s, "0123456789");
	return *n > 0 && s[*n] == '\0';
}

/* What a date is made of once its words are read. */
struct parts {
	const char *qualifier;
	int day, month, year;
	const char *numeric;  /* a token date.c reads as it is ("2021-07") */
};

static int take_token(char *tok, struct parts *p)
{
	const struct word *w;
	size_t n;

	if (all_digits(tok, &n)) {
		if (n == 4 && !p->year)
			p->year = (int)strtol(tok, NULL, 10);
		else if (n <= 2 && !p->day)
			p->day = (int)strtol(tok, NULL, 10);
		else
			return -1;
		return 0;
	}
	/* "2021г." and "2021ж." with the year word against the number */
	if (n == 4 && !p->year && find_word(tok + n) &&
	    find_word(tok + n)->kind == K_DROP) {
		p->year = (int)strtol(tok, NULL, 10);
		return 0;
	}
	if (isdigit((unsigned char)tok[0])) {
		if (p->numeric)
			return -1;
		p->numeric = tok;
		return 0;
	}
	w = find_word(tok);
	if (!w)
		return -1;
	switch (w->kind) {
	case K_MONTH:
	case K_STEM:
		if (p->month)
			return -1;
		p->month = w->month;
		return 0;
	case K_BEFORE:
	case K_AFTER:
		if (p->qualifier)
			return -1;
		p->qualifier = w->qualifier;
		return 0;
	default:
		return 0;  /* a word for "year" */
	}
}

/* Strips the Chinese marks before and after the date, noting their
 * qualifier. */
static char *strip_cjk(char *s, struct parts *p)
{
	const struct word *w = NULL;
	size_t n = match_mark(s, K_CJK_BEFORE, 0, &w);

	if (n) {
		p->qualifier = w->qualifier;
		s += n;
	}
	n = match_mark(s, K_CJK_AFTER, 1, &w);
	if (n && !p->qualifier) {
		p->qualifier = w->qualifier;
		s[strlen(s) - n] = '\0';
	}
	return s;
}

int date_words_rewrite(const char *in, char *out, size_t size)
{
	struct parts p = { 0 };
	char buf[256], *tok, *save = NULL, *s;
	int ntok = 0, n;

	(void)pthread_once(&words_once, load_words);
	if (!nwords || !in || strlen(in) >= sizeof(buf))
		return 0;
	snprintf(buf, sizeof(buf), "%s", in);
	utf8_lower_cyrillic(buf);
	s = strip_cjk(buf, &p);
	for (tok = strtok_r(s, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (++ntok > TOKENS_MAX || take_token(tok, &p) != 0)
			return 0;
	}
	if (p.numeric && (p.day || p.month || p.year))
		return 0;
	if (p.numeric)
		n = snprintf(out, size, "%s%s%s", p.qualifier ? p.qualifier : "",
			     p.qualifier ? " " : "", p.numeric);
	else if (p.year && p.month && p.day)
		n = snprintf(out, size, "%s%s%d %s %d",
			     p.qualifier ? p.qualifier : "",
			     p.qualifier ? " " : "", p.day,
			     month_names[p.month - 1], p.year);
	else if (p.year && p.month)
		n = snprintf(out, size, "%s%s%s %d",
			     p.qualifier ? p.qualifier : "",
			     p.qualifier ? " " : "", month_names[p.month - 1],
			     p.year);
	else if (p.year && !p.day)
		n = snprintf(out, size, "%s%s%d", p.qualifier ? p.qualifier : "",
			     p.qualifier ? " " : "", p.year);
	else
		return 0;
	return n > 0 && (size_t)n < size;
}
