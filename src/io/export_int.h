/* export_int.h — what crosses the files of the export: the set of records
 * already written, and the pruning of references to records that were
 * not (because the role may not see them). */
#ifndef VIGIL_IO_EXPORT_INT_H
#define VIGIL_IO_EXPORT_INT_H

#include <jansson.h>

#include "core/err.h"
#include "model/model.h"

struct export_seen;

/* An empty set; NULL on ENOMEM. */
struct export_seen *export_seen_new(void);
void export_seen_free(struct export_seen *seen);

/* Records that the record id of type type was written. Ids of one type
 * must be added in ascending order (the order export writes them). */
vg_status export_seen_add(struct export_seen *seen, const char *type,
			  const char *id);

/* 1 if the record id of type type was written. */
int export_seen_has(const struct export_seen *seen, const char *type,
		    const char *id);

/* Makes rec, a redacted record of type t, point only at records already
 * written: an optional reference to one that was not is removed, a child
 * row whose required reference is missing is removed. Returns 0 when the
 * record itself must be left out: a required reference (an act's victim,
 * a citation's source or cited record) points at a record not written. */
int export_prune_refs(const struct export_seen *seen,
		      const struct record_type *t, json_t *rec);

#endif
