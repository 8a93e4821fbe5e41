/* vigil audit — the tamper-evident audit log.
 *
 * Subcommands are a table: another file adds one by defining the function
 * a weak entry below names (`audit checkpoint` lives in its own file). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/audit.h"
#include "store/audit_checkpoint.h"

/* A plain declaration, not weak: a weak reference would not pull
 * cli/audit_checkpoint.c out of the static library. */
int cli_audit_checkpoint(int argc, char **argv);

static int audit_verify_cmd(int argc, char **argv);

struct audit_sub {
	const char *name;
	const char *summary;
	int (**run)(int argc, char **argv);
};

static int (*verify_fn)(int, char **) = audit_verify_cmd;
static int (*checkpoint_fn)(int, char **) = cli_audit_checkpoint;

static const struct audit_sub subs[] = {
	{ "verify", "check the whole chain; name the first broken entry",
	  &verify_fn },
	{ "checkpoint", "write a signed checkpoint of the chain's head",
	  &checkpoint_fn },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	const struct audit_sub *s;

	fprintf(out, "usage: vigil audit <subcommand> [options]\n\n");
	for (s = subs; s->name; s++)
		if (*s->run)
			fprintf(out, "  %-11s %s\n", s->name, s->summary);
	fprintf(out, "\nEach subcommand takes --help.\n");
}

static void verify_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil audit verify [--db PATH] [--checkpoint FILE]\n"
		"                          [--format table|json]\n"
		"\n"
		"Recomputes every entry of the audit log and its link to the\n"
		"one before, and the revision each entry records. Names the\n"
		"first entry that was edited, deleted or reordered. Removing\n"
		"the newest entries leaves a shorter valid chain: give a\n"
		"checkpoint taken earlier (--checkpoint) to detect that.\n"
		"Exit status: 0 the chain holds, 1 it is broken or a user\n"
		"error, 2 an internal error.\n");
}

static int read_checkpoint(const char *file, struct audit_checkpoint *cp,
			   struct vg_error *err)
{
	struct buf text;
	char chunk[1024];
	size_t got;
	FILE *f = fopen(file, "rb");
	vg_status s = VG_OK;

	if (!f)
		return vg_fail(err, VG_ENOTFOUND, file, "cannot open");
	buf_init(&text, CHECKPOINT_MAX_TEXT);
	while (s == VG_OK) {
		got = fread(chunk, 1, sizeof(chunk), f);
		if (!got)
			break;
		s = buf_add(&text, chunk, got);
	}
	fclose(f);
	if (s != VG_OK)
		s = vg_fail(err, s, file, "not a checkpoint (too long)");
	else
		s = checkpoint_parse(buf_str(&text), text.len, NULL, cp, err);
	buf_free(&text);
	return s;
}

static void print_report(const struct audit_report *r, int json)
{
	json_t *o;
	char *text;

	if (!json) {
		if (r->bad_seq)
			printf("audit chain BROKEN at entry %" PRId64 ": %s\n",
			       r->bad_seq, r->why);
		else
			printf("audit chain holds: %" PRId64 " entries, head %"
			       PRId64 " %s\n", r->entries, r->head_seq,
			       r->head[0] ? r->head : "(empty)");
		return;
	}
	o = json_pack("{s:b, s:I, s:I, s:s, s:I}", "ok", !r->bad_seq,
		      "entries", (json_int_t)r->entries, "head_seq",
		      (json_int_t)r->head_seq, "head", r->head, "bad_seq",
		      (json_int_t)r->bad_seq);
	if (r->bad_seq)
		json_object_set_new(o, "why", json_string(r->why));
	text = json_dumps(o, JSON_INDENT(2));
	printf("%s\n", text ? text : "{}");
	free(text);
	json_decref(o);
}

static int audit_verify_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "checkpoint", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *cpfile = NULL;
	struct audit_checkpoint cp;
	struct audit_report r;
	struct vg_error err;
	store *db = NULL;
	int format = CLI_FORMAT_TABLE, c, rc;
	vg_status s;

	optind = 0;
	for (;;) {
		c = getopt_long(argc, argv, "", opts, NULL);
		if (c == -1)
			break;
		if (c == 'd')
			dbopt = optarg;
		else if (c == 'c')
			cpfile = optarg;
		else if (c == 'f')
			format = cli_parse_format(optarg);
		else if (c == 'h') {
			verify_usage(stdout);
			return 0;
		} else {
			verify_usage(stderr);
			return 1;
		}
	}
	if (format < 0 || optind < argc) {
		verify_usage(stderr);
		return 1;
	}
	vg_error_clear(&err);
	if (cpfile && read_checkpoint(cpfile, &cp, &err) != VG_OK)
		return cli_report("audit verify", &err);
	rc = cli_open_db_read("audit verify", cli_db_path(dbopt), &db);
	if (rc)
		return rc;
	if (cpfile)
		s = checkpoint_check(db, &cp, &r, &err);
	else
		s = audit_verify(db, 0, NULL, &r, &err);
	store_close(db);
	if (s != VG_OK)
		return cli_report("audit verify", &err);
	print_report(&r, format == CLI_FORMAT_JSON);
	log_line("audit verify: %" PRId64 " entries, %s", r.entries,
		 r.bad_seq ? "broken" : "holds");
	return r.bad_seq ? 1 : 0;
}

int cli_audit(int argc, char **argv)
{
	const struct audit_sub *s;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (s = subs; s->name; s++)
		if (*s->run && !strcmp(argv[1], s->name))
			return (*s->run)(argc - 1, argv + 1);
	fprintf(stderr, "vigil audit: unknown subcommand '%s' (see vigil "
		"audit --help)\n", argv[1]);
	return 1;
}
