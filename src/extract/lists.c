/* lists.c — people named in a list ("such as A, B, C and D", "the poet
 * A, the farmer B and C", "ақын A, дәрігер B және малшы C"): which runs of
 * names are one list, and which of them are people because the list is. */
#include <string.h>

#include "extract/extract_int.h"

/* A word joining the last items of a list: and, or; Russian и, или;
 * Kazakh және, мен/бен/пен, немесе. */
static int tok_conjunction(const struct doc *d, size_t k)
{
	static const char *const words[] = { "and", "or", "и", "или", "және",
					     "мен", "бен", "пен", "немесе", NULL };

	return tok_in(d, k, words);
}

/* The mention that starts right after a list separator following mention
 * i: ", B", " and B", ", and B", ", or B", also over the occupation each
 * item opens with (", the farmer B", "и студентка B", "және малшы B"). */
static int next_in_chain(const struct doc *d, size_t i)
{
	size_t k = d->ments[i].t1, n;

	if (tok_punct(d, k, ","))
		k++;
	if (tok_conjunction(d, k))
		k++;
	if (k == d->ments[i].t1 || i + 1 >= d->nments)
		return -1;
	if (d->ments[i + 1].t0 > k && d->ments[i + 1].t0 <= k + 3) {
		if (tok_article(d, k))
			k++;
		if (k + 1 < d->ments[i + 1].t0 &&
		    (wordmap_get(&d->lex->modifiers, d->toks[k].low) ||
		     wordmap_get(&d->lex->ethnic, d->toks[k].low)))
			k++;
		n = doc_match(d, &d->lex->occupations, k, NULL);
		if (n && !(d->toks[k].flags & TF_CAP))
			k += n;
	}
	if (d->ments[i + 1].t0 != k)
		return -1;
	return (int)i + 1;
}

static int list_cue_before(const struct doc *d, size_t t0)
{
	size_t back;

	for (back = 1; back <= 2 && back <= t0; back++)
		if (doc_match(d, &d->lex->list_cues, t0 - back, NULL) == back)
			return 1;
	return 0;
}

/* Lists of names: "such as A, B, C and D". One recognised name with a list
 * cue, or half of a list of three or more, makes all its items people. */
void doc_accept_lists(struct doc *d)
{
	size_t i, j, len, good;
	int n;

	for (i = 0; i < d->nments; i = j + 1) {
		j = i;
		while ((n = next_in_chain(d, j)) >= 0)
			j = (size_t)n;
		len = j - i + 1;
		if (len < 2)
			continue;
		for (good = 0, n = (int)i; n <= (int)j; n++)
			good += d->ments[n].accepted;
		if (!good)
			continue;
		if (!(list_cue_before(d, d->ments[i].t0) || (len >= 3 && 2 * good >= len)))
			continue;
		for (n = (int)i; n <= (int)j; n++) {
			d->ments[n].list = d->nlists;
			if (d->ments[n].nparts >= 2)
				d->ments[n].accepted = 1;
		}
		d->nlists++;
	}
}

