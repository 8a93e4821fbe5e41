/* records_int.h — what the records_*.c files share; not a public API. */
#ifndef VIGIL_STORE_RECORDS_INT_H
#define VIGIL_STORE_RECORDS_INT_H

#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/model.h"
#include "store/records.h"
#include "store/store.h"

#define REC_ID_MAX 64
#define REC_SQL_MAX (64u << 10)

/* Which fields have columns: writes skip read-only ones (vigil sets them
 * itself), reads include them. */
enum rec_cols { REC_COLS_WRITE, REC_COLS_READ };

/* records_util.c */
void rec_now(char out[32]);
void rec_today(char out[11]);
vg_status rec_top_type(const char *name, const struct record_type **t,
		       struct vg_error *err);
const struct record_type *rec_parent_of(const struct record_type *child);
int rec_stored(const struct field_def *f, enum rec_cols which);
vg_status rec_lookup(store *db, const struct record_type *t,
		     const char *id_or_uuid, int64_t *pk, char id[REC_ID_MAX],
		     struct vg_error *err);
vg_status rec_assign_id(store *db, const struct record_type *t,
			const char *given, char id[REC_ID_MAX],
			struct vg_error *err);
vg_status rec_assign_uuid(store *db, const struct record_type *t,
			  const char *given, char uuid[37],
			  struct vg_error *err);
/* Replaces each reference (id or uuid) by the public id it names. A
 * reference to a record who may not see is refused as one to a record
 * that does not exist, unless kept is an object holding "type:id" (a
 * reference the record already had). who NULL: no visibility check. */
vg_status rec_resolve_refs(store *db, const struct actor *who,
			   const json_t *kept, const struct record_type *t,
			   json_t *rec, const char *prefix,
			   struct vg_error *err);
/* The "type:id" of every reference in rec (child rows included), as an
 * object for rec_resolve_refs's kept. */
json_t *rec_refs_of(const struct record_type *t, const json_t *rec);
vg_status rec_decrypt(store *db, const struct record_type *t, json_t *rec,
		      struct vg_error *err);
vg_status rec_check_place_tree(store *db, const struct record_type *t,
			       const json_t *rec, struct vg_error *err);
vg_status rec_step_done(store *db, store_stmt *st, const char *where,
			struct vg_error *err);

/* records_access.c */
/* The most confidential level who may see. */
enum level rec_top_level(const struct actor *who);
/* rec_lookup for a record who may see: VG_ENOTFOUND, with the message of
 * a record that does not exist, when who may not. */
vg_status rec_lookup_visible(store *db, const struct actor *who,
			     const struct record_type *t, const char *ref,
			     int64_t *pk, char id[REC_ID_MAX],
			     struct vg_error *err);
/* *seen: whether who may see the record. A read that fails is an error
 * (err filled, nothing cached), not a record that is hidden: a filter
 * narrowed by it would match nothing, a change skipped as if to a hidden
 * reference would be lost, and the call would still succeed. */
vg_status rec_visibility(store *db, const struct actor *who,
			 const char *type, const char *id, json_t *cache,
			 int *seen, struct vg_error *err);
/* records_visible for the files of this module (a failed read: 0). */
int rec_visible(store *db, const struct actor *who, const char *type,
		const char *id, json_t *cache);
/* The record type whose public ids start like id ("V-..."), or NULL. */
const struct record_type *rec_type_of_id(const char *id);
/* rec as who may see it (access_redact, then every reference to a record
 * who may not see left out) into *out, the caller's, or NULL when who may
 * not see rec. A reference whose visibility cannot be read is an error
 * (*out NULL), never a silently missing reference. */
vg_status rec_shape(store *db, const struct actor *who,
		    const struct record_type *t, const json_t *rec,
		    json_t *cache, json_t **out, struct vg_error *err);
/* A copy of filter narrowed for who: levels and pending as
 * access_restrict_filter, and every reference value naming a record who
 * may not see replaced by an id that matches nothing. */
vg_status rec_narrow_filter(store *db, const struct actor *who,
			    const struct record_type *t, const json_t *filter,
			    json_t **out, struct vg_error *err);
/* VG_EDENIED when input sets a level or a field who could not read back. */
vg_status rec_check_settable(const struct actor *who,
			     const struct record_type *t, const json_t *input,
			     struct vg_error *err);

/* records_status.c */
/* 1 when column col of t is derived per level of reader (a person's
 * status), so that readers below secret read it from person_level_status. */
int rec_col_per_level(const struct record_type *t, const char *col);
/* The SQL expression of column col of t (quoted) for a reader whose top
 * level is top, appended to b. */
void rec_col_sql(const struct record_type *t, const char *col, enum level top,
		 struct buf *b);
/* Replaces the derived status in rec (a person row, key pk) by the one
 * derived from the acts a reader of level top may see. */
vg_status rec_status_for(store *db, const struct record_type *t, int64_t pk,
			 enum level top, json_t *rec, struct vg_error *err);

/* records_where.c */
#define REC_MAX_BINDS 64
/* Values bound to a list query, in parameter order. */
struct rec_binds {
	int n;
	const char *text[REC_MAX_BINDS];
	char own[REC_MAX_BINDS][32]; /* space for values we compute */
};
/* The most confidential level a filter's "level" admits (every level
 * when it has none): text and filters apply only to fields up to it. */
enum level rec_text_level(const json_t *filter);
/* " WHERE ..." of q (its filter already narrowed for the reader, whose
 * top level is reader) into w, its full-text query into fts, the values
 * into b. */
vg_status rec_build_where(const struct record_type *t,
			  const struct records_query *q, enum level reader,
			  struct buf *w, struct buf *fts, struct rec_binds *b,
			  struct vg_error *err);
/* A query's WHERE clause for one reader, with what it needs kept alive:
 * what records_list and the grouped figures share. */
struct rec_where {
	const struct record_type *t;
	enum level reader;        /* the reader's top level */
	json_t *filter;           /* the query's filter narrowed for them */
	struct records_query q;   /* the query, with that filter */
	struct buf sql;           /* " WHERE ..." */
	struct buf fts;
	struct rec_binds *binds;  /* the values, $1..$n */
};
/* Resolves type, narrows q's filter for who and builds the clause. w is
 * to be closed with rec_where_close whatever this returns. */
vg_status rec_where_open(store *db, const struct actor *who, const char *type,
			 const struct records_query *q, struct rec_where *w,
			 struct vg_error *err);
void rec_where_close(struct rec_where *w);
/* Binds w's values to st, as $1..$n. */
void rec_where_bind(const struct rec_where *w, store_stmt *st);

/* " ORDER BY ..." of order ("field" or "-field"; NULL: by pk) into sql;
 * fields above top may not be sorted by. */
vg_status rec_order_by(const struct record_type *t, const char *order,
		       enum level top, enum level reader, struct buf *sql,
		       struct vg_error *err);

/* records_sql.c */
void rec_columns(const struct record_type *t, enum rec_cols which,
		 struct buf *b);
vg_status rec_write(store *db, const struct record_type *t,
		    const json_t *rec, int64_t *pk, struct vg_error *err);
vg_status rec_read(store *db, const struct record_type *t, int64_t pk,
		   json_t **out, struct vg_error *err);
vg_status rec_delete_row(store *db, const struct record_type *t, int64_t pk,
			 struct vg_error *err);

/* records_log.c */
vg_status rec_log_change(store *db, const struct actor *who,
			 const struct record_type *t, const char *id,
			 const char *action, const json_t *before,
			 const json_t *after, struct vg_error *err);
vg_status rec_refresh_status(store *db, const char *person_id,
			     struct vg_error *err);
/* VG_EINVAL when other records still refer to t:id, naming those who
 * may see (and "other records" for the rest). */
vg_status rec_check_unreferenced(store *db, const struct actor *who,
				 const struct record_type *t, const char *id,
				 struct vg_error *err);

#endif
