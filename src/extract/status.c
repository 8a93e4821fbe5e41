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

static int is_be(const struct doc *d, size_t k)
{
	static const char *const be[] = { "was", "were", "is", "are", "been",
					  "be", "being", NULL };
	size_t i;

	for (i = 0; be[i]; i++)
		if (tok_is(d, k, be[i]))
			return 1;
	return 0;
}

static int is_aux(const struct doc *d, size_t k)
{
	static const char *const aux[] = { "got", "get", "went", "remains",
					   "remain", "remained", "had", "has",
					   "have", NULL };
	size_t i;

	if (is_be(d, k))
		return 1;
	for (i = 0; aux[i]; i++)
		if (tok_is(d, k, aux[i]))
			return 1;
	return 0;
}

static int is_adverb(const struct doc *d, size_t k)
{
	static const char *const adv[] = { "also", "later", "then", "still",
					   "since", "again", "subsequently",
					   "reportedly", "allegedly", "both",
					   "all", "each", NULL };
	size_t n, i;
	const char *low;

	if (k >= d->ntoks || d->toks[k].kind != TOK_WORD)
		return 0;
	low = d->toks[k].low;
	n = strlen(low);
	if (n > 4 && !strcmp(low + n - 2, "ly"))
		return 1;
	for (i = 0; adv[i]; i++)
		if (!strcmp(low, adv[i]))
			return 1;
	return 0;
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

/* "was detained", "has been missing", "X disappeared", "X, a poet,
 * died": a statement, not a noun or an adjective in passing. */
static int verbal(const struct doc *d, size_t k, const char *v)
{
	size_t j = k;

	while (j > 0 && is_adverb(d, j - 1))
		j--;
	if (j == 0)
		return 0;
	if (strstr(v, ",passive"))
		return is_be(d, j - 1);
	if (is_aux(d, j - 1))
		return 1;
	return strstr(v, ",bare") &&
	       (d->toks[j - 1].kind == TOK_WORD || tok_punct(d, j - 1, ","));
}

static int clause_stop(const struct doc *d, size_t k)
{
	const struct tok *t = &d->toks[k];

	if (t->kind == TOK_PUNCT)
		return !strcmp(t->low, ";") || !strcmp(t->low, ":");
	/* "since she was taken", but not "since July 2021" */
	if (!strcmp(t->low, "since"))
		return !doc_date_at(d, k + 1);
	return wordmap_get(&d->lex->speech, t->low) || !strcmp(t->low, "that") ||
	       !strcmp(t->low, "because") || !strcmp(t->low, "after") ||
	       !strcmp(t->low, "while") || !strcmp(t->low, "when") ||
	       !strcmp(t->low, "before");
}

/* Some mention of person p, for statements found through "my father". */
static int mention_of(const struct doc *d, int p)
{
	size_t i;
	int any = -1;

	for (i = 0; p >= 0 && i < d->nments; i++) {
		if (!d->ments[i].accepted || d->ments[i].person != p)
			continue;
		/* Not a list's item: a statement about it would go to all. */
		if (d->ments[i].list < 0)
			return (int)i;
		if (any < 0)
			any = (int)i;
	}
	return any;
}

static int para_start_before(const struct doc *d, size_t k)
{
	while (k > 0 && !(d->toks[k].flags & TF_PARA_START))
		k--;
	return (int)k;
}

/* The person "he" or "she" (or "his", "her") at token k stands for: the
 * last name before it in its paragraph that is not inside another's
 * apposition and not known to be of the other sex; with none there, the
 * person the text names most (whom a quotation in a new paragraph is
 * usually about). */
int doc_pronoun_person(const struct doc *d, size_t k)
{
	char other = tok_is(d, k, "he") || tok_is(d, k, "his") || tok_is(d, k, "him") ? 'f' :
		     tok_is(d, k, "she") || tok_is(d, k, "her") ? 'm' : 0;
	size_t j, para = (size_t)para_start_before(d, k), i, best_n = 0, n;
	int m, best = -1;

	for (j = k; j > para; j--) {
		m = d->toks[j - 1].mention;
		if (m >= 0 && d->ments[m].accepted && d->ments[m].head < 0 &&
		    (!other || d->persons[d->ments[m].person].sex != other))
			return d->ments[m].person;
	}
	for (i = 0; i < d->npersons; i++) {
		if (other && d->persons[i].sex == other)
			continue;
		for (n = 0, j = 0; j < d->nments; j++)
			n += d->ments[j].accepted && d->ments[j].person == (int)i &&
			     d->ments[j].t0 < k;
		if (n > best_n) {
			best_n = n;
			best = (int)i;
		}
	}
	return best;
}

static int last_subject_before(const struct doc *d, size_t k)
{
	return mention_of(d, doc_pronoun_person(d, k));
}

int first_person_at(const struct doc *d, size_t k)
{
	size_t i;

	if (d->toks[k].quote > 0)
		return d->quotes[d->toks[k].quote - 1].speaker;
	for (i = 0; i < d->npersons; i++)
		if (d->persons[i].narrator)
			return (int)i;
	return -1;
}

/* mother_of and father_of are parent_of, son_of and daughter_of child_of,
 * for finding "my father" among relations recorded either way. */
static const char *broad_type(const char *t)
{
	if (!strcmp(t, "mother_of") || !strcmp(t, "father_of"))
		return "parent_of";
	if (!strcmp(t, "son_of") || !strcmp(t, "daughter_of"))
		return "child_of";
	return t;
}

int person_by_kin(const struct doc *d, const char *type, int owner)
{
	size_t i, r;

	if (owner < 0)
		return -1;
	for (i = 0; i < d->npersons; i++)
		for (r = 0; r < d->persons[i].nrel; r++)
			if (d->persons[i].rel[r].other == owner &&
			    !strcmp(broad_type(d->persons[i].rel[r].type),
				    broad_type(type)))
				return (int)i;
	return -1;
}


/* "my father had been taken": the kin word names a known person. */
static int kin_subject(const struct doc *d, size_t j)
{
	const char *type = wordmap_get(&d->lex->kinship, d->toks[j].low);
	size_t o = j;
	int owner, m;

	if (!type)
		return -1;
	while (o > 0 && j - o < 3 && !tok_possessive(d, o - 1))
		o--;
	if (o == 0 || !tok_possessive(d, o - 1))
		return -1;
	if (tok_is(d, o - 1, "my") || tok_is(d, o - 1, "our")) {
		owner = first_person_at(d, o - 1);
	} else {
		m = last_subject_before(d, o - 1);
		owner = m >= 0 ? d->ments[m].person : -1;
	}
	return mention_of(d, person_by_kin(d, type, owner));
}

/* The mention a statement at token k is about: the nearest name before it
 * in the same clause (the head of an apposition for a name inside one), or
 * the person "he", "she" or "my father" stands for. -1 when none. */
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
		m = kin_subject(d, j - 1);
		if (m >= 0)
			return m;
	}
	return -1;
}

/* "… have been sentenced by a court: A, B and C." */
static int list_after_colon(const struct doc *d, size_t k)
{
	size_t j;
	int m;

	for (j = k; j + 1 < d->ntoks && d->toks[j].sent == d->toks[k].sent; j++) {
		if (!tok_punct(d, j, ":"))
			continue;
		m = d->toks[j + 1].mention;
		return m >= 0 && d->ments[m].accepted && d->ments[m].list >= 0 ? m : -1;
	}
	return -1;
}

static void copy_span(const struct doc *d, size_t a, size_t b, char *out,
		      size_t size)
{
	size_t n = d->toks[b - 1].end - d->toks[a].start;

	snprintf(out, size, "%.*s", (int)n, d->text + d->toks[a].start);
}

/* year * 100 + month of the date in toks [a, b). */
static int date_key(const struct doc *d, size_t a, size_t b)
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
					 NULL };
	size_t i;

	for (i = 0; q[i]; i++)
		if (tok_is(d, j, q[i]))
			return 1;
	return 0;
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

static int date_word(const struct doc *d, size_t j)
{
	return tok_is(d, j, "since") || tok_is(d, j, "in") || tok_is(d, j, "on") ||
	       tok_is(d, j, "from");
}

/* "since July 2021", "in 2018", "on 3 May 2019" within a few words after
 * k; else a sentence that opens with one ("In 2018, X was detained"): the
 * date's token range. */
static int date_after(const struct doc *d, size_t k, size_t end, size_t *a,
		      size_t *b)
{
	size_t j, n;

	for (j = k + 1; j < end && j < k + 8; j++) {
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

struct statement {
	const char *status; /* NULL when the text gives alternatives */
	int rank;           /* 1 in passing, 2 stated, 3 stated with a date */
	int when;           /* date_key, or 0 */
	size_t a, b;        /* bytes of the passage */
	char since[48], term[48];
};

/* Does s say more about p's status now than what p has? A death is final;
 * otherwise the later date, then the stronger statement, then the later
 * stage of a case. */
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

/* The date and term that follow token from, up to end. */
static void details(const struct doc *d, struct statement *s, size_t from,
		    size_t end)
{
	size_t a, b, stop;

	if (date_after(d, from, end, &a, &b)) {
		copy_span(d, a, b, s->since, sizeof(s->since));
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

/* In a list of records ("2. X, born 1990, teacher. Detained in 2018."),
 * a statement with no name before it in its sentence is about the last
 * name on the same line. */
static int record_subject(const struct doc *d, size_t k)
{
	size_t j, i;
	int m;

	for (j = k; j > 0; j--) {
		for (i = d->toks[j - 1].end; i < d->toks[j].start; i++)
			if (d->text[i] == '\n')
				return -1;
		m = d->toks[j - 1].mention;
		if (m >= 0 && d->ments[m].accepted)
			return d->ments[m].head >= 0 ? d->ments[m].head : m;
	}
	return -1;
}

/* "X, a cook, and his son Y, a student, were detained": the name joined
 * to the subject m by "and". -1 when there is none. */
static int coordinated(const struct doc *d, int m)
{
	size_t j = d->ments[m].t0, k;
	int o;

	while (j > 0 && d->ments[m].t0 - j < 3 && d->toks[j - 1].kind == TOK_WORD &&
	       !(d->toks[j - 1].flags & TF_CAP) && !tok_is(d, j - 1, "and"))
		j--;
	if (j < 3 || !tok_is(d, j - 1, "and") || !tok_punct(d, j - 2, ","))
		return -1;
	for (k = j - 2; k > 0 && j - k < 14; k--) {
		o = d->toks[k - 1].mention;
		if (o >= 0 && d->ments[o].accepted && d->ments[o].head < 0 &&
		    d->ments[o].t1 == k)
			return tok_punct(d, k, ",") ? o : -1;
		if (is_aux(d, k - 1) || clause_stop(d, k - 1) ||
		    wordmap_get(&d->lex->status, d->toks[k - 1].low))
			return -1;
	}
	return -1;
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
		if (!code || (negated(d, j) && !strstr(v, ",phrase")))
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
		subj = list_after_colon(d, k);
	if (subj < 0 && record)
		subj = record_subject(d, k);
	if (subj >= 0) {
		give_status(d, subj, &s);
		other = coordinated(d, subj);
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
	size_t j = k, end;

	memset(&s, 0, sizeof(s));
	s.status = status;
	s.a = d->toks[k].start;
	s.b = d->toks[d->ments[m].t1 - 1].end;
	while (j > 0 && is_adverb(d, j - 1))
		j--;
	s.rank = 1;
	if (j > 0 && d->toks[j - 1].kind == TOK_WORD && !tok_is(d, j - 1, "the") &&
	    !tok_is(d, j - 1, "a") && !tok_is(d, j - 1, "of") &&
	    !tok_is(d, j - 1, "for") && !tok_is(d, j - 1, "and") &&
	    !wordmap_get(&d->lex->common, d->toks[j - 1].low)) {
		s.rank = 2;
		end = clause_end(d, d->ments[m].t1 - 1);
		details(d, &s, d->ments[m].t1 - 1, end);
	}
	give_status(d, m, &s);
}

void doc_status(struct doc *d)
{
	size_t k = 0, n, stop;
	char term[48];
	const char *code, *v;
	int m;

	while (k < d->ntoks) {
		code = status_at(d, k, &v, &n);
		if (!code || (negated(d, k) && !strstr(v, ",phrase"))) {
			k++;
			continue;
		}
		m = k + 1 < d->ntoks ? d->toks[k + 1].mention : -1;
		if (m >= 0 && d->ments[m].accepted && d->ments[m].t0 == k + 1 &&
		    !verbal(d, k, "")) {
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
		if (verbal(d, k, v)) {
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
}
