/* audit_verify.c — walks the audit chain and names the first entry that
 * no longer holds: edited, deleted (a gap in seq), reordered (it chains
 * to an entry other than the one before it), or its revision changed or
 * gone. Each entry is checked by the hash rule it was written with. */
#include "store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define COLS "seq, at, actor, action, record_type, record_id, " \
	     "revision_id, revision_sha256, prev_hash, hash, hash_version"

struct row {
	struct audit_entry e;
	const char *prev_hash;
	const char *hash;
};

static void read_row(store_stmt *st, struct row *r)
{
	r->e.seq = store_column_int(st, 0);
	r->e.at = store_column_text(st, 1);
	r->e.actor = store_column_text(st, 2);
	r->e.action = store_column_text(st, 3);
	r->e.record_type = store_column_text(st, 4);
	r->e.record_id = store_column_text(st, 5);
	r->e.revision_id = store_column_is_null(st, 6) ? 0 :
			   store_column_int(st, 6);
	r->e.revision_sha256 = store_column_text(st, 7);
	r->prev_hash = store_column_text(st, 8);
	r->hash = store_column_text(st, 9);
	r->e.hash_version = (int)store_column_int(st, 10);
	if (!r->prev_hash)
		r->prev_hash = "";
	if (!r->hash)
		r->hash = "";
}

/* The seq of another entry whose hash is h, or 0. */
static int64_t entry_with_hash(store *db, const char *h)
{
	store_stmt *st;
	int64_t seq = 0;

	if (store_prepare(db, "SELECT seq FROM audit_log WHERE hash = $1",
			  &st) != STORE_OK)
		return 0;
	store_bind_text(st, 1, h);
	if (store_step(st) == STORE_ROW)
		seq = store_column_int(st, 0);
	store_finalize(st);
	return seq;
}

/* 0 when the revision row still hashes to what the entry recorded;
 * otherwise fills why and returns 1. -1 when it cannot be read: a
 * database that fails to answer is an error, never evidence of tampering. */
static int revision_changed(store *db, const struct audit_entry *e,
			    char *why, size_t size)
{
	store_stmt *st;
	char h[AUDIT_HASH_HEX];
	int bad = 1;
	store_rc rc;

	if (!e->revision_id && e->revision_sha256 && *e->revision_sha256) {
		/* Only a version 1 entry gets here (version 2 hashes the id):
		 * vigil always wrote the id with the revision's hash. */
		snprintf(why, size, "edited: its revision id was removed "
			 "(it records the hash of a revision of %s)",
			 e->record_id);
		return 1;
	}
	if (!e->revision_id)
		return 0;
	if (store_prepare(db, "SELECT record_type, record_id, at, actor,"
			      " action, before_json, after_json"
			      " FROM revision WHERE id = $1", &st) != STORE_OK)
		return -1;
	store_bind_int(st, 1, e->revision_id);
	rc = store_step(st);
	if (rc != STORE_ROW && rc != STORE_DONE) {
		bad = -1;
		goto out;
	}
	if (rc == STORE_DONE) {
		snprintf(why, size, "deleted: revision %" PRId64 " of %s is "
			 "missing", e->revision_id, e->record_id);
		goto out;
	}
	audit_revision_sha256(store_column_text(st, 0),
			      store_column_text(st, 1),
			      store_column_text(st, 2),
			      store_column_text(st, 3),
			      store_column_text(st, 4),
			      store_column_text(st, 5),
			      store_column_text(st, 6), h);
	bad = strcmp(h, e->revision_sha256 ? e->revision_sha256 : "") != 0;
	if (bad)
		snprintf(why, size, "edited: revision %" PRId64 " of %s no "
			 "longer matches the hash this entry recorded",
			 e->revision_id, e->record_id);
out:
	store_finalize(st);
	return bad;
}

/* Why an entry's own hash no longer matches: named more exactly when
 * the revision id of a version 2 entry was taken away. */
static void content_changed(const struct audit_entry *e, char *why,
			    size_t size)
{
	if (e->hash_version != 1 && !e->revision_id && e->revision_sha256 &&
	    *e->revision_sha256)
		snprintf(why, size, "edited: its revision id was removed "
			 "(it records a revision of %s)", e->record_id);
	else
		snprintf(why, size, "edited: its content no longer matches "
			 "its hash");
}

/* Checks one entry against the hash before it; 0 if it holds, -1 when
 * its revision cannot be read. */
static int check_row(store *db, const struct row *r, const char *prev,
		     int64_t *bad_seq, char *why, size_t size)
{
	char h[AUDIT_HASH_HEX];
	int64_t other;

	*bad_seq = r->e.seq;
	audit_entry_hash(&r->e, r->prev_hash, h);
	if (strcmp(r->prev_hash, prev) != 0) {
		other = entry_with_hash(db, r->prev_hash);
		if (other && other != r->e.seq - 1) {
			snprintf(why, size, "reordered: it follows entry %"
				 PRId64 " in the chain, not entry %" PRId64,
				 other, r->e.seq - 1);
			return 1;
		}
		if (strcmp(h, r->hash) != 0) {
			content_changed(&r->e, why, size);
			return 1;
		}
		*bad_seq = r->e.seq - 1;
		snprintf(why, size, "edited: its hash is not the one entry %"
			 PRId64 " recorded after it", r->e.seq);
		return 1;
	}
	if (strcmp(h, r->hash) != 0) {
		content_changed(&r->e, why, size);
		return 1;
	}
	return revision_changed(db, &r->e, why, size);
}

/* 0 when the entry's hash version is one vigil writes and not older than
 * the entry before (versions only ever rise: an old rule after a new one
 * is a rewrite that tries to escape what the new rule covers). */
static int version_wrong(const struct row *r, int *newest, char *why,
			 size_t size)
{
	int v = r->e.hash_version;

	if (v < 1 || v > AUDIT_HASH_VERSION) {
		snprintf(why, size, "edited: hash version %d is not one vigil "
			 "writes", v);
		return 1;
	}
	if (v < *newest) {
		snprintf(why, size, "edited: hash version %d after entries of "
			 "version %d", v, *newest);
		return 1;
	}
	*newest = v;
	return 0;
}

vg_status audit_verify(store *db, int64_t from_seq, const char *from_hash,
		       struct audit_report *r, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;
	struct row row;
	char prev[AUDIT_HASH_HEX];
	int64_t expect = from_seq + 1;
	int newest = 1;
	int bad;

	memset(r, 0, sizeof(*r));
	snprintf(prev, sizeof(prev), "%s", from_hash ? from_hash :
		 "0000000000000000000000000000000000000000000000000000000000000000");
	rc = store_prepare(db, "SELECT " COLS " FROM audit_log WHERE seq > $1"
			       " ORDER BY seq", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	store_bind_int(st, 1, from_seq);
	for (;;) {
		rc = store_step(st);
		if (rc != STORE_ROW)
			break;
		read_row(st, &row);
		r->entries++;
		if (row.e.seq != expect) {
			r->bad_seq = expect;
			snprintf(r->why, sizeof(r->why), "deleted: entry %"
				 PRId64 " is missing (the next is %" PRId64 ")",
				 expect, row.e.seq);
			break;
		}
		r->bad_seq = row.e.seq;
		if (version_wrong(&row, &newest, r->why, sizeof(r->why)))
			break;
		bad = check_row(db, &row, prev, &r->bad_seq, r->why,
				sizeof(r->why));
		if (bad < 0) {
			vg_status s = store_fail(db, STORE_ERROR, err,
						 "audit_log: revision");

			store_finalize(st);
			memset(r, 0, sizeof(*r));
			return s;
		}
		if (bad)
			break;
		r->bad_seq = 0;
		snprintf(prev, sizeof(prev), "%s", row.hash);
		snprintf(r->head, sizeof(r->head), "%s", row.hash);
		r->head_seq = row.e.seq;
		expect++;
	}
	if (rc != STORE_ROW && rc != STORE_DONE) {
		store_fail(db, rc, err, "audit_log");
		store_finalize(st);
		return err ? err->code : VG_EIO;
	}
	store_finalize(st);
	audit_clean_text(r->why);
	return VG_OK;
}
