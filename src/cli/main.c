/* vigil — the casebook's one binary. Dispatches to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void usage(FILE *out)
{
	const struct cli_command *c;

	fprintf(out,
		"usage: vigil <command> [options]\n"
		"\n"
		"A self-hosted casebook for people detained or disappeared.\n"
		"\n"
		"Commands:\n");
	for (c = cli_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Every command takes --help. The database is --db PATH, or\n"
		"$VIGIL_DB, or ./vigil.db. Exit status: 0 success, 1 user error,\n"
		"2 internal error.\n");
}

int main(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (c = cli_commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "vigil: unknown command '%s' (see vigil --help)\n",
		argv[1]);
	return 1;
}
