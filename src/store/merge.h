/* merge.h — one person recorded twice: find them, and merge the records.
 *
 * A merge moves B's names into A, fills A's empty fields from B, points
 * every act, relation, penalty, intervention victim and citation at A,
 * then deletes B — all in one transaction, each change written to the
 * records' revision history (so B's last content stays in its "delete"
 * revision and every re-pointed record shows who it was about before). */
#ifndef VIGIL_STORE_MERGE_H
#define VIGIL_STORE_MERGE_H

#include <jansson.h>

#include "core/err.h"
#include "store/records.h"
#include "store/store.h"

/* Merges person from into person into. VG_EINVAL when both are one;
 * VG_ENOTFOUND (err->where names the id) when either does not exist.
 * On success *moved (if not NULL) receives a JSON object the caller owns:
 * {"into", "from", "names": [added names], "fields": [filled fields],
 *  "repointed": [{"type", "id", "field"}]}. On failure nothing changed. */
vg_status person_merge(store *db, const struct actor *who, const char *into,
		       const char *from, json_t **moved, struct vg_error *err);

/* Undoes person_merge(into, from) from the revision history: re-creates
 * from (same id and uuid) with its content as it was deleted, takes the
 * names and fields the merge gave into back out of it, and points back
 * at from every record (through a plain reference or a citation) whose
 * revisions show the merge moved it. Intervention victim lists are not
 * restored. VG_EEXIST if from exists; VG_ENOTFOUND if no merge of from
 * into into is in the history. One transaction: on failure nothing
 * changed. */
vg_status person_unmerge(store *db, const struct actor *who, const char *into,
			 const char *from, struct vg_error *err);

#endif
