/* vigil export — the whole database as JSON, redacted for a role. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/export.h"

static void export_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil export json [--as ROLE] [-o FILE] [--db PATH]\n"
		"\n"
		"Writes every record as JSON (the format vigil import json\n"
		"reads), showing only what ROLE may see: public, viewer,\n"
		"contributor, editor or admin (the default: the owner of the\n"
		"database at the command line sees everything).\n"
		"\n"
		"  --as ROLE   redact for this role\n"
		"  -o FILE     write to FILE (created readable by its owner\n"
		"              only, replaced only once complete) instead of\n"
		"              standard output\n");
}

/* A missing folder or a refused permission is the user's to fix. */
static vg_status errno_status(int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return VG_ENOTFOUND;
	if (e == EACCES || e == EPERM || e == EROFS)
		return VG_EDENIED;
	return VG_EIO;
}

/* Exports into a temporary file beside path, then renames it over path:
 * a failed export never leaves a partial file behind. */
static vg_status export_to_file(store *db, enum role as_role,
				const char *path, size_t *n,
				struct vg_error *err)
{
	char tmp[4096];
	FILE *f = NULL;
	int fd;
	vg_status s;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >=
	    (int)sizeof(tmp))
		return vg_fail(err, VG_EINVAL, path, "path too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return vg_fail(err, errno_status(errno), path,
			       "cannot create: %s", strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		s = vg_fail(err, VG_EIO, path, "cannot write: %s",
			    strerror(errno));
		goto out;
	}
	s = io_export_counted(db, as_role, f, n, err);
	if (s == VG_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		s = vg_fail(err, VG_EIO, path, "write failed: %s",
			    strerror(errno));
	if (fclose(f) != 0 && s == VG_OK)
		s = vg_fail(err, VG_EIO, path, "write failed: %s",
			    strerror(errno));
	f = NULL;
	if (s == VG_OK && rename(tmp, path) != 0)
		s = vg_fail(err, VG_EIO, path, "cannot rename into place: %s",
			    strerror(errno));
out:
	if (s != VG_OK)
		unlink(tmp);
	return s;
}

int cli_export(int argc, char **argv)
{
	struct vg_error err = { 0 };
	const char *db_opt = NULL, *format = NULL, *file = NULL;
	enum role as_role = ROLE_ADMIN;
	size_t n = 0;
	store *db;
	int i, rc;
	vg_status s;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			export_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_opt = argv[++i];
		} else if (!strcmp(argv[i], "--as") && i + 1 < argc) {
			if (model_role_parse(argv[++i], &as_role) != 0) {
				fprintf(stderr, "vigil export: unknown role "
					"'%s' (public, viewer, contributor, "
					"editor, admin)\n", argv[i]);
				return 1;
			}
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			file = argv[++i];
		} else if (argv[i][0] != '-' && !format) {
			format = argv[i];
		} else {
			fprintf(stderr, "vigil export: unexpected argument "
				"'%s'\n", argv[i]);
			export_usage(stderr);
			return 1;
		}
	}
	if (!format) {
		export_usage(stderr);
		return 1;
	}
	if (strcmp(format, "json")) {
		fprintf(stderr, "vigil export: unknown format '%s' (this "
			"vigil writes json)\n", format);
		return 1;
	}
	rc = cli_open_db_read("export", cli_db_path(db_opt), &db);
	if (rc)
		return rc;
	if (file)
		s = export_to_file(db, as_role, file, &n, &err);
	else
		s = io_export_counted(db, as_role, stdout, &n, &err);
	store_close(db);
	if (s != VG_OK)
		return cli_report("export", &err);
	if (file)
		fprintf(stderr, "export: %zu records written to %s (as %s)\n",
			n, file, model_role_name(as_role));
	return 0;
}
