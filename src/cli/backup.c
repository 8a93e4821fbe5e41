/* vigil backup — an encrypted, consistent copy of the live database. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/backup.h"

static void backup_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil backup FILE [--db PATH] [--key KEYFILE | "
		"--passphrase-file FILE]\n"
		"\n"
		"Writes an encrypted snapshot of the database to FILE (never\n"
		"overwritten). The server may keep running meanwhile.\n"
		"\n"
		"  --key KEYFILE          lock it with this key file (default:\n"
		"                         the database's own key, <db>.key)\n"
		"  --passphrase-file F    lock it with the passphrase on F's\n"
		"                         first line instead (Argon2id); the\n"
		"                         database's key file travels inside,\n"
		"                         so the backup restores anywhere\n");
}

int cli_backup(int argc, char **argv)
{
	struct backup_secret secret = { 0 };
	struct backup_stats stats = { 0 };
	struct vg_error err = { 0 };
	const char *db_opt = NULL, *out = NULL;
	char db_key[4096];
	const char *db;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			backup_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_opt = argv[++i];
		} else if (!strcmp(argv[i], "--key") && i + 1 < argc) {
			secret.key_file = argv[++i];
		} else if (!strcmp(argv[i], "--passphrase-file") &&
			   i + 1 < argc) {
			secret.passphrase_file = argv[++i];
		} else if (argv[i][0] != '-' && !out) {
			out = argv[i];
		} else {
			fprintf(stderr, "vigil backup: unexpected argument "
				"'%s'\n", argv[i]);
			backup_usage(stderr);
			return 1;
		}
	}
	if (!out) {
		backup_usage(stderr);
		return 1;
	}
	if (secret.key_file && secret.passphrase_file) {
		fprintf(stderr, "vigil backup: give --key or "
			"--passphrase-file, not both\n");
		return 1;
	}
	db = cli_db_path(db_opt);
	snprintf(db_key, sizeof(db_key), "%s.key", db);
	if (!secret.passphrase_file && !secret.key_file) {
		if (access(db_key, F_OK) != 0) {
			fprintf(stderr, "vigil backup: %s: the database has no "
				"key file; give --key or --passphrase-file\n",
				db_key);
			return 1;
		}
		secret.key_file = db_key;
	}
	if (backup_write(db, out, &secret, db_key, &stats, &err) != VG_OK)
		return cli_report("backup", &err);
	printf("backup: %s written (%llu database bytes in %u chunks, "
	       "locked with %s)\n", out, (unsigned long long)stats.db_bytes,
	       stats.chunks, secret.passphrase_file ? "a passphrase" :
						      "the key file");
	return 0;
}
