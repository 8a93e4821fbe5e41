/* analyse.c — a name into its parts, each with its Latin form, skeleton,
 * stem and flags; and the one-time loading of rules and lexicons. */
#include "names/names_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#define CACHE_MAX_PARTS 400000 /* about 100 MB at most */
#define MAX_TOKENS (NAMES_MAX_PARTS * 3)
#define PINYIN_TOKEN_MAX 128 /* bytes of one part as plain pinyin */

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static int initialised;

vg_status names_init(struct vg_error *err)
{
	vg_status st = VG_OK;

	pthread_mutex_lock(&init_lock);
	if (initialised)
		goto out;
	st = translit_init(err);
	if (st != VG_OK)
		goto out;
	st = distance_init(err);
	if (st == VG_OK)
		st = pinyin_init(err);
	if (st == VG_OK)
		st = lexicon_init(err);
	if (st != VG_OK) {
		translit_free();
		goto out;
	}
	st = part_cache_init(CACHE_MAX_PARTS);
	if (st != VG_OK) {
		lexicon_free();
		translit_free();
		vg_fail(err, st, NULL, "out of memory");
		goto out;
	}
	initialised = 1;
out:
	pthread_mutex_unlock(&init_lock);
	return st;
}

void names_shutdown(void)
{
	pthread_mutex_lock(&init_lock);
	if (initialised) {
		part_cache_free();
		lexicon_free();
		translit_free();
		initialised = 0;
	}
	pthread_mutex_unlock(&init_lock);
}

static int single_letter(const char *s)
{
	int32_t i = 0, len = (int32_t)strlen(s);
	UChar32 c;

	U8_NEXT(s, i, len, c);
	return c >= 0 && i == len;
}

static void find_ending(struct name_part *p)
{
	size_t stem_len;
	enum ending_kind kind;

	p->flags &= ~(unsigned)(NAME_PART_PATRONYMIC | NAME_PART_SURNAME_END);
	snprintf(p->stem, sizeof(p->stem), "%s", p->skeleton);
	if (!(p->flags & NAME_PART_INITIAL)) {
		kind = lexicon_ending(p->skeleton, &stem_len);
		if (kind != ENDING_NONE) {
			p->stem[stem_len] = '\0';
			p->flags |= kind == ENDING_PATRONYMIC ? NAME_PART_PATRONYMIC
							      : NAME_PART_SURNAME_END;
		}
	}
	p->weight = (float)lexicon_weight(p->skeleton);
	if (p->weight >= 1.0f && strcmp(p->stem, p->skeleton))
		p->weight = (float)lexicon_weight(p->stem);
}

/* "R", "Ж", and the digraph initials "Zh", "Sh", "Kh" of Latin spellings
 * of Ж, Ш, Х: one letter, or two that the skeleton makes one. */
static int is_initial(const char *tok, const char *skeleton)
{
	if (!skeleton[0])
		return 0;
	if (single_letter(tok))
		return 1;
	return strlen(tok) == 2 && strlen(skeleton) == 1 &&
	       (unsigned char)tok[0] < 0x80 && (unsigned char)tok[1] < 0x80;
}

/* The cache key: the script as one byte, then the normalised part. */
static void make_key(char *key, size_t size, enum part_script script,
		     const char *tok)
{
	size_t n = strlen(tok);

	if (n + 2 > size)
		n = size - 2;
	key[0] = (char)('A' + script);
	memcpy(key + 1, tok, n);
	key[n + 1] = '\0';
}

/* Everything about one part that does not depend on the rest of the
 * name, computed once per distinct part and cached. */
static vg_status analyse_token(enum part_script script, const char *tok,
			       struct name_part *out)
{
	char key[NAMES_MAX_INPUT * 2 + 2];
	vg_status st;

	make_key(key, sizeof(key), script, tok);
	if (part_cache_get(key, out))
		return VG_OK;
	memset(out, 0, sizeof(*out));
	st = translit_to_latin(script, tok, out->latin, sizeof(out->latin));
	if (st == VG_OK)
		st = translit_skeleton(out->latin, out->skeleton, sizeof(out->skeleton));
	if (st != VG_OK)
		return st;
	/* A script no rule reads (ICU has no Khmer-Latin): the part still
	 * matches itself exactly, byte for byte. */
	if (!out->skeleton[0] && script == PS_OTHER)
		snprintf(out->skeleton, sizeof(out->skeleton), "%s", tok);
	/* An Arabic-language part leaves its short vowels unwritten, as a
	 * Chinese reading has vowels not the name's: priced alike. */
	if (script == PS_HAN || script == PS_PINYIN || script == PS_ARAB_AR) {
		out->flags |= NAME_PART_FROM_HAN;
	} else if (script != PS_HAN_NAME) { /* 马 is a surname, not an initial */
		if (is_initial(tok, out->skeleton))
			out->flags |= NAME_PART_INITIAL;
		if (lexicon_is_particle(out->skeleton))
			out->flags |= PART_IS_PARTICLE;
		if (lexicon_is_patronymic_word(out->skeleton))
			out->flags |= PART_IS_PATRONYMIC_WORD;
	}
	find_ending(out);
	part_cache_put(key, out);
	return VG_OK;
}

/* "Nasiolla-uly", "Nasiolla uly": the patronymic word belongs to the
 * father's name before it. */
static void join_patronymic(struct name_part *prev, const struct name_part *word)
{
	size_t n = strlen(prev->skeleton);

	snprintf(prev->latin + strlen(prev->latin),
		 sizeof(prev->latin) - strlen(prev->latin), "%s", word->latin);
	/* a doubled letter across the join collapses, as inside a word */
	if (n > 0 && prev->skeleton[n - 1] == word->skeleton[0])
		n--;
	snprintf(prev->skeleton + n, sizeof(prev->skeleton) - n, "%s",
		 word->skeleton);
	find_ending(prev);
}

static int is_particle(const struct name_part *p)
{
	return (p->flags & PART_IS_PARTICLE) != 0;
}

/* Titles, legal forms and "bin" name no one; but a name made of nothing
 * else ("Al", "De La") keeps its parts. */
static void drop_particles(struct name_key *k)
{
	size_t i, n = 0;

	for (i = 0; i < k->nparts; i++)
		if (!is_particle(&k->parts[i]))
			n++;
	if (n == 0 || n == k->nparts)
		return;
	for (i = 0, n = 0; i < k->nparts; i++)
		if (!is_particle(&k->parts[i]))
			k->parts[n++] = k->parts[i];
	k->nparts = n;
}

/* The dot between a transcribed given and father's name, as documents
 * print it (· ・ • ‧), or typed as a full stop or an asterisk. */
static int has_middle_dot(const char *norm)
{
	return strstr(norm, "\xc2\xb7") || strstr(norm, "\xe3\x83\xbb") ||
	       strstr(norm, "\xe2\x80\xa2") || strstr(norm, "\xe2\x80\xa7") ||
	       strchr(norm, '.') || strchr(norm, '*');
}

/* A pinyin vowel with a tone mark (or ü) as its plain letter; 0 if c is
 * none. */
static char pinyin_vowel(UChar32 c)
{
	switch (c) {
	case 0x0101: case 0x00E1: case 0x01CE: case 0x00E0: return 'a';
	case 0x0113: case 0x00E9: case 0x011B: case 0x00E8: return 'e';
	case 0x012B: case 0x00ED: case 0x01D0: case 0x00EC: return 'i';
	case 0x014D: case 0x00F3: case 0x01D2: case 0x00F2: return 'o';
	case 0x016B: case 0x00FA: case 0x01D4: case 0x00F9:
	case 0x01D6: case 0x01D8: case 0x01DA: case 0x01DC: case 0x00FC:
		return 'u';
	default: return 0;
	}
}

/* A part as pinyin is written in print (Tǎxīfǔlātí, Wu'erkaixi) to the
 * plain letters pinyin_segment reads: tone marks and the apostrophe
 * between syllables dropped; *marked is set when there were any, which is
 * evidence of pinyin in itself. 0 when the part has other letters. */
static int pinyin_fold(const char *tok, char *out, size_t size, int *marked)
{
	int32_t i = 0, len = (int32_t)strlen(tok);
	size_t o = 0;
	UChar32 c;

	while (i < len) {
		char a;

		U8_NEXT(tok, i, len, c);
		if (c == '\'' || c == 0x2019 || c == 0x02BC) {
			*marked = 1;
			continue;
		}
		a = c >= 'a' && c <= 'z' ? (char)c : pinyin_vowel(c);
		if (!a || o + 1 >= size)
			return 0;
		if (c > 0x7f)
			*marked = 1;
		out[o++] = a;
	}
	out[o] = '\0';
	return o > 0;
}

/* A Latin name written in pinyin, as Chinese documents romanise a
 * transcribed Turkic name ("Yilihamu Tuheti", "Reyila·Dawuti"): every part
 * wholly pinyin syllables, two or more each, either six in all or the
 * Chinese middle dot between parts, and a syllable typical of
 * transcriptions somewhere. Western names rarely pass this. */
static int is_pinyin_name(char **tokens, size_t ntok, int dot,
			  char (*folded)[PINYIN_TOKEN_MAX])
{
	char syl[3 * NAMES_MAX_INPUT];
	int n, total = 0, marked = 0, typeset = 0;
	size_t i;

	for (i = 0; i < ntok; i++) {
		if (!pinyin_fold(tokens[i], folded[i], PINYIN_TOKEN_MAX, &typeset))
			return 0;
		n = pinyin_segment(folded[i], syl, sizeof(syl));
		if (n < 2)
			return 0;
		total += n;
		marked |= pinyin_has_marker(syl);
	}
	return ntok > 0 && marked && (total >= 6 || dot || typeset);
}

/* Chinese surnames, simplified and traditional, Hui surnames first: a
 * name of two or three characters that starts with one, and has none of
 * the characters transcriptions of Turkic names are made of, is read as
 * a Chinese-language name (马步芳 Ma Bufang), not as a transcription. */
static const char *const han_surnames =
	"马馬白杨楊丁穆海纳納冶沙哈回撒李王张張刘劉陈陳韩韓苏蘇黄黃赵趙"
	"周吴吳孙孫胡郭何高林罗羅郑鄭梁谢謝宋唐许許邓鄧冯馮曹彭曾萧蕭田"
	"董袁潘蒋蔣蔡余杜叶葉程魏吕呂任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石"
	"廖贾賈夏韦韋方邹鄒熊孟秦邱尹薛段雷侯龙龍史陶黎贺賀顾顧毛郝邵"
	"钱錢严嚴武戴莫孔汤湯常温溫康施文牛樊葛邢安齐齊易乔喬庞龐颜顏";
static const char *const han_transcription =
	"提尔爾克木甫斯孜依买買麦麥阿吾艾丽麗娜努热熱拉迪汗罕江力合赫"
	"土吐尼亚亞姆哈乌烏巴库庫西穆默里布都不古扎玛瑪米托曼帕素孜买"
	"塔肯逊遜仙耶祖皮班森";

static int han_in(const char *set, const char *ch, size_t n)
{
	const char *p;

	for (p = set; *p; p++)
		if (!strncmp(p, ch, n))
			return 1;
	return 0;
}

/* Cuts a Chinese-language name into surname and given name (see
 * han_surnames); 0 when tok is not one. */
static int chinese_name(const char *tok, char *sur, size_t ss, char *given,
			size_t gs)
{
	int32_t i = 0, len = (int32_t)strlen(tok), first = 0, count = 0;
	UChar32 c;

	while (i < len) {
		int32_t at = i;

		U8_NEXT(tok, i, len, c);
		if (c < 0 || u_getIntPropertyValue(c, UCHAR_SCRIPT) != USCRIPT_HAN)
			return 0;
		if (count == 0)
			first = i;
		else if (han_in(han_transcription, tok + at, (size_t)(i - at)))
			return 0;
		count++;
	}
	if (count < 2 || count > 3 || !han_in(han_surnames, tok, (size_t)first) ||
	    (size_t)first >= ss || (size_t)(len - first) >= gs)
		return 0;
	memcpy(sur, tok, (size_t)first);
	sur[first] = '\0';
	memcpy(given, tok + first, (size_t)(len - first) + 1);
	return 1;
}

/* Arabic writes عبد apart from the name it belongs to (عبد القادر, which
 * Uyghur and Turkish write Abdukadir, Abdülkadir): in an Arabic-language
 * name it is joined to the next part, in a buffer of folded. */
static size_t join_abd(char **tokens, size_t ntok,
		       char (*folded)[PINYIN_TOKEN_MAX],
		       const struct script_counts *whole)
{
	static const char abd[] = "\xd8\xb9\xd8\xa8\xd8\xaf"; /* عبد */
	size_t i, j;

	if (!whole->arab || whole->arab_vowel || whole->han)
		return ntok;
	for (i = 0; i + 1 < ntok; i++) {
		if (strcmp(tokens[i], abd) ||
		    strlen(tokens[i + 1]) + sizeof(abd) > PINYIN_TOKEN_MAX)
			continue;
		snprintf(folded[MAX_TOKENS - 1 - i], PINYIN_TOKEN_MAX, "%s%s", abd,
			 tokens[i + 1]);
		tokens[i] = folded[MAX_TOKENS - 1 - i];
		for (j = i + 1; j + 1 < ntok; j++)
			tokens[j] = tokens[j + 1];
		ntok--;
	}
	return ntok;
}

/* A name needs a letter of some script: "42" or "--" is not a name,
 * though digits may stand beside letters ("Brigade 44"). */
static int has_letter(const char *s)
{
	int32_t i = 0, len = (int32_t)strlen(s);
	UChar32 c;

	while (i < len) {
		U8_NEXT(s, i, len, c);
		if (c >= 0 && u_isalpha(c))
			return 1;
	}
	return 0;
}

static const char *name_script(const struct script_counts *k)
{
	if (k->han)
		return "Hani";
	if (k->arab)
		return "Arab";
	if (k->cyrl)
		return "Cyrl";
	if (k->latin)
		return "Latn";
	return "Zyyy";
}

vg_status names_analyse(const char *name, struct name_key *out,
			struct vg_error *err)
{
	char norm[NAMES_MAX_INPUT * 2], *tokens[MAX_TOKENS];
	char folded[MAX_TOKENS][PINYIN_TOKEN_MAX];
	struct script_counts whole;
	enum part_script script;
	struct name_part part;
	size_t ntok, i;
	int dot, pinyin, cname = 0;
	vg_status st;

	memset(out, 0, sizeof(*out));
	if (!name || !*name)
		return vg_fail(err, VG_EINVAL, NULL, "empty name");
	if (strlen(name) > NAMES_MAX_INPUT)
		return vg_fail(err, VG_ETOOBIG, NULL, "name over %d bytes", NAMES_MAX_INPUT);
	st = names_normalise(name, norm, sizeof(norm));
	if (st != VG_OK)
		return vg_fail(err, st, NULL, st == VG_ETOOBIG ? "name too long"
							       : "name is not valid UTF-8");
	if (!has_letter(norm))
		return vg_fail(err, VG_EINVAL, NULL, "name has no letters");
	names_count_scripts(norm, &whole);
	snprintf(out->script, sizeof(out->script), "%s", name_script(&whole));
	dot = has_middle_dot(norm);
	ntok = names_split(norm, tokens, MAX_TOKENS);
	pinyin = !whole.cyrl && !whole.arab && !whole.han && !whole.other &&
		 is_pinyin_name(tokens, ntok, dot, folded);
	cname = ntok == 1 && whole.han &&
		chinese_name(tokens[0], folded[0], sizeof(folded[0]), folded[1],
			     sizeof(folded[1]));
	if (pinyin || cname) {
		if (cname)
			ntok = 2;
		for (i = 0; i < ntok; i++)
			tokens[i] = folded[i];
	}
	ntok = join_abd(tokens, ntok, folded, &whole);
	for (i = 0; i < ntok; i++) {
		script = cname ? PS_HAN_NAME :
			 pinyin ? PS_PINYIN : names_detect_script(tokens[i], &whole);
		st = analyse_token(script, tokens[i], &part);
		if (st != VG_OK)
			return vg_fail(err, st, NULL, "cannot transliterate part %zu", i + 1);
		if (!part.skeleton[0])
			continue;
		if (out->nparts > 0 && (part.flags & PART_IS_PATRONYMIC_WORD)) {
			join_patronymic(&out->parts[out->nparts - 1], &part);
			continue;
		}
		if (out->nparts < NAMES_MAX_PARTS)
			out->parts[out->nparts++] = part;
	}
	if (out->nparts == 0)
		return vg_fail(err, VG_EINVAL, NULL, "name has no letters");
	drop_particles(out);
	for (i = 0; i < out->nparts; i++)
		out->parts[i].flags &= ~PART_INTERNAL_FLAGS;
	return VG_OK;
}

double names_compare(const char *a, const char *b, struct buf *explain)
{
	struct name_key ka, kb;

	if (names_analyse(a, &ka, NULL) != VG_OK || names_analyse(b, &kb, NULL) != VG_OK)
		return 0.0;
	return names_score(&ka, &kb, explain);
}
