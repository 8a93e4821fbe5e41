/* Helpers shared by the subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

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
