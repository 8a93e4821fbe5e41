/* status.c — what happened to a person, since when, and the term given:
 * "the detained X", "X has been missing since July 2021", "X was
 * sentenced to 15 years", and the group statement that gives no status
 * ("A, B and C have been arrested, convicted or disappeared"). */
#include <stdio.h>
#include <string.h>

#include "extract/extract_int.h"

static const char *status_at(const struct doc *d, size_t k, int *bare)
{
	const char *v;

	if (k >= d->ntoks || d->toks[k].kind != TOK_WORD)
		return NULL;
	v = wordmap_get(&d->lex->status, d->toks[k].low);
	if (!v)
		return NULL;
	*bare = strstr(v, ",bare") != NULL;
	return v;
}

static int is_aux(const struct doc *d, size_t k)
{
	static const char *const aux[] = { "was", "were", "is", "are", "been",
					   "be", "being", "got", "get", "went",
					   "remains", "remain", "remained",
					   "had", "has", "have", NULL };
	size_t i;

	for (i = 0; aux[i]; i++)
		if (tok_is(d, k, aux[i]))
			return 1;
	return 0;
}

static int is_adverb(const struct doc *d, size_t k)
{
	size_t n;
	const char *low;

	if (k >= d->ntoks || d->toks[k].kind != TOK_WORD)
		return 0;
	low = d->toks[k].low;
	n = strlen(low);
	return (n > 4 && !strcmp(low + n - 2, "ly")) || tok_is(d, k, "also") ||
	       tok_is(d, k, "later") || tok_is(d, k, "then") ||
	       tok_is(d, k, "still") || tok_is(d, k, "since") ||
	       tok_is(d, k, "again") || tok_is(d, k, "subsequently");
}

static int negated(const struct doc *d, size_t k)
{
	size_t j;

	for (j = k; j > 0 && j + 4 > k; j--)
		if (tok_is(d, j - 1, "not") || tok_is(d, j - 1, "never") ||
		    tok_is(d, j - 1, "n't") || tok_is(d, j - 1, "neither"))
			return 1;
	return 0;
}

/* "was detained", "has been missing", "disappeared": a statement, not a
 * noun or an adjective in passing. */
static int verbal(const struct doc *d, size_t k, int bare)
{
	size_t j = k;

	while (j > 0 && is_adverb(d, j - 1))
		j--;
	if (j > 0 && is_aux(d, j - 1))
		return 1;
	return bare && j > 0 && d->toks[j - 1].kind == TOK_WORD;
}

static int clause_stop(const struct doc *d, size_t k)
{
	const struct tok *t = &d->toks[k];

	if (t->kind == TOK_PUNCT)
		return !strcmp(t->low, ";") || !strcmp(t->low, ":");
	return wordmap_get(&d->lex->speech, t->low) || !strcmp(t->low, "that") ||
	       !strcmp(t->low, "because") || !strcmp(t->low, "after") ||
	       !strcmp(t->low, "while") || !strcmp(t->low, "when");
}

static int last_subject_before(const struct doc *d, size_t k)
{
	size_t j;
	int m;

	for (j = k; j > 0; j--) {
		m = d->toks[j - 1].mention;
		if (m >= 0 && d->ments[m].accepted && d->ments[m].head < 0)
			return m;
	}
	return -1;
}

/* The mention a statement at token k is about: the nearest name before it
 * in the same clause (the head of an apposition for a name inside one), or
 * the person "he"/"she" stands for. -1 when none. */
static int subject_of(const struct doc *d, size_t k)
{
	size_t j;
	int m;

	for (j = k; j > 0; j--) {
		const struct tok *t = &d->toks[j - 1];

		if (t->sent != d->toks[k].sent || t->quote != d->toks[k].quote ||
		    clause_stop(d, j - 1))
			return -1;
		m = t->mention;
		if (m >= 0 && d->ments[m].accepted)
			return d->ments[m].head >= 0 ? d->ments[m].head : m;
		if (tok_is(d, j - 1, "he") || tok_is(d, j - 1, "she"))
			return last_subject_before(d, j - 1);
	}
	return -1;
}

static void copy_span(const struct doc *d, size_t a, size_t b, char *out,
		      size_t size)
{
	size_t n = d->toks[b - 1].end - d->toks[a].start;

	snprintf(out, size, "%.*s", (int)n, d->text + d->toks[a].start);
}

/* "since July 2021", "in 2018", "on 3 May 2019" within a few words after
 * k: the date's token range. */
static int date_after(const struct doc *d, size_t k, size_t end, size_t *a,
		      size_t *b)
{
	size_t j, n;

	for (j = k + 1; j < end && j < k + 8; j++) {
		if (!tok_is(d, j, "since") && !tok_is(d, j, "in") &&
		    !tok_is(d, j, "on") && !tok_is(d, j, "from"))
			continue;
		n = doc_date_at(d, j + 1);
		if (n) {
			*a = j + 1;
			*b = j + 1 + n;
			return 1;
		}
	}
	return 0;
}

/* "sentenced to 15 years", "a 10-year sentence", "life imprisonment". */
static int term_after(const struct doc *d, size_t k, size_t end, char *out,
		      size_t size, size_t *stop)
{
	size_t j;

	for (j = k; j < end && j < k + 10; j++) {
		const char *low = d->toks[j].low;

		if (d->toks[j].kind == TOK_NUM &&
		    (tok_is(d, j + 1, "years") || tok_is(d, j + 1, "year"))) {
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
		if (tok_is(d, j, "life") || tok_is(d, j, "death")) {
			snprintf(out, size, "%s", low);
			*stop = j + 1;
			return 1;
		}
	}
	return 0;
}

static void give_status_one(struct doc *d, int mi, const char *status,
			    int rank, size_t a, size_t b, const char *since,
			    const char *term)
{
	struct eperson *p;
	size_t n;

	p = &d->persons[d->ments[mi].person];
	p->victim_cue = 1;
	person_add_evidence(d, d->ments[mi].person, "role", a, b);
	if (!status || rank <= p->status_rank)
		return;
	n = strcspn(status, ",");
	p->status = !strncmp(status, "detained", n)	 ? "detained" :
		    !strncmp(status, "disappeared", n) ? "disappeared" :
		    !strncmp(status, "arrested", n)	 ? "arrested" :
		    !strncmp(status, "sentenced", n)	 ? "sentenced" :
		    !strncmp(status, "released", n)	 ? "released" :
							   "deceased";
	p->status_rank = rank;
	person_add_evidence(d, d->ments[mi].person, "status", a, b);
	p->since[0] = '\0';
	if (since && *since) {
		snprintf(p->since, sizeof(p->since), "%s", since);
		person_add_evidence(d, d->ments[mi].person, "status_since", a, b);
	}
	if (term && *term) {
		snprintf(p->sentence, sizeof(p->sentence), "%s", term);
		person_add_evidence(d, d->ments[mi].person, "sentence", a, b);
	}
}

/* A statement about the last name of a list is about every name in it. */
static void give_status(struct doc *d, int mi, const char *status, int rank,
			size_t a, size_t b, const char *since, const char *term)
{
	size_t i;

	if (d->ments[mi].list < 0) {
		give_status_one(d, mi, status, rank, a, b, since, term);
		return;
	}
	for (i = 0; i < d->nments; i++)
		if (d->ments[i].list == d->ments[mi].list && d->ments[i].accepted)
			give_status_one(d, (int)i, status, rank, a, b, since, term);
}

static size_t clause_end(const struct doc *d, size_t k)
{
	size_t e;

	for (e = k + 1; e < d->ntoks && d->toks[e].sent == d->toks[k].sent &&
			d->toks[e].quote == d->toks[k].quote;
	     e++)
		if (clause_stop(d, e) || d->toks[e].mention >= 0)
			break;
	return e;
}

/* One statement: the status words chained by commas, "and" and "or" from
 * token k. Returns the token after the chain. */
static size_t statement(struct doc *d, size_t k, const char *first)
{
	size_t end = clause_end(d, k), j, last = k, a = k, b = k + 1, stop;
	const char *status = first, *v;
	int bare, alternatives = 0, subj, rank = 2;
	char since[48] = "", term[48] = "";

	for (j = k + 1; j < end; j++) {
		v = status_at(d, j, &bare);
		if (!v)
			continue;
		if (tok_is(d, j - 1, "or"))
			alternatives = 1;
		status = v;
		last = j;
	}
	for (j = k; j < last; j++)
		alternatives |= tok_is(d, j, "or");
	b = last + 1;
	if (date_after(d, last, end, &a, &b)) {
		copy_span(d, a, b, since, sizeof(since));
		rank = 3;
	}
	if (term_after(d, k, end, term, sizeof(term), &stop) && stop > b)
		b = stop;
	if (term[0] && !alternatives)
		status = "sentenced";
	subj = subject_of(d, k);
	if (subj >= 0)
		give_status(d, subj, alternatives ? NULL : status, rank,
			    d->toks[k].start, d->toks[b - 1].end, since, term);
	return last + 1;
}

void doc_status(struct doc *d)
{
	size_t k = 0;
	const char *v;
	int bare, m;

	while (k < d->ntoks) {
		v = status_at(d, k, &bare);
		if (!v || negated(d, k)) {
			k++;
			continue;
		}
		/* "the innocently detained Garapa", "the late X" */
		m = k + 1 < d->ntoks ? d->toks[k + 1].mention : -1;
		if (m >= 0 && d->ments[m].accepted && d->ments[m].t0 == k + 1 &&
		    !verbal(d, k, 0)) {
			give_status(d, m, v, 1, d->toks[k].start,
				    d->toks[d->ments[m].t1 - 1].end, NULL, NULL);
			k++;
			continue;
		}
		if (!strncmp(v, "deceased", 8) && tok_is(d, k, "late")) {
			k++;
			continue;
		}
		if (verbal(d, k, bare)) {
			k = statement(d, k, v);
			continue;
		}
		k++;
	}
}
