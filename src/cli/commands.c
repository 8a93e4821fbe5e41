/* The subcommand table. One line per command; each lives in cli/<name>.c. */
#include "cli/cli.h"

int cli_version(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_person(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_names(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_ingest(int argc, char **argv);
int cli_match(int argc, char **argv);
int cli_dedup(int argc, char **argv);

const struct cli_command cli_commands[] = {
	{ "version", "print the version", cli_version },
	{ "init", "create a new casebook database and its key", cli_init },
	{ "person", "add, show, list, edit or delete people", cli_person },
	{ "audit", "verify the tamper-evident audit log", cli_audit },
	{ "backup", "write an encrypted backup of the database", cli_backup },
	{ "restore", "restore a backup into a new database", cli_restore },
	{ "migrate", "bring an older database's schema up to this vigil's",
	  cli_migrate },
	{ "serve", "serve the web interface and the JSON API", cli_serve },
	{ "user", "add accounts, set passwords, roles and API tokens", cli_user },
	{ "names", "show a name's keys, score pairs of names", cli_names },
	{ "import", "read records from a JSON file, all or nothing",
	  cli_import },
	{ "export", "write every record as JSON, redacted for a role",
	  cli_export },
	{ "ingest", "propose people and facts from an article or testimony",
	  cli_ingest },
	{ "match", "match a list of names against people, in any script",
	  cli_match },
	{ "dedup", "list people recorded twice, with the names that align",
	  cli_dedup },
	{ NULL, NULL, NULL },
};
