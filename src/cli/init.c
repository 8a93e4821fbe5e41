/* vigil init — creates a database, its field key and its schema, records
 * the thesauri in it, and with --demo loads the demonstration casebook. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/log.h"
#include "core/paths.h"
#include "io/import.h"
#include "model/thesaurus.h"
#include "store/audit.h"
#include "store/crypt.h"
#include "store/schema.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil init [--db PATH] [--demo]\n"
		"\n"
		"Creates a new casebook database at PATH (default $VIGIL_DB or\n"
		"./vigil.db) and its key file PATH.key (mode 0600), which\n"
		"encrypts witness identities and other protected fields: keep\n"
		"it, and keep it apart from copies of the database.\n"
		"\n"
		"  --db PATH   where to create the database\n"
		"  --demo      also load the demonstration casebook\n"
		"  --help      show this help\n");
}

static vg_status store_terms_of(store *db, const char *name,
				store_stmt *st, struct vg_error *err)
{
	const struct term *terms;
	size_t n, i;

	terms = thesaurus_terms(name, &n);
	for (i = 0; terms && i < n; i++) {
		store_reset(st);
		store_bind_text(st, 1, name);
		store_bind_text(st, 2, terms[i].code);
		store_bind_text(st, 3, terms[i].label);
		store_bind_text(st, 4, terms[i].huridocs);
		store_bind_text(st, 5, terms[i].parent);
		if (store_step(st) != STORE_DONE)
			return store_fail(db, STORE_ERROR, err, "term");
	}
	return VG_OK;
}

/* Copies every loaded thesaurus into the term table, so that the
 * database explains its own codes to other tools. */
static vg_status store_terms(store *db, struct vg_error *err)
{
	char dir[1024], name[128];
	struct dirent *e;
	store_stmt *st;
	DIR *d;
	vg_status s = VG_OK;

	if (paths_data_file(dir, sizeof(dir), "thesauri") != 0)
		return vg_fail(err, VG_EINVAL, NULL, "data path too long");
	if (store_prepare(db, "INSERT INTO term (thesaurus, code, label,"
			      " huridocs, parent) VALUES ($1, $2, $3, $4, $5)"
			      " ON CONFLICT (thesaurus, code) DO UPDATE SET"
			      " label = excluded.label, huridocs ="
			      " excluded.huridocs, parent = excluded.parent",
			  &st) != STORE_OK)
		return store_fail(db, STORE_ERROR, err, "term");
	d = opendir(dir);
	if (!d) {
		store_finalize(st);
		return vg_fail(err, VG_ENOTFOUND, dir, "cannot read thesauri");
	}
	for (;;) {
		size_t len;

		e = readdir(d);
		if (!e || s != VG_OK)
			break;
		len = strlen(e->d_name);
		if (len < 5 || len >= sizeof(name) ||
		    strcmp(e->d_name + len - 4, ".tsv") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4), e->d_name);
		s = store_terms_of(db, name, st, err);
	}
	closedir(d);
	store_finalize(st);
	return s;
}

static vg_status create_db(const char *path, store **db, int *version,
			   struct vg_error *err)
{
	struct audit_entry e = { 0 };
	vg_status s;

	s = crypt_key_create(path, err);
	if (s != VG_OK)
		return s;
	if (store_open(path, STORE_OPEN_CREATE, db, err) != STORE_OK)
		return err->code ? err->code : VG_EIO;
	s = schema_migrate(*db, 0, NULL, err);
	if (s == VG_OK)
		s = thesaurus_load(err);
	if (s == VG_OK && store_begin(*db) != STORE_OK)
		s = store_fail(*db, STORE_ERROR, err, path);
	if (s != VG_OK)
		return s;
	s = store_terms(*db, err);
	e.actor = "cli";
	e.action = "init";
	if (s == VG_OK)
		s = audit_append(*db, &e, NULL, err);
	if (s == VG_OK && store_commit(*db) != STORE_OK)
		s = store_fail(*db, STORE_ERROR, err, path);
	if (s != VG_OK) {
		store_rollback(*db);
		return s;
	}
	return schema_version(*db, version, err);
}

static vg_status load_demo(store *db, struct vg_error *err)
{
	static const struct actor importer = { 0, "cli", ROLE_ADMIN };
	char file[1024];

	if (paths_data_file(file, sizeof(file), "demo/demo.json") != 0)
		return vg_fail(err, VG_EINVAL, NULL, "data path too long");
	return io_import_file(db, &importer, file, 0, err);
}

/* A failed init leaves nothing behind: no half-made database, no key. */
static void remove_created(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", ".key",
						".lock" };
	char f[4096];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(f, sizeof(f), "%s%s", path, suffixes[i]);
		unlink(f);
	}
}

int cli_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *path;
	char keyfile[4096];
	struct vg_error err;
	struct stat st;
	store *db = NULL;
	int demo = 0, c, version = 0, rc = 0;

	optind = 0;
	for (;;) {
		c = getopt_long(argc, argv, "", opts, NULL);
		if (c == -1)
			break;
		if (c == 'd')
			dbopt = optarg;
		else if (c == 'D')
			demo = 1;
		else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vigil init: unexpected argument '%s'\n",
			argv[optind]);
		return 1;
	}
	path = cli_db_path(dbopt);
	vg_error_clear(&err);
	if (stat(path, &st) == 0) {
		vg_fail(&err, VG_EEXIST, path, "a database is already here; "
			"it is left as it is");
		return cli_report("init", &err);
	}
	if (crypt_key_path(path, keyfile, sizeof(keyfile)) != 0 ||
	    stat(keyfile, &st) == 0) {
		vg_fail(&err, VG_EEXIST, keyfile, "a key file is already here "
			"without its database; move it away first");
		return cli_report("init", &err);
	}
	/* The database, its journal and key are for their owner only. */
	umask(077);
	if (create_db(path, &db, &version, &err) != VG_OK ||
	    (demo && load_demo(db, &err) != VG_OK)) {
		rc = cli_report("init", &err);
		store_close(db);
		db = NULL;
		remove_created(path);
		goto out;
	}
	printf("created %s (schema %d) with its key file %s.key%s\n", path,
	       version, path, demo ? " and the demonstration casebook" : "");
	log_line("init: schema %d%s", version, demo ? ", demo loaded" : "");
out:
	store_close(db);
	return rc;
}
