/* vigil person — add, show, list, edit and delete people from the command
 * line. Acts as the local operator ("cli", admin): whoever can run this
 * binary on the database and its key can read everything anyway. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/person_int.h"
#include "core/log.h"
#include "store/records.h"

int cli_person_merge(int argc, char **argv);

static const struct actor operator_actor = { 0, "cli", ROLE_ADMIN };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil person <add|show|list|edit|delete|history> "
		"[options]\n"
		"\n"
		"  vigil person add --name NAME [--name NAME ...] [fields]\n"
		"  vigil person add --json FILE|-\n"
		"  vigil person show ID\n"
		"  vigil person list [--text WORDS] [--status S] [--level L]\n"
		"                    [--limit N] [--offset N] [--order FIELD]\n"
		"  vigil person edit ID [fields] [--json FILE|-]\n"
		"      (--name given to edit replaces all the names; a field\n"
		"      given as null in --json is cleared)\n"
		"  vigil person delete ID\n"
		"  vigil person history ID    (every change: when, by whom, "
		"what)\n"
		"\n"
		"Fields: --name (repeatable; the first is the primary name, the\n"
		"others aliases; the script is recognised), --sex\n"
		"female|male|unknown, --birth DATE ('about 1976', 'July 1985'),\n"
		"--birth-place P-ID, --ethnicity, --citizenship, --occupation,\n"
		"--home-place P-ID, --home-address (encrypted at rest),\n"
		"--evidence-grade, --notes, --level\n"
		"public|internal|confidential|secret (default internal).\n"
		"\n"
		"Common options: --db PATH (or $VIGIL_DB), --format table|json,\n"
		"--help. With --format json, show prints {\"person\", \"acts\",\n"
		"\"relations\" (from this person), \"related_to\" (to them),\n"
		"\"citations\"} and list {\"total\", \"items\"}.\n"
		"Exit status: 0 success, 1 user error, 2 internal.\n");
}

enum opt_id {
	OPT_DB = 256, OPT_FORMAT, OPT_HELP, OPT_JSON, OPT_NAME, OPT_TEXT,
	OPT_STATUS, OPT_LEVEL, OPT_LIMIT, OPT_OFFSET, OPT_ORDER, OPT_FIELD
};

/* Options that set a person field of the same name (dashes for '_'). */
static const struct option field_opts[] = {
	{ "sex", required_argument, NULL, OPT_FIELD },
	{ "birth", required_argument, NULL, OPT_FIELD },
	{ "birth-place", required_argument, NULL, OPT_FIELD },
	{ "ethnicity", required_argument, NULL, OPT_FIELD },
	{ "citizenship", required_argument, NULL, OPT_FIELD },
	{ "occupation", required_argument, NULL, OPT_FIELD },
	{ "home-place", required_argument, NULL, OPT_FIELD },
	{ "home-address", required_argument, NULL, OPT_FIELD },
	{ "evidence-grade", required_argument, NULL, OPT_FIELD },
	{ "notes", required_argument, NULL, OPT_FIELD },
};
#define NFIELD_OPTS (sizeof(field_opts) / sizeof(field_opts[0]))

static const struct option base_opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "text", required_argument, NULL, OPT_TEXT },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "order", required_argument, NULL, OPT_ORDER },
};
#define NBASE_OPTS (sizeof(base_opts) / sizeof(base_opts[0]))

static int parse_count(const char *s, size_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end || v < 0 || v > 1000000)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int set_field_option(struct person_args *a, const char *opt,
			    const char *value)
{
	char key[64];
	size_t i;

	snprintf(key, sizeof(key), "%s", opt);
	for (i = 0; key[i]; i++)
		if (key[i] == '-')
			key[i] = '_';
	json_object_set_new(a->fields, key, json_string(value));
	return 0;
}

static int parse_args(int argc, char **argv, struct person_args *a)
{
	struct option opts[NBASE_OPTS + NFIELD_OPTS + 1];
	int c, idx;

	memset(opts, 0, sizeof(opts));
	memcpy(opts, base_opts, sizeof(base_opts));
	memcpy(opts + NBASE_OPTS, field_opts, sizeof(field_opts));
	a->format = CLI_FORMAT_TABLE;
	optind = 0;
	for (;;) {
		idx = -1;
		c = getopt_long(argc, argv, "", opts, &idx);
		if (c == -1)
			break;
		switch (c) {
		case OPT_DB: a->db = optarg; break;
		case OPT_FORMAT: a->format = cli_parse_format(optarg); break;
		case OPT_HELP: a->help = 1; break;
		case OPT_JSON: a->json_file = optarg; break;
		case OPT_NAME: json_array_append_new(a->names,
						     json_string(optarg)); break;
		case OPT_TEXT: a->text = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_LEVEL:
			json_object_set_new(a->fields, "level",
					    json_string(optarg));
			break;
		case OPT_LIMIT:
			if (parse_count(optarg, &a->limit))
				return -1;
			break;
		case OPT_OFFSET:
			if (parse_count(optarg, &a->offset))
				return -1;
			break;
		case OPT_ORDER: a->order = optarg; break;
		case OPT_FIELD:
			set_field_option(a, opts[idx].name, optarg);
			break;
		default:
			return -1;
		}
	}
	if (a->format < 0)
		return -1;
	if (optind < argc)
		a->id = argv[optind++];
	return optind < argc ? -1 : 0;
}

static int with_db(const char *cmd, struct person_args *a, int reads_only,
		   int (*fn)(const char *cmd, store *db,
			     struct person_args *a))
{
	store *db;
	int rc = reads_only ? cli_open_db_read(cmd, cli_db_path(a->db), &db)
			    : cli_open_db(cmd, cli_db_path(a->db), &db);

	if (rc)
		return rc;
	rc = fn(cmd, db, a);
	store_close(db);
	return rc;
}

static int run_add(const char *cmd, store *db, struct person_args *a)
{
	struct vg_error err;
	json_t *rec = NULL, *out = NULL;
	int rc;

	vg_error_clear(&err);
	if (person_build(a, 0, &rec, &err) != VG_OK ||
	    records_create(db, &operator_actor, "person", rec, &out, &err) !=
		    VG_OK) {
		vg_error_prefix(&err, "person");
		json_decref(rec);
		return cli_report(cmd, &err);
	}
	rc = person_print_written(out, "created", a->format);
	log_line("person add: %s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
	return rc;
}

static int run_edit(const char *cmd, store *db, struct person_args *a)
{
	struct vg_error err;
	json_t *rec = NULL, *out = NULL;
	int rc;

	vg_error_clear(&err);
	if (person_build(a, 1, &rec, &err) != VG_OK ||
	    records_update(db, &operator_actor, "person", a->id, rec, &out,
			   &err) != VG_OK) {
		vg_error_prefix(&err, "person %s", a->id);
		json_decref(rec);
		return cli_report(cmd, &err);
	}
	rc = person_print_written(out, "changed", a->format);
	log_line("person edit: %s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
	return rc;
}

static int run_delete(const char *cmd, store *db, struct person_args *a)
{
	struct vg_error err;

	vg_error_clear(&err);
	if (records_delete(db, &operator_actor, "person", a->id, &err) !=
	    VG_OK) {
		vg_error_prefix(&err, "person %s", a->id);
		return cli_report(cmd, &err);
	}
	if (a->format == CLI_FORMAT_JSON)
		printf("{\"deleted\": \"%s\"}\n", a->id);
	else
		printf("deleted %s\n", a->id);
	log_line("person delete: %s", a->id);
	return 0;
}

struct person_sub {
	const char *name;
	int needs_id;
	int reads_only; /* never migrates the database (cli.h) */
	int (*run)(const char *cmd, store *db, struct person_args *a);
};

static const struct person_sub subs[] = {
	{ "add", 0, 0, run_add },
	{ "show", 1, 1, person_show },
	{ "list", 0, 1, person_list },
	{ "edit", 1, 0, run_edit },
	{ "delete", 1, 0, run_delete },
	{ "history", 1, 1, person_history },
	{ NULL, 0, 0, NULL },
};

int cli_person(int argc, char **argv)
{
	const struct person_sub *s;
	struct person_args a;
	char cmd[32];
	int rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	if (!strcmp(argv[1], "merge")) /* two ids: lives in cli/dedup.c */
		return cli_person_merge(argc - 1, argv + 1);
	for (s = subs; s->name; s++)
		if (!strcmp(argv[1], s->name))
			break;
	if (!s->name) {
		fprintf(stderr, "vigil person: unknown subcommand '%s' (see "
			"vigil person --help)\n", argv[1]);
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "person %s", s->name);
	memset(&a, 0, sizeof(a));
	a.names = json_array();
	a.fields = json_object();
	if (parse_args(argc - 1, argv + 1, &a) != 0) {
		usage(stderr);
		rc = 1;
	} else if (a.help) {
		usage(stdout);
		rc = 0;
	} else if (!s->needs_id && a.id) {
		fprintf(stderr, "vigil %s: unexpected argument '%s'\n", cmd,
			a.id);
		rc = 1;
	} else if (s->needs_id && !a.id) {
		fprintf(stderr, "vigil %s: which person? give an id "
			"(V-000001)\n", cmd);
		rc = 1;
	} else {
		rc = with_db(cmd, &a, s->reads_only, s->run);
	}
	json_decref(a.names);
	json_decref(a.fields);
	return rc;
}
