/* spelling.c — when two written name parts are one: the reduced forms
 * that merge what romanisations disagree on, one edit of tolerance for long
 * parts, and an initial for its letter. The names engine (names/names.h)
 * links proposed people to the casebook; within one text this lighter
 * comparison is enough and keeps extraction fast. */
#include <string.h>

#include "extract/extract_int.h"

static void part_skeleton(const char *low, char *out, size_t size)
{
	size_t o = 0;
	char c, prev = 0;

	for (; *low && o + 1 < size; low++) {
		c = *low;
		if (c == '-' || c == '\'' || c == '.')
			continue;
		if (c == 'y' || c == 'j')
			c = 'i';
		else if (c == 'q' || c == 'c')
			c = 'k';
		else if (c == 'w')
			c = 'u';
		else if (c == 'h' && o && strchr("kgzsc", out[o - 1]))
			continue; /* kh/h, gh/g, zh/z, sh/s */
		if (c == prev)
			continue;
		out[o++] = c;
		prev = c;
	}
	out[o] = '\0';
}

/* The code points of UTF-8 s, up to max; their number. Edits count
 * letters, so that a Cyrillic letter (two bytes) is one edit like a Latin
 * one. */
static size_t code_points(const char *s, unsigned *out, size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p && n < max) {
		unsigned c = *p++;

		if (c >= 0xC0) {
			int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;

			c &= 0x3F >> more;
			while (more-- && (*p & 0xC0) == 0x80)
				c = c << 6 | (*p++ & 0x3F);
		}
		out[n++] = c;
	}
	return n;
}

static int edit_distance_le1(const char *sa, const char *sb)
{
	unsigned a[64], b[64];
	size_t la = code_points(sa, a, 64), lb = code_points(sb, b, 64);
	size_t i = 0, j = 0;
	int edits = 0;

	if (la > lb + 1 || lb > la + 1)
		return 0;
	while (i < la && j < lb) {
		if (a[i] == b[j]) {
			i++, j++;
			continue;
		}
		if (++edits > 1)
			return 0;
		if (la > lb)
			i++;
		else if (lb > la)
			j++;
		else
			i++, j++;
	}
	return edits + (int)(la - i) + (int)(lb - j) <= 1;
}

static size_t letters(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Two lower-cased name parts that one text may use for the same part:
 * Kurmanalieva/Kurmanaliyeva, an initial and its name. */
static int initial_matches(const char *a, const char *b)
{
	if (a[0] && a[1] == '.' && !a[2])
		return b[0] == a[0];
	if (b[0] && b[1] == '.' && !b[2])
		return a[0] == b[0];
	return -1;
}

static int skeletons_similar(const char *sa, const char *sb)
{
	if (!strcmp(sa, sb))
		return 1;
	return letters(sa) >= 6 && letters(sb) >= 6 && edit_distance_le1(sa, sb);
}

static int case_form_of(const char *form, const char *base);

int name_parts_similar(const char *a, const char *b)
{
	char sa[64], sb[64];
	int init = initial_matches(a, b);

	if (init >= 0)
		return init;
	part_skeleton(a, sa, sizeof(sa));
	part_skeleton(b, sb, sizeof(sb));
	return skeletons_similar(sa, sb);
}

/* name_parts_similar for two tokens, their skeletons made once per text:
 * grouping mentions compares every pair of names. */
int name_tokens_similar(struct doc *d, size_t i, size_t j)
{
	int init = initial_matches(d->toks[i].low, d->toks[j].low);

	if (init >= 0)
		return init;
	if (!d->skel[i][0])
		part_skeleton(d->toks[i].low, d->skel[i], sizeof(d->skel[i]));
	if (!d->skel[j][0])
		part_skeleton(d->toks[j].low, d->skel[j], sizeof(d->skel[j]));
	if (skeletons_similar(d->skel[i], d->skel[j]))
		return 1;
	return case_form_of(d->toks[i].low, d->toks[j].low) ||
	       case_form_of(d->toks[j].low, d->toks[i].low);
}

/* Case endings of Russian and Kazakh nouns, longest first within each
 * language: what a name or place takes in "Мирастың" (Miras's),
 * "Дәулетұлын" (Dauletuly, accusative), "Алматыда" (in Almaty),
 * "Ержана" (Erzhan's), "Кульдже" (in Ghulja, with the stem's last letter
 * changed, so "е" may also stand for "а"). */
static const char *const case_endings[] = {
	/* Kazakh */
	"ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі", "ның", "нің", "дың",
	"дің", "тың", "тің", "нан", "нен", "дан", "ден", "тан", "тен", "нда",
	"нде", "мен", "бен", "пен", "ға", "ге", "қа", "ке", "на", "не", "да",
	"де", "та", "те", "ны", "ні", "ды", "ді", "ты", "ті", "н",
	/* Russian */
	"ым", "ом", "ой", "ем", "а", "я", "у", "ю", "е", "ы", "и", NULL
};

size_t case_stems(const char *low, char (*out)[64], size_t max)
{
	size_t n = strlen(low), e, len, got = 0;

	for (e = 0; case_endings[e] && got < max; e++) {
		len = strlen(case_endings[e]);
		/* at least three letters (six bytes of Cyrillic) remain */
		if (n < len + 6 || n - len >= 64 || strcmp(low + n - len, case_endings[e]))
			continue;
		memcpy(out[got], low, n - len);
		out[got][n - len] = '\0';
		got++;
		/* "Кульдже" for "Кульджа", "Астане" for "Астана" */
		if (!strcmp(case_endings[e], "е") && got < max && n - len + 2 < 64) {
			memcpy(out[got], low, n - len);
			memcpy(out[got] + n - len, "а", 3);
			got++;
		}
		/* "учительницу", "Гульнары", "Исаевой" for "-а" */
		if ((!strcmp(case_endings[e], "у") || !strcmp(case_endings[e], "ы") ||
		     !strcmp(case_endings[e], "ой")) && got < max && n - len + 2 < 64) {
			memcpy(out[got], low, n - len);
			memcpy(out[got] + n - len, "а", 3);
			got++;
		}
		/* "предпринимателя" for "предприниматель" */
		if ((!strcmp(case_endings[e], "я") || !strcmp(case_endings[e], "ю") ||
		     !strcmp(case_endings[e], "е") || !strcmp(case_endings[e], "и")) &&
		    got < max && n - len + 2 < 64) {
			memcpy(out[got], low, n - len);
			memcpy(out[got] + n - len, "ь", 3);
			got++;
		}
	}
	return got;
}

int stem_matches(const char *low, int (*ok)(const void *ctx, const char *stem),
		 const void *ctx)
{
	char stems[CASE_STEMS_MAX][64];
	size_t n, i;

	if ((unsigned char)low[0] < 0x80)
		return 0;
	n = case_stems(low, stems, CASE_STEMS_MAX);
	for (i = 0; i < n; i++)
		if (ok(ctx, stems[i]))
			return 1;
	return 0;
}

static int same_part(const void *base, const char *stem)
{
	return !strcmp(stem, base) ||
	       (letters(stem) >= 5 && edit_distance_le1(stem, base));
}

/* Is form the name part base with a Russian or Kazakh case ending
 * ("мирастың" of "мирас", "ермековой" of "ермекова")? */
static int case_form_of(const char *form, const char *base)
{
	return stem_matches(form, same_part, base);
}

static int in_map(const void *m, const char *stem)
{
	return wordmap_get(m, stem) != NULL;
}

int stem_in(const char *low, const struct wordmap *m)
{
	return stem_matches(low, in_map, m);
}

/* ---- given names across scripts ---- */

/* Russian and Kazakh Cyrillic letters in the plain romanisation lists
 * use, lower case: enough to find a Latin given name's Cyrillic spelling
 * through the skeletons above (х → h keeps "Рахила" near "Rahile"). */
static const char *roman_letter(unsigned c)
{
	static const char *const base[] = {
		"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l",
		"m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "ts", "ch",
		"sh", "shch", "", "y", "", "e", "yu", "ya" }; /* а … я */

	if (c >= 0x430 && c <= 0x44F)
		return base[c - 0x430];
	switch (c) {
	case 0x451: return "yo"; /* ё */
	case 0x456: return "i";  /* і */
	case 0x4D9: return "a";  /* ә */
	case 0x493: return "gh"; /* ғ */
	case 0x49B: return "q";  /* қ */
	case 0x4A3: return "ng"; /* ң */
	case 0x4E9: return "o";  /* ө */
	case 0x4B1: return "u";  /* ұ */
	case 0x4AF: return "u";  /* ү */
	case 0x4BB: return "h";  /* һ */
	default: return NULL;
	}
}

/* Lower-cased Cyrillic word low in Latin letters, into out; 0 when it
 * holds a letter the table lacks (or is not Cyrillic at all). */
static int romanise_cyrillic(const char *low, char *out, size_t size)
{
	unsigned cps[64];
	size_t n = code_points(low, cps, 64), i, o = 0;

	if (!n || cps[0] < 0x400 || cps[0] > 0x4FF)
		return 0;
	for (i = 0; i < n; i++) {
		const char *r = roman_letter(cps[i]);
		size_t rl;

		if (!r)
			return 0;
		rl = strlen(r);
		if (o + rl + 1 > size)
			return 0;
		memcpy(out + o, r, rl);
		o += rl;
	}
	out[o] = '\0';
	return 1;
}

int given_name(const struct doc *d, const char *low)
{
	const struct wordmap *g = &d->lex->given;
	char latin[128], sk[64], gk[64];
	size_t i;

	if (wordmap_get(g, low))
		return 1;
	/* The list is written in Latin letters; a Cyrillic text spells the
	 * same names its own way ("Ильхам", "Рахила"). */
	if (!romanise_cyrillic(low, latin, sizeof(latin)))
		return 0;
	if (wordmap_get(g, latin))
		return 1;
	part_skeleton(latin, sk, sizeof(sk));
	for (i = 0; i < g->cap; i++) { /* an open-addressed table */
		if (!g->keys[i])
			continue;
		part_skeleton(g->keys[i], gk, sizeof(gk));
		if (skeletons_similar(sk, gk))
			return 1;
	}
	return 0;
}
