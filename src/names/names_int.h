/* names_int.h — what the names engine's own files share; not a public API.
 *
 * The pipeline for one part: normalised UTF-8 (NFKC, case fold) -> script
 * of the part -> that script's rule chain (data/translit/) -> vigil's Latin
 * form -> skeleton rules -> collapse doubled letters -> ending analysis.
 * Each distinct part runs the chain once; the result is cached. */
#ifndef VIGIL_NAMES_NAMES_INT_H
#define VIGIL_NAMES_NAMES_INT_H

#include <stddef.h>

#include "core/err.h"
#include "names/names.h"

/* Longest normalised name we analyse, in bytes. Longer input is cut at a
 * part boundary: nobody's name is longer, but a pasted paragraph might be. */
#define NAMES_MAX_INPUT 512

/* The scripts a part may be written in; each selects a rule chain. */
enum part_script {
	PS_LATIN = 0,
	PS_CYRL_RU,   /* Russian Cyrillic and anything Cyrillic without markers */
	PS_CYRL_KK,   /* Kazakh Cyrillic: ә ғ қ ң ө ұ ү һ і */
	PS_CYRL_UG,   /* Uyghur Cyrillic: җ, or һ without ұ і ы */
	PS_CYRL_KY,   /* Kyrgyz Cyrillic: ң ө ү only */
	PS_ARAB_UG,   /* Uyghur Arabic script (UEY) */
	PS_ARAB_KK,   /* Kazakh Arabic script as written in Xinjiang */
	PS_HAN,       /* Chinese characters transcribing a Turkic name */
	PS_PINYIN,    /* the same transcription written in pinyin */
	PS_OTHER,     /* Greek, Georgian, ...: ICU's Any-Latin */
	PS_HAN_NAME,  /* Chinese characters of a Chinese-language name: pinyin */
	PS_ARAB_AR,   /* Arabic script spelling Arabic: short vowels unwritten */     /* Greek, Georgian, ...: ICU's Any-Latin */
	PS_COUNT
};

/* ISO 15924 code of a part script ("Latn", "Cyrl", "Arab", "Hani"). */
const char *names_script_code(enum part_script s);
/* A short human name of the rule chain ("kazakh-cyrillic"). */
const char *names_script_label(enum part_script s);

/* normalise.c */

/* NFKC + case fold of UTF-8 text into out (NUL-terminated). VG_EINVAL for
 * invalid UTF-8, VG_ETOOBIG when the result does not fit. */
vg_status names_normalise(const char *in, char *out, size_t outsize);

/* Splits normalised text into at most max parts, in place: separators are
 * overwritten with NUL and parts[i] points into text. Returns the count. */
size_t names_split(char *text, char **parts, size_t max);

/* Letters counted by script, and the letters that tell Kazakh, Uyghur and
 * Kyrgyz Cyrillic or Kazakh and Uyghur Arabic script apart. */
struct script_counts {
	unsigned latin, cyrl, arab, han, other;
	unsigned cyrl_kk_only, cyrl_ug_only, cyrl_turkic, cyrl_ky;
	unsigned cyrl_shha, cyrl_yery; /* һ and ы */
	unsigned arab_kk, arab_ug;
	unsigned arab_vowel; /* ە ې ۇ ۆ ۈ ى ئ ۋ ڭ ھ and the high hamza */
};

void names_count_scripts(const char *text, struct script_counts *k);

/* The script of one normalised part; which language's letters it uses is
 * decided from the counts over the whole name. */
enum part_script names_detect_script(const char *part,
				     const struct script_counts *whole);

/* translit.c */

/* Loads and compiles every rule file. */
vg_status translit_init(struct vg_error *err);
void translit_free(void);

/* Runs the rule chain of script s over a normalised part, then the Latin
 * rules, into a lower-case Latin form. Thread-safe. */
vg_status translit_to_latin(enum part_script s, const char *part,
			    char *out, size_t outsize);

/* Reduces a Latin form to its skeleton: rule file, then doubled letters
 * collapsed and anything that is not a letter dropped. Thread-safe. */
vg_status translit_skeleton(const char *latin, char *out, size_t outsize);

/* pinyin.c */

vg_status pinyin_init(struct vg_error *err);

/* The number of syllables when word (lower-case a-z) is wholly pinyin,
 * else 0. With out not NULL, writes the syllables there as " yi li ha mu "
 * (0 when they do not fit). */
int pinyin_segment(const char *word, char *out, size_t outsize);

/* 1 when syllables as pinyin_segment writes them hold a syllable typical
 * of transcriptions (yi, wu, ti, mu, er, ...). */
int pinyin_has_marker(const char *syllables);

/* lexicon.c: endings, particles, and part frequencies, keyed by skeleton */

enum ending_kind { ENDING_NONE = 0, ENDING_PATRONYMIC, ENDING_SURNAME };

vg_status lexicon_init(struct vg_error *err);
void lexicon_free(void);

/* The longest known ending of a skeleton that leaves a stem of at least
 * three letters; its kind, and the stem length through stem_len. */
enum ending_kind lexicon_ending(const char *skeleton, size_t *stem_len);

/* 1 when the whole skeleton is a patronymic word written apart
 * ("uly" in "Nasiolla uly"), to be joined to the part before it. */
int lexicon_is_patronymic_word(const char *skeleton);

/* 1 when the skeleton is a particle that carries no identity
 * ("bin", "al"); such parts are dropped. */
int lexicon_is_particle(const char *skeleton);

/* How much a part identifies a person: 1.0 for a part we do not know as
 * common, less for frequent given names and surnames. */
double lexicon_weight(const char *skeleton);

/* distance.c: a weighted edit distance on skeletons; its letter costs
 * come from data/names/costs.txt. */

vg_status distance_init(struct vg_error *err);

/* 1 - weighted distance / longer length, in [0,1]. han selects the costs
 * for a side read from Chinese characters, where vowels are cheap. */
double skel_similarity(const char *a, const char *b, int han);

/* skel_similarity, except that a similarity at or below floor may come
 * back as 0 without the distance being finished: callers for whom all
 * such similarities count alike save most of the work on unlike parts. */
double skel_similarity_above(const char *a, const char *b, int han, double floor);

/* score.c: the similarity of two parts in [0,1] after the shaping that
 * makes distant spellings worthless; why names the rule that decided. */
double names_part_similarity(const struct name_part *a,
			     const struct name_part *b, const char **why);

/* Flags only the analysis uses while it joins and drops parts; they never
 * leave names_analyse. */
#define PART_IS_PARTICLE 0x100u
#define PART_IS_PATRONYMIC_WORD 0x200u
#define PART_INTERNAL_FLAGS (PART_IS_PARTICLE | PART_IS_PATRONYMIC_WORD)

/* cache.c: one analysed part per distinct normalised part */

vg_status part_cache_init(size_t max_entries);
void part_cache_free(void);
/* 1 and fills out when cached. */
int part_cache_get(const char *norm, struct name_part *out);
void part_cache_put(const char *norm, const struct name_part *part);

/* Analyses one normalised part without the cache (the rule chain). */
vg_status names_analyse_part(const char *norm, struct name_part *out);

#endif
