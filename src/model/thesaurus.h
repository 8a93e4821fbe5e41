/* thesaurus.h — controlled vocabularies loaded from data/thesauri/<name>.tsv,
 * after the HURIDOCS micro-thesauri where one exists (types of acts, status
 * as victim, intervention types, responses, reliability, date types).
 *
 * Loaded once at start (vigil init records them in the database too), then
 * read-only and safe to share between threads. */
#ifndef VIGIL_MODEL_THESAURUS_H
#define VIGIL_MODEL_THESAURUS_H

#include <stddef.h>

#include "core/err.h"

struct term {
	const char *code;  /* stable key stored in records: "disappearance" */
	const char *label; /* shown to people: "Enforced disappearance" */
	const char *huridocs; /* HURIDOCS micro-thesaurus code, or "" */
	const char *parent;   /* code of the broader term, or "" */
};

/* Loads every thesaurus under <data dir>/thesauri/. Idempotent; VG_EINVAL
 * naming file and line for a malformed row. */
vg_status thesaurus_load(struct vg_error *err);

/* Forgets every loaded thesaurus, so that the next thesaurus_load reads
 * the files again (tests; a reload while no other thread reads). */
void thesaurus_free(void);

/* The terms of the thesaurus called name ("act_type"), or NULL. */
const struct term *thesaurus_terms(const char *name, size_t *n);

/* The term with this code in thesaurus name, or NULL. */
const struct term *thesaurus_find(const char *name, const char *code);

/* Writes "arrest, detention, …" (the allowed codes) into out, truncated to
 * size, for error messages. */
void thesaurus_allowed(const char *name, char *out, size_t size);

#endif
