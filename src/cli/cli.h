/* cli.h — what the subcommands share: the command table and common options.
 *
 * Each subcommand lives in its own file, cli/<name>.c, and exposes one
 * function `int cli_<name>(int argc, char **argv)` that returns the process
 * exit status: 0 success, 1 user error, 2 internal error. argv[0] is the
 * subcommand's name. Every subcommand answers --help. */
#ifndef VIGIL_CLI_CLI_H
#define VIGIL_CLI_CLI_H

#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

/* The table of subcommands, in the order `vigil --help` lists them. */
extern const struct cli_command cli_commands[];

/* The database path: the --db value if given, else $VIGIL_DB, else
 * "vigil.db". */
const char *cli_db_path(const char *opt);

/* Prints "vigil <cmd>: <where>: <msg>" on stderr and returns the exit
 * status for err->code. */
int cli_report(const char *cmd, const struct vg_error *err);

/* Opens an existing, initialised database (migrating it forward if it is
 * older), for commands that write. On failure prints the reason and
 * returns the exit status (1 when the file does not exist, or when the
 * database is newer than this vigil). */
int cli_open_db(const char *cmd, const char *path, store **out);

/* The same for commands that only read: an older database is refused,
 * unchanged, with the advice to run `vigil migrate`, and a newer one as
 * by cli_open_db. */
int cli_open_db_read(const char *cmd, const char *path, store **out);

/* Opens an existing, initialised database and leaves its schema as it is
 * (for vigil migrate, which reports before and after). */
int cli_open_existing(const char *cmd, const char *path, store **out);

/* Seals the two-factor keys an older casebook kept in clear
 * (users_seal_seeds) and says so on the log; a casebook without a key
 * file keeps them readable as before, with a warning. Never fails: the
 * casebook stays usable either way. */
void cli_seal_totp_seeds(const char *cmd, store *db);

enum cli_format { CLI_FORMAT_TABLE, CLI_FORMAT_JSON };
/* Parses "json" or "table"; -1 for anything else. */
int cli_parse_format(const char *s);

#endif
