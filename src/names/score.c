/* score.c — how alike two analysed names are, in [0,1].
 *
 * Parts are aligned in any order (the best assignment, found exactly by
 * dynamic programming over subsets: at most 8 parts a side). Each aligned
 * pair scores by a weighted edit distance on skeletons where letters that
 * romanisations confuse cost little. Rare parts weigh more than common
 * ones; a part without a partner costs less when it is a patronymic or an
 * initial than when it is a name. The score is the weighted share of
 * agreement: Σ w·s over aligned pairs divided by the same plus the
 * weighted disagreement of aligned pairs and the cost of unaligned parts
 * (docs/names.md, "The score"). */
#include "names/names_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_SKEL 64

/* What an unaligned part costs, as a share of its weight. */
#define MISS_NAME 0.6
#define MISS_ENDING 0.35
#define MISS_INITIAL 0.25
#define INITIAL_WEIGHT 0.3
#define INITIAL_MATCH 0.9
/* Disagreement weighs at least this much, however common the parts:
 * sharing "Nurbek" says little, but Nurbek against Nurlan says a lot;
 * and it weighs more than agreement, since one part that differs in an
 * otherwise equal name is often a brother, a father, a namesake. */
#define CONFLICT_FLOOR 0.8
#define CONFLICT_GAIN 1.5
/* Share of the miss cost when only one name has parts left over. */
#define ONE_SIDED_MISS 0.3
/* With parts left over, the aligned parts must weigh at least this much
 * (one rare part, or two common ones): "Ilham" alone is not evidence
 * that this is Ilham Tohti. */
#define MIN_EVIDENCE 0.9
#define WEAK_EVIDENCE_CAP 0.75
#define INITIALS_ONLY_CAP 0.7
/* Parts written together ("Abdu Rehim", "Abdurehim") count for a little
 * less than parts that agree one by one. */
#define JOINED_MAX 0.95

static int is_initial(const struct name_part *p)
{
	return (p->flags & NAME_PART_INITIAL) != 0;
}

static int from_han(const struct name_part *p)
{
	return (p->flags & NAME_PART_FROM_HAN) != 0;
}

static double part_weight(const struct name_part *p)
{
	double w;

	if (is_initial(p))
		return INITIAL_WEIGHT;
	if (p->weight > 0.0f && p->weight <= 1.0f)
		return p->weight;
	/* a part built outside names_analyse: look it up */
	w = lexicon_weight(p->skeleton);
	if (w >= 1.0 && strcmp(p->stem, p->skeleton))
		w = lexicon_weight(p->stem);
	return w;
}

static unsigned key_flags(const struct name_key *k)
{
	unsigned f = 0;
	size_t i;

	for (i = 0; i < k->nparts; i++)
		f |= k->parts[i].flags;
	return f;
}

/* A patronymic the other name lacks is a part left out; a patronymic
 * where the other name has a different one is a contradiction. */
static double miss_cost(const struct name_part *p, double w, unsigned other)
{
	unsigned ending = p->flags & (NAME_PART_PATRONYMIC | NAME_PART_SURNAME_END);

	if (is_initial(p))
		return MISS_INITIAL * w;
	if (ending & other)
		return MISS_NAME * (w > CONFLICT_FLOOR ? w : CONFLICT_FLOOR);
	if (ending)
		return MISS_ENDING * w;
	return MISS_NAME * w;
}

/* Raw similarity to the share that counts: near spellings (0.85 and up)
 * keep their value, distant ones lose it fast, so two different names
 * that share letters (Tursun, Turghun) do not add up to a match. */
#define SHAPE_ZERO 0.4 /* at and below it a similarity counts nothing */

static double shape(double s)
{
	if (s >= 0.85)
		return s;
	if (s <= SHAPE_ZERO)
		return 0.0;
	return (s - 0.4) * 0.85 / 0.45;
}

static double initial_sim(const struct name_part *a, const struct name_part *b)
{
	if (is_initial(a) && is_initial(b))
		return a->skeleton[0] == b->skeleton[0] ? 1.0 : 0.0;
	return a->skeleton[0] == b->skeleton[0] ? INITIAL_MATCH : 0.0;
}

double names_part_similarity(const struct name_part *a,
			     const struct name_part *b, const char **why)
{
	unsigned endings = NAME_PART_PATRONYMIC | NAME_PART_SURNAME_END;
	/* cheap vowels only across the script gap: two Chinese forms went
	 * through the same pinyin and must agree on their vowels */
	int han = from_han(a) != from_han(b);
	double s, stem;

	*why = "spelling";
	if (is_initial(a) || is_initial(b)) {
		*why = "initial";
		return initial_sim(a, b);
	}
	if (!strcmp(a->skeleton, b->skeleton)) {
		*why = "same skeleton";
		return 1.0;
	}
	if ((a->flags & endings) && (b->flags & endings)) {
		/* compare what the endings are added to: -uly on both says
		 * nothing about whether the fathers are one man */
		*why = "stems";
		stem = skel_similarity_above(a->stem, b->stem, han, SHAPE_ZERO);
		if (strcmp(a->skeleton + strlen(a->stem), b->skeleton + strlen(b->stem)))
			stem *= 0.9; /* -ov and -ova, -uly and -ovich */
		return shape(stem);
	}
	s = skel_similarity_above(a->skeleton, b->skeleton, han, SHAPE_ZERO);
	if ((a->flags & endings) || (b->flags & endings)) {
		stem = 0.9 * skel_similarity_above(a->stem, b->stem, han, SHAPE_ZERO);
		if (stem > s) {
			*why = "stem, one side without ending";
			s = stem;
		}
	}
	return shape(s);
}

struct align {
	size_t na, nb;
	double sim[NAMES_MAX_PARTS][NAMES_MAX_PARTS];
	const char *why[NAMES_MAX_PARTS][NAMES_MAX_PARTS];
	double wa[NAMES_MAX_PARTS], wb[NAMES_MAX_PARTS];
	double ma[NAMES_MAX_PARTS], mb[NAMES_MAX_PARTS];
	/* what each pair adds to the numerator and the denominator, made
	 * once: the pairing search reads them many times */
	double num[NAMES_MAX_PARTS][NAMES_MAX_PARTS];
	double den[NAMES_MAX_PARTS][NAMES_MAX_PARTS];
	int pair_of[NAMES_MAX_PARTS]; /* a's partner in b, or -1 */
};

/* The commoner side decides: a Chinese or Arabic-script form is seldom in
 * the lexicon, but if its partner is Nurbek, the pair is a common name. */
static double pair_weight(const struct align *al, size_t i, size_t j)
{
	return al->wa[i] < al->wb[j] ? al->wa[i] : al->wb[j];
}

/* What an aligned pair adds to the numerator and the denominator. */
static double pair_num(const struct align *al, size_t i, size_t j)
{
	return pair_weight(al, i, j) * al->sim[i][j];
}

/* The weight of a pair's disagreement: its own weight for near spellings
 * of one name, rising to the floor for parts that are different names. */
static double disagreement_weight(double w, double s)
{
	double t;

	if (w >= CONFLICT_FLOOR || s >= 0.9)
		return w;
	t = s <= 0.4 ? 1.0 : (0.9 - s) / 0.5;
	return w + (CONFLICT_FLOOR - w) * t;
}

static double pair_den(const struct align *al, size_t i, size_t j)
{
	double w = pair_weight(al, i, j), s = al->sim[i][j];

	return w * s + CONFLICT_GAIN * (1.0 - s) * disagreement_weight(w, s);
}

/* The ratio the current pairing gives. Parts left over on one side only
 * are extra detail (a full name against a short one) and cost less than
 * parts left over on both sides, which contradict each other. */
static double pairing_score(const struct align *al)
{
	double num = 0, den = 0, miss_a = 0, miss_b = 0;
	unsigned used = 0;
	size_t i, j;

	for (i = 0; i < al->na; i++) {
		if (al->pair_of[i] < 0) {
			miss_a += al->ma[i];
			continue;
		}
		j = (size_t)al->pair_of[i];
		used |= 1u << j;
		num += al->num[i][j];
		den += al->den[i][j];
	}
	for (j = 0; j < al->nb; j++)
		if (!(used & (1u << j)))
			miss_b += al->mb[j];
	if (miss_a == 0 || miss_b == 0)
		den += ONE_SIDED_MISS * (miss_a + miss_b);
	else
		den += miss_a + miss_b;
	if (den <= 0)
		return 0.0;
	if (miss_a + miss_b > 0 && num < MIN_EVIDENCE && num / den > WEAK_EVIDENCE_CAP)
		return WEAK_EVIDENCE_CAP;
	return num / den;
}

/* A name that agrees with another only through initials ("N. N.") is not
 * evidence of one person: cap it below the threshold. */
static int agrees_beyond_initials(const struct align *al, const struct name_key *a,
				  const struct name_key *b)
{
	size_t i;
	int j;

	for (i = 0; i < al->na; i++) {
		j = al->pair_of[i];
		if (j >= 0 && !is_initial(&a->parts[i]) && !is_initial(&b->parts[j]) &&
		    al->sim[i][j] >= NAMES_MATCH_THRESHOLD)
			return 1;
	}
	return 0;
}

/* Best pairing for a fixed lambda: maximise Σ over pairs of
 * num − λ·(den − miss_a − miss_b), which is num − λ·den up to a constant.
 * Exact by dynamic programming over the subsets of b already taken. */
static void best_pairing(struct align *al, double lambda)
{
	double best[NAMES_MAX_PARTS + 1][1 << NAMES_MAX_PARTS];
	signed char choice[NAMES_MAX_PARTS][1 << NAMES_MAX_PARTS];
	unsigned full = 1u << al->nb, mask;
	size_t i, j;
	double g;

	for (mask = 0; mask < full; mask++)
		best[al->na][mask] = 0;
	for (i = al->na; i-- > 0;) {
		for (mask = 0; mask < full; mask++) {
			best[i][mask] = best[i + 1][mask];
			choice[i][mask] = -1;
			for (j = 0; j < al->nb; j++) {
				if (mask & (1u << j))
					continue;
				g = al->num[i][j] - lambda * (al->den[i][j] -
							      al->ma[i] - al->mb[j]);
				g += best[i + 1][mask | (1u << j)];
				if (g > best[i][mask]) {
					best[i][mask] = g;
					choice[i][mask] = (signed char)j;
				}
			}
		}
	}
	for (i = 0, mask = 0; i < al->na; i++) {
		al->pair_of[i] = choice[i][mask];
		if (choice[i][mask] >= 0)
			mask |= 1u << choice[i][mask];
	}
}

static void align_prepare(struct align *al, const struct name_key *a,
			  const struct name_key *b)
{
	unsigned fa = key_flags(a), fb = key_flags(b);
	size_t i, j;

	al->na = a->nparts < NAMES_MAX_PARTS ? a->nparts : NAMES_MAX_PARTS;
	al->nb = b->nparts < NAMES_MAX_PARTS ? b->nparts : NAMES_MAX_PARTS;
	for (i = 0; i < al->na; i++) {
		al->wa[i] = part_weight(&a->parts[i]);
		al->ma[i] = miss_cost(&a->parts[i], al->wa[i], fb);
	}
	for (j = 0; j < al->nb; j++) {
		al->wb[j] = part_weight(&b->parts[j]);
		al->mb[j] = miss_cost(&b->parts[j], al->wb[j], fa);
	}
	for (i = 0; i < al->na; i++) {
		for (j = 0; j < al->nb; j++) {
			al->sim[i][j] = names_part_similarity(&a->parts[i], &b->parts[j],
							      &al->why[i][j]);
			al->num[i][j] = pair_num(al, i, j);
			al->den[i][j] = pair_den(al, i, j);
		}
	}
}

/* Dinkelbach's method: the best ratio is a fixed point of lambda. */
static double align_parts(struct align *al)
{
	double lambda = 0.5, score = 0;
	int round;

	for (round = 0; round < 5; round++) {
		best_pairing(al, lambda);
		score = pairing_score(al);
		if (score <= lambda + 1e-9)
			return score; /* the pairing of this lambda is the answer */
		lambda = score;
	}
	best_pairing(al, lambda);
	return pairing_score(al);
}

/* All parts written together, in their order: 伊力哈木土赫提 has no dot,
 * Abdurehim is sometimes Abdu Rehim. */
static double joined_score(const struct name_key *a, const struct name_key *b)
{
	char ja[MAX_SKEL * 2] = "", jb[MAX_SKEL * 2] = "";
	int han = 0;
	size_t i;

	if (a->nparts == b->nparts)
		return 0.0;
	for (i = 0; i < a->nparts; i++) {
		snprintf(ja + strlen(ja), sizeof(ja) - strlen(ja), "%s", a->parts[i].skeleton);
		han |= from_han(&a->parts[i]);
	}
	for (i = 0; i < b->nparts; i++) {
		snprintf(jb + strlen(jb), sizeof(jb) - strlen(jb), "%s", b->parts[i].skeleton);
		han |= from_han(&b->parts[i]);
	}
	if (strlen(ja) >= MAX_SKEL || strlen(jb) >= MAX_SKEL)
		return 0.0;
	return JOINED_MAX * shape(skel_similarity_above(ja, jb, han, SHAPE_ZERO));
}

static void explain_part(struct buf *out, const char *side, const struct name_part *p,
			 double w)
{
	buf_printf(out, "%s'%s' [%s%s%s%s] weight %.2f", side, p->latin, p->skeleton,
		   p->flags & NAME_PART_PATRONYMIC ? ", patronymic" : "",
		   p->flags & NAME_PART_SURNAME_END ? ", surname ending" : "",
		   p->flags & NAME_PART_INITIAL ? ", initial" : "", w);
}

static void explain_alignment(struct buf *out, const struct align *al,
			      const struct name_key *a, const struct name_key *b)
{
	unsigned used = 0;
	size_t i, j;

	for (i = 0; i < al->na; i++) {
		buf_adds(out, "  ");
		explain_part(out, "", &a->parts[i], al->wa[i]);
		if (al->pair_of[i] < 0) {
			buf_printf(out, " has no partner: costs %.2f\n", al->ma[i]);
			continue;
		}
		j = (size_t)al->pair_of[i];
		used |= 1u << j;
		buf_adds(out, " ~ ");
		explain_part(out, "", &b->parts[j], al->wb[j]);
		buf_printf(out, ": %.2f by %s\n", al->sim[i][j], al->why[i][j]);
	}
	for (j = 0; j < al->nb; j++) {
		if (used & (1u << j))
			continue;
		buf_adds(out, "  ");
		explain_part(out, "", &b->parts[j], al->wb[j]);
		buf_printf(out, " has no partner: costs %.2f\n", al->mb[j]);
	}
}

double names_score(const struct name_key *a, const struct name_key *b,
		   struct buf *explain)
{
	struct align al;
	double score, joined;

	if (!a->nparts || !b->nparts)
		return 0.0;
	align_prepare(&al, a, b);
	score = align_parts(&al);
	if (score > INITIALS_ONLY_CAP && !agrees_beyond_initials(&al, a, b))
		score = INITIALS_ONLY_CAP;
	/* written together, parts score at most 0.95 */
	joined = score < JOINED_MAX ? joined_score(a, b) : 0.0;
	if (explain)
		explain_alignment(explain, &al, a, b);
	if (joined > score) {
		if (explain)
			buf_printf(explain, "  parts written together agree better: %.2f\n",
				   joined);
		score = joined;
	}
	if (explain)
		buf_printf(explain, "  score %.3f: %s\n", score,
			   score >= NAMES_MATCH_THRESHOLD ? "probably the same name"
							  : "probably different names");
	return score;
}
