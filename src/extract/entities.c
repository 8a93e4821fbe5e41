/* entities.c — organisations, places and dates: what must never become a
 * person, and what facts point at. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

static int is_word(const struct doc *d, size_t k)
{
	return k < d->ntoks && d->toks[k].kind == TOK_WORD;
}

static int is_cap(const struct doc *d, size_t k)
{
	return is_word(d, k) && (d->toks[k].flags & TF_CAP);
}

static int is_connector(const struct doc *d, size_t k)
{
	static const char *const words[] = { "of", "for", "and", "the", "on",
					     "de", "du", "in", NULL };
	size_t i;

	for (i = 0; words[i]; i++)
		if (tok_is(d, k, words[i]))
			return strcmp(words[i], "in") ? 1 : 2;
	return 0;
}

/* Remembers the surface text of toks [a, b) once. */
static vg_status add_name(const struct doc *d, char ***list, size_t *n,
			  size_t a, size_t b)
{
	size_t len = d->toks[b - 1].end - d->toks[a].start, i;
	const char *s = d->text + d->toks[a].start;
	char *copy, **grown;

	for (i = 0; i < *n; i++)
		if (strlen((*list)[i]) == len && !memcmp((*list)[i], s, len))
			return VG_OK;
	copy = strndup(s, len);
	grown = realloc(*list, (*n + 1) * sizeof(**list));
	if (!copy || !grown) {
		free(copy);
		if (grown)
			*list = grown;
		return VG_ENOMEM;
	}
	*list = grown;
	(*list)[(*n)++] = copy;
	return VG_OK;
}

static void mark(struct doc *d, size_t a, size_t b, unsigned flag)
{
	size_t k;

	for (k = a; k < b; k++)
		d->toks[k].flags |= flag;
}

/* "KzNews", "AsiaTimes": a single word ending in an organisation word
 * after an inner capital. */
static int camel_org(const struct doc *d, size_t k)
{
	const char *low = d->toks[k].low, *raw = d->text + d->toks[k].start;
	size_t n = strlen(low), cut;

	if (!is_cap(d, k) || n != d->toks[k].end - d->toks[k].start)
		return 0;
	for (cut = 2; cut + 3 <= n; cut++)
		if (raw[cut] >= 'A' && raw[cut] <= 'Z' &&
		    wordmap_get(&d->lex->orgs, low + cut))
			return 1;
	return 0;
}

/* After "and": does the capitalised run at k hold its own key word ("the
 * Atajurt Volunteer Committee")? Then it is a second organisation. */
static int names_another_org(const struct doc *d, size_t k)
{
	for (; is_cap(d, k); k++)
		if (wordmap_get(&d->lex->orgs, d->toks[k].low))
			return 1;
	return 0;
}

/* The extent of an organisation whose key word is token k. */
static int org_span(const struct doc *d, size_t k, size_t *a, size_t *b)
{
	const char *v = wordmap_get(&d->lex->orgs, d->toks[k].low);
	size_t s = k, e = k + 1, c;

	if (!v)
		return 0;
	if (!is_cap(d, k)) {
		if (strcmp(v, "lower") || k == 0 || !is_cap(d, k - 1))
			return 0;
	}
	while (s > 0 && is_cap(d, s - 1) && d->toks[s - 1].sent == d->toks[k].sent &&
	       !(d->toks[s - 1].flags & TF_CAL))
		s--;
	if (!is_cap(d, k) && s == k)
		return 0;
	for (;;) {
		/* "Communist Party Secretary Chen Quanguo": a title after the
		 * name of a body starts a person. */
		if (is_cap(d, e) && !(d->toks[e].flags & TF_CAL) &&
		    !wordmap_get(&d->lex->occupations, d->toks[e].low)) {
			e++;
			continue;
		}
		/* "of Foreign Affairs", "for Human Rights and the Rule of Law",
		 * but "in" only before a capital that is not a known place. */
		for (c = e; c < e + 2 && is_connector(d, c) == 1; c++)
			;
		if (c > e && is_cap(d, c) && !wordmap_get(&d->lex->places, d->toks[c].low) &&
		    !(tok_is(d, e, "and") && names_another_org(d, c))) {
			e = c + 1;
			continue;
		}
		break;
	}
	/* A lone key word is a common noun at a sentence start ("News of
	 * his arrest"), unless it follows "the" inside a sentence. */
	if (e - s == 1 && is_cap(d, k) &&
	    (d->toks[k].flags & TF_SENT_START || k == 0 || !tok_is(d, k - 1, "the")))
		return 0;
	*a = s;
	*b = e;
	return 1;
}

static int place_like(const struct doc *d, size_t k)
{
	const char *low = d->toks[k].low;
	size_t n = strlen(low);

	if (!is_cap(d, k) || (d->toks[k].flags & (TF_ORG | TF_CAL)))
		return 0;
	return n > 6 && !strcmp(low + n - 4, "stan");
}

static int plain_capital(const struct doc *d, size_t k)
{
	const struct extract_lexicon *x = d->lex;
	const char *low = d->toks[k].low;

	if (!is_cap(d, k) || (d->toks[k].flags & (TF_ORG | TF_CAL | TF_INITIAL)))
		return 0;
	return !wordmap_get(&x->common, low) && !wordmap_get(&x->given, low) &&
	       !wordmap_get(&x->ethnic, low) && !wordmap_get(&x->titles, low);
}

/* Is token k a known place with a Russian or Kazakh case ending
 * ("Алматыда", "Кульдже", "Шымкенте", "Жаркента")? */
static int place_stem(const struct doc *d, size_t k)
{
	return stem_in(d->toks[k].low, &d->lex->places);
}

static vg_status find_places(struct doc *d)
{
	size_t k, n, a;
	const char *v;
	vg_status rc = VG_OK;

	for (k = 0; k < d->ntoks && !rc; k++) {
		if (!is_cap(d, k) || (d->toks[k].flags & TF_ORG))
			continue;
		n = doc_match(d, &d->lex->places, k, &v);
		if (n) {
			mark(d, k, k + n, TF_PLACE);
			rc = add_name(d, &d->places, &d->nplaces, k, k + n);
			k += n - 1;
			continue;
		}
		if (place_like(d, k)) {
			mark(d, k, k + 1, TF_PLACE);
			rc = add_name(d, &d->places, &d->nplaces, k, k + 1);
			continue;
		}
		/* "Sanzhy regional", "Ili prefecture": capitals before a cue. */
		for (a = k; a < d->ntoks && plain_capital(d, a) && a < k + 3 &&
			    d->toks[a].sent == d->toks[k].sent &&
			    (a == k || !(d->toks[a].flags & TF_PARA_START)); a++)
			;
		if (a > k && doc_match(d, &d->lex->place_cues, a, NULL)) {
			mark(d, k, a, TF_PLACE);
			rc = add_name(d, &d->places, &d->nplaces, k, a);
			k = a;
			continue;
		}
		/* "Құлжада", "Алматыдан", "Кульдже": a known place with a
		 * case ending. */
		if (place_stem(d, k)) {
			mark(d, k, k + 1, TF_PLACE);
			rc = add_name(d, &d->places, &d->nplaces, k, k + 1);
			continue;
		}
		/* "in Ghulja.", "in Semey on Tuesday", "в Урумчи", "из
		 * Чугучака": one unknown capital after "in", alone. */
		if (k > 0 && (tok_is(d, k - 1, "in") || tok_is(d, k - 1, "в") ||
			      tok_is(d, k - 1, "во") || tok_is(d, k - 1, "из")) &&
		    plain_capital(d, k) &&
		    !is_cap(d, k + 1) && !tok_punct(d, k + 1, "'s") &&
		    !wordmap_get(&d->lex->endings, d->toks[k].low)) {
			mark(d, k, k + 1, TF_PLACE);
			rc = add_name(d, &d->places, &d->nplaces, k, k + 1);
		}
	}
	return rc;
}

/* "The Qazaq Times" alone on the last line: the paper signs its article. */
static vg_status find_publisher(struct doc *d)
{
	size_t k, last = 0;

	for (k = 0; k < d->ntoks; k++)
		if (d->toks[k].flags & TF_PARA_START)
			last = k;
	if (!d->ntoks || d->ntoks - last > 12)
		return VG_OK;
	for (k = last; k < d->ntoks; k++)
		if (d->toks[k].kind == TOK_WORD && !(d->toks[k].flags & TF_ORG))
			return VG_OK;
	if (!(d->toks[last].flags & TF_ORG))
		return VG_OK;
	for (k = d->ntoks; k > last && !(d->toks[k - 1].flags & TF_ORG); k--)
		;
	d->publisher = strndup(d->text + d->toks[last].start,
			       d->toks[k - 1].end - d->toks[last].start);
	return d->publisher ? VG_OK : VG_ENOMEM;
}

vg_status doc_places_orgs(struct doc *d)
{
	size_t k, a, b;
	vg_status rc = VG_OK;

	for (k = 0; k < d->ntoks; k++)
		if (is_word(d, k) && wordmap_get(&d->lex->calendar, d->toks[k].low) &&
		    (d->toks[k].flags & TF_CAP || !tok_is(d, k, "may")))
			d->toks[k].flags |= TF_CAL;
	for (k = 0; k < d->ntoks && !rc; k++) {
		if (!is_word(d, k) || (d->toks[k].flags & TF_ORG))
			continue;
		if (org_span(d, k, &a, &b)) {
			mark(d, a, b, TF_ORG);
			rc = add_name(d, &d->orgs, &d->norgs, a, b);
			k = b - 1;
		} else if (camel_org(d, k) ||
			   (k >= 2 && tok_is(d, k - 2, "reported") &&
			    tok_is(d, k - 1, "by") && is_cap(d, k) &&
			    !is_cap(d, k + 1))) {
			mark(d, k, k + 1, TF_ORG);
			rc = add_name(d, &d->orgs, &d->norgs, k, k + 1);
		}
	}
	if (!rc)
		rc = find_places(d);
	if (!rc)
		rc = find_publisher(d);
	return rc;
}

static int year_at(const struct doc *d, size_t k)
{
	const char *s;
	long y;
	char *end;

	if (k >= d->ntoks || d->toks[k].kind != TOK_NUM)
		return 0;
	s = d->toks[k].low;
	if (strlen(s) != 4)
		return 0;
	y = strtol(s, &end, 10);
	return *end == '\0' && y >= 1900 && y <= 2099;
}

static int day_at(const struct doc *d, size_t k)
{
	const char *s;
	long v;
	char *end;

	if (k >= d->ntoks || d->toks[k].kind != TOK_NUM)
		return 0;
	s = d->toks[k].low;
	v = strtol(s, &end, 10);
	if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") &&
	    strcmp(end, "th"))
		return 0;
	return v >= 1 && v <= 31;
}

static int month_at(const struct doc *d, size_t k)
{
	const char *v;

	if (k >= d->ntoks || !(d->toks[k].flags & TF_CAL))
		return 0;
	v = wordmap_get(&d->lex->calendar, d->toks[k].low);
	return v && *v;
}

/* "года", "году", "жылы", "жылдың", "жылдан": the word for "year" that
 * Russian and Kazakh write after one ("в 2019 году", "2018 жылы"). */
static int year_word_at(const struct doc *d, size_t k)
{
	static const char *const words[] = { "года", "году", "год", "г",
					     "жылы", "жылдың", "жылғы",
					     "жылдан", "ж", NULL };

	return tok_in(d, k, words);
}

/* The English and Russian orders: "July 2021", "14 December 2022",
 * "December 14, 2022", "12 марта 2018", "2017". */
static size_t date_day_month_year(const struct doc *d, size_t k)
{
	size_t n;

	if (month_at(d, k)) {
		n = 1;
		if (day_at(d, k + 1)) {
			n = 2;
			if (tok_punct(d, k + 2, ",") && year_at(d, k + 3))
				return 4;
			if (year_at(d, k + 2))
				return 3;
			return n;
		}
		return year_at(d, k + 1) ? 2 : 0;
	}
	if (day_at(d, k) && month_at(d, k + 1))
		return year_at(d, k + 2) ? 3 : 2;
	return year_at(d, k) ? 1 : 0;
}

size_t doc_date_at(const struct doc *d, size_t k)
{
	size_t n = date_day_month_year(d, k);

	if (!n || !year_at(d, k + n - 1))
		return n;
	if (!year_word_at(d, k + n))
		return n;
	n++;
	/* Kazakh: the year, then the month ("2018 жылдың сәуірінде",
	 * "2018 жылдың 5 мамырында"). */
	if (n == 2 && tok_is(d, k + 1, "жылдың")) {
		if (month_at(d, k + 2))
			return 3;
		if (day_at(d, k + 2) && month_at(d, k + 3))
			return 4;
	}
	return n;
}
