/* The subcommand table. One line per command; each lives in cli/<name>.c. */
#include "cli/cli.h"

int cli_version(int argc, char **argv);

const struct cli_command cli_commands[] = {
	{ "version", "print the version", cli_version },
	{ NULL, NULL, NULL },
};
