/* vigil import — records from a file into the database, all or nothing. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/import.h"

static void import_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil import json FILE [--dry-run] [--db PATH]\n"
		"\n"
		"Reads the records of FILE ({\"vigil\": 1, \"records\": [...]},\n"
		"the format vigil export json writes) into the database, in one\n"
		"transaction: if any record is refused, nothing is written and\n"
		"the error names the record and field. Files over %zu MiB, and\n"
		"anything that is not a regular file (a FIFO, a device), are\n"
		"refused before they are read.\n"
		"\n"
		"  --dry-run   check everything, write nothing\n",
		IO_IMPORT_MAX_BYTES / (1024 * 1024));
}

int cli_import(int argc, char **argv)
{
	const struct actor cli_owner = { 0, "cli", ROLE_ADMIN };
	struct vg_error err = { 0 };
	const char *db_opt = NULL, *format = NULL, *file = NULL;
	int dry_run = 0, i, rc;
	size_t n = 0;
	store *db;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			import_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_opt = argv[++i];
		} else if (!strcmp(argv[i], "--dry-run")) {
			dry_run = 1;
		} else if (argv[i][0] != '-' && !format) {
			format = argv[i];
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			fprintf(stderr, "vigil import: unexpected argument "
				"'%s'\n", argv[i]);
			import_usage(stderr);
			return 1;
		}
	}
	if (!format || !file) {
		import_usage(stderr);
		return 1;
	}
	if (strcmp(format, "json")) {
		fprintf(stderr, "vigil import: unknown format '%s' (this "
			"vigil reads json)\n", format);
		return 1;
	}
	/* Before the database is opened (and perhaps migrated) for it. */
	if (io_import_check_file(file, &err) != VG_OK)
		return cli_report("import", &err);
	rc = cli_open_db("import", cli_db_path(db_opt), &db);
	if (rc)
		return rc;
	if (io_import_file_counted(db, &cli_owner, file, dry_run, &n, &err) !=
	    VG_OK) {
		store_close(db);
		return cli_report("import", &err);
	}
	store_close(db);
	if (dry_run)
		printf("import: dry run: %zu records of %s are valid; nothing "
		       "was written\n", n, file);
	else
		printf("import: %zu records imported from %s\n", n, file);
	return 0;
}
