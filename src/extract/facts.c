/* facts.c — what the text says about each person, with its passage:
 * occupation and ethnicity (from appositions, titles and list heads),
 * kinship ("X, the mother of Y", "my son Y", "his wife Y"), who spoke each
 * quotation, and finally the role each person plays in the case. */
#include <stdio.h>
#include <string.h>

#include "extract/extract_int.h"

void person_add_evidence(struct doc *d, int p, const char *field,
			 size_t start, size_t end)
{
	struct eperson *e = &d->persons[p];
	size_t i;

	for (i = 0; i < e->nev; i++)
		if (e->ev[i].start == start && e->ev[i].end == end &&
		    !strcmp(e->ev[i].field, field))
			return;
	if (e->nev == PERSON_MAX_EVIDENCE)
		return;
	e->ev[e->nev].field = field;
	e->ev[e->nev].start = start;
	e->ev[e->nev].end = end;
	e->nev++;
}

static int general_type(const char *t)
{
	return !strcmp(t, "relative_of") || !strcmp(t, "child_of") ||
	       !strcmp(t, "parent_of");
}

static void add_one_relation(struct doc *d, int p, const char *type,
			     int other, size_t start, size_t end)
{
	struct eperson *e = &d->persons[p];
	size_t i;

	if (p == other)
		return;
	for (i = 0; i < e->nrel; i++) {
		if (e->rel[i].other != other)
			continue;
		/* A more precise word replaces a general one. */
		if (general_type(e->rel[i].type) && !general_type(type))
			snprintf(e->rel[i].type, sizeof(e->rel[i].type), "%s", type);
		return;
	}
	if (e->nrel == PERSON_MAX_RELATIONS)
		return;
	snprintf(e->rel[e->nrel].type, sizeof(e->rel[e->nrel].type), "%s", type);
	e->rel[e->nrel].other = other;
	e->rel[e->nrel].start = start;
	e->rel[e->nrel].end = end;
	e->nrel++;
	person_add_evidence(d, p, "relations", start, end);
}

static const char *inverse_type(const char *t)
{
	if (!strcmp(t, "mother_of") || !strcmp(t, "father_of") ||
	    !strcmp(t, "parent_of"))
		return "child_of";
	if (!strcmp(t, "son_of") || !strcmp(t, "daughter_of") ||
	    !strcmp(t, "child_of"))
		return "parent_of";
	return t; /* spouse_of, sibling_of, relative_of */
}

/* p <type> other, and the inverse on other. */
void person_add_relation(struct doc *d, int p, const char *type, int other,
			 size_t start, size_t end)
{
	if (p < 0 || other < 0 || p == other)
		return;
	add_one_relation(d, p, type, other, start, end);
	add_one_relation(d, other, inverse_type(type), p, start, end);
}

static int is_article(const struct doc *d, size_t k)
{
	return tok_is(d, k, "a") || tok_is(d, k, "an") || tok_is(d, k, "the");
}

static int is_possessive(const struct doc *d, size_t k)
{
	return tok_is(d, k, "his") || tok_is(d, k, "her") || tok_is(d, k, "its") ||
	       tok_is(d, k, "their") || tok_is(d, k, "my") || tok_is(d, k, "our");
}

static int is_preposition(const struct doc *d, size_t k)
{
	static const char *const preps[] = { "at", "of", "for", "in", "from",
					     "with", "who", "whose", "since",
					     "to", "on", "by", "which", NULL };
	size_t i;

	for (i = 0; preps[i]; i++)
		if (tok_is(d, k, preps[i]))
			return 1;
	return 0;
}

static int person_of(const struct doc *d, size_t k)
{
	int m = k < d->ntoks ? d->toks[k].mention : -1;

	return m >= 0 && d->ments[m].accepted ? d->ments[m].person : -1;
}

/* The singular of a plural occupation ("writers") if it is one. */
static const char *occupation_role(const struct doc *d, size_t k,
				   size_t *n, char *word, size_t size)
{
	const char *v = NULL;
	size_t len;

	*n = doc_match(d, &d->lex->occupations, k, &v);
	if (*n) {
		doc_phrase(d, k, *n, word, size);
		return v;
	}
	len = strlen(d->toks[k].low);
	if (len < 4 || len >= size || d->toks[k].low[len - 1] != 's')
		return NULL;
	memcpy(word, d->toks[k].low, len - 1);
	word[len - 1] = '\0';
	v = wordmap_get(&d->lex->occupations, word);
	*n = v ? 1 : 0;
	return v;
}

/* Reads the occupation and ethnicity out of toks [a, b): "a well-known
 * public figure and a politician", "a Uyghur scholar", "writers". */
static void describe(struct doc *d, int p, size_t a, size_t b, int rank,
		     int from_list)
{
	struct eperson *e = &d->persons[p];
	char occ[96] = "", word[64];
	const char *role = NULL, *eth = NULL, *v;
	size_t k, n, len = 0, end = b;
	int has_occ = 0;

	for (k = a; k < b; k++)
		if (is_preposition(d, k) || d->toks[k].kind == TOK_PUNCT) {
			end = k;
			break;
		}
	for (k = a; k < end; k++) {
		if (is_article(d, k) || wordmap_get(&d->lex->modifiers, d->toks[k].low) ||
		    d->toks[k].kind == TOK_NUM)
			continue;
		v = wordmap_get(&d->lex->ethnic, d->toks[k].low);
		/* "Kazakh writers", not "Ili Kazakh Autonomous Prefecture" */
		if (v && k + 1 < d->ntoks && (d->toks[k + 1].flags & TF_CAP))
			continue;
		if (v) {
			eth = v;
			continue;
		}
		v = occupation_role(d, k, &n, word, sizeof(word));
		if (v) {
			role = v;
			has_occ = 1;
			k += n - 1;
		} else if (from_list) {
			continue; /* a list's head says only what they all are */
		} else {
			doc_phrase(d, k, 1, word, sizeof(word));
		}
		if (!strcmp(word, "and") && !len)
			continue;
		len += (size_t)snprintf(occ + len, sizeof(occ) - len, "%s%s",
					len ? " " : "", word);
		if (len >= sizeof(occ))
			break;
	}
	while (len > 4 && !strcmp(occ + len - 4, " and"))
		occ[len -= 4] = '\0';
	if (eth && (has_occ || from_list) && !e->ethnicity) {
		e->ethnicity = eth;
		person_add_evidence(d, p, "ethnicity", d->toks[a].start,
				    d->toks[b - 1].end);
	}
	if (!has_occ || rank <= e->occupation_rank)
		return;
	snprintf(e->occupation, sizeof(e->occupation), "%s", occ);
	e->occupation_rank = rank;
	e->role_cue = role;
	person_add_evidence(d, p, "occupation", d->toks[a].start,
			    d->toks[end - 1].end);
}

/* "<kin> of Y" inside toks [a, b): p <kin>_of Y. */
static void kin_in(struct doc *d, int p, size_t a, size_t b)
{
	const char *type;
	size_t k, j;
	int other;

	for (k = a; k < b; k++) {
		type = wordmap_get(&d->lex->kinship, d->toks[k].low);
		if (!type || !(tok_is(d, k + 1, "of") || tok_is(d, k + 1, "to")))
			continue;
		for (j = k + 2; j < b; j++) {
			other = person_of(d, j);
			if (other >= 0) {
				person_add_relation(d, p, type, other,
						    d->toks[a].start,
						    d->toks[b - 1].end);
				return;
			}
		}
	}
}

/* The end of an apposition starting at a: the next comma, full stop or
 * quote mark (not the comma of a bracketed aside). */
static size_t phrase_end(const struct doc *d, size_t a)
{
	size_t k;

	for (k = a; k < d->ntoks && d->toks[k].sent == d->toks[a].sent; k++) {
		const char *low = d->toks[k].low;

		if (d->toks[k].kind != TOK_PUNCT)
			continue;
		if (strcmp(low, "-") && strcmp(low, "'s") && strcmp(low, "(") &&
		    strcmp(low, ")"))
			return k;
	}
	return k;
}

/* "X, a literature teacher at …," and "X is the mother of Y". */
static void appositions(struct doc *d)
{
	size_t i, a, b, k;
	int p;

	for (i = 0; i < d->nments; i++) {
		struct mention *m = &d->ments[i];

		if (!m->accepted || m->head >= 0)
			continue;
		a = m->t1;
		/* "Zhumagulov, 62, a novelist" */
		if (tok_punct(d, a, ",") && d->toks[a + 1 < d->ntoks ? a + 1 : a].kind == TOK_NUM &&
		    tok_punct(d, a + 2, ","))
			a += 2;
		if (tok_punct(d, a, ","))
			a++;
		else if (tok_is(d, a, "is") || tok_is(d, a, "was"))
			a++;
		else
			continue;
		/* "X, whose husband Y, …" is about Y: see possessive_kin. */
		if (!is_article(d, a))
			continue;
		b = phrase_end(d, a);
		if (b <= a + 1)
			continue;
		p = m->person;
		for (k = a; k < b; k++)
			if (d->toks[k].mention >= 0)
				d->ments[d->toks[k].mention].head = (int)i;
		describe(d, p, a, b, 3, 0);
		kin_in(d, p, a, b);
	}
}

static int title_word_ok(const struct doc *d, size_t j, size_t t0)
{
	const struct tok *t = &d->toks[j];

	if (t->kind != TOK_WORD || t->sent != d->toks[t0].sent || t->mention >= 0)
		return 0;
	if (wordmap_get(&d->lex->status, t->low) || wordmap_get(&d->lex->speech, t->low) ||
	    wordmap_get(&d->lex->kinship, t->low))
		return 0;
	if (!wordmap_get(&d->lex->common, t->low) || tok_is(d, j, "and"))
		return 1;
	return doc_match(d, &d->lex->occupations, j, NULL) > 0 ||
	       (j > 0 && doc_match(d, &d->lex->occupations, j - 1, NULL) == 2);
}

/* "Politician R. Sarsenbay", "Uyghur scholar Ilham Tohti". */
static void titles(struct doc *d)
{
	size_t i, a, n, e, back;
	char word[64];

	for (i = 0; i < d->nments; i++) {
		struct mention *m = &d->ments[i];

		if (!m->accepted || m->t0 == 0)
			continue;
		/* "Its coordinator, Serik Abenov", "an official named Wang" */
		e = m->t0;
		if (e >= 2 && (tok_punct(d, e - 1, ",") || tok_is(d, e - 1, "named") ||
			       tok_is(d, e - 1, "called")))
			e--;
		for (n = 0, back = 1; back <= 3 && back <= e && !n; back++)
			if (!occupation_role(d, e - back, &n, word, sizeof(word)) ||
			    n != back)
				n = 0;
		if (!n)
			continue;
		/* Before a comma only a title that opens its clause ("Its
		 * coordinator, X"), not the end of someone else's apposition
		 * ("Y, a politician, X"). */
		if (e < m->t0 && tok_punct(d, e, ",") &&
		    !(e >= n + 1 && (is_possessive(d, e - n - 1) ||
				     (is_article(d, e - n - 1) &&
				      (d->toks[e - n - 1].flags & TF_SENT_START)))))
			continue;
		for (a = e - n; a > 0 && e - a < 6 && title_word_ok(d, a - 1, m->t0); a--)
			;
		describe(d, m->person, a, e, 2, 0);
	}
}

static int clause_word(const struct doc *d, size_t k)
{
	const char *low = d->toks[k].low;

	return !strcmp(low, "that") || !strcmp(low, "is") || !strcmp(low, "are") ||
	       !strcmp(low, "was") || !strcmp(low, "were") ||
	       wordmap_get(&d->lex->speech, low) != NULL;
}

/* Describes p from each preposition-free piece of toks [a, b). */
static void describe_pieces(struct doc *d, int p, size_t a, size_t b)
{
	size_t s = a, k;

	for (k = a; k <= b; k++) {
		if (k < b && !is_preposition(d, k) && d->toks[k].kind != TOK_PUNCT)
			continue;
		if (k > s)
			describe(d, p, s, k, 1, 1);
		s = k + 1;
	}
}

/* "Kazakh writers in China, such as A, B and C": the head describes every
 * name in the list. */
static void list_heads(struct doc *d)
{
	size_t i, cue, a, j, back;

	for (i = 0; i < d->nments; i++) {
		struct mention *m = &d->ments[i];

		if (m->list < 0 || (i > 0 && d->ments[i - 1].list == m->list))
			continue;
		cue = m->t0;
		for (back = 2; back >= 1; back--)
			if (m->t0 >= back &&
			    doc_match(d, &d->lex->list_cues, m->t0 - back, NULL) == back) {
				cue = m->t0 - back;
				break;
			}
		if (cue == m->t0 && m->t0 > 0 && tok_punct(d, m->t0 - 1, ":")) {
			/* "the following teachers … have been sentenced: A, B" */
			for (a = m->t0 - 1; a > 0 && m->t0 - a < 30 &&
					    d->toks[a - 1].sent == d->toks[m->t0].sent; a--)
				;
			for (j = i; j < d->nments && d->ments[j].list == m->list; j++)
				if (d->ments[j].accepted)
					describe_pieces(d, d->ments[j].person, a, m->t0 - 1);
			continue;
		}
		if (cue == m->t0)
			continue;
		a = cue;
		if (a > 0 && tok_punct(d, a - 1, ","))
			a--;
		while (a > 0 && cue - a < 8 && d->toks[a - 1].kind == TOK_WORD &&
		       d->toks[a - 1].sent == d->toks[m->t0].sent &&
		       !clause_word(d, a - 1))
			a--;
		for (j = i; j < d->nments && d->ments[j].list == m->list; j++)
			if (d->ments[j].accepted)
				describe_pieces(d, d->ments[j].person, a, cue);
	}
}

/* The person a quotation is attributed to: '"…," said X', '"…," X said',
 * 'X said: "…"', '"…," he said'. */
static int quote_speaker(const struct doc *d, const struct quotation *q)
{
	size_t k = q->close + 1, j;
	int p;

	while (k < d->ntoks && d->toks[k].kind == TOK_PUNCT &&
	       !tok_punct(d, k, "\xe2\x80\x9c") && k < q->close + 3)
		k++;
	if (k < d->ntoks && wordmap_get(&d->lex->speech, d->toks[k].low)) {
		p = person_of(d, k + 1);
		if (p >= 0)
			return p;
	}
	p = person_of(d, k);
	if (p >= 0) {
		int m = d->toks[k].mention;

		if (wordmap_get(&d->lex->speech, d->toks[d->ments[m].t1].low))
			return p;
	}
	if ((tok_is(d, k, "he") || tok_is(d, k, "she")) &&
	    wordmap_get(&d->lex->speech, d->toks[k + 1].low)) {
		for (j = q->open; j > 0; j--) {
			int m = d->toks[j - 1].mention;

			if (m >= 0 && d->ments[m].accepted && d->ments[m].head < 0)
				return d->ments[m].person;
		}
	}
	/* Before the opening mark: "X said, “…" */
	for (j = q->open; j > 0 && q->open - j < 4; j--) {
		if (!wordmap_get(&d->lex->speech, d->toks[j - 1].low))
			continue;
		for (k = j - 1; k > 0 && j - k < 8; k--) {
			p = person_of(d, k - 1);
			if (p >= 0)
				return p;
		}
	}
	return -1;
}

/* The kin word before mention m, over a comma and a title: "my youngest
 * son X", "Her son, the dombra player X". Its token, or 0. */
static size_t kin_word_before(const struct doc *d, const struct mention *m)
{
	size_t j = m->t0 - 1, steps;

	for (steps = 0; j > 0 && steps < 5; steps++, j--) {
		const struct tok *t = &d->toks[j];

		if (wordmap_get(&d->lex->kinship, t->low))
			return j;
		if (tok_punct(d, j, ",") || is_article(d, j))
			continue;
		if (t->kind != TOK_WORD || (t->flags & TF_CAP) || is_preposition(d, j) ||
		    is_possessive(d, j) || wordmap_get(&d->lex->speech, t->low) ||
		    wordmap_get(&d->lex->status, t->low) || t->mention >= 0)
			return 0;
	}
	return 0;
}

/* Whose kin: "my" (the speaker or narrator), "his"/"her" (the last person
 * named), "X, whose", "X's". -1 when the text does not say. */
static int kin_owner(const struct doc *d, size_t k, int self)
{
	size_t j;
	int p;

	if (tok_is(d, k, "my") || tok_is(d, k, "our"))
		return first_person_at(d, k);
	if (tok_is(d, k, "his") || tok_is(d, k, "her")) {
		for (j = k; j > 0; j--) {
			p = person_of(d, j - 1);
			if (p >= 0 && p != self)
				return p;
		}
		return -1;
	}
	if (tok_is(d, k, "whose") && k >= 2 && tok_punct(d, k - 1, ","))
		return person_of(d, k - 2);
	if (tok_punct(d, k, "'s") && k > 0)
		return person_of(d, k - 1);
	return -1;
}

/* "my youngest son X" in a quotation, "his wife X", "X, whose husband Y",
 * "X's brother Y". */
static void possessive_kin(struct doc *d)
{
	size_t i, k, n;
	const char *type;
	int owner;

	for (i = 0; i < d->nments; i++) {
		struct mention *m = &d->ments[i];

		if (!m->accepted || m->t0 < 2)
			continue;
		k = kin_word_before(d, m);
		if (!k)
			continue;
		type = wordmap_get(&d->lex->kinship, d->toks[k].low);
		for (n = 0; k > 0 && n < 3; n++) {
			k--;
			if (d->toks[k].kind != TOK_WORD || is_possessive(d, k) ||
			    tok_is(d, k, "whose"))
				break;
		}
		owner = kin_owner(d, k, m->person);
		if (owner >= 0)
			person_add_relation(d, m->person, type, owner,
					    d->toks[k].start, d->toks[m->t1 - 1].end);
	}
}

/* "My name is X", "I am X": the "I" of a testimony. */
static void narrator(struct doc *d)
{
	size_t k;
	int p;

	for (k = 0; k + 3 < d->ntoks; k++) {
		if (d->toks[k].quote)
			continue;
		if (tok_is(d, k, "my") && tok_is(d, k + 1, "name") &&
		    tok_is(d, k + 2, "is"))
			p = person_of(d, k + 3);
		else if (tok_is(d, k, "i") && tok_is(d, k + 1, "am"))
			p = person_of(d, k + 2);
		else
			continue;
		if (p >= 0) {
			d->persons[p].narrator = 1;
			return;
		}
	}
}

static int is_victim(const struct eperson *e)
{
	return e->status || e->victim_cue;
}

static void roles(struct doc *d)
{
	size_t i, r;

	for (i = 0; i < d->npersons; i++) {
		struct eperson *e = &d->persons[i];

		if (is_victim(e)) {
			e->role = "victim";
			continue;
		}
		for (r = 0; r < e->nrel; r++)
			if (is_victim(&d->persons[e->rel[r].other]))
				e->role = "relative";
		if (!e->role && e->role_cue)
			e->role = e->role_cue;
		if (!e->role && e->nrel)
			e->role = "relative";
		if (!e->role)
			e->role = "other";
	}
}

static void name_evidence(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nments; i++)
		if (d->ments[i].accepted && d->ments[i].person >= 0)
			person_add_evidence(d, d->ments[i].person, "name",
					    d->toks[d->ments[i].t0].start,
					    d->toks[d->ments[i].t1 - 1].end);
}

vg_status doc_facts(struct doc *d)
{
	size_t q;

	name_evidence(d);
	appositions(d);
	titles(d);
	list_heads(d);
	for (q = 0; q < d->nquotes; q++) {
		d->quotes[q].speaker = quote_speaker(d, &d->quotes[q]);
		if (d->quotes[q].speaker >= 0)
			d->persons[d->quotes[q].speaker].speaker = 1;
	}
	narrator(d);
	possessive_kin(d);
	doc_status(d);
	roles(d);
	return VG_OK;
}
