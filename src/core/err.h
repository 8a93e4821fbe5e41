/* err.h — status codes and the error detail every layer fills in.
 *
 * Every internal function returns a vg_status; results go through
 * out-parameters. Where a caller needs to tell a person what went wrong, the
 * function also fills a struct vg_error: `where` names the place (file, line,
 * record, field) and `msg` says what is wrong, without personal data. */
#ifndef VIGIL_CORE_ERR_H
#define VIGIL_CORE_ERR_H

#include <stddef.h>

typedef enum vg_status {
	VG_OK = 0,
	VG_EINVAL,    /* input does not validate: a user error */
	VG_ENOTFOUND, /* no such record, file or key: a user error */
	VG_EEXIST,    /* would duplicate something unique: a user error */
	VG_EDENIED,   /* the actor may not do this: a user error */
	VG_ETOOBIG,   /* input over a configured limit: a user error */
	VG_ENOMEM,    /* allocation failed */
	VG_EIO,       /* file or database failure */
	VG_EINTERNAL, /* a bug or an impossible state */
	VG_EBUSY,     /* another program holds the casebook: try again later */
	VG_ENOSPC     /* the disk is full: nothing was written */
} vg_status;

struct vg_error {
	vg_status code;
	char where[256]; /* "people.json: record 40 (V-000040): field acts[0].type" */
	char msg[512];   /* "unknown act type 'jailing'; allowed: arrest, ..." */
};

/* Sets code, where (may be NULL) and a printf-style message; returns code so
 * that callers can `return vg_fail(err, VG_EINVAL, where, "...")`.
 * err may be NULL, in which case only the code is returned. */
vg_status vg_fail(struct vg_error *err, vg_status code, const char *where,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prepends a context to err->where ("people.json: " + "record 4"). */
void vg_error_prefix(struct vg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Resets err to VG_OK with empty strings. */
void vg_error_clear(struct vg_error *err);

/* A stable lower-case name for a status: "invalid", "not found", ... */
const char *vg_status_name(vg_status s);

/* Process exit status for a failure: 1 for a user error, 2 for internal. */
int vg_exit_code(vg_status s);

#endif
