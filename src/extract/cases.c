/* cases.c — names in Russian and Kazakh grammatical cases: a Kazakh
 * name part with a case ending ("Дәулетұлын", "Мирастың"), a Russian name
 * in the genitive or accusative after a kin noun, an occupation in its
 * case or an active verb ("сестра Ерлана Абенова", "задержала Гульнару
 * Исаеву"), and the nominative each is proposed in. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

static int ends_in(const char *w, const char *end)
{
	size_t n = strlen(w), e = strlen(end);

	return n > e && !strcmp(w + n - e, end);
}

/* A Cyrillic word that has a name-part ending under a case ending
 * ("Дәулетұлын", "Исаеву"). */
static int doc_has_ending(const void *d, const char *stem)
{
	return name_has_ending(d, stem);
}

int name_stem_has_ending(const struct doc *d, const char *low)
{
	return stem_matches(low, doc_has_ending, d);
}

/* How many bytes of token k's end are a case ending on a name part:
 * "Сейітұлының" (Seituly's), "Дәулетұлын" (Dauletuly, accusative) end in
 * one when the word itself has no name-part ending but its stem does. */
static size_t case_ending_len(const struct doc *d, size_t k)
{
	char stems[CASE_STEMS_MAX][64];
	const char *low = d->toks[k].low;
	size_t n, i, len = strlen(low);

	if ((unsigned char)low[0] < 0x80 || name_has_ending(d, low) ||
	    len != d->toks[k].end - d->toks[k].start)
		return 0;
	n = case_stems(low, stems, CASE_STEMS_MAX);
	/* a one-letter ending only after a patronymic ("Дәулетұлын"): on
	 * "Исаеву" it is Russian, and read by russian_oblique */
	for (i = 0; i < n; i++)
		if (name_has_ending(d, stems[i]) && len > strlen(stems[i]) &&
		    strlen(stems[i]) == strlen(low) - (len - strlen(stems[i])) &&
		    (len - strlen(stems[i]) >= 4 || ends_in(stems[i], "ұлы") ||
		     ends_in(stems[i], "қызы") || ends_in(stems[i], "улы") ||
		     ends_in(stems[i], "кызы")))
			return len - strlen(stems[i]);
	return 0;
}

/* Does the word before a Russian name put it in the genitive or the
 * accusative: a kinship noun ("сестра Ерлана Абенова"), an occupation in
 * an oblique case ("имама", "предпринимателя"), or an active verb of
 * status in the past ("задержали", "приговорил"; not the passive
 * "задержан", whose subject is in the nominative)? */
static int oblique_context(const struct doc *d, size_t k)
{
	const char *low = d->toks[k].low, *v = wordmap_get(&d->lex->status, low);

	if ((unsigned char)low[0] < 0x80)
		return 0;
	if (wordmap_get(&d->lex->kinship, low) ||
	    wordmap_get(&d->lex->status_nouns, low))
		return 1; /* "сестра Ерлана", "о смерти Абдуллы", "арест Нурлана" */
	if (v && tok_active_past(d, k))
		return 1;
	return !wordmap_get(&d->lex->occupations, low) &&
	       stem_in(low, &d->lex->occupations);
}

/* Russian names in an oblique case after an oblique_context word, and
 * their nominative: each given part ends in `given` (becoming `given_to`),
 * the surname in `surname` (its last `cut` bytes becoming `surname_to`). */
static const struct oblique {
	const char *given, *given_to, *surname, *cut, *surname_to;
	char sex;
} obliques[] = {
	/* "сестра Ерлана Абенова" (genitive), "приговорил Ерлана Абенова" */
	{ "а", "", "ова", "а", "", 'm' }, { "а", "", "ева", "а", "", 'm' },
	{ "а", "", "ина", "а", "", 'm' },
	/* "задержали Гульнару Исаеву" (accusative) */
	{ "у", "а", "ову", "у", "а", 'f' }, { "у", "а", "еву", "у", "а", 'f' },
	{ "ю", "я", "ову", "у", "а", 'f' }, { "ю", "я", "еву", "у", "а", 'f' },
	{ "у", "а", "ину", "у", "а", 'f' },
	/* "дочь Гульнары Исаевой" (genitive) */
	{ "ы", "а", "овой", "ой", "а", 'f' }, { "ы", "а", "евой", "ой", "а", 'f' },
	{ "и", "я", "овой", "ой", "а", 'f' }, { "и", "я", "евой", "ой", "а", 'f' },
	{ "ы", "а", "иной", "ой", "а", 'f' },
	/* Kazakh patronymic surnames do not decline: "мужа Бахыта
	 * Нурланулы", "дочь Айгуль Серикқызы" */
	{ "а", "", "улы", "", "", 'm' }, { "а", "", "ұлы", "", "", 'm' },
	{ "ы", "а", "кызы", "", "", 'f' }, { "ы", "а", "қызы", "", "", 'f' },
	{ "у", "а", "кызы", "", "", 'f' }, { "у", "а", "қызы", "", "", 'f' },
	/* a man's name in -а and a surname ending in a consonant: "смерти
	 * Абдуллы Турсуна" */
	{ "ы", "а", "а", "а", "", 'm' },
	{ NULL, NULL, NULL, NULL, NULL, 0 }
};

/* The oblique pattern mention m is written in, or NULL. */
static const struct oblique *russian_oblique(const struct doc *d,
					     const struct mention *m)
{
	size_t k, i;

	if (m->t0 == 0 || m->nparts < 2 || !oblique_context(d, m->t0 - 1))
		return NULL;
	for (k = m->t0; k < m->t1; k++)
		if (strlen(d->toks[k].low) < 8 ||
		    strlen(d->toks[k].low) != d->toks[k].end - d->toks[k].start)
			return NULL;
	for (i = 0; obliques[i].given; i++) {
		for (k = m->t0; k + 1 < m->t1 && ends_in(d->toks[k].low, obliques[i].given); k++)
			;
		if (k + 1 == m->t1 && ends_in(d->toks[k].low, obliques[i].surname))
			return &obliques[i];
	}
	return NULL;
}

int name_case_sex(const struct doc *d, const struct mention *m)
{
	const struct oblique *o = russian_oblique(d, m);

	return o ? o->sex : 0;
}

/* The mention's text as a name is proposed, in the nominative: a Kazakh
 * last part without its case ending ("Сейітұлының" → "Сейітұлы"), a
 * Russian name in an oblique case in its nominative ("Ерлана Абенова" →
 * "Ерлан Абенов", "Гульнары Исаевой" → "Гульнара Исаева"). */
char *name_nominative(const struct doc *d, const struct mention *m)
{
	size_t cut = m->nparts >= 2 ? case_ending_len(d, m->t1 - 1) : 0, k, o = 0;
	const struct oblique *ob = russian_oblique(d, m);
	char *out;

	if (!ob)
		return strndup(d->text + d->toks[m->t0].start,
			       d->toks[m->t1 - 1].end - cut - d->toks[m->t0].start);
	out = malloc(2 * (d->toks[m->t1 - 1].end - d->toks[m->t0].start) + 1);
	if (!out)
		return NULL;
	for (k = m->t0; k < m->t1; k++) {
		int last = k + 1 == m->t1;
		const char *from = last ? ob->cut : ob->given, *to = last ? ob->surname_to :
								 ob->given_to;
		size_t len = d->toks[k].end - d->toks[k].start - strlen(from);

		if (k > m->t0)
			out[o++] = ' ';
		memcpy(out + o, d->text + d->toks[k].start, len);
		o += len;
		memcpy(out + o, to, strlen(to));
		o += strlen(to);
	}
	out[o] = '\0';
	return out;
}

