/* pinyin.c — Latin text written in pinyin: telling it from other Latin
 * and cutting it into syllables, so that "Yilihamu Tuheti" goes through
 * the same rules (han.txt) as 伊力哈木·土赫提.
 *
 * The syllables come from data/translit/pinyin-syllables.txt and are kept
 * sorted for binary search; the set is read-only after pinyin_init. */
#include "names/names_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"

#define MAX_SYLLABLES 512
#define SYLLABLE_MAX 7 /* "zhuang" and a NUL */
#define WORD_MAX 64

static char syllables[MAX_SYLLABLES][SYLLABLE_MAX];
static size_t nsyllables;
static char markers[MAX_SYLLABLES][SYLLABLE_MAX];
static size_t nmarkers;

static int cmp_syllable(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A line of syllables, or "markers" and the marker syllables. */
static vg_status add_line(char *line, const char *where, struct vg_error *err)
{
	char *save = NULL, *w, (*list)[SYLLABLE_MAX] = syllables;
	size_t *count = &nsyllables;
	const char *c;

	w = strtok_r(line, " \t", &save);
	if (w && !strcmp(w, "markers")) {
		list = markers;
		count = &nmarkers;
		w = strtok_r(NULL, " \t", &save);
	}
	for (; w; w = strtok_r(NULL, " \t", &save)) {
		if (strlen(w) >= SYLLABLE_MAX)
			return vg_fail(err, VG_EINVAL, where, "'%s' is longer than any syllable", w);
		for (c = w; *c; c++)
			if (*c < 'a' || *c > 'z')
				return vg_fail(err, VG_EINVAL, where, "'%s' is not lower-case a-z", w);
		if (*count >= MAX_SYLLABLES)
			return vg_fail(err, VG_ETOOBIG, where, "over %d syllables", MAX_SYLLABLES);
		memcpy(list[(*count)++], w, strlen(w) + 1);
	}
	return VG_OK;
}

vg_status pinyin_init(struct vg_error *err)
{
	char path[1024], line[512], where[1100], *hash;
	unsigned lineno = 0;
	vg_status st = VG_OK;
	FILE *f;

	nsyllables = nmarkers = 0;
	if (paths_data_file(path, sizeof(path), "translit/pinyin-syllables.txt") < 0)
		return vg_fail(err, VG_EINVAL, "pinyin-syllables.txt", "data path too long");
	f = fopen(path, "r");
	if (!f)
		return vg_fail(err, VG_EIO, path, "cannot open the pinyin syllables");
	while (st == VG_OK && fgets(line, sizeof(line), f)) {
		lineno++;
		snprintf(where, sizeof(where), "%s: line %u", path, lineno);
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		st = add_line(line, where, err);
	}
	fclose(f);
	if (st != VG_OK) {
		nsyllables = nmarkers = 0;
		return st;
	}
	qsort(syllables, nsyllables, SYLLABLE_MAX, cmp_syllable);
	return VG_OK;
}

static int is_syllable(const char *s, size_t len)
{
	char key[SYLLABLE_MAX];

	if (len == 0 || len >= SYLLABLE_MAX)
		return 0;
	memcpy(key, s, len);
	key[len] = '\0';
	return bsearch(key, syllables, nsyllables, SYLLABLE_MAX, cmp_syllable) != NULL;
}

int pinyin_segment(const char *word, char *out, size_t outsize)
{
	size_t n = strlen(word), i, len, cut[WORD_MAX + 1], o = 0;
	unsigned char ok[WORD_MAX + 1];
	int count = 0;

	if (n == 0 || n > WORD_MAX || nsyllables == 0)
		return 0;
	/* every syllable ends in a vowel, n, ng or the r of er: most
	 * non-pinyin words are turned away here, before any search */
	if (!strchr("aeiounr", word[n - 1]) || strchr(word, 'v'))
		return 0;
	/* ok[i]: word[i..] is whole syllables; cut[i]: the longest first one */
	ok[n] = 1;
	for (i = n; i-- > 0;) {
		ok[i] = 0;
		for (len = SYLLABLE_MAX - 1; len > 0; len--) {
			if (i + len <= n && ok[i + len] && is_syllable(word + i, len)) {
				ok[i] = 1;
				cut[i] = len;
				break;
			}
		}
	}
	if (!ok[0])
		return 0;
	for (i = 0; i < n; i += cut[i]) {
		count++;
		if (!out)
			continue;
		if (o + cut[i] + 2 >= outsize)
			return 0;
		out[o++] = ' ';
		memcpy(out + o, word + i, cut[i]);
		o += cut[i];
	}
	if (out) {
		out[o++] = ' ';
		out[o] = '\0';
	}
	return count;
}

int pinyin_has_marker(const char *syllables_text)
{
	char key[SYLLABLE_MAX + 2];
	size_t i;

	for (i = 0; i < nmarkers; i++) {
		snprintf(key, sizeof(key), " %s ", markers[i]);
		if (strstr(syllables_text, key))
			return 1;
	}
	return 0;
}
