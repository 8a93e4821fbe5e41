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

#endif
