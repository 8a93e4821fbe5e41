/* link.c — is a proposed person already in the casebook? Every name in the
 * database goes into a names index once per call; each proposed name and
 * variant is looked up there, so a Cyrillic or re-romanised spelling of a
 * known person is found without scanning. */
#include <stdio.h>
#include <string.h>

#include "extract/extract.h"
#include "names/index.h"
#include "names/names.h"
#include "store/person_names.h"

#define LINK_HITS 10

/* The best hit, among the people who may see, for any of the person's
 * names: a proposal must not point its reviewer at someone they may not
 * see, nor tell them such a person exists. */
static void best_match(store *db, const struct actor *who, names_index *idx,
		       const json_t *person, json_t *seen,
		       struct names_hit *best)
{
	const json_t *variants = json_object_get(person, "variants"), *v;
	struct names_hit hits[LINK_HITS];
	struct vg_error ignored;
	size_t i, k, n;
	const char *name;

	best->score = 0;
	best->id[0] = '\0';
	for (i = 0; i <= json_array_size(variants); i++) {
		v = i == 0 ? json_object_get(person, "name") :
			     json_array_get(variants, i - 1);
		name = json_string_value(v);
		if (!name)
			continue;
		n = 0;
		if (names_index_search(idx, name, LINK_HITS,
				       NAMES_MATCH_THRESHOLD, hits, &n,
				       &ignored) != VG_OK)
			continue;
		for (k = 0; k < n; k++) {
			if (!records_visible(db, who, "person", hits[k].id, seen))
				continue;
			if (hits[k].score > best->score)
				*best = hits[k];
			break;
		}
	}
}

vg_status extract_link(store *db, const struct actor *who, json_t *proposal,
		       struct vg_error *err)
{
	json_t *persons = json_object_get(proposal, "persons"), *p, *seen;
	names_index *idx = NULL;
	struct names_hit best;
	char match[NAMES_INDEX_ID_MAX + 32];
	size_t i;
	vg_status rc;

	rc = names_init(err);
	if (rc)
		return rc;
	idx = names_index_new();
	if (!idx)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	seen = json_object();
	rc = seen ? person_names_load(db, idx, err) :
		    vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (rc)
		goto out;
	json_array_foreach(persons, i, p) {
		best_match(db, who, idx, p, seen, &best);
		if (!best.id[0]) {
			json_object_set_new(p, "match", json_string("new"));
			json_object_set_new(p, "match_id", json_null());
			continue;
		}
		snprintf(match, sizeof(match), "probably %s (%.2f)", best.id,
			 best.score);
		json_object_set_new(p, "match", json_string(match));
		json_object_set_new(p, "match_id", json_string(best.id));
		json_object_set_new(p, "match_score", json_real(best.score));
	}
out:
	json_decref(seen);
	names_index_free(idx);
	return rc;
}
