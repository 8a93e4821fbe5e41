/* import.c — a JSON file of records into the store, all or nothing.
 *
 * The file is read into memory (capped) and its records are parsed one at
 * a time (import_scan.c); each is created through records_create inside
 * one transaction, so that validation, references between records of the
 * same file and the audit chain are exactly those of a normal write. The
 * first failure, a syntax error included, rolls everything back. */
#include "io/import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "io/import_int.h"
#include "model/model.h"
#include "model/thesaurus.h"

/* The record types a file may hold, for the error that lists them. */
static void list_types(char *out, size_t size)
{
	const struct record_type *const *t = model_types();
	size_t len = 0;

	out[0] = '\0';
	for (; *t && len < size; t++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					len ? ", " : "", (*t)->name);
}

/* What a file that is not a regular one is, for the message. */
static const char *kind_of(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISDIR(mode))
		return "a directory";
	return "not a regular file";
}

static vg_status refuse_kind(const char *path, mode_t mode,
			     struct vg_error *err)
{
	return vg_fail(err, VG_EINVAL, path, "is %s, not a regular file; "
		       "import reads only regular files (nothing was read)",
		       kind_of(mode));
}

vg_status io_import_check_file(const char *path, struct vg_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return vg_fail(err, errno == ENOENT ? VG_ENOTFOUND :
			       errno == EACCES ? VG_EDENIED : VG_EIO,
			       path, "cannot open: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse_kind(path, st.st_mode, err);
	return VG_OK;
}

/* Opens path for reading only if it is a regular file. O_NONBLOCK keeps
 * the open itself from waiting on a FIFO that took the name after
 * io_import_check_file looked (a FIFO's open waits for a writer). */
static vg_status open_regular(const char *path, FILE **out,
			      struct vg_error *err)
{
	struct stat st;
	int fd, fl;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return vg_fail(err, errno == ENOENT ? VG_ENOTFOUND :
			       errno == EACCES ? VG_EDENIED : VG_EIO,
			       path, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		close(fd);
		return vg_fail(err, VG_EIO, path, "cannot examine: %s",
			       strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return refuse_kind(path, st.st_mode, err);
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ||
	    !(*out = fdopen(fd, "rb"))) {
		close(fd);
		return vg_fail(err, VG_EIO, path, "cannot open: %s",
			       strerror(errno));
	}
	if ((unsigned long long)st.st_size > IO_IMPORT_MAX_BYTES) {
		fclose(*out);
		*out = NULL;
		return vg_fail(err, VG_ETOOBIG, path,
			       "file is %lld bytes; the limit is %zu MiB",
			       (long long)st.st_size,
			       IO_IMPORT_MAX_BYTES / (1024 * 1024));
	}
	return VG_OK;
}

/* Reads the whole file into b, refusing one over the cap before reading
 * it. Only the bytes are held: records are parsed one at a time. */
static vg_status read_file(const char *path, struct buf *b,
			   struct vg_error *err)
{
	char chunk[65536];
	size_t n;
	vg_status s;
	FILE *f;

	s = io_import_check_file(path, err);
	if (s == VG_OK)
		s = open_regular(path, &f, err);
	if (s != VG_OK)
		return s;
	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), f);
		if (n == 0)
			break;
		s = buf_add(b, chunk, n);
		if (s != VG_OK) {
			vg_fail(err, s, path, "the file grew past %zu MiB "
				"while being read",
				IO_IMPORT_MAX_BYTES / (1024 * 1024));
			break;
		}
	}
	if (s == VG_OK && ferror(f))
		s = vg_fail(err, VG_EIO, path, "read error");
	fclose(f);
	return s;
}

/* A copy of rec ready for records_create: without the "record" key, the
 * store's timestamps and the fields vigil computes itself. */
static json_t *input_of(const struct record_type *t, const json_t *rec)
{
	json_t *in = json_copy((json_t *)rec);
	size_t i;

	if (!in)
		return NULL;
	json_object_del(in, "record");
	json_object_del(in, "created_at");
	json_object_del(in, "updated_at");
	for (i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & (FIELD_READONLY | FIELD_DERIVED))
			json_object_del(in, t->fields[i].name);
	return in;
}

/* The record's type, checked against its id's prefix when it has one. */
static vg_status record_type_of(const json_t *rec, const char *id,
				const struct record_type **out,
				struct vg_error *err)
{
	const char *name = json_string_value(json_object_get(rec, "record"));
	const struct record_type *t;
	char allowed[256];
	size_t plen;

	list_types(allowed, sizeof(allowed));
	if (!json_is_object(rec))
		return vg_fail(err, VG_EINVAL, NULL, "expected an object");
	if (!name)
		return vg_fail(err, VG_EINVAL, "field record",
			       "missing the record type; one of: %s", allowed);
	t = model_type(name);
	if (!t || t->child)
		return vg_fail(err, VG_EINVAL, "field record",
			       "unknown record type '%.64s'; one of: %s", name,
			       allowed);
	plen = strlen(t->id_prefix);
	if (id && (strncmp(id, t->id_prefix, plen) || id[plen] != '-'))
		return vg_fail(err, VG_EINVAL, "field id",
			       "id '%.64s' is not a %s id (%s-000001)", id,
			       t->name, t->id_prefix);
	*out = t;
	return VG_OK;
}

/* 1 if where is a field path of t ("type", "names[2].script", "record"). */
static int is_field_path(const struct record_type *t, const char *where)
{
	char head[64];
	size_t n = strcspn(where, "[.");

	if (n == 0 || n >= sizeof(head))
		return 0;
	memcpy(head, where, n);
	head[n] = '\0';
	if (!strcmp(head, "record") || model_is_common_key(head))
		return 1;
	return t && model_field(t, head) != NULL;
}

/* Rewrites e->where as "<file>: record <pos> (<id>): field <field>". What
 * a lower layer put there is kept when it is a field path; when it only
 * repeats the id or the type, it is dropped. */
static void locate(struct vg_error *e, const struct record_type *t,
		   const char *path, size_t pos, const char *id)
{
	char record[160], where[sizeof(e->where)];
	const char *inner = e->where;

	if (id)
		snprintf(record, sizeof(record), "record %zu (%.64s)", pos, id);
	else
		snprintf(record, sizeof(record), "record %zu", pos);
	if (!strncmp(inner, "field ", 6))
		inner += 6;
	if (*inner && is_field_path(t, inner))
		snprintf(where, sizeof(where), "%s: %s: field %s", path,
			 record, inner);
	else if (*inner && (!id || strcmp(inner, id)) &&
		 (!t || strcmp(inner, t->name)))
		snprintf(where, sizeof(where), "%s: %s: %s", path, record,
			 inner);
	else
		snprintf(where, sizeof(where), "%s: %s", path, record);
	memcpy(e->where, where, sizeof(where));
}

/* Creates record number pos (1-based); on failure err names the place. */
static vg_status import_one(store *db, const struct actor *who,
			    const char *path, size_t pos, const json_t *rec,
			    struct vg_error *err)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	const struct record_type *t = NULL;
	struct vg_error e;
	json_t *in = NULL;
	vg_status s;

	vg_error_clear(&e);
	s = record_type_of(rec, id, &t, &e);
	if (s != VG_OK)
		goto out;
	s = import_check_citation(db, rec, &e);
	if (s != VG_OK)
		goto out;
	in = input_of(t, rec);
	if (!in) {
		s = vg_fail(&e, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	s = records_create(db, who, t->name, in, NULL, &e);
out:
	json_decref(in);
	if (s == VG_OK)
		return VG_OK;
	locate(&e, t, path, pos, id);
	*err = e;
	err->code = s;
	return s;
}

struct import_ctx {
	store *db;
	const struct actor *who;
	const char *path;
};

static vg_status import_record(void *ctx, size_t pos, const json_t *rec,
			       struct vg_error *err)
{
	const struct import_ctx *c = ctx;

	return import_one(c->db, c->who, c->path, pos, rec, err);
}

vg_status io_import_file_counted(store *db, const struct actor *who,
				 const char *path, int dry_run,
				 size_t *imported, struct vg_error *err)
{
	struct import_ctx ctx = { db, who, path };
	struct buf text;
	size_t count = 0;
	store_rc rc;
	vg_status s;

	if (imported)
		*imported = 0;
	buf_init(&text, IO_IMPORT_MAX_BYTES);
	s = thesaurus_load(err);
	if (s == VG_OK)
		s = read_file(path, &text, err);
	if (s != VG_OK)
		goto out;
	rc = store_begin(db);
	if (rc != STORE_OK) {
		s = store_fail(db, rc, err, path);
		goto out;
	}
	s = import_scan(path, buf_str(&text), text.len, import_record, &ctx,
			&count, err);
	if (s != VG_OK || dry_run) {
		store_rollback(db);
		goto out;
	}
	rc = store_commit(db);
	if (rc != STORE_OK) {
		s = store_fail(db, rc, err, path);
		store_rollback(db);
	}
out:
	buf_free(&text);
	if (s == VG_OK && imported)
		*imported = count;
	return s;
}

vg_status io_import_file(store *db, const struct actor *who,
			 const char *path, int dry_run, struct vg_error *err)
{
	return io_import_file_counted(db, who, path, dry_run, NULL, err);
}
