/* lexicon.c — what vigil knows about name parts, read from data/names/:
 * patronymic and surname endings, patronymic words written apart,
 * particles, and how common a given name or surname is.
 *
 * Entries may be written in any script; each is reduced to its skeleton
 * with the same rule chains as a name, so one line covers every spelling. */
#include "names/names_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"

#define MAX_ENDINGS 128
#define WEIGHT_SLOTS 8192 /* power of two, over twice the lexicon */

struct ending {
	char skel[16];
	size_t len;
	enum ending_kind kind;
};

struct weight_entry {
	char skel[32];
	float weight;
};

static struct ending endings[MAX_ENDINGS];
static size_t nendings;
static struct ending words[MAX_ENDINGS];     /* patronymic words */
static size_t nwords;
static struct ending particles[MAX_ENDINGS];
static size_t nparticles;
static struct weight_entry *weights;

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The skeleton of one lexicon word, through the same chain as a name. */
static vg_status entry_skeleton(const char *word, char *out, size_t outsize)
{
	char norm[128], latin[128];
	struct script_counts whole;
	vg_status st;

	st = names_normalise(word, norm, sizeof(norm));
	if (st != VG_OK)
		return st;
	names_count_scripts(norm, &whole);
	st = translit_to_latin(names_detect_script(norm, &whole), norm,
			       latin, sizeof(latin));
	if (st != VG_OK)
		return st;
	st = translit_skeleton(latin, out, outsize);
	if (st == VG_OK && !out[0])
		return VG_EINVAL;
	return st;
}

static vg_status add_ending(struct ending *list, size_t *n, const char *word,
			    enum ending_kind kind)
{
	char skel[64];
	size_t i;
	vg_status st;

	st = entry_skeleton(word, skel, sizeof(skel));
	if (st != VG_OK)
		return st;
	if (strlen(skel) >= sizeof(list[0].skel))
		return VG_ETOOBIG;
	for (i = 0; i < *n; i++)
		if (!strcmp(list[i].skel, skel))
			return VG_OK; /* another spelling of one we have */
	if (*n >= MAX_ENDINGS)
		return VG_ETOOBIG;
	snprintf(list[*n].skel, sizeof(list[0].skel), "%s", skel);
	list[*n].len = strlen(skel);
	list[*n].kind = kind;
	(*n)++;
	return VG_OK;
}

static vg_status add_weight(const char *word, double weight)
{
	char skel[64];
	uint32_t h, i;
	vg_status st;

	st = entry_skeleton(word, skel, sizeof(skel));
	if (st != VG_OK)
		return st;
	if (strlen(skel) >= sizeof(weights[0].skel))
		return VG_ETOOBIG;
	h = hash_str(skel);
	for (i = 0; i < WEIGHT_SLOTS; i++) {
		struct weight_entry *e = &weights[(h + i) & (WEIGHT_SLOTS - 1)];

		if (!e->skel[0]) {
			snprintf(e->skel, sizeof(e->skel), "%s", skel);
			e->weight = (float)weight;
			return VG_OK;
		}
		if (!strcmp(e->skel, skel)) {
			/* two spellings of one name: the commoner wins */
			if (weight < e->weight)
				e->weight = (float)weight;
			return VG_OK;
		}
	}
	return VG_ETOOBIG;
}

/* endings.txt: "<kind> <word> <word> ..." with kind one of patronymic,
 * surname, word (a patronymic written apart), particle. */
static vg_status endings_line(char *line, const char *where, struct vg_error *err)
{
	char *save = NULL, *kind, *w;
	vg_status st = VG_OK;

	kind = strtok_r(line, " \t", &save);
	if (!kind)
		return VG_OK;
	for (w = strtok_r(NULL, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(kind, "patronymic"))
			st = add_ending(endings, &nendings, w, ENDING_PATRONYMIC);
		else if (!strcmp(kind, "surname"))
			st = add_ending(endings, &nendings, w, ENDING_SURNAME);
		else if (!strcmp(kind, "word"))
			st = add_ending(words, &nwords, w, ENDING_PATRONYMIC);
		else if (!strcmp(kind, "particle"))
			st = add_ending(particles, &nparticles, w, ENDING_NONE);
		else
			return vg_fail(err, VG_EINVAL, where, "unknown kind '%s'", kind);
		if (st != VG_OK)
			return vg_fail(err, st, where, "cannot use '%s'", w);
	}
	return VG_OK;
}

/* frequency.txt: "weight <w>" lines, then the names that weigh that much. */
static vg_status frequency_line(char *line, const char *where, double *cur,
				struct vg_error *err)
{
	char *save = NULL, *w, *end;
	vg_status st;

	w = strtok_r(line, " \t", &save);
	if (!w)
		return VG_OK;
	if (!strcmp(w, "weight")) {
		w = strtok_r(NULL, " \t", &save);
		errno = 0;
		*cur = w ? strtod(w, &end) : -1;
		if (!w || errno || *end || *cur <= 0 || *cur > 1)
			return vg_fail(err, VG_EINVAL, where, "weight must be in (0,1]");
		return VG_OK;
	}
	if (*cur <= 0)
		return vg_fail(err, VG_EINVAL, where, "names before any 'weight' line");
	for (; w; w = strtok_r(NULL, " \t", &save)) {
		st = add_weight(w, *cur);
		if (st != VG_OK)
			return vg_fail(err, st, where, "cannot use '%s'", w);
	}
	return VG_OK;
}

static vg_status read_lexicon(const char *rel, int is_frequency,
			      struct vg_error *err)
{
	char path[1024], line[1024], where[1100], *hash;
	double cur = 0;
	vg_status st = VG_OK;
	unsigned lineno = 0;
	FILE *f;

	if (paths_data_file(path, sizeof(path), rel) < 0)
		return vg_fail(err, VG_EINVAL, rel, "data path too long");
	f = fopen(path, "r");
	if (!f)
		return vg_fail(err, VG_EIO, path, "cannot open lexicon");
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		snprintf(where, sizeof(where), "%s: line %u", path, lineno);
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		st = is_frequency ? frequency_line(line, where, &cur, err)
				  : endings_line(line, where, err);
		if (st != VG_OK)
			break;
	}
	fclose(f);
	return st;
}

void lexicon_free(void)
{
	free(weights);
	weights = NULL;
	nendings = nwords = nparticles = 0;
}

vg_status lexicon_init(struct vg_error *err)
{
	vg_status st;

	lexicon_free();
	weights = calloc(WEIGHT_SLOTS, sizeof(*weights));
	if (!weights)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	st = read_lexicon("names/endings.txt", 0, err);
	if (st == VG_OK)
		st = read_lexicon("names/frequency.txt", 1, err);
	if (st != VG_OK)
		lexicon_free();
	return st;
}

enum ending_kind lexicon_ending(const char *skel, size_t *stem_len)
{
	size_t len = strlen(skel), i, best = 0;
	enum ending_kind kind = ENDING_NONE;

	for (i = 0; i < nendings; i++) {
		const struct ending *e = &endings[i];

		if (e->len <= best || len < e->len + 3)
			continue;
		if (memcmp(skel + len - e->len, e->skel, e->len))
			continue;
		best = e->len;
		kind = e->kind;
	}
	*stem_len = len - best;
	return kind;
}

static int in_list(const struct ending *list, size_t n, const char *skel)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].skel, skel))
			return 1;
	return 0;
}

int lexicon_is_patronymic_word(const char *skel)
{
	return in_list(words, nwords, skel);
}

int lexicon_is_particle(const char *skel)
{
	return in_list(particles, nparticles, skel);
}

double lexicon_weight(const char *skel)
{
	uint32_t h, i;

	if (!weights)
		return 1.0;
	h = hash_str(skel);
	for (i = 0; i < WEIGHT_SLOTS; i++) {
		const struct weight_entry *e = &weights[(h + i) & (WEIGHT_SLOTS - 1)];

		if (!e->skel[0])
			return 1.0;
		if (!strcmp(e->skel, skel))
			return e->weight;
	}
	return 1.0;
}
