/* records.h — create, read, update, delete and list records of any type.
 *
 * Every write runs in a transaction (nested inside the caller's, if one is
 * open), validates through model_validate, writes a revision (the whole
 * record before and after, who, when) and appends an audit entry whose
 * hash chains to the previous one. Records are JSON objects as described in
 * model/model.h; ids are public ids ("V-000001") or uuids. */
#ifndef VIGIL_STORE_RECORDS_H
#define VIGIL_STORE_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "model/model.h"
#include "store/store.h"

/* Who makes a change; recorded in revisions and the audit log. */
struct actor {
	int64_t user_id;      /* 0 for the command line or the system */
	const char *username; /* "cli", "system", or the account name */
	enum role role;
};

/* Creates a record; *out (if not NULL) receives the stored record with its
 * id and uuid (caller owns it). A contributor's record is created with
 * "pending": true and waits for review. An "id" or "uuid" given in rec is
 * kept (import); one already taken is refused with VG_EEXIST. Every write
 * checks access_allows(who->role, ...) first: VG_EDENIED if refused. */
vg_status records_create(store *db, const struct actor *who,
			 const char *type, const json_t *rec, json_t **out,
			 struct vg_error *err);

/* Reads one record, child lists included. VG_ENOTFOUND if there is none.
 * No redaction: callers pass the result through access_redact. */
vg_status records_get(store *db, const char *type, const char *id,
		      json_t **out, struct vg_error *err);

/* Applies the keys present in changes (null clears a field; a child list
 * given replaces the whole list). */
vg_status records_update(store *db, const struct actor *who,
			 const char *type, const char *id,
			 const json_t *changes, json_t **out,
			 struct vg_error *err);

/* Deletes a record (its revision keeps the last content). VG_EINVAL if
 * other records still refer to it, naming them. */
vg_status records_delete(store *db, const struct actor *who,
			 const char *type, const char *id,
			 struct vg_error *err);

/* Filters: each key is a stored field of the type (not a list, not an
 * encrypted field) or "id", "level", "pending"; a value is matched exactly,
 * a list of up to 32 strings matches any of them, null matches an empty
 * field, true/false and integers match bool and int fields. A date field
 * takes a range "2019..2021", "2019..", "..July 2021" or one date, and
 * matches records whose date may fall in it. Text is words, each matched
 * as a word prefix in the full-text index; all must match, and only in
 * fields at or below the most confidential level the "level" filter
 * admits (access_restrict_filter sets it for a role), so that a search
 * never reveals a word of a field the caller may not see; for the same
 * reason a filter or order on a field above that level is refused. An
 * unknown or refused filter or order key is VG_EINVAL naming it. */
struct records_query {
	const char *text;     /* full-text words, or NULL */
	const json_t *filter; /* {"field": "value" | ["v1","v2"]}, or NULL */
	const char *order;    /* a field name, "-field" for descending */
	size_t offset;
	size_t limit;         /* 0: a default of 50; capped at 1000 */
};

/* A page of records matching q, and the total count of matches.
 * *items is a JSON array the caller owns. total may be NULL: then the
 * count, which visits every match, is not made. The count and the page
 * are read in one snapshot. */
vg_status records_list(store *db, const char *type,
		       const struct records_query *q, json_t **items,
		       size_t *total, struct vg_error *err);

/* A token that changes whenever what this connection reads may have
 * changed: another connection committed (SQLite's data_version), or this
 * one wrote a row (total_changes). Written into out as text ("12.345").
 * A cache of what one connection read stays right while the token is
 * unchanged. VG_EIO if it cannot be read. */
vg_status records_read_version(store *db, char *out, size_t size,
			       struct vg_error *err);

/* The revisions of one record, oldest first: [{"at", "by", "action",
 * "before", "after"}] (before is null for a create, after for a delete).
 * Works for a deleted record too, by its public id. Encrypted fields are
 * decrypted, nothing is redacted: pass before and after through
 * access_redact. VG_ENOTFOUND if the record never existed. */
vg_status records_history(store *db, const char *type, const char *id,
			  json_t **out, struct vg_error *err);

/* Registers fn to be called after each successful write (create, update,
 * delete), once the outermost transaction commits — the caller's, when
 * the write ran inside one; a write that is rolled back is never told.
 * after is the stored record, NULL for a delete; it is borrowed for the
 * call only. One listener per ctx; calling
 * again with the same fn and ctx does nothing. At most 8 listeners. */
void records_on_change(void (*fn)(void *ctx, const char *type,
				  const char *id, const json_t *after),
		       void *ctx);

#endif
