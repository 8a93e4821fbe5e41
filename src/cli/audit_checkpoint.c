/* vigil audit checkpoint — a signed head of the audit chain to keep off
 * the machine (see store/audit_checkpoint.h). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "store/audit_checkpoint.h"

static void checkpoint_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil audit checkpoint [--db PATH] [--key FILE]\n"
		"\n"
		"Checks the whole audit chain, then prints its head (seq, hash,\n"
		"time) signed with an Ed25519 key. Keep the output somewhere\n"
		"else (printed, mailed to a partner, on a USB stick): later,\n"
		"`vigil audit verify --checkpoint FILE` shows whether the chain\n"
		"still holds that entry, which detects removed newest entries.\n"
		"\n"
		"  --key FILE   the signing key (default <db>.audit-key, made on\n"
		"               first use, readable by its owner only); kept off\n"
		"               the machine, it also makes checkpoints unforgeable\n");
}

int cli_audit_checkpoint(int argc, char **argv)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	const char *db_opt = NULL, *key = NULL;
	struct vg_error err = { 0 };
	char key_path[4096];
	struct buf out;
	store *db = NULL;
	vg_status st;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			checkpoint_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_opt = argv[++i];
		} else if (!strcmp(argv[i], "--key") && i + 1 < argc) {
			key = argv[++i];
		} else {
			fprintf(stderr, "vigil audit checkpoint: unexpected "
				"argument '%s'\n", argv[i]);
			checkpoint_usage(stderr);
			return 1;
		}
	}
	if (!key) {
		if (checkpoint_default_key_path(cli_db_path(db_opt), key_path,
						sizeof(key_path)) != 0) {
			fprintf(stderr, "vigil audit checkpoint: database path "
				"too long\n");
			return 1;
		}
		key = key_path;
	}
	rc = cli_open_db("audit checkpoint", cli_db_path(db_opt), &db);
	if (rc)
		return rc;
	buf_init(&out, CHECKPOINT_MAX_TEXT);
	st = checkpoint_key_load(key, 1, sk, &err);
	if (st == VG_OK)
		st = checkpoint_make(db, sk, &out, &err);
	sodium_memzero(sk, sizeof(sk));
	store_close(db);
	if (st != VG_OK) {
		buf_free(&out);
		return cli_report("audit checkpoint", &err);
	}
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	return 0;
}
