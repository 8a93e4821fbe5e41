/* normalise.c — NFKC with case folding, splitting into parts, and telling
 * which script (and which language's letters) a part is written in. */
#include "names/names_int.h"

#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

vg_status names_normalise(const char *in, char *out, size_t outsize)
{
	UChar src[NAMES_MAX_INPUT], dst[NAMES_MAX_INPUT * 2];
	const UNormalizer2 *nfkc_cf;
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t srclen, dstlen, outlen;
	size_t i, n;

	n = strlen(in);
	/* ASCII is its own NFKC; case folding is then just lower-casing. */
	if (is_ascii(in)) {
		if (n >= outsize)
			return VG_ETOOBIG;
		for (i = 0; i <= n; i++)
			out[i] = (in[i] >= 'A' && in[i] <= 'Z') ? (char)(in[i] + 32) : in[i];
		return VG_OK;
	}
	u_strFromUTF8(src, NAMES_MAX_INPUT, &srclen, in, (int32_t)n, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return VG_ETOOBIG;
	if (U_FAILURE(uerr))
		return VG_EINVAL;
	nfkc_cf = unorm2_getNFKCCasefoldInstance(&uerr);
	if (U_FAILURE(uerr))
		return VG_EINTERNAL;
	dstlen = unorm2_normalize(nfkc_cf, src, srclen, dst, NAMES_MAX_INPUT * 2, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return VG_ETOOBIG;
	if (U_FAILURE(uerr))
		return VG_EINVAL;
	u_strToUTF8(out, (int32_t)outsize, &outlen, dst, dstlen, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return VG_ETOOBIG;
	if (U_FAILURE(uerr))
		return VG_EINVAL;
	return VG_OK;
}

/* Separators between name parts: white space, hyphens and dashes, the
 * Chinese middle dot in its variants (people type whichever their keyboard
 * has), the dot after an initial, commas and slashes. */
static int is_separator(UChar32 c)
{
	switch (c) {
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
	case '-': case '.': case ',': case ';': case '/': case '(': case ')':
	case '"': case '_': case '+': case '&': case '*':
	case 0x00A0: /* no-break space */
	case 0x00B7: /* middle dot */
	case 0x0387: /* Greek ano teleia, NFKC of nothing but looks the same */
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: /* hyphens, dashes, minus */
	case 0x2022: /* bullet */
	case 0x2027: /* hyphenation point */
	case 0x2219: case 0x22C5: /* bullet operator, dot operator */
	case 0x30FB: /* katakana middle dot (and NFKC of the halfwidth one) */
	case 0x3001: case 0x3002: /* ideographic comma and full stop */
	case 0x060C: /* Arabic comma */
	case 0x200B: case 0x2009: case 0x202F: case 0x3000:
		return 1;
	default:
		return 0;
	}
}

size_t names_split(char *text, char **parts, size_t max)
{
	int32_t i = 0, len = (int32_t)strlen(text), start = -1, prev;
	size_t n = 0;
	UChar32 c;

	while (i < len) {
		prev = i;
		U8_NEXT(text, i, len, c);
		if (c < 0 || is_separator(c)) {
			if (start >= 0 && n < max)
				parts[n++] = text + start;
			/* Overwrite the whole separator so the part ends here. */
			memset(text + prev, 0, (size_t)(i - prev));
			start = -1;
			continue;
		}
		if (start < 0)
			start = prev;
	}
	if (start >= 0 && n < max)
		parts[n++] = text + start;
	return n;
}

static void count_cyrillic(UChar32 c, struct script_counts *k)
{
	k->cyrl++;
	switch (c) {
	case 0x04B1: case 0x0456: /* ұ і: Kazakh only */
		k->cyrl_kk_only++;
		break;
	case 0x0497: /* җ: Uyghur (and Tatar) */
		k->cyrl_ug_only++;
		break;
	case 0x04BB: /* һ: common in Uyghur, rare in Kazakh */
		k->cyrl_shha++;
		k->cyrl_turkic++;
		break;
	case 0x04D9: case 0x0493: case 0x049B: /* ә ғ қ */
		k->cyrl_turkic++;
		break;
	case 0x044B: /* ы: Kazakh, Kyrgyz, Russian; Uyghur does not use it */
		k->cyrl_yery++;
		break;
	case 0x04A3: case 0x04E9: case 0x04AF: /* ң ө ү */
		k->cyrl_ky++;
		break;
	default:
		break;
	}
}

static void count_arabic(UChar32 c, struct script_counts *k)
{
	k->arab++;
	switch (c) {
	/* the high hamza and letters that carry it; ع for ғ, ح for х */
	case 0x0674: case 0x0675: case 0x0676: case 0x0677: case 0x0678:
	case 0x0639: case 0x062D:
		k->arab_kk++;
		break;
	/* ې ۈ ئ are Uyghur spellings Kazakh does not use */
	case 0x06D0: case 0x06C8: case 0x0626:
		k->arab_ug++;
		break;
	default:
		break;
	}
	/* The letters with which Uyghur and Kazakh write vowels and their own
	 * sounds; Arabic proper uses none of them. */
	switch (c) {
	case 0x06D5: case 0x06D0: case 0x06C7: case 0x06C6: case 0x06C8:
	case 0x0649: case 0x0626: case 0x06CB: case 0x06AD: case 0x06BE:
	case 0x0674: case 0x0675: case 0x0676: case 0x0677: case 0x0678:
		k->arab_vowel++;
		break;
	default:
		break;
	}
}

static void count_char(UChar32 c, struct script_counts *k)
{
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			k->latin++;
	} else if (c < 0x0250 || (c >= 0x1E00 && c <= 0x1EFF)) {
		k->latin++;
	} else if ((c >= 0x0400 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F)) {
		count_cyrillic(c, k);
	} else if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
		   (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) {
		count_arabic(c, k);
	} else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
		   (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF)) {
		k->han++;
	} else if (c == 0x02BC || c == 0x02BB || c == 0x2019 || c == 0x0027 ||
		   (c >= 0x0300 && c <= 0x036F)) {
		/* apostrophes and combining marks belong to their letters */
	} else {
		k->other++;
	}
}

static enum part_script pick_cyrillic(const struct script_counts *k)
{
	if (k->cyrl_ug_only)
		return PS_CYRL_UG;
	if (k->cyrl_shha && !k->cyrl_kk_only && !k->cyrl_yery)
		return PS_CYRL_UG;
	if (k->cyrl_kk_only || k->cyrl_turkic)
		return PS_CYRL_KK;
	if (k->cyrl_ky)
		return PS_CYRL_KY;
	return PS_CYRL_RU;
}

void names_count_scripts(const char *text, struct script_counts *k)
{
	int32_t i = 0, len = (int32_t)strlen(text);
	UChar32 c;

	memset(k, 0, sizeof(*k));
	while (i < len) {
		U8_NEXT(text, i, len, c);
		if (c >= 0)
			count_char(c, k);
	}
}

enum part_script names_detect_script(const char *part,
				     const struct script_counts *whole)
{
	struct script_counts k;

	names_count_scripts(part, &k);
	if (k.han && k.han >= k.latin)
		return PS_HAN;
	/* Which language's letters: decided over the whole name, since a
	 * Kazakh hamza or a Kazakh-only letter shows in some parts only. */
	if (k.arab && k.arab >= k.latin) {
		if (!whole->arab_vowel)
			return PS_ARAB_AR;
		return whole->arab_kk && whole->arab_kk >= whole->arab_ug ? PS_ARAB_KK
									  : PS_ARAB_UG;
	}
	if (k.cyrl && k.cyrl >= k.latin)
		return pick_cyrillic(whole);
	if (k.other > k.latin)
		return PS_OTHER;
	return PS_LATIN;
}

const char *names_script_code(enum part_script s)
{
	switch (s) {
	case PS_LATIN: return "Latn";
	case PS_CYRL_RU: case PS_CYRL_KK: case PS_CYRL_UG: case PS_CYRL_KY:
		return "Cyrl";
	case PS_ARAB_UG: case PS_ARAB_KK: case PS_ARAB_AR: return "Arab";
	case PS_HAN: case PS_HAN_NAME: return "Hani";
	case PS_PINYIN: return "Latn";
	default: return "Zyyy";
	}
}

const char *names_script_label(enum part_script s)
{
	static const char *const labels[PS_COUNT] = {
		"latin", "russian-cyrillic", "kazakh-cyrillic", "uyghur-cyrillic",
		"kyrgyz-cyrillic", "uyghur-arabic", "kazakh-arabic", "chinese", "pinyin",
		"other", "chinese-name", "arabic"
	};

	return (unsigned)s < PS_COUNT ? labels[s] : "other";
}
