/* records_util.c — ids, uuids, references and decryption for records. */
#include "store/records_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/crypt.h"

void rec_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void rec_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

vg_status rec_top_type(const char *name, const struct record_type **t,
		       struct vg_error *err)
{
	*t = model_type(name);
	if (!*t || (*t)->child)
		return vg_fail(err, VG_EINVAL, name ? name : "(none)",
			       "unknown record type");
	return VG_OK;
}

const struct record_type *rec_parent_of(const struct record_type *child)
{
	const struct record_type *const *types = model_types();
	size_t i, j;

	for (i = 0; types[i]; i++)
		for (j = 0; j < types[i]->nfields; j++)
			if (types[i]->fields[j].kind == FIELD_LIST &&
			    !strcmp(types[i]->fields[j].vocab, child->name))
				return types[i];
	return NULL;
}

int rec_stored(const struct field_def *f, enum rec_cols which)
{
	if (f->kind == FIELD_LIST || (f->flags & FIELD_DERIVED))
		return 0;
	if (which == REC_COLS_WRITE && (f->flags & FIELD_READONLY))
		return 0;
	return 1;
}

vg_status rec_step_done(store *db, store_stmt *st, const char *where,
			struct vg_error *err)
{
	store_rc rc = store_step(st);

	if (rc == STORE_DONE || rc == STORE_ROW)
		return VG_OK;
	return store_fail(db, rc, err, where);
}

vg_status rec_lookup(store *db, const struct record_type *t,
		     const char *id_or_uuid, int64_t *pk, char id[REC_ID_MAX],
		     struct vg_error *err)
{
	char sql[256];
	store_stmt *st;
	store_rc rc;

	snprintf(sql, sizeof(sql), "SELECT pk, id FROM \"%s\" "
		 "WHERE id = $1 OR uuid = $1", t->table);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_text(st, 1, id_or_uuid);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		*pk = store_column_int(st, 0);
		if (id)
			snprintf(id, REC_ID_MAX, "%s", store_column_text(st, 1));
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return vg_fail(err, VG_ENOTFOUND, id_or_uuid, "no %s with this id",
			       t->name);
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, t->table);
	return VG_OK;
}

/* *taken: whether a record of t has value in col. A failed read is an
 * error, not "taken": the caller would otherwise go on to try the next
 * number, and the next, for as long as the database keeps failing. */
static vg_status id_taken(store *db, const struct record_type *t,
			  const char *col, const char *value, int *taken,
			  struct vg_error *err)
{
	char sql[256];
	store_stmt *st;
	store_rc rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM \"%s\" WHERE %s = $1",
		 t->table, col);
	rc = store_prepare(db, sql, &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, t->table);
	store_bind_text(st, 1, value);
	rc = store_step(st);
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, t->table);
	*taken = rc == STORE_ROW;
	return VG_OK;
}

/* "V-000123" of type V -> 123; -1 for anything else. */
static long long id_number(const struct record_type *t, const char *id)
{
	size_t plen = strlen(t->id_prefix);
	long long n;
	char *end;

	if (strncmp(id, t->id_prefix, plen) != 0 || id[plen] != '-' ||
	    id[plen + 1] < '0' || id[plen + 1] > '9' ||
	    strlen(id + plen + 1) > 12)
		return -1;
	errno = 0;
	n = strtoll(id + plen + 1, &end, 10);
	if (errno || *end || n <= 0)
		return -1;
	return n;
}

static vg_status bump_seq(store *db, const struct record_type *t,
			  long long n, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;
	vg_status s;

	rc = store_prepare(db,
			   "INSERT INTO id_seq (prefix, last) VALUES ($1, $2)"
			   " ON CONFLICT (prefix) DO UPDATE SET last ="
			   " CASE WHEN excluded.last > id_seq.last"
			   " THEN excluded.last ELSE id_seq.last END", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "id_seq");
	store_bind_text(st, 1, t->id_prefix);
	store_bind_int(st, 2, n);
	s = rec_step_done(db, st, "id_seq", err);
	store_finalize(st);
	return s;
}

/* The last number given out for t (0 before the first). */
static vg_status last_seq(store *db, const struct record_type *t,
			  long long *last, struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	*last = 0;
	rc = store_prepare(db, "SELECT last FROM id_seq WHERE prefix = $1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "id_seq");
	store_bind_text(st, 1, t->id_prefix);
	rc = store_step(st);
	if (rc == STORE_ROW)
		*last = store_column_int(st, 0);
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, "id_seq");
	return VG_OK;
}

vg_status rec_assign_id(store *db, const struct record_type *t,
			const char *given, char id[REC_ID_MAX],
			struct vg_error *err)
{
	long long n;
	vg_status s;
	int taken = 0;

	if (given) {
		n = id_number(t, given);
		if (n < 0)
			return vg_fail(err, VG_EINVAL, "id",
				       "'%s' is not a %s id (%s-000001)", given,
				       t->name, t->id_prefix);
		s = id_taken(db, t, "id", given, &taken, err);
		if (s != VG_OK)
			return s;
		if (taken)
			return vg_fail(err, VG_EEXIST, given,
				       "this id is already taken");
		snprintf(id, REC_ID_MAX, "%s", given);
		return bump_seq(db, t, n, err);
	}
	/* Never reuse the number of a deleted record: its revisions keep it. */
	s = last_seq(db, t, &n, err);
	do {
		n++;
		snprintf(id, REC_ID_MAX, "%s-%06lld", t->id_prefix, n);
		if (s == VG_OK)
			s = id_taken(db, t, "id", id, &taken, err);
	} while (s == VG_OK && taken && n < 999999999999LL);
	if (s != VG_OK)
		return s;
	return bump_seq(db, t, n, err);
}

static int uuid_valid(const char *s)
{
	size_t i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdef", s[i])) {
			return 0;
		}
	}
	return 1;
}

vg_status rec_assign_uuid(store *db, const struct record_type *t,
			  const char *given, char uuid[37],
			  struct vg_error *err)
{
	unsigned char r[16];

	if (given) {
		if (!uuid_valid(given))
			return vg_fail(err, VG_EINVAL, "uuid",
				       "expected a lower-case uuid");
		vg_status s;
		int taken = 0;

		s = id_taken(db, t, "uuid", given, &taken, err);
		if (s != VG_OK)
			return s;
		if (taken)
			return vg_fail(err, VG_EEXIST, given,
				       "this uuid is already taken");
		snprintf(uuid, 37, "%s", given);
		return VG_OK;
	}
	randombytes_buf(r, sizeof(r));
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40); /* version 4 */
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(uuid, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
		 r[10], r[11], r[12], r[13], r[14], r[15]);
	return VG_OK;
}

/* How rec_resolve_refs checks references: for whom, and which ones the
 * record already had (kept, "type:id" -> true; NULL for none). */
struct ref_check {
	const struct actor *who;
	const json_t *kept;
};

/* Replaces a reference (id or uuid) by the public id it names. */
static vg_status resolve_one(store *db, const struct ref_check *rc,
			     const char *type, json_t *rec, const char *key,
			     const char *where, struct vg_error *err)
{
	const struct record_type *target = model_type(type);
	const char *value = json_string_value(json_object_get(rec, key));
	char id[REC_ID_MAX], kept_key[160];
	int64_t pk;
	vg_status s;

	if (!value)
		return VG_OK;
	if (!target || target->child)
		return vg_fail(err, VG_EINVAL, where, "unknown record type");
	snprintf(kept_key, sizeof(kept_key), "%s:%s", type, value);
	/* A reference the record already had stays, seen or not; a new one
	 * must name a record its writer may see, and one they may not is
	 * answered as one that does not exist. */
	if (!rc->who || json_object_get(rc->kept, kept_key))
		s = rec_lookup(db, target, value, &pk, id, err);
	else
		s = rec_lookup_visible(db, rc->who, target, value, &pk, id, err);
	if (s == VG_ENOTFOUND)
		return vg_fail(err, VG_EINVAL, where, "no %s '%s'", type, value);
	if (s != VG_OK)
		return s;
	json_object_set_new(rec, key, json_string(id));
	return VG_OK;
}

static vg_status resolve_in(store *db, const struct ref_check *rc,
			    const struct record_type *t, json_t *rec,
			    const char *prefix, struct vg_error *err)
{
	char where[256], sub[256];
	json_t *rows, *row;
	size_t i, j;
	vg_status s;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		snprintf(where, sizeof(where), "%s%s", prefix, f->name);
		if (f->kind == FIELD_REF) {
			s = resolve_one(db, rc, f->vocab, rec, f->name, where,
					err);
			if (s != VG_OK)
				return s;
		}
		rows = json_object_get(rec, f->name);
		if (f->kind != FIELD_LIST || !json_is_array(rows))
			continue;
		json_array_foreach(rows, j, row) {
			snprintf(sub, sizeof(sub), "%s[%zu].", where, j);
			s = resolve_in(db, rc, model_type(f->vocab), row, sub,
				       err);
			if (s != VG_OK)
				return s;
		}
	}
	if (!strcmp(t->name, "citation")) {
		const char *rt = json_string_value(json_object_get(rec,
								   "record_type"));

		snprintf(where, sizeof(where), "%srecord_id", prefix);
		if (rt)
			return resolve_one(db, rc, rt, rec, "record_id", where,
					   err);
	}
	return VG_OK;
}

vg_status rec_resolve_refs(store *db, const struct actor *who,
			   const json_t *kept, const struct record_type *t,
			   json_t *rec, const char *prefix,
			   struct vg_error *err)
{
	const struct ref_check rc = { who, kept };

	return resolve_in(db, &rc, t, rec, prefix, err);
}

static void refs_into(const struct record_type *t, const json_t *rec,
		      json_t *out)
{
	char key[160];
	json_t *rows, *row;
	size_t i, j;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		const char *v = json_string_value(json_object_get(rec, f->name));

		if (f->kind == FIELD_REF && v) {
			snprintf(key, sizeof(key), "%s:%s", f->vocab, v);
			json_object_set_new(out, key, json_true());
		}
		rows = json_object_get(rec, f->name);
		if (f->kind != FIELD_LIST || !json_is_array(rows))
			continue;
		json_array_foreach(rows, j, row)
			refs_into(model_type(f->vocab), row, out);
	}
	if (!strcmp(t->name, "citation") &&
	    json_string_value(json_object_get(rec, "record_type")) &&
	    json_string_value(json_object_get(rec, "record_id"))) {
		snprintf(key, sizeof(key), "%s:%s",
			 json_string_value(json_object_get(rec, "record_type")),
			 json_string_value(json_object_get(rec, "record_id")));
		json_object_set_new(out, key, json_true());
	}
}

json_t *rec_refs_of(const struct record_type *t, const json_t *rec)
{
	json_t *out = json_object();

	if (out && rec)
		refs_into(t, rec, out);
	return out;
}

vg_status rec_decrypt(store *db, const struct record_type *t, json_t *rec,
		      struct vg_error *err)
{
	const unsigned char *key = store_field_key(db);
	json_t *rows, *row;
	char *plain;
	size_t i, j;
	vg_status s;

	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		const char *sealed = json_string_value(json_object_get(rec,
								       f->name));

		rows = json_object_get(rec, f->name);
		if (f->kind == FIELD_LIST && json_is_array(rows)) {
			json_array_foreach(rows, j, row) {
				s = rec_decrypt(db, model_type(f->vocab), row,
						err);
				if (s != VG_OK)
					return s;
			}
			continue;
		}
		if (!(f->flags & FIELD_ENCRYPTED) || !sealed)
			continue;
		if (!key)
			return vg_fail(err, VG_EDENIED, f->name,
				       "field is encrypted and the key file "
				       "(database path + \".key\") is missing");
		s = crypt_open(key, sealed, &plain, err);
		if (s != VG_OK) {
			vg_error_prefix(err, "%s: ", f->name);
			return s;
		}
		json_object_set_new(rec, f->name, json_string(plain));
		sodium_memzero(plain, strlen(plain));
		free(plain);
	}
	return VG_OK;
}

vg_status rec_check_place_tree(store *db, const struct record_type *t,
			       const json_t *rec, struct vg_error *err)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *parent = json_string_value(json_object_get(rec, "parent"));
	char at[REC_ID_MAX];
	store_stmt *st;
	store_rc rc;
	int depth;

	if (strcmp(t->name, "place") != 0 || !id || !parent)
		return VG_OK;
	snprintf(at, sizeof(at), "%s", parent);
	rc = store_prepare(db, "SELECT parent FROM place WHERE id = $1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "place");
	/* Places nest a handful of levels deep; 64 is far past any tree. */
	for (depth = 0; depth < 64; depth++) {
		if (!strcmp(at, id)) {
			store_finalize(st);
			return vg_fail(err, VG_EINVAL, "parent",
				       "%s would become part of itself", id);
		}
		store_reset(st);
		store_bind_text(st, 1, at);
		rc = store_step(st);
		if (rc != STORE_ROW || store_column_is_null(st, 0))
			break;
		snprintf(at, sizeof(at), "%s", store_column_text(st, 0));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, "place");
	return VG_OK;
}
