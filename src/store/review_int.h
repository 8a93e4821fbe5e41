/* review_int.h — what review.c and review_accept.c share. */
#ifndef VIGIL_STORE_REVIEW_INT_H
#define VIGIL_STORE_REVIEW_INT_H

#include "store/review.h"

/* "2026-11-29T12:00:00Z" */
void review_now(char out[32]);

/* VG_EDENIED unless who may review proposals. */
vg_status review_check_role(const struct actor *who, struct vg_error *err);

/* Marks an open item accepted or rejected, replacing its payload when
 * payload is not NULL. VG_EINVAL when the item is not open. */
vg_status review_decide(store *db, const struct actor *who, int64_t id,
			const char *status, const json_t *payload,
			struct vg_error *err);

#endif
