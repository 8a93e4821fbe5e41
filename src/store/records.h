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

/* Who reads or makes a change. Every read and write of this module takes
 * one and is narrowed by it: the role decides what may be done
 * (access_allows) and the levels that may be seen (access_sees_level); a
 * record the actor may not see answers exactly as one that does not
 * exist, and what is read is redacted for the actor, references to hidden
 * records and values derived from hidden records included. Writes are
 * recorded in revisions and the audit log under username. */
struct actor {
	int64_t user_id;      /* 0 for the command line or the system */
	const char *username; /* "cli", "system", or the account name */
	enum role role;
};

/* The casebook's own work (merging, accepting a review, an owner's
 * command-line export): sees and may do everything. Modules that act for
 * a person check that person's rights first and then, where they must
 * see every row (a merge moves hidden acts too), read as the system. */
extern const struct actor records_system;

/* Creates a record; *out (if not NULL) receives the stored record with its
 * id and uuid, as who may see it (caller owns it). A contributor's record
 * is created with "pending": true and waits for review. An "id" or "uuid"
 * given in rec is kept (import); one already taken is refused with
 * VG_EEXIST. Every write checks access_allows(who->role, ...) first:
 * VG_EDENIED if refused. Nobody may set a level or a field they could not
 * read back (VG_EDENIED naming it), and a reference to a record who may
 * not see is refused as one to a record that does not exist. */
vg_status records_create(store *db, const struct actor *who,
			 const char *type, const json_t *rec, json_t **out,
			 struct vg_error *err);

/* The rule every write applies first: VG_EDENIED, naming it, when input
 * sets a level or a field who could not read back. For front doors that
 * complete a request with stored values before writing (a replacing PUT),
 * so that what the person sent is judged. */
vg_status records_check_settable(const struct actor *who, const char *type,
				 const json_t *input, struct vg_error *err);

/* For a front door that replaces a whole record (a PUT): adds to body,
 * where it has no value for them, the references of the stored record
 * that who may not see, so that replacing what who read keeps what who
 * could not read. The ids never leave the server: the answer is redacted
 * again. VG_ENOTFOUND as records_get. */
vg_status records_keep_hidden_refs(store *db, const struct actor *who,
				   const char *type, const char *id,
				   json_t *body, struct vg_error *err);

/* Reads one record, child lists included, redacted for who.
 * VG_ENOTFOUND if there is none or who may not see it (the same message). */
vg_status records_get(store *db, const struct actor *who, const char *type,
		      const char *id, json_t **out, struct vg_error *err);

/* 1 when who may see the record type:id, 0 when not or when there is
 * none. cache, when not NULL, is a JSON object that keeps the answers
 * ("type:id" -> true/false) for the rest of one response. */
int records_visible(store *db, const struct actor *who, const char *type,
		    const char *id, json_t *cache);

/* Applies the keys present in changes (null clears a field; a child list
 * given replaces the whole list). A record who may not see is
 * VG_ENOTFOUND. What who cannot see survives the change: a field above
 * their levels, a reference to a hidden record, a child row that names
 * one. */
vg_status records_update(store *db, const struct actor *who,
			 const char *type, const char *id,
			 const json_t *changes, json_t **out,
			 struct vg_error *err);

/* Deletes a record (its revision keeps the last content). VG_EINVAL if
 * other records still refer to it, naming those who may see. */
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

/* A page of the records who may see matching q, redacted for who, and
 * the total count of those matches. The filter is narrowed to who's
 * levels (access_restrict_filter); a filter by a reference to a record
 * who may not see matches as one to a record that does not exist; a
 * person's status is filtered, sorted and shown as derived from the acts
 * who may see. *items is a JSON array the caller owns. total may be NULL:
 * then the count, which visits every match, is not made. The count and
 * the page are read in one snapshot. */
vg_status records_list(store *db, const struct actor *who, const char *type,
		       const struct records_query *q, json_t **items,
		       size_t *total, struct vg_error *err);

/* What records_tally groups and adds up (records_report.c). */
struct records_tally {
	const char *const *dims; /* stored fields who may see, up to 4 */
	size_t ndims;            /* 0 allowed when year_of is set */
	const char *year_of;     /* a date field: group by its year too */
	const char *sum_of;      /* an integer field to add up, or NULL */
};

/* Grouped figures over the records of type who may see matching filter
 * (narrowed as for records_list): one row per distinct combination, in
 * ascending order, [year?, dim..., count, sum?] — the year (as text, ""
 * when the date is unknown) first when year_of is set, the sum last when
 * sum_of is. A date's year is the first it may fall in ("about 1976"
 * gives 1975, "since 2019" 2019), for an open "before 2019" the year
 * before. A reference to a record who may not see counts as "" (as the
 * reference is cut from what they read): such rows are merged into one
 * row with "", in the place of the first of them. VG_EINVAL naming a
 * field that may not be used. */
vg_status records_tally(store *db, const struct actor *who, const char *type,
			const struct records_tally *spec, const json_t *filter,
			json_t **rows, struct vg_error *err);

/* For each year first_year..last_year (at most 200, within 1800..2200),
 * how many people who may see were in each status at the end of it, as
 * derived from the acts who may see (an act without a date counts as the
 * oldest): [[year, status, count], ...], people with no status left out.
 * For the current year, with no act dated later, it agrees with
 * records_tally of person by status. */
vg_status records_status_by_year(store *db, const struct actor *who,
				 int first_year, int last_year, json_t **rows,
				 struct vg_error *err);

/* The newest changes to records who may see now, newest first, at most
 * limit (up to 100): [{"type", "id", "at", "action"}]. A deleted record
 * is listed only to those who saw its last level. */
vg_status records_latest_changes(store *db, const struct actor *who,
				 size_t limit, json_t **out,
				 struct vg_error *err);

/* A token that changes whenever what this connection reads may have
 * changed: another connection committed (SQLite's data_version), or this
 * one wrote a row (total_changes). Written into out as text ("12.345").
 * A cache of what one connection read stays right while the token is
 * unchanged. VG_EIO if it cannot be read. */
vg_status records_read_version(store *db, char *out, size_t size,
			       struct vg_error *err);

/* The revisions of one record, oldest first: [{"at", "by", "action",
 * "before", "after"}] (before is null for a create, after for a delete),
 * each side redacted for who (a person's derived status left out below
 * secret). Works for a deleted record too, by its public id, for those
 * who may see its last level. VG_ENOTFOUND if the record never existed
 * or who may not see it. */
vg_status records_history(store *db, const struct actor *who,
			  const char *type, const char *id, json_t **out,
			  struct vg_error *err);

#endif
