/* Helpers shared by the subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/log.h"
#include "model/thesaurus.h"
#include "store/schema.h"

const char *cli_db_path(const char *opt)
{
	const char *env;

	if (opt && *opt)
		return opt;
	env = getenv("VIGIL_DB");
	if (env && *env)
		return env;
	return "vigil.db";
}

int cli_report(const char *cmd, const struct vg_error *err)
{
	if (err->where[0])
		fprintf(stderr, "vigil %s: %s: %s\n", cmd, err->where, err->msg);
	else
		fprintf(stderr, "vigil %s: %s\n", cmd, err->msg);
	return vg_exit_code(err->code);
}

int cli_parse_format(const char *s)
{
	if (!strcmp(s, "json"))
		return CLI_FORMAT_JSON;
	if (!strcmp(s, "table"))
		return CLI_FORMAT_TABLE;
	return -1;
}

int cli_open_existing(const char *cmd, const char *path, store **out)
{
	struct vg_error err;
	struct stat st;
	store *db = NULL;

	*out = NULL;
	vg_error_clear(&err);
	if (stat(path, &st) != 0) {
		vg_fail(&err, VG_ENOTFOUND, path,
			"no database here; create one with: vigil init --db %s",
			path);
		return cli_report(cmd, &err);
	}
	if (store_open(path, 0, &db, &err) != STORE_OK)
		return cli_report(cmd, &err);
	if (!schema_is_initialised(db)) {
		store_close(db);
		vg_fail(&err, VG_EINVAL, path,
			"not a vigil database (vigil init creates one)");
		return cli_report(cmd, &err);
	}
	*out = db;
	return 0;
}

/* Closes db and reports err for cmd. */
static int close_and_report(const char *cmd, store *db,
			    const struct vg_error *err)
{
	store_close(db);
	return cli_report(cmd, err);
}

int cli_open_db(const char *cmd, const char *path, store **out)
{
	struct vg_error err;
	store *db = NULL;
	int before = 0, applied = 0, rc;

	rc = cli_open_existing(cmd, path, &db);
	if (rc)
		return rc;
	vg_error_clear(&err);
	if (schema_version(db, &before, &err) != VG_OK ||
	    schema_migrate(db, 0, &applied, &err) != VG_OK ||
	    thesaurus_load(&err) != VG_OK)
		return close_and_report(cmd, db, &err);
	if (applied)
		log_line("%s: migrated the database from schema %d (%d "
			 "migrations)", cmd, before, applied);
	/* A command that writes also seals two-factor keys an older vigil
	 * kept in clear. */
	cli_seal_totp_seeds(cmd, db);
	*out = db;
	return 0;
}

int cli_open_db_read(const char *cmd, const char *path, store **out)
{
	struct schema_state st;
	struct vg_error err;
	store *db = NULL;
	int rc;

	rc = cli_open_existing(cmd, path, &db);
	if (rc)
		return rc;
	vg_error_clear(&err);
	if (schema_state(db, &st, &err) != VG_OK)
		return close_and_report(cmd, db, &err);
	if (st.pending) {
		vg_fail(&err, VG_EINVAL, path, "the database is at schema %d "
			"and %d newer migration(s) of this vigil (up to %d) "
			"are not applied; vigil %s only reads, so it does not "
			"migrate: run `vigil migrate --db %s` first (after "
			"vigil backup)", st.version, st.pending, st.latest, cmd,
			path);
		return close_and_report(cmd, db, &err);
	}
	if (thesaurus_load(&err) != VG_OK)
		return close_and_report(cmd, db, &err);
	*out = db;
	return 0;
}
