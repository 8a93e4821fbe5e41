/* vigil restore — a backup back into a new database, fully verified
 * before it takes the database's name. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/backup.h"

static void restore_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil restore FILE --db NEW [--key KEYFILE | "
		"--passphrase-file FILE] [--force]\n"
		"\n"
		"Decrypts and checks every chunk of the backup FILE, checks the\n"
		"database it holds, and only then installs it as NEW (with its\n"
		"key file NEW.key). A truncated, altered or reordered backup is\n"
		"refused and nothing is written. While any process has NEW open\n"
		"(a running vigil serve, say) the restore is refused at once:\n"
		"stop it first. The decrypted database never lies on disk under\n"
		"a name before it is checked, so a killed restore leaves no\n"
		"plaintext behind.\n"
		"\n"
		"  --key KEYFILE          the key file the backup was locked with\n"
		"  --passphrase-file F    the passphrase, on F's first line\n"
		"  --force                replace NEW if it exists\n");
}

int cli_restore(int argc, char **argv)
{
	struct backup_secret secret = { 0 };
	struct backup_stats stats = { 0 };
	struct vg_error err = { 0 };
	const char *db = NULL, *in = NULL;
	int force = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			restore_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db = argv[++i];
		} else if (!strcmp(argv[i], "--key") && i + 1 < argc) {
			secret.key_file = argv[++i];
		} else if (!strcmp(argv[i], "--passphrase-file") &&
			   i + 1 < argc) {
			secret.passphrase_file = argv[++i];
		} else if (!strcmp(argv[i], "--force")) {
			force = 1;
		} else if (argv[i][0] != '-' && !in) {
			in = argv[i];
		} else {
			fprintf(stderr, "vigil restore: unexpected argument "
				"'%s'\n", argv[i]);
			restore_usage(stderr);
			return 1;
		}
	}
	if (!in || !db) {
		fprintf(stderr, "vigil restore: give the backup FILE and the "
			"new database with --db NEW\n");
		restore_usage(stderr);
		return 1;
	}
	if (backup_restore(in, db, &secret, force, &stats, &err) != VG_OK)
		return cli_report("restore", &err);
	printf("restore: %s restored from %s (%llu database bytes, %u "
	       "chunks verified, integrity ok)\n", db, in,
	       (unsigned long long)stats.db_bytes, stats.chunks);
	return 0;
}
