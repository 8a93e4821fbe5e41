/* audit.c — appending to and verifying the hash-chained audit log. */
#include "store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

static const char genesis[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void hex_of(const unsigned char *h, char out[AUDIT_HASH_HEX])
{
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, crypto_hash_sha256_BYTES);
}

/* Each part goes in as "<length>:<bytes>" so that no choice of values
 * can make two different entries hash alike. */
static void hash_part(crypto_hash_sha256_state *st, const char *s)
{
	char len[32];

	if (!s)
		s = "";
	snprintf(len, sizeof(len), "%zu:", strlen(s));
	crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
	crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

void audit_sha256_hex(const char *s, char out[AUDIT_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	hex_of(h, out);
}

void audit_revision_sha256(const char *record_type, const char *record_id,
			   const char *at, const char *actor,
			   const char *action, const char *before_json,
			   const char *after_json, char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	hash_part(&st, record_type);
	hash_part(&st, record_id);
	hash_part(&st, at);
	hash_part(&st, actor);
	hash_part(&st, action);
	hash_part(&st, before_json ? before_json : "null");
	hash_part(&st, after_json ? after_json : "null");
	crypto_hash_sha256_final(&st, h);
	hex_of(h, out);
}

void audit_entry_hash(const struct audit_entry *e, const char *prev_hash,
		      char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char seq[32], rev[32];
	int v1 = e->hash_version == 1;

	snprintf(seq, sizeof(seq), "%" PRId64, e->seq);
	snprintf(rev, sizeof(rev), "%" PRId64, e->revision_id);
	crypto_hash_sha256_init(&st);
	/* The tag keeps a version 2 entry from passing for a version 1 one
	 * (or back) by its hash_version column alone. */
	if (!v1)
		hash_part(&st, "vigil-audit-2");
	hash_part(&st, seq);
	hash_part(&st, e->at);
	hash_part(&st, e->actor);
	hash_part(&st, e->action);
	hash_part(&st, e->record_type);
	hash_part(&st, e->record_id);
	if (!v1)
		hash_part(&st, rev);
	hash_part(&st, e->revision_sha256);
	hash_part(&st, prev_hash);
	crypto_hash_sha256_final(&st, h);
	hex_of(h, out);
}

/* The length of a bidirectional control's UTF-8 form at s (U+202A to
 * U+202E, U+2066 to U+2069, U+200E, U+200F), or 0. */
static size_t bidi_control(const unsigned char *s)
{
	if (s[0] != 0xe2)
		return 0;
	if (s[1] == 0x80 && ((s[2] >= 0xaa && s[2] <= 0xae) ||
			     s[2] == 0x8e || s[2] == 0x8f))
		return 3;
	if (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 3;
	return 0;
}

void audit_clean_text(char *s)
{
	unsigned char *in = (unsigned char *)s, *out = in;
	size_t n;

	while (*in) {
		if (*in < 0x20 || *in == 0x7f) {
			*out++ = '?';
			in++;
		} else if (in[0] == 0xc2 && in[1] >= 0x80 && in[1] <= 0x9f) {
			*out++ = '?';
			in += 2;
		} else if ((n = bidi_control(in)) != 0) {
			*out++ = '?';
			in += n;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
}

static vg_status insert_entry(store *db, const struct audit_entry *e,
			      const char *prev, const char *hash,
			      struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	/* Without the column (a schema before 013) the entry is version 1
	 * by the column's default once the migration adds it. */
	rc = store_prepare(db, e->hash_version == 1 ?
			   "INSERT INTO audit_log (seq, at, actor, action,"
			   " record_type, record_id, revision_id,"
			   " revision_sha256, prev_hash, hash)"
			   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)" :
			   "INSERT INTO audit_log (seq, at, actor, action,"
			   " record_type, record_id, revision_id,"
			   " revision_sha256, prev_hash, hash, hash_version)"
			   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
			   " $11)",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	store_bind_int(st, 1, e->seq);
	store_bind_text(st, 2, e->at);
	store_bind_text(st, 3, e->actor);
	store_bind_text(st, 4, e->action);
	store_bind_text(st, 5, e->record_type ? e->record_type : "");
	store_bind_text(st, 6, e->record_id ? e->record_id : "");
	if (e->revision_id)
		store_bind_int(st, 7, e->revision_id);
	else
		store_bind_null(st, 7);
	store_bind_text(st, 8, e->revision_sha256 ? e->revision_sha256 : "");
	store_bind_text(st, 9, prev);
	store_bind_text(st, 10, hash);
	if (e->hash_version != 1)
		store_bind_int(st, 11, e->hash_version);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "audit_log");
	return VG_OK;
}

/* The newest hash rule the database can record: version 1 in one whose
 * schema predates migration 013, which adds the hash_version column (a
 * casebook made with the data files of an older vigil). */
static vg_status hash_version_of(store *db, int *version,
				 struct vg_error *err)
{
	int64_t found = 0;
	store_rc rc = store_query_int(db, "SELECT 1 FROM schema_version"
				      " WHERE version = 13", &found);

	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, "schema_version");
	*version = rc == STORE_ROW ? AUDIT_HASH_VERSION : 1;
	return VG_OK;
}

static vg_status append_locked(store *db, const struct audit_entry *in,
			       int64_t *seq_out, struct vg_error *err)
{
	struct audit_entry e = *in;
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], at[32];
	store_stmt *st;
	store_rc rc;
	time_t now = time(NULL);
	struct tm tm;
	vg_status s;

	snprintf(prev, sizeof(prev), "%s", genesis);
	e.seq = 1;
	rc = store_prepare(db, "SELECT seq, hash FROM audit_log "
			       "ORDER BY seq DESC LIMIT 1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	rc = store_step(st);
	if (rc == STORE_ROW) {
		e.seq = store_column_int(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", store_column_text(st, 1));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, "audit_log");
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	e.at = at;
	if (!e.record_type)
		e.record_type = "";
	if (!e.record_id)
		e.record_id = "";
	if (!e.revision_sha256)
		e.revision_sha256 = "";
	s = hash_version_of(db, &e.hash_version, err);
	if (s != VG_OK)
		return s;
	audit_entry_hash(&e, prev, hash);
	if (seq_out)
		*seq_out = e.seq;
	return insert_entry(db, &e, prev, hash, err);
}

vg_status audit_append(store *db, const struct audit_entry *e,
		       int64_t *seq_out, struct vg_error *err)
{
	store_rc rc = store_begin(db);
	vg_status s;

	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	s = append_locked(db, e, seq_out, err);
	if (s != VG_OK) {
		store_rollback(db);
		return s;
	}
	rc = store_commit(db);
	if (rc != STORE_OK) {
		store_rollback(db);
		return store_fail(db, rc, err, "audit_log");
	}
	return VG_OK;
}
