/* distance.c — weighted edit distance between skeleton keys.
 *
 * Costs per letter pair come from data/names/costs.txt: confusable
 * letters (k/g, d/t, s/sh, vowels) cost less than unrelated ones, and a
 * second table serves names read from Chinese characters, whose vowels
 * are the transcriber's. Skeletons are short ASCII, so the tables are
 * indexed by byte and the distance runs in two rows on the stack. */
#include "names/names_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"

#define MAX_SKEL 64

/* Indexed by byte: skeletons are ASCII, except for parts in a script no
 * rule file reads, whose UTF-8 bytes stand as they are. */
struct cost_table {
	float sub[256][256];
	float indel[256];
	float glide[256];
};

static struct cost_table costs[2]; /* [0] plain, [1] one side from Han */
static unsigned char vowel[256];
/* Bumped each time the costs are loaded, so that no thread trusts a
 * similarity computed with costs since replaced. */
static unsigned costs_generation;

static void costs_defaults(void)
{
	int t, i, j;

	memset(vowel, 0, sizeof(vowel));
	for (t = 0; t < 2; t++) {
		for (i = 0; i < 256; i++) {
			for (j = 0; j < 256; j++)
				costs[t].sub[i][j] = i == j ? 0.0f : 1.0f;
			costs[t].indel[i] = 1.0f;
			costs[t].glide[i] = 1.0f;
		}
	}
}

static int parse_cost(const char *s, float *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || v < 0 || v > 1)
		return -1;
	*out = (float)v;
	return 0;
}

static int ascii_group(const char *g)
{
	for (; *g; g++)
		if ((unsigned char)*g >= 128)
			return 0;
	return 1;
}

static void apply(const char *op, const char *group, float c[2])
{
	const unsigned char *a, *b;
	int t;

	for (t = 0; t < 2; t++) {
		for (a = (const unsigned char *)group; *a; a++) {
			if (!strcmp(op, "indel") && c[t] < costs[t].indel[*a])
				costs[t].indel[*a] = c[t];
			if (!strcmp(op, "glide"))
				costs[t].glide[*a] = c[t];
			if (strcmp(op, "sub"))
				continue;
			for (b = (const unsigned char *)group; *b; b++)
				if (*a != *b)
					costs[t].sub[*a][*b] = c[t];
		}
	}
}

static vg_status cost_line(char *line, const char *where, struct vg_error *err)
{
	char *save = NULL, *op, *group, *c1, *c2;
	float c[2];

	op = strtok_r(line, " \t", &save);
	if (!op)
		return VG_OK;
	group = strtok_r(NULL, " \t", &save);
	if (!group || !ascii_group(group))
		return vg_fail(err, VG_EINVAL, where, "expected ASCII skeleton letters");
	if (!strcmp(op, "vowels")) {
		for (; *group; group++)
			vowel[(unsigned char)*group] = 1;
		return VG_OK;
	}
	if (strcmp(op, "sub") && strcmp(op, "indel") && strcmp(op, "glide"))
		return vg_fail(err, VG_EINVAL, where, "unknown rule '%s'", op);
	c1 = strtok_r(NULL, " \t", &save);
	c2 = strtok_r(NULL, " \t", &save);
	if (!c1 || parse_cost(c1, &c[0]) < 0)
		return vg_fail(err, VG_EINVAL, where, "cost must be a number in [0,1]");
	c[1] = c[0];
	if (c2 && parse_cost(c2, &c[1]) < 0)
		return vg_fail(err, VG_EINVAL, where, "cost must be a number in [0,1]");
	apply(op, group, c);
	return VG_OK;
}

vg_status distance_init(struct vg_error *err)
{
	char path[1024], line[512], where[1100], *hash;
	unsigned lineno = 0;
	vg_status st = VG_OK;
	FILE *f;

	costs_defaults();
	__atomic_add_fetch(&costs_generation, 1, __ATOMIC_RELAXED);
	if (paths_data_file(path, sizeof(path), "names/costs.txt") < 0)
		return vg_fail(err, VG_EINVAL, "names/costs.txt", "data path too long");
	f = fopen(path, "r");
	if (!f)
		return vg_fail(err, VG_EIO, path, "cannot open letter costs");
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		snprintf(where, sizeof(where), "%s: line %u", path, lineno);
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		st = cost_line(line, where, err);
		if (st != VG_OK)
			break;
	}
	fclose(f);
	return st;
}

/* Cost of adding or dropping each letter of s: cheaper for a glide
 * beside a vowel. */
static void indel_costs(const struct cost_table *t, const unsigned char *s,
			size_t n, float *out)
{
	size_t i;
	int beside_vowel;

	for (i = 0; i < n; i++) {
		out[i] = t->indel[s[i]];
		beside_vowel = (i > 0 && vowel[s[i - 1]]) || (i + 1 < n && vowel[s[i + 1]]);
		if (beside_vowel && t->glide[s[i]] < out[i])
			out[i] = t->glide[s[i]];
	}
}

double skel_similarity(const char *a, const char *b, int han)
{
	return skel_similarity_above(a, b, han, -1.0);
}

/* The same pairs of parts come again and again while one thread matches
 * (a query's parts against every candidate's): a small direct-mapped
 * memo per thread keeps the last similarity of each pair it saw. */
#define MEMO_SLOTS 1024
#define MEMO_KEY 24 /* longer skeletons are not kept */

struct memo_slot {
	char a[MEMO_KEY], b[MEMO_KEY];
	signed char mode; /* 0 empty; 1 + han + 2 * (floor given) */
	unsigned generation; /* of the costs it was computed with */
	double value;
};

static _Thread_local struct memo_slot memo[MEMO_SLOTS];

static struct memo_slot *memo_find(const char *a, size_t n, const char *b,
				   size_t m, int mode)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)a[i]) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (i = 0; i < m; i++)
		h = (h ^ (unsigned char)b[i]) * 16777619u;
	h = (h ^ (uint32_t)mode) * 16777619u;
	return &memo[h % MEMO_SLOTS];
}

static double distance_similarity(const char *a, const char *b, int han,
				  double floor);

double skel_similarity_above(const char *a, const char *b, int han, double floor)
{
	size_t n = strlen(a), m = strlen(b);
	int mode = 1 + (han ? 1 : 0) + (floor < 0 ? 0 : 2);
	unsigned gen = __atomic_load_n(&costs_generation, __ATOMIC_RELAXED);
	struct memo_slot *slot;
	double v;

	/* only the one floor the score uses is kept apart */
	if (n >= MEMO_KEY || m >= MEMO_KEY || (floor >= 0 && floor != 0.4))
		return distance_similarity(a, b, han, floor);
	slot = memo_find(a, n, b, m, mode);
	if (slot->mode == mode && slot->generation == gen && !strcmp(slot->a, a) &&
	    !strcmp(slot->b, b))
		return slot->value;
	v = distance_similarity(a, b, han, floor);
	memcpy(slot->a, a, n + 1);
	memcpy(slot->b, b, m + 1);
	slot->mode = (signed char)mode;
	slot->generation = gen;
	slot->value = v;
	return v;
}

static double distance_similarity(const char *a, const char *b, int han,
				  double floor)
{
	const struct cost_table *t = &costs[han ? 1 : 0];
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	float row[MAX_SKEL + 1], prev[MAX_SKEL + 1], ix[MAX_SKEL], iy[MAX_SKEL];
	float del, ins, sub, lowest, give_up;
	size_t n = strlen(a), m = strlen(b), i, j, longer;

	if (n > MAX_SKEL || m > MAX_SKEL)
		return 0.0;
	longer = n > m ? n : m;
	if (longer == 0)
		return 1.0;
	/* every alignment crosses every row, and costs are not negative:
	 * once a whole row is past this, so is the distance */
	give_up = floor < 0 ? 1e30f : (float)((1.0 - floor) * (double)longer);
	indel_costs(t, x, n, ix);
	indel_costs(t, y, m, iy);
	prev[0] = 0;
	for (j = 1; j <= m; j++)
		prev[j] = prev[j - 1] + iy[j - 1];
	for (i = 1; i <= n; i++) {
		const float *subrow = t->sub[x[i - 1]];

		row[0] = prev[0] + ix[i - 1];
		lowest = row[0];
		for (j = 1; j <= m; j++) {
			del = prev[j] + ix[i - 1];
			ins = row[j - 1] + iy[j - 1];
			sub = prev[j - 1] + subrow[y[j - 1]];
			row[j] = del < ins ? del : ins;
			if (sub < row[j])
				row[j] = sub;
			if (row[j] < lowest)
				lowest = row[j];
		}
		if (lowest > give_up)
			return 0.0;
		memcpy(prev, row, (m + 1) * sizeof(float));
	}
	return 1.0 - (prev[m] > (float)longer ? 1.0 : prev[m] / (double)longer);
}
