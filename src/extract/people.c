/* people.c — who is named in the text, and which mentions are one person.
 *
 * A person's name is a run of capitalised words that are not known common
 * words, places, organisations, months, titles or ethnic names. A run
 * becomes a person when its parts look like names (a known given name, a
 * name-part ending such as -uly or -ova, a Chinese family name first) or
 * when the words around it say a person is meant (a title before it, "said"
 * after it, an apposition, a list of other people). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

#define RUN_MAX_PARTS 5

static int in_list(const struct wordmap *m, const char *low)
{
	char one[128];
	size_t n = strlen(low);

	if (wordmap_get(m, low))
		return 1;
	/* Plurals of cue words: "Writers", "Relatives". */
	if (n < 3 || n >= sizeof(one) || low[n - 1] != 's')
		return 0;
	memcpy(one, low, n - 1);
	one[n - 1] = '\0';
	return wordmap_get(m, one) != NULL;
}

int name_has_ending(const struct doc *d, const char *low)
{
	size_t n = strlen(low), cut;

	cut = n > d->lex->endings.max_len + 3 ? n - d->lex->endings.max_len : 3;
	for (; cut + 2 <= n; cut++)
		if ((low[cut] & 0xC0) != 0x80 &&
		    wordmap_get(&d->lex->endings, low + cut))
			return 1;
	return 0;
}

/* The sex a name part's ending marks ('f', 'm'), or 0: the longest
 * ending decides (-ova before -ov). */
static char ending_sex(const struct doc *d, const char *low)
{
	size_t n = strlen(low), cut;
	const char *v;

	cut = n > d->lex->endings.max_len + 3 ? n - d->lex->endings.max_len : 3;
	for (; cut + 2 <= n; cut++) {
		if ((low[cut] & 0xC0) == 0x80)
			continue;
		v = wordmap_get(&d->lex->endings, low + cut);
		if (v)
			return *v == 'f' || *v == 'm' ? *v : 0;
	}
	return 0;
}

void person_sex_from_word(struct doc *d, int p, size_t k)
{
	const char *v;

	if (p < 0 || k >= d->ntoks)
		return;
	v = wordmap_get(&d->lex->gendered, d->toks[k].low);
	if (v && (*v == 'f' || *v == 'm'))
		d->persons[p].sex = *v;
}

/* What the names and titles say of each person's sex. */
static void name_sex(struct doc *d)
{
	size_t i;
	char sex;

	for (i = 0; i < d->nments; i++) {
		const struct mention *m = &d->ments[i];

		if (!m->accepted || m->person < 0)
			continue;
		if (m->t0 > 0)
			person_sex_from_word(d, m->person, m->t0 - 1);
		if (m->nparts < 2 || d->persons[m->person].sex)
			continue;
		/* "Ералиева" after "приговорил" is a man's name in a case */
		sex = name_case_sex(d, m);
		if (!sex)
			sex = ending_sex(d, d->toks[m->t1 - 1].low);
		if (sex)
			d->persons[m->person].sex = sex;
	}
}

/* Could token k be part of a person's name? */
static int name_like(const struct doc *d, size_t k)
{
	const struct extract_lexicon *x = d->lex;
	const struct tok *t = &d->toks[k];

	if (t->kind != TOK_WORD || !(t->flags & (TF_CAP | TF_INITIAL)))
		return 0;
	if (t->flags & (TF_ORG | TF_PLACE | TF_CAL | TF_ACRONYM))
		return 0;
	if (t->flags & TF_INITIAL)
		return 1;
	if (wordmap_get(&x->given, t->low))
		return 1; /* a Cyrillic spelling of one is only a part's strength */
	return !in_list(&x->common, t->low) && !in_list(&x->ethnic, t->low) &&
	       !in_list(&x->titles, t->low) && !in_list(&x->occupations, t->low) &&
	       !in_list(&x->kinship, t->low) && !wordmap_get(&x->speech, t->low) &&
	       !wordmap_get(&x->modifiers, t->low) &&
	       !wordmap_get(&x->status, t->low) && !wordmap_get(&x->places, t->low);
}

/* A patronymic written apart and in lower case: "Garapa Nasiolla uly". */
static int is_particle(const struct doc *d, size_t k)
{
	return d->toks[k].kind == TOK_WORD && !(d->toks[k].flags & TF_CAP) &&
	       wordmap_get(&d->lex->endings, d->toks[k].low) &&
	       strlen(d->toks[k].low) >= 3 && (tok_is(d, k, "uly") ||
	       tok_is(d, k, "kyzy") || tok_is(d, k, "qyzy") || tok_is(d, k, "uli") ||
	       tok_is(d, k, "ulı") || tok_is(d, k, "ogli") || tok_is(d, k, "qizi") ||
	       tok_is(d, k, "ұлы") || tok_is(d, k, "қызы"));
}

/* How much the parts themselves look like a name. */
static int part_strength(const struct doc *d, size_t t0, size_t t1)
{
	const struct extract_lexicon *x = d->lex;
	size_t k;
	int s = 0;

	for (k = t0; k < t1; k++) {
		const char *low = d->toks[k].low;

		if (d->toks[k].flags & TF_INITIAL)
			continue;
		if (given_name(d, low) || name_has_ending(d, low) ||
		    is_particle(d, k) || name_stem_has_ending(d, low))
			s += 2;
		else if (k == t0 && t1 - t0 <= 3 && wordmap_get(&x->chinese, low))
			s += 2;
	}
	return s;
}

/* An encyclopedia lead's bracket after a name: "(born 1961)", "(b.
 * 1961)", "(род. 1965)", "(Uyghur: …)", "(каз. …)", "(қытайша: …)" — the
 * birth or the name in another language. */
static int lead_bracket(const struct doc *d, size_t k)
{
	static const char *const words[] = { "born", "b", "née", "род",
					     "родился", "родилась", "туған",
					     "каз", "уйг", "кит", "рус", "англ",
					     "қытайша", "ұйғырша", "орысша",
					     "қазақша", "chinese", NULL };
	size_t i;

	if (d->toks[k].kind != TOK_WORD)
		return 0;
	for (i = 0; words[i]; i++)
		if (tok_is(d, k, words[i]))
			return 1;
	/* "Uyghur:", "Kazakh:" — a people's name is its language's */
	return wordmap_get(&d->lex->ethnic, d->toks[k].low) && tok_punct(d, k + 1, ":");
}

/* Words around the run that say a person is named. */
static int context_cue(const struct doc *d, size_t t0, size_t t1)
{
	const struct extract_lexicon *x = d->lex;
	const char *prev = t0 > 0 ? d->toks[t0 - 1].low : "";
	size_t n = t1;

	if (t0 > 0 && d->toks[t0 - 1].kind == TOK_WORD &&
	    (wordmap_get(&x->titles, prev) || in_list(&x->occupations, prev) ||
	     wordmap_get(&x->kinship, prev) || wordmap_get(&x->speech, prev) ||
	     wordmap_get(&x->status, prev)))
		return 1;
	if (t0 > 0 && tok_punct(d, t0 - 1, ".") && t0 > 1 &&
	    wordmap_get(&x->titles, d->toks[t0 - 2].low))
		return 1;
	/* "Her sister, Nigara Abdukerim", "Its coordinator, Serik Abenov" */
	if (t0 > 1 && tok_punct(d, t0 - 1, ",") &&
	    (wordmap_get(&x->kinship, d->toks[t0 - 2].low) ||
	     in_list(&x->occupations, d->toks[t0 - 2].low)))
		return 1;
	if (n < d->ntoks && wordmap_get(&x->speech, d->toks[n].low))
		return 1;
	if (tok_punct(d, n, ",") &&
	    (tok_is(d, n + 1, "a") || tok_is(d, n + 1, "an") ||
	     tok_is(d, n + 1, "the") || tok_is(d, n + 1, "aged") ||
	     tok_is(d, n + 1, "who") || tok_is(d, n + 1, "whose")))
		return 1;
	/* "Dilbar Yusup, Memet Yusup's daughter, …" */
	if (tok_punct(d, n, ",")) {
		size_t k = n + 1;

		while (k < d->ntoks && k < n + 5 && (d->toks[k].flags & TF_CAP) &&
		       d->toks[k].kind == TOK_WORD)
			k++;
		if (k > n + 1 && tok_punct(d, k, "'s") && k + 1 < d->ntoks &&
		    wordmap_get(&x->kinship, d->toks[k + 1].low))
			return 1;
	}
	if (tok_punct(d, n, "(") && n + 1 < d->ntoks &&
	    (d->toks[n + 1].kind == TOK_HAN || d->toks[n + 1].kind == TOK_NUM ||
	     lead_bracket(d, n + 1)))
		return 1;
	return 0;
}

static vg_status add_mention(struct doc *d, size_t t0, size_t t1)
{
	struct mention *m;

	if (d->nments == d->capments) {
		size_t cap = d->capments ? d->capments * 2 : 64;
		struct mention *n = realloc(d->ments, cap * sizeof(*n));

		if (!n)
			return VG_ENOMEM;
		d->ments = n;
		d->capments = cap;
	}
	m = &d->ments[d->nments];
	memset(m, 0, sizeof(*m));
	m->t0 = t0;
	m->t1 = t1;
	m->person = -1;
	m->head = -1;
	m->list = -1;
	m->nparts = (int)(t1 - t0);
	for (; t0 < t1; t0++)
		d->toks[t0].mention = (int)d->nments;
	d->nments++;
	return VG_OK;
}

static vg_status find_runs(struct doc *d)
{
	size_t k = 0, e;
	vg_status rc;

	while (k < d->ntoks) {
		if (!name_like(d, k)) {
			k++;
			continue;
		}
		for (e = k + 1; e < d->ntoks && e - k < RUN_MAX_PARTS &&
				(name_like(d, e) || (e > k && is_particle(d, e))) &&
				d->toks[e].sent == d->toks[k].sent;
		     e++)
			;
		/* A sentence's first word that is no name part: "Yesterday
		 * Nurlan Serikov". */
		if (e - k - (is_particle(d, e - 1) ? 1 : 0) >= 3 &&
		    (d->toks[k].flags & TF_SENT_START) && !part_strength(d, k, k + 1))
			k++;
		rc = add_mention(d, k, e);
		if (rc)
			return rc;
		k = e;
	}
	return VG_OK;
}

static void accept_by_features(struct doc *d)
{
	size_t i;
	struct mention *m;

	for (i = 0; i < d->nments; i++) {
		m = &d->ments[i];
		if (m->nparts < 2)
			continue;
		if (d->toks[m->t1 - 1].flags & TF_INITIAL)
			continue; /* "Garapa N." is too little to go on */
		if (part_strength(d, m->t0, m->t1) >= 2 ||
		    context_cue(d, m->t0, m->t1))
			m->accepted = 1;
	}
}

/* ---- one person, many spellings ---- */

/* Is token i the tokens j and j + 1 written as one word? */
static int joined_similar(const struct doc *d, size_t i, size_t j)
{
	char both[128];
	int n = snprintf(both, sizeof(both), "%s%s", d->toks[j].low,
			 d->toks[j + 1].low);

	return n > 0 && (size_t)n < sizeof(both) &&
	       name_parts_similar(d->toks[i].low, both);
}

/* Does mention m name person p? Every part of the shorter name matches a
 * part of the longer one, in order, and at least one full part matches. */
static int mention_names(struct doc *d, const struct mention *m,
			 const struct mention *pm)
{
	const struct mention *s = m->nparts <= pm->nparts ? m : pm;
	const struct mention *l = s == m ? pm : m;
	size_t i, j = l->t0;
	int full = 0;

	for (i = s->t0; i < s->t1; i++) {
		for (; j < l->t1; j++) {
			if (name_tokens_similar(d, i, j))
				break;
			if (j + 1 < l->t1 && joined_similar(d, i, j)) {
				j++; /* "Nasiollauly" and "Nasiolla uly" */
				break;
			}
		}
		if (j == l->t1)
			return 0;
		full += !(d->toks[i].flags & TF_INITIAL) &&
			!(d->toks[j].flags & TF_INITIAL);
		j++;
	}
	return full > 0;
}

static int full_parts(const struct doc *d, const struct mention *m);

static vg_status new_person(struct doc *d, size_t mi)
{
	struct eperson *p;

	if (d->npersons == d->cappersons) {
		size_t cap = d->cappersons ? d->cappersons * 2 : 16;
		struct eperson *n = realloc(d->persons, cap * sizeof(*n));

		if (!n)
			return VG_ENOMEM;
		d->persons = n;
		d->cappersons = cap;
	}
	p = &d->persons[d->npersons];
	memset(p, 0, sizeof(*p));
	p->name = name_nominative(d, &d->ments[mi]);
	if (!p->name)
		return VG_ENOMEM;
	p->name_parts = full_parts(d, &d->ments[mi]);
	d->ments[mi].person = (int)d->npersons++;
	return VG_OK;
}

static vg_status add_variant(struct doc *d, int pi, const char *s, size_t n)
{
	struct eperson *p = &d->persons[pi];
	size_t i;

	if (strlen(p->name) == n && !memcmp(p->name, s, n))
		return VG_OK;
	for (i = 0; i < p->nvariants; i++)
		if (strlen(p->variants[i]) == n && !memcmp(p->variants[i], s, n))
			return VG_OK;
	if (p->nvariants == PERSON_MAX_VARIANTS)
		return VG_OK;
	p->variants[p->nvariants] = strndup(s, n);
	if (!p->variants[p->nvariants])
		return VG_ENOMEM;
	p->nvariants++;
	return VG_OK;
}

static int full_parts(const struct doc *d, const struct mention *m)
{
	size_t k;
	int n = 0;

	for (k = m->t0; k < m->t1; k++)
		n += !(d->toks[k].flags & TF_INITIAL) && !is_particle(d, k);
	return n;
}

/* A fuller form met later ("R. Sarsenbay", then "Rysbek Sarsenbay")
 * becomes the name, and the shorter one a variant. */
static vg_status promote_variant(struct doc *d, int pi, const struct mention *m)
{
	struct eperson *p = &d->persons[pi];
	char *full = name_nominative(d, m), *old = p->name;
	size_t i;

	if (!full)
		return VG_ENOMEM;
	for (i = 0; i < p->nvariants; i++)
		if (!strcmp(p->variants[i], full)) {
			free(p->variants[i]); /* equal to full: now the name */
			p->variants[i] = old;
			p->name = full;
			p->name_parts = full_parts(d, m);
			return VG_OK;
		}
	free(full);
	return VG_OK;
}

/* The one person whose name m fits and whose name's ending is of the sex
 * the word before m says ("госпожа", "Mrs"), or -1. */
static int one_of_sex(struct doc *d, size_t mi)
{
	const struct mention *m = &d->ments[mi];
	const char *v = m->t0 > 0 ? wordmap_get(&d->lex->gendered, d->toks[m->t0 - 1].low) : NULL;
	size_t i;
	int found = -1;

	if (!v || (*v != 'f' && *v != 'm'))
		return -1;
	for (i = 0; i < mi; i++) {
		const struct mention *o = &d->ments[i];

		if (o->person < 0 || !o->accepted || o->nparts < 2 || o->person == found ||
		    ending_sex(d, d->toks[o->t1 - 1].low) != *v || !mention_names(d, m, o))
			continue;
		if (found >= 0)
			return -1;
		found = o->person;
	}
	return found;
}

/* The first mention of the person whose name best fits m, or -1; with
 * several equally good people (two Sarsenbays), none. */
static int find_person(struct doc *d, size_t mi)
{
	size_t i;
	int found = -1;

	for (i = 0; i < mi; i++) {
		const struct mention *o = &d->ments[i];

		if (o->person < 0 || !o->accepted || o->nparts < 2)
			continue;
		if (!mention_names(d, &d->ments[mi], o))
			continue;
		if (found >= 0 && found != o->person) {
			if (d->ments[mi].nparts >= 2)
				return found;
			/* "Госпожа Абенова" with a Zhuldyz and an Erlan Abenov */
			return one_of_sex(d, mi) >= 0 ? one_of_sex(d, mi) : -2;
		}
		found = o->person;
	}
	return found;
}

/* "Ilham Tohti (伊力哈木·土赫提)": the other script is a variant. */
static vg_status alias_in_brackets(struct doc *d, size_t mi)
{
	const struct mention *m = &d->ments[mi];
	size_t k = m->t1;

	if (!tok_punct(d, k, "(") || k + 2 >= d->ntoks || !tok_punct(d, k + 2, ")") ||
	    d->toks[k + 1].kind != TOK_HAN)
		return VG_OK;
	return add_variant(d, m->person, d->text + d->toks[k + 1].start,
			   d->toks[k + 1].end - d->toks[k + 1].start);
}

/* "Bekzat Maksutkhanuly (Бекзат Мақсұтханұлы)": a name in brackets right
 * after a name is the same person written another way. */
static int bracketed_alias_of(const struct doc *d, size_t mi)
{
	const struct mention *m = &d->ments[mi];
	int prev;

	if (m->t0 < 2 || !tok_punct(d, m->t0 - 1, "(") || !tok_punct(d, m->t1, ")"))
		return -1;
	prev = d->toks[m->t0 - 2].mention;
	if (prev < 0 || !d->ments[prev].accepted || d->ments[prev].t1 != m->t0 - 1)
		return -1;
	return d->ments[prev].person;
}

/* One name after a title: "Mr. Qasymbek", and "President Tokayev" when
 * the name itself looks like one. */
static int titled_alone(const struct doc *d, const struct mention *m)
{
	const struct tok *prev = &d->toks[m->t0 - 1];
	const char *v = m->t1 < d->ntoks ? wordmap_get(&d->lex->titles, d->toks[m->t1].low) : NULL;

	/* "Айгерім ханым", "Ерлан мырза": an honorific after the name */
	if (v && !strcmp(v, "after"))
		return 1;
	if (m->t0 == 0)
		return 0;
	v = wordmap_get(&d->lex->titles, prev->low);
	if (v && strcmp(v, "after"))
		return 1;
	if (tok_punct(d, m->t0 - 1, ".") && m->t0 > 1 &&
	    wordmap_get(&d->lex->titles, d->toks[m->t0 - 2].low))
		return 1;
	return (prev->flags & TF_CAP) && in_list(&d->lex->occupations, prev->low) &&
	       part_strength(d, m->t0, m->t1) >= 2;
}

static vg_status cluster(struct doc *d)
{
	size_t i;
	int p;
	vg_status rc = VG_OK;

	for (i = 0; i < d->nments && !rc; i++) {
		struct mention *m = &d->ments[i];

		if (!m->accepted)
			continue;
		p = bracketed_alias_of(d, i);
		if (p < 0)
			p = find_person(d, i);
		if (p < 0) {
			rc = new_person(d, i);
			/* the name as written, when a case ending was dropped */
			if (!rc)
				rc = add_variant(d, m->person, d->text + d->toks[m->t0].start,
						 d->toks[m->t1 - 1].end - d->toks[m->t0].start);
		} else {
			m->person = p;
			rc = add_variant(d, p, d->text + d->toks[m->t0].start,
					 d->toks[m->t1 - 1].end - d->toks[m->t0].start);
			if (!rc && full_parts(d, m) > d->persons[p].name_parts)
				rc = promote_variant(d, p, m);
		}
		if (!rc)
			rc = alias_in_brackets(d, i);
	}
	/* A name part alone ("Sarsenbay said") or after a title names the one
	 * person it fits. */
	for (i = 0; i < d->nments && !rc; i++) {
		struct mention *m = &d->ments[i];

		if (m->accepted || m->nparts > 2)
			continue;
		p = find_person(d, i);
		if (p >= 0) {
			m->person = p;
			m->accepted = 1;
		} else if (m->nparts == 1 && p != -2 && titled_alone(d, m)) {
			m->accepted = 1;
			rc = new_person(d, i);
		}
	}
	return rc;
}

vg_status doc_people(struct doc *d)
{
	size_t i;
	vg_status rc;

	rc = find_runs(d);
	if (rc)
		return rc;
	d->skel = calloc(d->ntoks + 1, sizeof(*d->skel));
	if (!d->skel)
		return VG_ENOMEM;
	accept_by_features(d);
	doc_accept_lists(d);
	rc = cluster(d);
	if (rc)
		return rc;
	name_sex(d);
	for (i = 0; i < d->nments; i++)
		if (!d->ments[i].accepted) {
			size_t k;

			for (k = d->ments[i].t0; k < d->ments[i].t1; k++)
				d->toks[k].mention = -1;
		}
	return VG_OK;
}
