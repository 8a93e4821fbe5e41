/* subject.c — reading a clause: whether a status word is stated ("was
 * detained") or negated, where the clause ends, and whom the statement is
 * about — the name before it, the head of an apposition, "he"/"she"/"his",
 * "my father", a list, the name on the same line of a list of records, or
 * two names joined by "and". */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

static int tok_be(const struct doc *d, size_t k)
{
	static const char *const be[] = { "was", "were", "is", "are", "been",
					  "be", "being", NULL };

	return tok_in(d, k, be);
}

int tok_aux(const struct doc *d, size_t k)
{
	static const char *const aux[] = { "got", "get", "went", "remains",
					   "remain", "remained", "had", "has",
					   "have", NULL };
	size_t i;

	if (tok_be(d, k))
		return 1;
	for (i = 0; aux[i]; i++)
		if (tok_is(d, k, aux[i]))
			return 1;
	return 0;
}

int tok_adverb(const struct doc *d, size_t k)
{
	/* Adverbs, and the hedges reporters put between "was" and the
	 * status ("was reported dead", "is believed detained"). */
	static const char *const adv[] = { "also", "later", "then", "still",
					   "since", "again", "subsequently",
					   "reportedly", "allegedly", "reported",
					   "believed", "feared", "presumed",
					   "both", "all", "each", NULL };
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

int clause_negated(const struct doc *d, size_t k)
{
	size_t j;

	/* "не" is the Russian "not" ("не был задержан"). */
	for (j = k; j > 0 && j + 4 > k; j--)
		if (tok_is(d, j - 1, "not") || tok_is(d, j - 1, "never") ||
		    tok_is(d, j - 1, "n't") || tok_is(d, j - 1, "neither") ||
		    tok_is(d, j - 1, "не"))
			return 1;
	return 0;
}

/* Third-person pronouns that stand for a person named before, with the
 * sex they rule out ('f' for "he", 'm' for "she", 0 for the Kazakh "ол",
 * which has none). */
static const struct {
	const char *word;
	char other;
	int subject; /* can be the one a status is stated of */
} pronouns[] = {
	{ "he", 'f', 1 }, { "his", 'f', 0 }, { "him", 'f', 0 },
	{ "she", 'm', 1 }, { "her", 'm', 0 },
	/* Russian: он, его (him; his), она, её/ее (her) */
	{ "он", 'f', 1 }, { "его", 'f', 1 }, { "ему", 'f', 0 },
	{ "она", 'm', 1 }, { "её", 'm', 1 }, { "ее", 'm', 1 }, { "ей", 'm', 0 },
	/* Kazakh: ол (he, she), оның (his, her), оны (him, her) */
	{ "ол", 0, 1 }, { "оның", 0, 0 }, { "оны", 0, 1 }, { "оған", 0, 0 },
	{ NULL, 0, 0 }
};

int tok_pronoun(const struct doc *d, size_t k, char *other, int subject)
{
	size_t i;

	for (i = 0; pronouns[i].word; i++)
		if (tok_is(d, k, pronouns[i].word) &&
		    (!subject || pronouns[i].subject)) {
			if (other)
				*other = pronouns[i].other;
			return 1;
		}
	return 0;
}

/* "was detained", "has been missing", "X disappeared", "X, a poet,
 * died": a statement, not a noun or an adjective in passing. */
int clause_verbal(const struct doc *d, size_t k, const char *v)
{
	size_t j = k;

	while (j > 0 && tok_adverb(d, j - 1))
		j--;
	if (j == 0)
		return 0;
	if (strstr(v, ",passive"))
		return tok_be(d, j - 1);
	if (tok_aux(d, j - 1))
		return 1;
	return strstr(v, ",bare") &&
	       (d->toks[j - 1].kind == TOK_WORD || tok_punct(d, j - 1, ",") ||
		tok_punct(d, j - 1, ")"));
}

int clause_stop(const struct doc *d, size_t k)
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
	char other = 0;
	size_t j, para = (size_t)para_start_before(d, k), i, best_n = 0, n;
	int m, best = -1;

	tok_pronoun(d, k, &other, 0);
	for (j = k; j > para; j--) {
		m = d->toks[j - 1].mention;
		/* the narrator is "I", never "he" or "she" */
		if (m >= 0 && d->ments[m].accepted && d->ments[m].head < 0 &&
		    !d->persons[d->ments[m].person].narrator &&
		    (!other || d->persons[d->ments[m].person].sex != other))
			return d->ments[m].person;
	}
	for (i = 0; i < d->npersons; i++) {
		/* nor the one who wrote or translated the text */
		if ((other && d->persons[i].sex == other) || d->persons[i].narrator ||
		    d->persons[i].byline)
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
	int suffix, owner, m;
	const char *type = kin_type(d, j, &suffix);
	size_t o = j;

	if (!type)
		return -1;
	while (o > 0 && j - o < 3 && !tok_possessive(d, o - 1))
		o--;
	if ((o == 0 || !tok_possessive(d, o - 1)) && suffix) {
		/* "Әкем … ұсталды": the word itself says whose. */
		owner = suffix == 1 ? first_person_at(d, j) :
				      doc_pronoun_person(d, j);
		return mention_of(d, person_by_kin(d, type, owner));
	}
	if (o == 0 || !tok_possessive(d, o - 1))
		return -1;
	if (tok_first_possessive(d, o - 1)) {
		owner = first_person_at(d, o - 1);
	} else {
		m = last_subject_before(d, o - 1);
		owner = m >= 0 ? d->ments[m].person : -1;
	}
	return mention_of(d, person_by_kin(d, type, owner));
}

/* The "(" that the ")" at token k closes, within a few words; k itself
 * when there is none. */
static size_t bracket_open(const struct doc *d, size_t k)
{
	size_t j;

	for (j = k; j > 0 && k - j < 20; j--)
		if (tok_punct(d, j - 1, "("))
			return j - 1;
	return k;
}

/* The mention a statement at token k is about: the nearest name before it
 * in the same clause (the head of an apposition for a name inside one), or
 * the person "he", "she" or "my father" stands for. -1 when none. */
int subject_of(const struct doc *d, size_t k)
{
	size_t j;
	int m;

	for (j = k; j > 0; j--) {
		const struct tok *t = &d->toks[j - 1];

		/* over a bracket: "X (Uyghur: …; born 1961) is a … who was" */
		if (tok_punct(d, j - 1, ")"))
			j = bracket_open(d, j - 1) + 1;
		t = &d->toks[j - 1];
		if (t->sent != d->toks[k].sent || t->quote != d->toks[k].quote ||
		    clause_stop(d, j - 1))
			return -1;
		m = t->mention;
		if (m >= 0 && d->ments[m].accepted)
			return d->ments[m].head >= 0 ? d->ments[m].head : m;
		if (tok_pronoun(d, j - 1, NULL, 1))
			return last_subject_before(d, j - 1);
		m = kin_subject(d, j - 1);
		if (m >= 0)
			return m;
	}
	return -1;
}

/* "… have been sentenced by a court: A, B and C." */
int subject_list_after_colon(const struct doc *d, size_t k)
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

size_t clause_end(const struct doc *d, size_t k)
{
	size_t e;

	for (e = k + 1; e < d->ntoks && d->toks[e].sent == d->toks[k].sent &&
			d->toks[e].quote == d->toks[k].quote;
	     e++)
		if (clause_stop(d, e) || d->toks[e].mention >= 0)
			break;
	return e;
}

/* In a list of records ("2. X, born 1990, teacher. Detained in 2018."),
 * a statement with no name before it in its sentence is about the last
 * name on the same line. */
int subject_record(const struct doc *d, size_t k)
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

/* "X, a cook, and his son Y, a student, were detained", "X and his
 * nephew Y were detained": the name joined to the subject m by "and". -1
 * when there is none. */
int subject_coordinated(const struct doc *d, int m)
{
	size_t j = d->ments[m].t0, k;
	int o;

	while (j > 0 && d->ments[m].t0 - j < 3 && d->toks[j - 1].kind == TOK_WORD &&
	       !(d->toks[j - 1].flags & TF_CAP) && !tok_is(d, j - 1, "and"))
		j--;
	if (j < 3 || !tok_is(d, j - 1, "and"))
		return -1;
	/* "X and his nephew Y were detained" */
	o = d->toks[j - 2].mention;
	if (o >= 0 && d->ments[o].accepted && d->ments[o].head < 0 &&
	    d->ments[o].t1 == j - 1)
		return o;
	if (!tok_punct(d, j - 2, ","))
		return -1;
	for (k = j - 2; k > 0 && j - k < 14; k--) {
		o = d->toks[k - 1].mention;
		if (o >= 0 && d->ments[o].accepted && d->ments[o].head < 0 &&
		    d->ments[o].t1 == k)
			return tok_punct(d, k, ",") ? o : -1;
		if (tok_aux(d, k - 1) || clause_stop(d, k - 1) ||
		    wordmap_get(&d->lex->status, d->toks[k - 1].low))
			return -1;
	}
	return -1;
}


/* Russian and Kazakh leave the subject out when it is the person the text
 * is about ("Задержан в апреле 2018 года.", "2019 жылы Үрімжіде
 * тұтқындалды.") or put the person after the verb as a pronoun ("его
 * осудили", "суд приговорил его", "оны лагерге жіберді"): for a status
 * word in Cyrillic with nothing before it in its sentence that could be the
 * subject, the person last named (or, in a new paragraph, the one the text
 * names most). after is the token after the status words. -1 when the
 * sentence has a subject of its own, or in a quotation. */
int subject_dropped(const struct doc *d, size_t k, size_t after)
{
	size_t j;

	if ((unsigned char)d->text[d->toks[k].start] < 0x80 || d->toks[k].quote)
		return -1;
	if (after < d->ntoks && d->toks[after].sent == d->toks[k].sent &&
	    tok_pronoun(d, after, NULL, 1))
		return last_subject_before(d, after);
	for (j = k; j > 0 && d->toks[j - 1].sent == d->toks[k].sent; j--) {
		const struct tok *t = &d->toks[j - 1];

		if (tok_pronoun(d, j - 1, NULL, 1))
			return last_subject_before(d, j - 1);
		if (t->kind == TOK_WORD && !(t->flags & (TF_CAP | TF_CAL)) &&
		    !wordmap_get(&d->lex->common, t->low) && !tok_adverb(d, j - 1) &&
		    !strstr(t->low, "жыл") && !wordmap_get(&d->lex->status, t->low))
			return -1;
	}
	return last_subject_before(d, k);
}

/* Russian puts the subject after a passive verb ("в 2019 году были
 * осуждены музыкант A, инженер B и студентка C"): for a status word in
 * Cyrillic with no subject before it, the name right after it, over an
 * occupation. -1 when none. */
int subject_after(const struct doc *d, size_t k, size_t after)
{
	size_t j = after, n;
	int m;

	if ((unsigned char)d->text[d->toks[k].start] < 0x80)
		return -1;
	n = after < d->ntoks ? doc_match(d, &d->lex->occupations, after, NULL) : 0;
	if (n && !(d->toks[after].flags & TF_CAP))
		j += n;
	if (j >= d->ntoks || d->toks[j].sent != d->toks[k].sent)
		return -1;
	m = d->toks[j].mention;
	return m >= 0 && d->ments[m].accepted && d->ments[m].t0 == j ? m : -1;
}

/* A Russian verb in the active past ("задержали", "приговорил"), whose
 * object follows in the accusative; not a passive participle
 * ("задержан"). */
int tok_active_past(const struct doc *d, size_t k)
{
	const char *low = d->toks[k].low;
	size_t n = strlen(low);

	if ((unsigned char)low[0] < 0x80 || n <= 4)
		return 0;
	return !strcmp(low + n - 2, "л") || !strcmp(low + n - 4, "ла") ||
	       !strcmp(low + n - 4, "ли");
}
