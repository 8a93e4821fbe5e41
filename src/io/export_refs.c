/* export_refs.c — an export for a role below admin leaves some records
 * out; this keeps what remains from pointing at them. A public export must
 * neither reveal that a hidden person exists (through an act naming their
 * id) nor fail to import because of a dangling reference. */
#include "io/export_int.h"

#include <stdlib.h>
#include <string.h>

#define SEEN_TYPES 32

struct seen_type {
	const char *type; /* the descriptor's name: lives as long as vigil */
	char **ids;       /* ascending, as written */
	size_t n, cap;
};

struct export_seen {
	struct seen_type types[SEEN_TYPES];
	size_t ntypes;
};

struct export_seen *export_seen_new(void)
{
	return calloc(1, sizeof(struct export_seen));
}

void export_seen_free(struct export_seen *seen)
{
	size_t i, j;

	if (!seen)
		return;
	for (i = 0; i < seen->ntypes; i++) {
		for (j = 0; j < seen->types[i].n; j++)
			free(seen->types[i].ids[j]);
		free(seen->types[i].ids);
	}
	free(seen);
}

static struct seen_type *find_type(const struct export_seen *seen,
				   const char *type)
{
	size_t i;

	for (i = 0; i < seen->ntypes; i++)
		if (!strcmp(seen->types[i].type, type))
			return (struct seen_type *)&seen->types[i];
	return NULL;
}

vg_status export_seen_add(struct export_seen *seen, const char *type,
			  const char *id)
{
	const struct record_type *t = model_type(type);
	struct seen_type *st = find_type(seen, type);
	char *copy;

	if (!st) {
		if (!t || seen->ntypes == SEEN_TYPES)
			return VG_EINTERNAL;
		st = &seen->types[seen->ntypes++];
		st->type = t->name;
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		char **grown = realloc(st->ids, cap * sizeof(*grown));

		if (!grown)
			return VG_ENOMEM;
		st->ids = grown;
		st->cap = cap;
	}
	copy = strdup(id);
	if (!copy)
		return VG_ENOMEM;
	st->ids[st->n++] = copy;
	return VG_OK;
}

/* The order ids are written in: by length, then bytes. */
static int id_cmp(const void *key, const void *elem)
{
	const char *x = key, *y = *(const char *const *)elem;
	size_t lx = strlen(x), ly = strlen(y);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

int export_seen_has(const struct export_seen *seen, const char *type,
		    const char *id)
{
	const struct seen_type *st;

	if (!type || !id)
		return 0;
	st = find_type(seen, type);
	return st && bsearch(id, st->ids, st->n, sizeof(*st->ids), id_cmp);
}

/* Checks the references of one object (a record or a child row) against
 * its descriptor; 0 if a required one is missing. */
static int prune_object(const struct export_seen *seen,
			const struct record_type *t, json_t *obj);

static void prune_list(const struct export_seen *seen,
		       const struct field_def *f, json_t *rows)
{
	const struct record_type *ct = model_type(f->vocab);
	size_t i;

	if (!ct || !json_is_array(rows))
		return;
	for (i = json_array_size(rows); i > 0; i--)
		if (!prune_object(seen, ct, json_array_get(rows, i - 1)))
			json_array_remove(rows, i - 1);
}

static int prune_object(const struct export_seen *seen,
			const struct record_type *t, json_t *obj)
{
	size_t i;

	if (!json_is_object(obj))
		return 1;
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		json_t *v = json_object_get(obj, f->name);
		const char *ref = json_string_value(v);

		/* The store leaves out a reference to a record the reader may
		 * not see; without a required one the record cannot stand. */
		if (!v && f->kind == FIELD_REF && (f->flags & FIELD_REQUIRED))
			return 0;
		if (!v)
			continue;
		if (f->kind == FIELD_LIST) {
			prune_list(seen, f, v);
			continue;
		}
		if (f->kind != FIELD_REF || !ref ||
		    export_seen_has(seen, f->vocab, ref))
			continue;
		if (f->flags & FIELD_REQUIRED)
			return 0;
		json_object_del(obj, f->name);
	}
	return 1;
}

int export_prune_refs(const struct export_seen *seen,
		      const struct record_type *t, json_t *rec)
{
	/* A citation names the record it supports by type and id. */
	if (!strcmp(t->name, "citation") &&
	    !export_seen_has(seen,
			     json_string_value(json_object_get(rec,
							       "record_type")),
			     json_string_value(json_object_get(rec,
							       "record_id"))))
		return 0;
	return prune_object(seen, t, rec);
}
