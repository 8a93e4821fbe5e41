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

int tok_article(const struct doc *d, size_t k)
{
	return tok_is(d, k, "a") || tok_is(d, k, "an") || tok_is(d, k, "the");
}

/* Possessives: the first person's ("my", "мой", "менің") and the third
 * person's ("his", "его", "оның"). */
static const char *const first_possessives[] = {
	"my", "our", "мой", "моя", "моё", "мое", "мои", "моего", "моей", "мою",
	"моему", "наш", "наша", "наше", "наши", "нашего", "нашей", "нашу",
	"менің", "біздің", NULL
};
static const char *const third_possessives[] = {
	"his", "her", "its", "their", "его", "её", "ее", "их", "оның",
	"олардың", NULL
};

int tok_in(const struct doc *d, size_t k, const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++)
		if (tok_is(d, k, words[i]))
			return 1;
	return 0;
}

int tok_first_possessive(const struct doc *d, size_t k)
{
	return tok_in(d, k, first_possessives);
}

int tok_possessive(const struct doc *d, size_t k)
{
	return tok_in(d, k, first_possessives) || tok_in(d, k, third_possessives);
}

static const char *kin_type_of(const struct doc *d, const char *low, int *owner);

const char *kin_type(const struct doc *d, size_t k, int *owner)
{
	if (owner)
		*owner = 0;
	return k < d->ntoks ? kin_type_of(d, d->toks[k].low, owner) : NULL;
}

static const char *kin_parse(const char *v, int *owner);

static const char *kin_type_of(const struct doc *d, const char *low, int *owner)
{
	return kin_parse(wordmap_get(&d->lex->kinship, low), owner);
}

/* The relation type and owner flag of a kinship list's value
 * ("father_of,my"). */
static const char *kin_parse(const char *v, int *owner)
{
	static const char *const types[] = { "mother_of", "father_of", "son_of",
					     "daughter_of", "child_of", "parent_of",
					     "spouse_of", "sibling_of",
					     "relative_of", NULL };
	size_t n, i;

	if (owner)
		*owner = 0;
	if (!v)
		return NULL;
	n = strcspn(v, ",");
	if (owner && strstr(v, ",my"))
		*owner = 1;
	else if (owner && strstr(v, ",his"))
		*owner = 3;
	for (i = 0; types[i]; i++)
		if (strlen(types[i]) == n && !strncmp(types[i], v, n))
			return types[i];
	return NULL;
}

int tok_preposition(const struct doc *d, size_t k)
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

int doc_person_at(const struct doc *d, size_t k)
{
	int m = k < d->ntoks ? d->toks[k].mention : -1;

	return m >= 0 && d->ments[m].accepted ? d->ments[m].person : -1;
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
		/* over words between the verb and the name: "said his cousin
		 * X", "— добавила её мать X", "– деп қосты оның күйеуі X" */
		for (j = k + 1; j < d->ntoks && j < k + 5 && doc_person_at(d, j) < 0 &&
				d->toks[j].kind == TOK_WORD &&
				(wordmap_get(&d->lex->speech, d->toks[j].low) ||
				 tok_possessive(d, j) || tok_article(d, j) ||
				 kin_type(d, j, NULL) || wordmap_get(&d->lex->titles, d->toks[j].low) ||
				 wordmap_get(&d->lex->occupations, d->toks[j].low) ||
				 wordmap_get(&d->lex->modifiers, d->toks[j].low));
		     j++)
			;
		p = j < d->ntoks ? doc_person_at(d, j) : -1;
		if (p >= 0)
			return p;
	}
	p = doc_person_at(d, k);
	if (p >= 0) {
		int m = d->toks[k].mention;

		/* A mention may end the text: no token follows it. */
		if (d->ments[m].t1 < d->ntoks &&
		    wordmap_get(&d->lex->speech, d->toks[d->ments[m].t1].low))
			return p;
	}
	if ((tok_is(d, k, "he") || tok_is(d, k, "she")) && k + 1 < d->ntoks &&
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
			p = doc_person_at(d, k - 1);
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
		if (tok_punct(d, j, ",") || tok_article(d, j))
			continue;
		if (t->kind != TOK_WORD || (t->flags & TF_CAP) || tok_preposition(d, j) ||
		    tok_possessive(d, j) || wordmap_get(&d->lex->speech, t->low) ||
		    wordmap_get(&d->lex->status, t->low) || t->mention >= 0)
			return 0;
	}
	return 0;
}

/* Whose kin: "my" (the speaker or narrator), "his"/"her" (the last person
 * named), "X, whose", "X's". -1 when the text does not say. */
static int kin_owner(const struct doc *d, size_t k, int self)
{
	int p;

	if (tok_first_possessive(d, k))
		return first_person_at(d, k);
	if (tok_possessive(d, k)) {
		p = doc_pronoun_person(d, k);
		return p == self ? -1 : p;
	}
	if (tok_is(d, k, "whose") && k >= 2 && tok_punct(d, k - 1, ","))
		return doc_person_at(d, k - 2);
	if (tok_punct(d, k, "'s") && k > 0)
		return doc_person_at(d, k - 1);
	return -1;
}

/* Whose is the Kazakh kin word at k that names its owner by a suffix
 * ("анасы", his or her mother): the name just before in the genitive
 * ("Мирастың әйелі"), else the person last named. */
static int genitive_owner(const struct doc *d, size_t k, int self)
{
	char stems[CASE_STEMS_MAX][64];
	int p = k > 0 ? doc_person_at(d, k - 1) : -1, whose;
	const char *type;
	size_t n, i;

	/* "Күйеуімнің інісі": my husband's brother. */
	n = p < 0 && k > 0 ? case_stems(d->toks[k - 1].low, stems, CASE_STEMS_MAX) : 0;
	for (i = 0; i < n && p < 0; i++) {
		type = kin_type_of(d, stems[i], &whose);
		if (type && whose)
			p = person_by_kin(d, type, whose == 1 ? first_person_at(d, k - 1) :
						    doc_pronoun_person(d, k - 1));
	}
	if (p < 0)
		p = doc_pronoun_person(d, k);
	return p == self ? -1 : p;
}

/* "брат Бахыта, Ержан Нурланулы": a kin word, the owner's name in the
 * genitive and, after a comma, the relative's. The kin word's token, or
 * 0; *owner receives the genitive name's person. */
static size_t genitive_kin_before(const struct doc *d, const struct mention *m,
				  int *owner)
{
	size_t c = m->t0 - 1;
	int g;

	if (m->t0 < 3 || !tok_punct(d, c, ","))
		return 0;
	g = d->toks[c - 1].mention;
	if (g < 0 || !d->ments[g].accepted || d->ments[g].t0 == 0 ||
	    (unsigned char)d->toks[d->ments[g].t0].low[0] < 0x80)
		return 0; /* English says "X's brother", see kin_owner */
	if (!wordmap_get(&d->lex->kinship, d->toks[d->ments[g].t0 - 1].low))
		return 0;
	*owner = d->ments[g].person;
	return d->ments[g].t0 - 1;
}

/* "my youngest son X" in a quotation, "his wife X", "X, whose husband Y",
 * "X's brother Y". */
static void possessive_kin(struct doc *d)
{
	size_t i, k, n, kin;
	const char *type, *v;
	int owner, suffix;

	for (i = 0; i < d->nments; i++) {
		struct mention *m = &d->ments[i];

		if (!m->accepted || m->t0 < 2)
			continue;
		k = genitive_kin_before(d, m, &owner);
		if (k) {
			type = kin_type(d, k, &suffix);
			if (k > 0 && doc_match(d, &d->lex->kinship, k - 1, &v) == 2)
				type = kin_parse(v, &suffix);
			if (type && owner >= 0 && owner != m->person)
				person_add_relation(d, m->person, type, owner,
						    d->toks[k].start,
						    d->toks[m->t1 - 1].end);
			continue;
		}
		k = kin_word_before(d, m);
		if (!k)
			continue;
		type = kin_type(d, k, &suffix);
		/* "двоюродный брат" (cousin), not "брат" */
		if (k > 0 && doc_match(d, &d->lex->kinship, k - 1, &v) == 2) {
			type = kin_parse(v, &suffix);
			k--;
		}
		if (!type)
			continue;
		kin = k;
		for (n = 0; k > 0 && n < 3; n++) {
			k--;
			if (d->toks[k].kind != TOK_WORD || tok_possessive(d, k) ||
			    tok_is(d, k, "whose"))
				break;
		}
		person_sex_from_word(d, m->person, kin_word_before(d, m));
		owner = kin_owner(d, k, m->person);
		/* Kazakh says whose in the word: "әкем" (my father), "анасы"
		 * (his or her mother), "Мирастың әйелі" (Miras's wife). */
		if (owner < 0 && suffix == 1)
			owner = first_person_at(d, kin);
		if (owner < 0 && suffix == 3)
			owner = genitive_owner(d, kin, m->person);
		if (owner >= 0)
			person_add_relation(d, m->person, type, owner,
					    d->toks[k].start, d->toks[m->t1 - 1].end);
	}
}

/* "My name is X", "I am X", "I, X," ("Я, X,", "Мен, X,"), "Меня зовут
 * X", "Менің атым X": the "I" of a testimony. */
static void narrator(struct doc *d)
{
	size_t k;
	int p;

	for (k = 0; k + 3 < d->ntoks; k++) {
		if (d->toks[k].quote)
			continue;
		if (tok_is(d, k, "my") && tok_is(d, k + 1, "name") &&
		    tok_is(d, k + 2, "is"))
			p = doc_person_at(d, k + 3);
		else if ((tok_is(d, k, "меня") && tok_is(d, k + 1, "зовут")) ||
			 (tok_is(d, k, "менің") && (tok_is(d, k + 1, "атым") ||
						    tok_is(d, k + 1, "есімім"))))
			p = doc_person_at(d, k + 2); /* "Меня зовут X", "Менің атым X" */
		else if (tok_is(d, k, "i") && tok_is(d, k + 1, "am"))
			p = doc_person_at(d, k + 2);
		else if ((tok_is(d, k, "i") || tok_is(d, k, "я") || tok_is(d, k, "мен")) &&
			 tok_punct(d, k + 1, ","))
			p = doc_person_at(d, k + 2); /* "I, Zhazira Tursynbek, am …" */
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

/* A paragraph that opens with a byline: "By X", "Автор: X", "Авторы: X"
 * (the writer), "Translated by X", "Translated from Kazakh by X",
 * "Перевод: X", "Аударған: X" (the translator). The first name within its
 * first words, and what it names them. */
static const struct {
	const char *word, *occupation, *role;
} byline_cues[] = {
	{ "by", NULL, "journalist" },
	{ "автор", NULL, "journalist" },
	{ "авторы", NULL, "journalist" },
	{ "translated", "translator", "other" },
	{ "перевод", "переводчик", "other" },
	{ "перевела", "переводчик", "other" },
	{ "перевёл", "переводчик", "other" },
	{ "аударған", "аудармашы", "other" },
	/* a testimony's "recorded by" */
	{ "записала", NULL, "journalist" },
	{ "записал", NULL, "journalist" },
	{ "записали", NULL, "journalist" },
	{ "жазып", NULL, "journalist" },
	{ NULL, NULL, NULL }
};

/* Does token k open a line (a byline is often a line of its own under
 * the headline, the translator's on the next)? */
static int line_start(const struct doc *d, size_t k)
{
	size_t i;

	if (k == 0)
		return 1;
	for (i = d->toks[k - 1].end; i < d->toks[k].start; i++)
		if (d->text[i] == '\n')
			return 1;
	return 0;
}

static void bylines(struct doc *d)
{
	size_t k, c, j;
	int p;

	for (k = 0; k < d->ntoks; k++) {
		if (!line_start(d, k))
			continue;
		for (c = 0; byline_cues[c].word && !tok_is(d, k, byline_cues[c].word); c++)
			;
		if (!byline_cues[c].word)
			continue;
		for (j = k + 1; j < d->ntoks && j < k + 6 &&
				d->toks[j].sent == d->toks[k].sent &&
				doc_person_at(d, j) < 0; j++)
			;
		p = j < k + 6 && j < d->ntoks ? doc_person_at(d, j) : -1;
		if (p < 0 || d->persons[p].role_cue)
			continue;
		d->persons[p].role_cue = byline_cues[c].role;
		d->persons[p].byline = 1;
		if (byline_cues[c].occupation && !d->persons[p].occupation[0]) {
			snprintf(d->persons[p].occupation, sizeof(d->persons[p].occupation),
				 "%s", byline_cues[c].occupation);
			person_add_evidence(d, p, "occupation", d->toks[k].start,
					    d->toks[j].end);
		}
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
	doc_describe(d);
	for (q = 0; q < d->nquotes; q++) {
		d->quotes[q].speaker = quote_speaker(d, &d->quotes[q]);
		if (d->quotes[q].speaker >= 0)
			d->persons[d->quotes[q].speaker].speaker = 1;
	}
	narrator(d);
	bylines(d);
	possessive_kin(d);
	doc_status(d);
	roles(d);
	return VG_OK;
}
