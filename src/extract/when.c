/* when.c — since when and for how long a statement says: dates after
 * the status word ("since July 2021", "с июля 2021 года") or before it
 * ("2018 жылы ұсталды"), written back as the text has them or as
 * "2018-04", and terms ("15 years", "на 10 лет", "12 жылға", life). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

static void copy_span(const struct doc *d, size_t a, size_t b, char *out,
		      size_t size)
{
	size_t n = d->toks[b - 1].end - d->toks[a].start;

	snprintf(out, size, "%.*s", (int)n, d->text + d->toks[a].start);
}


/* The date in toks [a, b) as the text writes it ("July 2021"), or, when
 * it is written in Russian or Kazakh ("апреле 2018 года", "2018 жылдың
 * сәуірінде"), in the form dates are read back in: "2018-04-12",
 * "2018-04", "2018". */
void date_text(const struct doc *d, size_t a, size_t b, char *out,
	       size_t size)
{
	int key = date_key(d, a, b), day = 0;
	size_t k, ascii = 1;

	for (k = a; k < b; k++) {
		ascii &= (unsigned char)d->text[d->toks[k].start] < 0x80;
		if (d->toks[k].kind == TOK_NUM && strlen(d->toks[k].low) <= 2)
			day = (int)strtol(d->toks[k].low, NULL, 10);
	}
	if (ascii) {
		copy_span(d, a, b, out, size);
	} else if (key % 100 && day) {
		snprintf(out, size, "%04d-%02d-%02d", key / 100, key % 100, day);
	} else if (key % 100) {
		snprintf(out, size, "%04d-%02d", key / 100, key % 100);
	} else {
		snprintf(out, size, "%04d", key / 100);
	}
}

/* year * 100 + month of the date in toks [a, b). */
int date_key(const struct doc *d, size_t a, size_t b)
{
	const char *v;
	int year = 0, month = 0;

	for (; a < b; a++) {
		if (d->toks[a].kind == TOK_NUM && strlen(d->toks[a].low) == 4)
			year = (int)strtol(d->toks[a].low, NULL, 10);
		v = wordmap_get(&d->lex->calendar, d->toks[a].low);
		if (v && *v)
			month = (int)strtol(v, NULL, 10);
	}
	return year * 100 + month;
}

/* "since July 2021", "in 2018", "on 3 May 2019" within a few words after
 * k: the date's token range. */
/* Words between "in" and a date that leave the date as it is: "in early
 * 2018", "in the spring of 2018", "at the end of 2017". */
static int date_qualifier(const struct doc *d, size_t j)
{
	static const char *const q[] = { "early", "late", "mid", "the", "end",
					 "beginning", "middle", "of", "spring",
					 "summer", "autumn", "fall", "winter",
					 /* "в начале 2018 года" */
					 "начале", "конце", "середине",
					 NULL };

	return tok_in(d, j, q);
}

/* A date after token j ("in"), over qualifiers: its tokens, or 0. */
static size_t date_from(const struct doc *d, size_t j, size_t *a)
{
	size_t k, n;

	for (k = j + 1; k < j + 5 && k < d->ntoks; k++) {
		n = doc_date_at(d, k);
		if (n) {
			*a = k;
			return n;
		}
		if (!date_qualifier(d, k))
			return 0;
	}
	return 0;
}

/* The words a date follows: "since", "in", "on", "from", and the
 * Russian "в", "с" ("с июля 2021 года") and seasons ("летом 2018 года"). */
static int date_word(const struct doc *d, size_t j)
{
	static const char *const w[] = { "since", "in", "on", "from", "в", "во",
					 "с", "со", "от", "летом", "весной",
					 "осенью", "зимой", NULL };

	return tok_in(d, j, w);
}

/* The first token of the clause that token k is in, looking back: after
 * a name, a clause stop or the sentence's start. Russian and Kazakh put
 * the date and the term before the verb ("2018 жылы ұсталды", "12
 * жылға сотталды"). */
size_t clause_start(const struct doc *d, size_t k)
{
	size_t j;

	for (j = k; j > 0; j--) {
		const struct tok *t = &d->toks[j - 1];

		if (t->sent != d->toks[k].sent || t->quote != d->toks[k].quote ||
		    t->mention >= 0 || clause_stop(d, j - 1) || tok_punct(d, j - 1, ","))
			break;
	}
	return j;
}

/* A date in toks [from, k), before the statement's word: its range. */
int date_before(const struct doc *d, size_t from, size_t k, size_t *a,
		size_t *b)
{
	size_t j, n;

	int found = 0;

	/* the nearest date to the word, outside brackets ("(род. 1965)") */
	for (j = from; j < k; j++) {
		if (tok_punct(d, j, "(")) {
			while (j < k && !tok_punct(d, j, ")"))
				j++;
			continue;
		}
		n = doc_date_at(d, j);
		if (n && j + n <= k) {
			*a = j;
			*b = j + n;
			found = 1;
			j += n - 1;
		}
	}
	return found;
}

/* "since July 2021", "in 2018", "on 3 May 2019" within a few words after
 * k; else a sentence that opens with one ("In 2018, X was detained"): the
 * date's token range. */
int date_after(const struct doc *d, size_t k, size_t end, size_t *a,
	       size_t *b)
{
	size_t j, n;

	for (j = k + 1; j < end && j < k + 8; j++) {
		/* "detained 5 May 2018", "арестован 3 марта 2019 года" */
		n = doc_date_at(d, j);
		if (n >= 2 && (!j || !date_word(d, j - 1))) {
			*a = j;
			*b = j + n;
			return 1;
		}
		if (!date_word(d, j))
			continue;
		n = date_from(d, j, a);
		if (n) {
			*b = *a + n;
			return 1;
		}
	}
	for (j = k; j > 0 && d->toks[j - 1].sent == d->toks[k].sent; j--)
		;
	if (j < k && date_word(d, j) && (d->toks[j].flags & TF_SENT_START)) {
		n = date_from(d, j, a);
		if (n && *a + n < k && tok_punct(d, *a + n, ",")) {
			*b = *a + n;
			return 1;
		}
	}
	return 0;
}

/* The value of an English number word ("seven"), or 0. */
static int number_word(const char *low)
{
	static const char *const n[] = { "one", "two", "three", "four", "five",
					 "six", "seven", "eight", "nine", "ten",
					 "eleven", "twelve", "thirteen", "fourteen",
					 "fifteen", "sixteen", "seventeen",
					 "eighteen", "nineteen", "twenty", NULL };
	int i;

	for (i = 0; n[i]; i++)
		if (!strcmp(low, n[i]))
			return i + 1;
	return 0;
}

/* "years" after a number: "15 years", "на 10 лет", "к 16 годам", "12
 * жылға". */
static int term_years(const struct doc *d, size_t k)
{
	static const char *const w[] = { "years", "year", "лет", "года", "год",
					  "годам", "годами", "жылға", "жыл",
					  "жылдық", NULL };

	return tok_in(d, k, w);
}

/* The years of a Russian compound term adjective ("девятилетний срок",
 * "десятилетнего заключения", "15-летний"), or 0. */
static int russian_term_years(const char *low)
{
	static const char *const n[] = { "одно", "двух", "трёх", "четырёх",
					 "пяти", "шести", "семи", "восьми",
					 "девяти", "десяти", "одиннадцати",
					 "двенадцати", "тринадцати",
					 "четырнадцати", "пятнадцати",
					 "шестнадцати", "семнадцати",
					 "восемнадцати", "девятнадцати",
					 "двадцати", NULL };
	const char *rest;
	char *end;
	long v;
	int i;

	for (i = 0; n[i]; i++) {
		size_t l = strlen(n[i]);

		if (!strncmp(low, n[i], l) && !strncmp(low + l, "летн", strlen("летн")))
			return i + 1;
	}
	/* "трехлетний" is written without the dots too */
	if (!strncmp(low, "трехлетн", strlen("трехлетн")))
		return 3;
	if (!strncmp(low, "четырехлетн", strlen("четырехлетн")))
		return 4;
	v = strtol(low, &end, 10);
	rest = end;
	if (end != low && v > 0 && v <= 99 && *rest == '-' &&
	    !strncmp(rest + 1, "летн", strlen("летн")))
		return (int)v;
	return 0;
}

/* "пожизненному заключению", "өмір бойына": life; "смертной казни":
 * death. The term as written in the proposal, or NULL. */
static const char *term_life(const struct doc *d, size_t k)
{
	const char *low = d->toks[k].low;

	if (!strncmp(low, "пожизненн", strlen("пожизненн")) ||
	    (tok_is(d, k, "өмір") && tok_is(d, k + 1, "бойына")))
		return "life";
	if (!strncmp(low, "смертн", strlen("смертн")) || tok_is(d, k, "өлім"))
		return "death";
	return NULL;
}

/* "sentenced to 15 years", "a 10-year sentence", "life imprisonment". */
int term_after(const struct doc *d, size_t k, size_t end, char *out,
	       size_t size, size_t *stop)
{
	size_t j;

	for (j = k; j < end && j < k + 10; j++) {
		const char *low = d->toks[j].low;

		if (((d->toks[j].kind == TOK_NUM && strlen(low) <= 2) || number_word(low)) &&
		    term_years(d, j + 1)) {
			if (number_word(low))
				snprintf(out, size, "%d years", number_word(low));
			else
				snprintf(out, size, "%s years", low);
			*stop = j + 2;
			return 1;
		}
		if (d->toks[j].kind == TOK_NUM && strstr(low, "-year")) {
			snprintf(out, size, "%.*s years",
				 (int)(strstr(low, "-year") - low), low);
			*stop = j + 1;
			return 1;
		}
		if (russian_term_years(low)) {
			snprintf(out, size, "%d years", russian_term_years(low));
			*stop = j + 1;
			return 1;
		}
		if (tok_is(d, j, "life") || tok_is(d, j, "death")) {
			snprintf(out, size, "%s", low);
			*stop = j + 1;
			return 1;
		}
		if (term_life(d, j)) {
			snprintf(out, size, "%s", term_life(d, j));
			*stop = j + 1;
			return 1;
		}
	}
	return 0;
}

