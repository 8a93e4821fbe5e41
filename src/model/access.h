/* access.h — the one place that decides what a role may see and change.
 *
 * Every page, API response, export and report goes through these functions.
 * Deny by default: anything not granted here is refused. */
#ifndef VIGIL_MODEL_ACCESS_H
#define VIGIL_MODEL_ACCESS_H

#include <jansson.h>

#include "model/model.h"

enum action {
	ACTION_READ,
	ACTION_CREATE,
	ACTION_UPDATE,
	ACTION_DELETE,
	ACTION_REVIEW, /* accept or reject what a contributor or ingestion made */
	ACTION_ADMIN   /* users, roles, audit log */
};

/* May role r do a to records of type t at all? */
int access_allows(enum role r, const struct record_type *t, enum action a);

/* May role r see a record of level l, or a field of level l? */
int access_sees_level(enum role r, enum level l);

/* A copy of rec with every field (and child row) that r may not see
 * removed; NULL when r may not see the record at all. The caller owns the
 * result (json_decref). */
json_t *access_redact(enum role r, const struct record_type *t,
		      const json_t *rec);

/* Narrows a records_list filter (a JSON object, changed in place) to the
 * records r may see: "level" becomes the levels r sees (intersected with
 * any levels already asked for) and, for the public, "pending" false. So
 * that totals and pages count only what r will be shown. Returns 0, or -1
 * if filter is not an object. */
int access_restrict_filter(enum role r, json_t *filter);

#endif
