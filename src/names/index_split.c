/* Parts typed as one word ("Esettalghat"): the search's last resort when
 * a query finds no candidate at all. */
#include <stdio.h>
#include <string.h>

#include "names/index_int.h"

/* 1 when an indexed part has exactly this skeleton. */
static int skeleton_indexed(const names_index *idx, const char *sk, size_t len)
{
	uint64_t h = ix_hash('D', sk, len);
	size_t pos = keymap_start(&idx->key_map, h);
	uint32_t pid;

	while (keymap_next(&idx->key_map, h, &pos, &pid))
		if (strlen(idx->parts[pid].np.skeleton) == len &&
		    !memcmp(idx->parts[pid].np.skeleton, sk, len))
			return 1;
	return 0;
}

/* Two parts run together ("Esettalghat"): q's parts
 * with each long one that splits into two indexed skeletons written as
 * those two, the most even split first. 1 when a part was split. */
int ix_split_joined(const names_index *idx, const struct name_key *q,
		    struct name_key *out)
{
	size_t i, len, cut, best, bestgap, back = 0, split = 0;

	*out = *q;
	out->nparts = 0;
	for (i = 0; i < q->nparts && out->nparts < NAMES_MAX_PARTS; i++) {
		const struct name_part *p = &q->parts[i];

		out->parts[out->nparts++] = *p;
		len = strnlen(p->skeleton, sizeof(p->skeleton) - 1);
		if (len < 6 || out->nparts == NAMES_MAX_PARTS)
			continue;
		best = 0;
		bestgap = len;
		/* back: the second part starts with the first one's last
		 * letter, which the skeleton wrote once (Eset Talghat is
		 * esetalgat run together) */
		for (cut = 3; cut + 3 <= len; cut++) {
			size_t gap = cut > len - cut ? 2 * cut - len : len - 2 * cut;
			size_t bk;

			for (bk = 0; bk < 2; bk++) {
				if (gap < bestgap && skeleton_indexed(idx, p->skeleton, cut) &&
				    skeleton_indexed(idx, p->skeleton + cut - bk,
						     len - cut + bk)) {
					best = cut;
					back = bk;
					bestgap = gap;
				}
			}
		}
		if (!best)
			continue;
		struct name_part *a = &out->parts[out->nparts - 1];
		struct name_part *b = &out->parts[out->nparts++];

		*b = *a;
		a->skeleton[best] = '\0';
		memmove(b->skeleton, b->skeleton + best - back, len - best + back + 1);
		memcpy(a->latin, a->skeleton, best + 1);
		memcpy(a->stem, a->skeleton, best + 1);
		memcpy(b->latin, b->skeleton, len - best + back + 1);
		memcpy(b->stem, b->skeleton, len - best + back + 1);
		a->flags &= NAME_PART_FROM_HAN;
		b->flags &= NAME_PART_FROM_HAN;
		split = 1;
	}
	return split;
}
