/* link.c — is a proposed person already in the casebook? Every name in the
 * database goes into a names index once per call; each proposed name and
 * variant is looked up there, so a Cyrillic or re-romanised spelling of a
 * known person is found without scanning. */
#include <stdio.h>
#include <string.h>

#include "extract/extract.h"
#include "names/index.h"
#include "names/names.h"

static vg_status load_names(store *db, names_index *idx, struct vg_error *err)
{
	static const char sql[] =
		"SELECT p.id, n.name FROM person_name n"
		" JOIN person p ON p.pk = n.parent";
	store_stmt *st = NULL;
	store_rc rc;
	vg_status vs = VG_OK;

	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "person names");
	while ((rc = store_step(st)) == STORE_ROW) {
		const char *id = store_column_text(st, 0);
		const char *name = store_column_text(st, 1);
		struct vg_error ignored = { 0 };

		/* A stored name with no letters cannot match anything. */
		if (id && name)
			vs = names_index_add(idx, id, name, &ignored);
		if (vs == VG_ENOMEM)
			break;
		vs = VG_OK;
	}
	store_finalize(st);
	if (vs)
		return vg_fail(err, vs, "person names", "out of memory");
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "person names");
	return VG_OK;
}

/* The best hit for any of the person's names. */
static void best_match(names_index *idx, const json_t *person,
		       struct names_hit *best)
{
	const json_t *variants = json_object_get(person, "variants"), *v;
	struct names_hit hit;
	struct vg_error ignored;
	size_t i, n;
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
		if (names_index_search(idx, name, 1, NAMES_MATCH_THRESHOLD, &hit,
				       &n, &ignored) != VG_OK || !n)
			continue;
		if (hit.score > best->score)
			*best = hit;
	}
}

vg_status extract_link(store *db, json_t *proposal, struct vg_error *err)
{
	json_t *persons = json_object_get(proposal, "persons"), *p;
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
	rc = load_names(db, idx, err);
	if (rc)
		goto out;
	json_array_foreach(persons, i, p) {
		best_match(idx, p, &best);
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
	names_index_free(idx);
	return rc;
}
