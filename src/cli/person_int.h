/* person_int.h — what cli/person.c and cli/person_show.c share. */
#ifndef VIGIL_CLI_PERSON_INT_H
#define VIGIL_CLI_PERSON_INT_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "store/store.h"

struct person_args {
	const char *db;
	int format;
	int help;
	const char *json_file; /* --json FILE, "-" for stdin */
	json_t *names;         /* --name values, in order */
	json_t *fields;        /* other field options, by field name */
	const char *id;
	const char *text, *status, *order;
	size_t limit, offset;
};

/* The record (add) or the changes (edit) the options describe; the
 * caller owns *out. VG_EINVAL naming the file and line for bad JSON. */
vg_status person_build(const struct person_args *a, int partial,
		       json_t **out, struct vg_error *err);

/* Prints a created or changed record: its id, or all of it as JSON. */
int person_print_written(const json_t *rec, const char *verb, int format);

int person_show(const char *cmd, store *db, struct person_args *a);
int person_list(const char *cmd, store *db, struct person_args *a);
int person_history(const char *cmd, store *db, struct person_args *a);

#endif
