/* review.h — the review queue: what ingestion proposed, waiting for a
 * person's decision.
 *
 * Queuing an article stores it as a source record (with its full text, the
 * text every span counts into) and one review_item row per proposed person;
 * the row's payload is the person as extract.h proposes it, evidence spans
 * included. Accepting an item turns it into records — a person with names,
 * an act for the status, relations to people already accepted from the
 * same source — each with citation records pointing at the passage
 * (source, start_offset, end_offset in code points, quote). Everything an
 * accept writes happens in one transaction: all of it or none. */
#ifndef VIGIL_STORE_REVIEW_H
#define VIGIL_STORE_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "store/records.h"
#include "store/store.h"

/* What is known of the text being queued. text is required (UTF-8); the
 * others may be NULL. kind is a source_kind term ("article" when NULL). */
struct review_source {
	const char *title;
	const char *kind;
	const char *url;
	const char *publisher;
	const char *language;
	const char *text;
};

/* Creates the source and one open item per person of proposal (the JSON
 * extract_text returns). source_id (size bytes) receives the source's id
 * ("S-000001"); *nitems (may be NULL) how many items were queued.
 * VG_EINVAL when the proposal has no "persons" array; store errors as
 * VG_EIO. Nothing is written on failure. */
vg_status review_queue(store *db, const struct actor *who,
		       const struct review_source *src, const json_t *proposal,
		       char *source_id, size_t size, size_t *nitems,
		       struct vg_error *err);

/* A page of the items who may see (those whose source who may see as it
 * is now) with the given status ("open", "accepted", "rejected", or NULL
 * for all), oldest first: [{"id", "source", "kind", "status", "payload",
 * "decided_by", "decided_at", "created_at"}]. *items is the caller's
 * (json_decref); *total (may be NULL) counts all those matches. */
vg_status review_list(store *db, const struct actor *who, const char *status,
		      size_t offset, size_t limit, json_t **items,
		      size_t *total, struct vg_error *err);

/* One item in the shape above. VG_ENOTFOUND when there is none or who may
 * not see it. */
vg_status review_get(store *db, const struct actor *who, int64_t id,
		     json_t **out, struct vg_error *err);

/* Accepts an open item. edits (may be NULL) replaces facts of the payload
 * before accepting: keys name, role, status, status_since, sentence,
 * occupation, ethnicity; an empty string or null drops the fact. With
 * merge_into (a person id) the names and facts go to that person instead
 * of a new one. person_id (size bytes) receives the person's id.
 * VG_ENOTFOUND for no such item or merge target, VG_EINVAL for an item no
 * longer open or an edit that does not validate (err names the field),
 * VG_EDENIED when who may not review. */
vg_status review_accept(store *db, const struct actor *who, int64_t id,
			const json_t *edits, const char *merge_into,
			char *person_id, size_t size, struct vg_error *err);

/* Rejects an open item; nothing else changes. Errors as review_accept. */
vg_status review_reject(store *db, const struct actor *who, int64_t id,
			struct vg_error *err);

#endif
