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
vg_status rec_resolve_refs(store *db, const struct record_type *t,
			   json_t *rec, const char *prefix,
			   struct vg_error *err);
vg_status rec_decrypt(store *db, const struct record_type *t, json_t *rec,
		      struct vg_error *err);
vg_status rec_check_place_tree(store *db, const struct record_type *t,
			       const json_t *rec, struct vg_error *err);
vg_status rec_step_done(store *db, store_stmt *st, const char *where,
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
/* Tells the records_on_change listeners of a write once the outermost
 * transaction commits; nothing if it is rolled back. */
void rec_notify(store *db, const char *type, const char *id,
		const json_t *after);
vg_status rec_refresh_status(store *db, const char *person_id,
			     struct vg_error *err);
vg_status rec_check_unreferenced(store *db, const struct record_type *t,
				 const char *id, struct vg_error *err);

#endif
