/* names.h — find a person whatever script or spelling the name came in.
 *
 * A name is normalised (NFKC, case fold), split into parts, each part is
 * transliterated into one Latin form with vigil's own ICU rule files
 * (data/translit/) and reduced to a skeleton key that merges what
 * romanisations disagree on. Two names are scored by aligning their parts
 * in any order. All functions are safe to call from several threads at
 * once after names_init. */
#ifndef VIGIL_NAMES_NAMES_H
#define VIGIL_NAMES_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define NAMES_MAX_PARTS 8

struct name_part {
	char latin[64];    /* the part in vigil's one Latin form: "nasiollauly" */
	char skeleton[64]; /* reduced key: "nasiolauli" */
	char stem[64];     /* skeleton without a patronymic/surname ending */
	unsigned flags;    /* NAME_PART_* */
	float weight;      /* how much the part identifies a person, (0,1]:
			      1 for a rare part, less for Nurbek or Ivanov */
};

enum name_part_flags {
	NAME_PART_PATRONYMIC = 1, /* -uly, -kyzy, -ovich, -ovna, … */
	NAME_PART_SURNAME_END = 2, /* -ov, -ova, -ev, -in, … */
	NAME_PART_INITIAL = 4,    /* "R." */
	NAME_PART_FROM_HAN = 8    /* read from Chinese characters: its vowels
				     are the transcriber's, not the name's */
};

struct name_key {
	char script[8];     /* ISO 15924 of the input: Latn, Cyrl, Arab, Hani */
	size_t nparts;
	struct name_part parts[NAMES_MAX_PARTS];
};

/* Loads the rule files (data/translit/) and lexicons (data/names/) once;
 * later calls return VG_OK at once. On a missing or bad file, VG_EIO or
 * VG_EINVAL with err->where naming the file (and line) and nothing kept. */
vg_status names_init(struct vg_error *err);

/* Frees what names_init loaded (tests and tools that check for leaks);
 * no names function may run at the same time or after, until names_init. */
void names_shutdown(void);

/* Analyses one name into out (owned by the caller; no pointers inside).
 * VG_EINVAL for an empty name, one with no letters or invalid UTF-8;
 * VG_ETOOBIG for a name over 512 bytes. Parts past NAMES_MAX_PARTS are
 * left out. Titles and particles ("Dr", "bin", "LLC") are dropped unless
 * the name has nothing else. */
vg_status names_analyse(const char *name, struct name_key *out,
			struct vg_error *err);

/* A score in [0,1]; 0.8 and up means "probably the same name". Symmetric;
 * 0 when either key has no parts. With explain not NULL, appends a human
 * explanation of the alignment (lines that begin with two spaces); an
 * explanation past the buffer's cap is cut short, the score is not. */
double names_score(const struct name_key *a, const struct name_key *b,
		   struct buf *explain);

/* Convenience: analyse both and score; 0 when either does not analyse. */
double names_compare(const char *a, const char *b, struct buf *explain);

/* The threshold at and above which two names are taken as one. */
#define NAMES_MATCH_THRESHOLD 0.8

#endif
