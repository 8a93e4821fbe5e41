/* model.h — every record type of the casebook, described once as data.
 *
 * Records travel through vigil as JSON objects (jansson): forms, the JSON
 * API, import/export, revisions and ingestion all share that one shape, and
 * the descriptors here say what each field is, how it validates and who may
 * see it. No SQL and no HTTP in this module.
 *
 * The JSON shape of a record (see docs/data-model.md for every type):
 *   { "id": "V-000001",          public id, prefix per type, read-only
 *     "uuid": "…",               read-only, stable across instances
 *     "level": "public",         confidentiality of the whole record
 *     "<field>": value, …        scalar fields; dates as human strings
 *     "names": [ {…}, … ] }      child lists (FIELD_LIST), e.g. person names
 */
#ifndef VIGIL_MODEL_MODEL_H
#define VIGIL_MODEL_MODEL_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

/* Who is asking. Ordered: a higher role may do all a lower one may. */
enum role {
	ROLE_PUBLIC = 0,  /* anonymous reader of the public view */
	ROLE_VIEWER,      /* signed in, reads */
	ROLE_CONTRIBUTOR, /* creates records that wait for an editor */
	ROLE_EDITOR,      /* creates, changes, deletes, reviews */
	ROLE_ADMIN        /* also users, roles and the audit log */
};

/* How confidential a record or field is: the least role that may see it. */
enum level {
	LEVEL_PUBLIC = 0,   /* anyone, the public view included */
	LEVEL_INTERNAL,     /* any signed-in user */
	LEVEL_CONFIDENTIAL, /* editors and admins */
	LEVEL_SECRET        /* admins only */
};

enum field_kind {
	FIELD_TEXT,     /* one line, max_len characters */
	FIELD_LONGTEXT, /* paragraphs */
	FIELD_INT,
	FIELD_BOOL,
	FIELD_DATE,     /* a date with precision, see core/date.h */
	FIELD_TERM,     /* a term of the thesaurus named in vocab */
	FIELD_REF,      /* the public id of a record of the type in vocab */
	FIELD_LIST      /* child rows of the type in vocab (person names) */
};

enum field_flags {
	FIELD_REQUIRED = 1,
	FIELD_ENCRYPTED = 2, /* stored encrypted at rest (witness identities) */
	FIELD_READONLY = 4,  /* set by vigil, never by input (derived status) */
	FIELD_SEARCH = 8,    /* part of the full-text index */
	FIELD_DERIVED = 16   /* computed on read, never stored (vigil days) */
};

struct field_def {
	const char *name;  /* JSON key and column name */
	const char *label; /* for forms and tables: "Date of birth" */
	enum field_kind kind;
	const char *vocab; /* thesaurus (TERM) or record type (REF, LIST) */
	unsigned flags;
	size_t max_len;    /* characters (code points), for text kinds */
	enum level level;  /* the least level that may see this field */
	/* For FIELD_TEXT: the only values allowed, NULL-terminated (a fixed
	 * list the code itself relies on, such as a name's kind); NULL for
	 * free text. */
	const char *const *choices;
};

struct record_type {
	const char *name;      /* "person" */
	const char *label;     /* "Person" */
	const char *plural;    /* "people" */
	const char *table;     /* SQL table */
	const char *id_prefix; /* "V": public ids V-000001 */
	const struct field_def *fields;
	size_t nfields;
	int child;             /* 1 for a child list type (no own pages) */
};

/* The record type called name, or NULL. */
const struct record_type *model_type(const char *name);

/* All top-level record types, NULL-terminated, in display order. */
const struct record_type *const *model_types(void);

/* The child list types (person_name, person_id_doc, place_name,
 * intervention_victim), NULL-terminated. */
const struct record_type *const *model_child_types(void);

/* 1 for the keys every top-level record has besides its fields: id, uuid,
 * level, pending, created_at, updated_at. */
int model_is_common_key(const char *key);

/* The level a record gets when none is given: internal (safe by default). */
#define MODEL_DEFAULT_LEVEL LEVEL_INTERNAL

/* Fills the FIELD_DERIVED fields of a stored record of type t in place
 * (a campaign's day count, an act's date_type). today is "YYYY-MM-DD". */
void model_derive(const struct record_type *t, json_t *rec, const char *today);

/* 1 if s is an 18-character PRC resident identity number whose last
 * character is the right ISO 7064 MOD 11-2 check digit. */
int model_prc_id_valid(const char *s);

/* 1 if s is a 12-digit Kazakhstan individual identification number (IIN)
 * whose last digit is the right check digit (weights 1..11, and 3..11,1,2
 * when the first pass gives 10). */
int model_kz_iin_valid(const char *s);

/* The field called name in t, or NULL. */
const struct field_def *model_field(const struct record_type *t,
				    const char *name);

const char *model_role_name(enum role r);
int model_role_parse(const char *s, enum role *out);   /* 0 or -1 */
const char *model_level_name(enum level l);
int model_level_parse(const char *s, enum level *out); /* 0 or -1 */

/* Checks rec against t: unknown keys, required fields, kinds, lengths,
 * dates, thesaurus terms (through thesaurus.h) and child lists. With
 * partial set (an update), missing required fields are allowed. On
 * failure err->where names the field ("acts[0].type", "names[2].script")
 * and err->msg what is wrong, listing the allowed terms for a term field. */
vg_status model_validate(const struct record_type *t, const json_t *rec,
			 int partial, struct vg_error *err);

#endif
