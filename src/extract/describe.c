/* describe.c — what a person is: occupation and ethnicity from an
 * apposition ("X, a literature teacher at …"), a title before the name
 * ("Public figure and politician X", "Its coordinator, X") or the head of a
 * list ("Kazakh writers in China, such as A, B"), and kinship stated in an
 * apposition ("X, the mother of Y"). */
#include <stdio.h>
#include <string.h>

#include "extract/extract_int.h"

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
		if (tok_preposition(d, k) || d->toks[k].kind == TOK_PUNCT) {
			end = k;
			break;
		}
	for (k = a; k < end; k++) {
		/* "New York Times reporter": the paper is where, not what */
		if (d->toks[k].flags & (TF_ORG | TF_PLACE | TF_CAL))
			continue;
		if (tok_article(d, k) || tok_possessive(d, k) ||
		    wordmap_get(&d->lex->modifiers, d->toks[k].low) ||
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
	if (len >= sizeof(occ))
		len = strlen(occ); /* snprintf counted what did not fit */
	while (len > 4 && !strcmp(occ + len - 4, " and"))
		occ[len -= 4] = '\0';
	/* "an ethnic Kazakh": the people is the whole description */
	if (eth && !has_occ && !len)
		has_occ = -1;
	if (eth && has_occ && !e->ethnicity) {
		e->ethnicity = eth;
		person_add_evidence(d, p, "ethnicity", d->toks[a].start,
				    d->toks[b - 1].end);
	}
	if (has_occ <= 0 || rank <= e->occupation_rank)
		return;
	/* "a spokesman for the regional government" */
	for (k = a; k < b && strcmp(role, "official") &&
		    strcmp(role, "victim"); k++)
		if (wordmap_get(&d->lex->state, d->toks[k].low))
			role = "official";
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
		/* "Y, Nurlan's son, …" */
		if (k + 2 < b && tok_punct(d, k + 1, "'s") && d->toks[k].mention >= 0) {
			type = kin_type(d, k + 2, NULL);
			other = doc_person_at(d, k);
			if (type && other >= 0) {
				person_add_relation(d, p, type, other,
						    d->toks[a].start, d->toks[b - 1].end);
				person_sex_from_word(d, p, k + 2);
				return;
			}
		}
		type = kin_type(d, k, NULL);
		/* "X, сестра Ерлана Абенова": Russian says "of" by the case */
		if (type && (unsigned char)d->text[d->toks[k].start] >= 0x80 &&
		    doc_person_at(d, k + 1) >= 0) {
			person_add_relation(d, p, type, doc_person_at(d, k + 1),
					    d->toks[a].start, d->toks[b - 1].end);
			person_sex_from_word(d, p, k);
			return;
		}
		if (!type || !(tok_is(d, k + 1, "of") || tok_is(d, k + 1, "to")))
			continue;
		for (j = k + 2; j < b; j++) {
			other = doc_person_at(d, j);
			if (other >= 0) {
				person_add_relation(d, p, type, other,
						    d->toks[a].start,
						    d->toks[b - 1].end);
				person_sex_from_word(d, p, k);
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

/* Does toks [a, b) name an occupation or a kinship? */
static int names_a_role(const struct doc *d, size_t a, size_t b)
{
	char word[64];
	size_t k, n;

	for (k = a; k < b; k++)
		if (occupation_role(d, k, &n, word, sizeof(word)) ||
		    wordmap_get(&d->lex->kinship, d->toks[k].low))
			return 1;
	return 0;
}

/* "Memet Yusup's daughter": a name, 's and a kinship noun. */
static int possessive_kin_phrase(const struct doc *d, size_t a, size_t b)
{
	int m = d->toks[a].mention;
	size_t e;

	if (m < 0 || !d->ments[m].accepted)
		return 0;
	e = d->ments[m].t1;
	return e + 1 < b && tok_punct(d, e, "'s") &&
	       wordmap_get(&d->lex->kinship, d->toks[e + 1].low) != NULL;
}

/* ", born 1968", ", 62", ", aged 45": said of the person, but no role. */
static int about_age(const struct doc *d, size_t a)
{
	return tok_is(d, a, "born") || tok_is(d, a, "aged") ||
	       d->toks[a].kind == TOK_NUM;
}

/* A dash, which Russian and Kazakh write for "is" ("X — поэт"). */
static int tok_dash(const struct doc *d, size_t k)
{
	return tok_punct(d, k, "\xe2\x80\x94") || tok_punct(d, k, "\xe2\x80\x93");
}

static size_t bracket_end(const struct doc *d, size_t a)
{
	size_t k;

	for (k = a; k < d->ntoks && k < a + 12; k++)
		if (tok_punct(d, k, ")"))
			return k;
	return a;
}

static void apposition_segment(struct doc *d, size_t head, size_t a, size_t b)
{
	int p = d->ments[head].person;
	size_t k;

	for (k = a; k < b; k++)
		if (d->toks[k].mention >= 0 && d->toks[k].mention != (int)head)
			d->ments[d->toks[k].mention].head = (int)head;
	describe(d, p, a, b, 3, 0);
	kin_in(d, p, a, b);
}

/* "X, a literature teacher at …,", "X is the mother of Y", and the
 * record style of lists: "X, born 1968, brother of Y, driver." and
 * "X (wife of Y)". */
static void appositions(struct doc *d)
{
	size_t i, a, b;
	int first;

	for (i = 0; i < d->nments; i++) {
		struct mention *m = &d->ments[i];

		if (!m->accepted || m->head >= 0)
			continue;
		a = m->t1;
		if (tok_punct(d, a, "(")) {
			b = bracket_end(d, a + 1);
			if (b > a + 1 && names_a_role(d, a + 1, b))
				apposition_segment(d, i, a + 1, b);
			/* "X (born 1961) is a …", "X (род. 1965) — …" */
			if (b <= a + 1 || !(tok_is(d, b + 1, "is") || tok_is(d, b + 1, "was") ||
					    tok_dash(d, b + 1)))
				continue;
			a = b + 1;
		}
		for (first = 1;; first = 0) {
			if (tok_punct(d, a, ","))
				a++;
			else if (first && (tok_is(d, a, "is") || tok_is(d, a, "was") ||
					   tok_dash(d, a)))
				a++; /* "X — казахский писатель" */
			else
				break;
			b = phrase_end(d, a);
			if (b <= a)
				break;
			if (about_age(d, a)) {
				a = b;
				continue;
			}
			/* "X, whose husband Y, …" is about Y: see possessive_kin. */
			if (!tok_article(d, a) && !possessive_kin_phrase(d, a, b) &&
			    (d->toks[a].kind != TOK_WORD || (d->toks[a].flags & TF_CAP) ||
			     b - a > 5 || tok_is(d, a, "and") || tok_possessive(d, a) ||
			     tok_preposition(d, a) ||
			     !names_a_role(d, a, a + 2 < b ? a + 2 : b)))
				break;
			apposition_segment(d, i, a, b);
			a = b;
		}
	}
}

/* Before a Russian or Kazakh title only adjectives belong to it
 * ("казахский поэт X", not "Семье помогает волонтёр X"): words with a
 * Russian adjective ending, modifiers and ethnic names. */
static int cyrillic_title_word_ok(const struct doc *d, size_t j)
{
	static const char *const endings[] = { "ый", "ий", "ой", "ая", "яя",
					       "ое", "ее", "ые", "ие", "ого",
					       "его", "ую", NULL };
	const char *low = d->toks[j].low;
	size_t n = strlen(low), i;

	if ((unsigned char)low[0] < 0x80)
		return 1;
	if (wordmap_get(&d->lex->modifiers, low) || wordmap_get(&d->lex->ethnic, low) ||
	    doc_match(d, &d->lex->occupations, j, NULL) >= 2)
		return 1; /* "құқық қорғаушы" */
	for (i = 0; endings[i]; i++)
		if (n > strlen(endings[i]) + 4 &&
		    !strcmp(low + n - strlen(endings[i]), endings[i]))
			return 1;
	return 0;
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

/* "Its coordinator, X", "among them a retired school director, X", "A
 * spokesman for the regional government, X": a noun phrase that opens with
 * an article or possessive and names an occupation, before the comma at
 * token comma. Not when the phrase is the end of another person's
 * apposition ("Y, a politician, X"). */
static void comma_title(struct doc *d, int p, size_t comma)
{
	size_t s = comma, q;

	while (s > 0 && comma - s < 12 && d->toks[s - 1].kind == TOK_WORD &&
	       d->toks[s - 1].sent == d->toks[comma].sent && d->toks[s - 1].mention < 0)
		s--;
	for (q = s; q < comma && !tok_article(d, q) && !tok_possessive(d, q); q++)
		;
	/* "Zhakupova's lawyer, X" */
	if (q == comma && s > 0 && tok_punct(d, s - 1, "'s"))
		q = s;
	if (q == comma || !names_a_role(d, q, comma))
		return;
	if (q >= 2 && tok_punct(d, q - 1, ",") && d->toks[q - 2].mention >= 0)
		return;
	describe(d, p, q, comma, 2, 0);
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
		if (!n && e < m->t0 && tok_punct(d, e, ","))
			comma_title(d, m->person, e);
		if (!n)
			continue;
		if (e < m->t0 && tok_punct(d, e, ",")) {
			comma_title(d, m->person, e);
			continue;
		}
		for (a = e - n; a > 0 && e - a < 6 && title_word_ok(d, a - 1, m->t0) &&
				cyrillic_title_word_ok(d, a - 1); a--)
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
		if (k < b && !tok_preposition(d, k) && d->toks[k].kind != TOK_PUNCT)
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

void doc_describe(struct doc *d)
{
	appositions(d);
	titles(d);
	list_heads(d);
}
