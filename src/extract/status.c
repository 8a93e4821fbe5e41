/* status.c — what happened to a person, since when, and the term given:
 * "the detained X", "X has been missing since July 2021", "a court
 * sentenced X to 14 years in 2020", and the group statement that gives no
 * status ("A, B and C have been arrested, convicted or disappeared"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* Lifecycle order: when two statements are equally strong and undated,
 * the later stage of a case is its status now. */
static const char *const stages[] = { "detained", "disappeared", "arrested",
				      "sentenced", "released", "deceased",
				      NULL };

static int stage_of(const char *status)
{
	int i;

	for (i = 0; stages[i]; i++)
		if (!strcmp(stages[i], status))
			return i;
	return 0;
}

/* The status code a lexicon value names ("disappeared,bare"). */
static const char *status_code(const char *v)
{
	size_t n = strcspn(v, ",");
	int i;

	for (i = 0; stages[i]; i++)
		if (strlen(stages[i]) == n && !strncmp(stages[i], v, n))
			return stages[i];
	return NULL;
}

/* The status stated by the word or phrase at k; *v its lexicon value,
 * *n (may be NULL) its length in words. */
static const char *status_at(const struct doc *d, size_t k, const char **v,
			     size_t *n)
{
	size_t len;

	if (k >= d->ntoks || d->toks[k].kind != TOK_WORD)
		return NULL;
	len = doc_match(d, &d->lex->status, k, v);
	if (n)
		*n = len;
	return len ? status_code(*v) : NULL;
}

static int names_occupation(const struct doc *d, size_t a, size_t b);
static int occupation_in_case(const struct doc *d, size_t k);

struct statement {
	const char *status; /* NULL when the text gives alternatives */
	int rank;           /* 1 in passing, 2 stated, 3 stated with a date */
	int when;           /* date_key, or 0 */
	size_t a, b;        /* bytes of the passage */
	char since[48], term[48];
};

/* Does s say more about p's status now than what p has? A death is final;
 * otherwise the later date; between stated statements the later stage of a
 * case; then the stronger statement. */
static int better(const struct eperson *p, const struct statement *s)
{
	if (!p->status)
		return 1;
	if (!strcmp(p->status, "deceased") && p->status_rank >= 2)
		return 0;
	if (!strcmp(s->status, "deceased") && s->rank >= 2)
		return 1;
	if (p->status_when && s->when)
		return s->when > p->status_when;
	/* Two statements, one undated: the later stage of a case is now. */
	if (s->rank >= 2 && p->status_rank >= 2 &&
	    stage_of(s->status) != stage_of(p->status))
		return stage_of(s->status) > stage_of(p->status);
	if (s->rank != p->status_rank)
		return s->rank > p->status_rank;
	return stage_of(s->status) > stage_of(p->status);
}

static void give_status_one(struct doc *d, int mi, const struct statement *s)
{
	int pi = d->ments[mi].person;
	struct eperson *p = &d->persons[pi];

	p->victim_cue = 1;
	person_add_evidence(d, pi, "role", s->a, s->b);
	if (s->term[0] && s->status) {
		snprintf(p->sentence, sizeof(p->sentence), "%s", s->term);
		person_add_evidence(d, pi, "sentence", s->a, s->b);
	}
	if (!s->status || !better(p, s))
		return;
	p->status = s->status;
	p->status_rank = s->rank;
	p->status_when = s->when;
	person_add_evidence(d, pi, "status", s->a, s->b);
	snprintf(p->since, sizeof(p->since), "%s", s->since);
	if (s->since[0])
		person_add_evidence(d, pi, "status_since", s->a, s->b);
}

/* A statement about the last name of a list is about every name in it. */
static void give_status(struct doc *d, int mi, const struct statement *s)
{
	size_t i;

	if (d->ments[mi].list < 0) {
		give_status_one(d, mi, s);
		return;
	}
	for (i = 0; i < d->nments; i++)
		if (d->ments[i].list == d->ments[mi].list && d->ments[i].accepted)
			give_status_one(d, (int)i, s);
}

/* The date and term that follow token from, up to end. */
static void details(const struct doc *d, struct statement *s, size_t from,
		    size_t end)
{
	size_t a, b, stop;

	if (date_after(d, from, end, &a, &b)) {
		date_text(d, a, b, s->since, sizeof(s->since));
		s->when = date_key(d, a, b);
		s->rank++;
		if (d->toks[b - 1].end > s->b)
			s->b = d->toks[b - 1].end;
		if (d->toks[a].start < s->a)
			s->a = d->toks[a].start;
	}
	if (term_after(d, from, end, s->term, sizeof(s->term), &stop)) {
		if (s->status)
			s->status = "sentenced";
		if (d->toks[stop - 1].end > s->b)
			s->b = d->toks[stop - 1].end;
	}
}

/* The date and term between the clause's start and the status word at k,
 * when none follows it: "2018 жылы ұсталды", "12 жылға сотталды". */
static void details_before(const struct doc *d, struct statement *s, size_t k)
{
	size_t start = clause_start(d, k), a, b, stop;

	if (!s->since[0] && date_before(d, start, k, &a, &b)) {
		date_text(d, a, b, s->since, sizeof(s->since));
		s->when = date_key(d, a, b);
		s->rank++;
		if (d->toks[a].start < s->a)
			s->a = d->toks[a].start;
	}
	if (!s->term[0] && start < k &&
	    term_after(d, start, k, s->term, sizeof(s->term), &stop)) {
		if (s->status)
			s->status = "sentenced";
		if (d->toks[start].start < s->a)
			s->a = d->toks[start].start;
	}
}

/* "2018 жылы ақын X … қамалды": a date before the subject, in the clause
 * the subject (or the first name of its list) opens. */
static void date_before_subject(const struct doc *d, struct statement *s, int m)
{
	size_t t0 = d->ments[m].t0, i, a, b;

	for (i = 0; d->ments[m].list >= 0 && i < (size_t)m; i++)
		if (d->ments[i].list == d->ments[m].list) {
			t0 = d->ments[i].t0;
			break;
		}
	if (date_before(d, clause_start(d, t0), t0, &a, &b)) {
		date_text(d, a, b, s->since, sizeof(s->since));
		s->when = date_key(d, a, b);
		s->rank++;
	}
}

/* One statement: the status words chained by commas, "and" and "or" from
 * token k (a word or phrase of n words). Returns the token after it. */
static size_t statement(struct doc *d, size_t k, size_t n, const char *first,
			int record)
{
	size_t end = clause_end(d, k), j, last = k + n - 1, len, next;
	struct statement s;
	const char *code, *v;
	int alternatives = 0, subj, other;

	memset(&s, 0, sizeof(s));
	s.status = first;
	for (j = k + n; j < end; j++) {
		code = status_at(d, j, &v, &len);
		if (!code || (clause_negated(d, j) && !strstr(v, ",phrase")))
			continue;
		alternatives |= tok_is(d, j - 1, "or");
		s.status = code;
		last = j + len - 1;
	}
	for (j = k; j < last; j++)
		alternatives |= tok_is(d, j, "or");
	if (alternatives)
		s.status = NULL;
	s.rank = 2;
	s.a = d->toks[k].start;
	s.b = d->toks[last].end;
	details(d, &s, last, end);
	/* "2019 жылы тұтқындалды, 2020 жылы 10 жылға сотталды": the date
	 * before the last of the chained words, else before the first */
	details_before(d, &s, last);
	details_before(d, &s, k);
	next = last + 1;
	/* "has not been seen since she was taken on 5 March 2019": the
	 * clause after "since" dates the disappearance. */
	if (s.status && !strcmp(s.status, "disappeared") && !s.since[0] &&
	    end < d->ntoks && tok_is(d, end, "since")) {
		next = clause_end(d, end);
		details(d, &s, end, next);
	}
	subj = subject_of(d, k);
	if (subj < 0)
		subj = subject_list_after_colon(d, k);
	if (subj < 0 && record)
		subj = subject_record(d, k);
	if (subj < 0)
		subj = subject_after(d, k, last + 1);
	if (subj < 0)
		subj = subject_dropped(d, k, last + 1);
	if (subj >= 0 && !s.since[0])
		date_before_subject(d, &s, subj);
	if (subj >= 0) {
		give_status(d, subj, &s);
		other = subject_coordinated(d, subj);
		if (other >= 0)
			give_status(d, other, &s);
	}
	return next;
}

/* "the detained X" in passing, or "police detained X in 2018", "a court
 * sentenced X to 14 years": a statement about the name that follows. */
static void about_object(struct doc *d, size_t k, const char *status, int m)
{
	struct statement s;
	size_t j = k, end, last = d->ments[m].t1 - 1;

	/* "sentenced him to …": the object is the pronoun after k */
	if (last < k)
		last = k + 1;
	memset(&s, 0, sizeof(s));
	s.status = status;
	s.a = d->toks[k].start;
	s.b = d->toks[last].end;
	while (j > 0 && tok_adverb(d, j - 1))
		j--;
	s.rank = 1;
	/* "police detained X", "суд приговорил X": stated, not in passing */
	if ((j > 0 && d->toks[j - 1].kind == TOK_WORD && !tok_is(d, j - 1, "the") &&
	     !tok_is(d, j - 1, "a") && !tok_is(d, j - 1, "of") &&
	     !tok_is(d, j - 1, "for") && !tok_is(d, j - 1, "and") &&
	     !wordmap_get(&d->lex->common, d->toks[j - 1].low)) ||
	    tok_active_past(d, k)) {
		s.rank = 2;
		end = clause_end(d, last);
		details(d, &s, last, end);
	}
	give_status(d, m, &s);
}

/* The name a status word in the active voice is said of, from token j:
 * "detained X", "detained a retired Kazakh accountant, X", "sentenced
 * him" (the person "him" stands for). -1 when none. */
static int object_after(const struct doc *d, size_t j)
{
	size_t k = j;
	int m, p;

	if (j >= d->ntoks)
		return -1;
	if (tok_is(d, j, "him") || tok_is(d, j, "her")) {
		p = doc_pronoun_person(d, j);
		for (m = 0; p >= 0 && m < (int)d->nments; m++)
			if (d->ments[m].accepted && d->ments[m].person == p &&
			    d->ments[m].t0 < j && d->ments[m].list < 0)
				return m;
		return -1;
	}
	if (tok_article(d, k)) {
		/* a short noun phrase naming what the person is, then a comma */
		for (k++; k < j + 6 && k < d->ntoks && d->toks[k].kind == TOK_WORD &&
			  d->toks[k].mention < 0 && !tok_preposition(d, k); k++)
			;
		if (k == j + 1 || !tok_punct(d, k, ",") ||
		    !names_occupation(d, j + 1, k))
			return -1;
		k++;
	}
	/* "приговорил предпринимателя X": an occupation in its case */
	if (k == j && k + 1 < d->ntoks && d->toks[k].mention < 0 &&
	    (unsigned char)d->text[d->toks[k].start] >= 0x80 &&
	    !(d->toks[k].flags & TF_CAP) && occupation_in_case(d, k) &&
	    !wordmap_get(&d->lex->occupations, d->toks[k].low))
		k++; /* a nominative occupation is the subject of a passive */
	m = k < d->ntoks ? d->toks[k].mention : -1;
	return m >= 0 && d->ments[m].accepted && d->ments[m].t0 == k ? m : -1;
}

/* Is token k an occupation, or one with a Russian or Kazakh case ending
 * ("имама", "предпринимателя")? */
static int occupation_in_case(const struct doc *d, size_t k)
{
	return wordmap_get(&d->lex->occupations, d->toks[k].low) ||
	       stem_in(d->toks[k].low, &d->lex->occupations);
}

/* Does toks [a, b) hold an occupation word? */
static int names_occupation(const struct doc *d, size_t a, size_t b)
{
	for (; a < b; a++)
		if (doc_match(d, &d->lex->occupations, a, NULL))
			return 1;
	return 0;
}

/* "the arrest of X in May 2018", "X's disappearance in 2017": a noun
 * that states what happened to the name it is said of. */
static void noun_statements(struct doc *d)
{
	struct statement s;
	const char *v;
	size_t k, after;
	int m;

	for (k = 1; k + 1 < d->ntoks; k++) {
		v = wordmap_get(&d->lex->status_nouns, d->toks[k].low);
		if (!v || d->toks[k].kind != TOK_WORD)
			continue;
		m = -1;
		if (tok_is(d, k + 1, "of") && k + 2 < d->ntoks) {
			m = d->toks[k + 2].mention;
			if (m >= 0 && d->ments[m].t0 != k + 2)
				m = -1;
			after = m >= 0 ? d->ments[m].t1 - 1 : k;
		} else if (k >= 2 && tok_punct(d, k - 1, "'s")) {
			m = d->toks[k - 2].mention;
			after = k;
		}
		if (m < 0 || !d->ments[m].accepted)
			continue;
		if (d->ments[m].head >= 0)
			m = d->ments[m].head;
		memset(&s, 0, sizeof(s));
		s.status = status_code(v);
		s.rank = 2;
		s.a = d->toks[k].start;
		s.b = d->toks[after].end;
		details(d, &s, after, clause_end(d, after));
		give_status(d, m, &s); /* with no status: a victim, no more */
	}
}

void doc_status(struct doc *d)
{
	size_t k = 0, n, stop;
	char term[48];
	const char *code, *v;
	int m;

	while (k < d->ntoks) {
		code = status_at(d, k, &v, &n);
		if (!code || (clause_negated(d, k) && !strstr(v, ",phrase"))) {
			k++;
			continue;
		}
		m = object_after(d, k + 1);
		if (m >= 0 && !clause_verbal(d, k, "")) {
			about_object(d, k, code, m);
			k++;
			continue;
		}
		if (tok_is(d, k, "late")) {
			k++;
			continue;
		}
		if (strstr(v, ",term") && !term_after(d, k, clause_end(d, k), term,
						      sizeof(term), &stop)) {
			k++;
			continue;
		}
		if (clause_verbal(d, k, v)) {
			k = statement(d, k, n, code, 0);
			continue;
		}
		/* "Detained in April 2018." opening a sentence of a list */
		if ((d->toks[k].flags & (TF_SENT_START | TF_CAP)) ==
		    (TF_SENT_START | TF_CAP)) {
			k = statement(d, k, n, code, 1);
			continue;
		}
		k++;
	}
	noun_statements(d);
}
