/* vigil migrate — brings an older database's schema up to this vigil's. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/log.h"
#include "store/schema.h"

static void migrate_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil migrate [--db PATH]\n"
		"\n"
		"Applies the schema migrations this vigil has and the database\n"
		"lacks, each in its own transaction, and says from which schema\n"
		"to which. Commands that only read (export, audit verify, person\n"
		"list, show and history, match, dedup) refuse an older database\n"
		"rather than change it, and say to run this; commands that write\n"
		"(serve, import, person add, ...) migrate it themselves. Several\n"
		"processes may migrate at once: each waits for the other's.\n"
		"A database written by a newer vigil is refused and left as it\n"
		"is. Take a backup first (vigil backup): a migration cannot be\n"
		"undone.\n"
		"\n"
		"  --db PATH   the database (default: $VIGIL_DB, else vigil.db)\n");
}

int cli_migrate(int argc, char **argv)
{
	struct schema_state before, after;
	struct vg_error err;
	const char *db_opt = NULL, *path;
	int applied = 0, i, rc;
	store *db;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			migrate_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_opt = argv[++i];
		} else {
			fprintf(stderr, "vigil migrate: unexpected argument "
				"'%s'\n", argv[i]);
			migrate_usage(stderr);
			return 1;
		}
	}
	path = cli_db_path(db_opt);
	rc = cli_open_existing("migrate", path, &db);
	if (rc)
		return rc;
	vg_error_clear(&err);
	if (schema_state(db, &before, &err) != VG_OK ||
	    schema_migrate(db, 0, &applied, &err) != VG_OK ||
	    schema_state(db, &after, &err) != VG_OK) {
		store_close(db);
		return cli_report("migrate", &err);
	}
	store_close(db);
	if (before.pending == 0)
		printf("migrate: %s is at schema %d, current; nothing to do\n",
		       path, after.version);
	else
		printf("migrate: %s migrated from schema %d to %d (%d "
		       "migration(s) applied here)\n", path, before.version,
		       after.version, applied);
	if (applied)
		log_line("migrate: schema %d to %d (%d migrations)",
			 before.version, after.version, applied);
	return 0;
}
