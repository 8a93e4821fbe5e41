/* audit.h — the tamper-evident audit log.
 *
 * Each entry holds seq, at, actor, action, record type, record id, the
 * SHA-256 of the revision it records, the previous entry's hash, and its
 * own hash: SHA-256 over all of these. Editing, deleting or reordering an
 * entry breaks the chain and audit_verify names the first entry affected.
 * Removing the newest entries leaves a valid shorter chain: only a
 * checkpoint kept elsewhere can reveal that. */
#ifndef VIGIL_STORE_AUDIT_H
#define VIGIL_STORE_AUDIT_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "store/records.h"
#include "store/store.h"

#define AUDIT_HASH_HEX 65 /* 64 hex digits and a NUL */

struct audit_entry {
	int64_t seq;
	const char *at;          /* "2026-11-29T12:00:00Z" */
	const char *actor;       /* username */
	const char *action;      /* "create", "update", "delete", "login", ... */
	const char *record_type; /* "" when not about a record */
	const char *record_id;   /* "" when not about a record */
	const char *revision_sha256; /* hex; "" when there is no revision */
	int64_t revision_id;     /* the revision row, 0 when there is none */
};

/* Appends an entry (seq, at, prev_hash and hash are filled in; e->seq and
 * e->at are ignored). Runs inside the caller's transaction if one is open.
 * *seq_out (may be NULL) receives the new seq. */
vg_status audit_append(store *db, const struct audit_entry *e,
		       int64_t *seq_out, struct vg_error *err);

/* The hash of one entry as hex, from its parts and the previous hash. */
void audit_entry_hash(const struct audit_entry *e, const char *prev_hash,
		      char out[AUDIT_HASH_HEX]);

/* SHA-256 of a string as hex. */
void audit_sha256_hex(const char *s, char out[AUDIT_HASH_HEX]);

/* The SHA-256 an audit entry records for a revision row: over its type,
 * id, time, actor, action and the before and after JSON texts exactly as
 * stored (NULL for none). */
void audit_revision_sha256(const char *record_type, const char *record_id,
			   const char *at, const char *actor,
			   const char *action, const char *before_json,
			   const char *after_json, char out[AUDIT_HASH_HEX]);

struct audit_report {
	int64_t entries;   /* how many entries were checked */
	int64_t bad_seq;   /* the first broken entry, 0 if the chain holds */
	char why[256];     /* "edited: its content no longer matches its hash" */
	char head[AUDIT_HASH_HEX]; /* hash of the last entry ("" if empty) */
	int64_t head_seq;
};

/* Walks the whole chain from the first entry (or from after a checkpoint
 * entry given as from_seq/from_hash; 0 and NULL for the start). Returns
 * VG_OK when it could be read, with r->bad_seq 0 if the chain holds and
 * otherwise the first broken entry and why: "edited", "deleted" (a gap),
 * "reordered", or a revision whose content no longer matches. */
vg_status audit_verify(store *db, int64_t from_seq, const char *from_hash,
		       struct audit_report *r, struct vg_error *err);

/* A page of entries, newest first: [{"seq", "at", "actor", "action",
 * "record_type", "record_id"}], and *total (may be NULL) the number of
 * entries. VG_EDENIED unless who may administer (access.h). */
vg_status audit_list(store *db, const struct actor *who, size_t offset,
		     size_t limit, json_t **rows, size_t *total,
		     struct vg_error *err);

#endif
