/* vigil ingest — propose people and facts from an article or testimony,
 * and optionally queue the proposal for review. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "extract/extract.h"
#include "store/review.h"
#include "store/schema.h"

struct ingest_opts {
	const char *file, *db, *lang, *title, *url, *kind;
	int format, html, queue, use_db;
};

static void ingest_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil ingest FILE [--format json|table] [--html] [--db PATH]\n"
		"                         [--queue] [--title T] [--url U] [--kind K]\n"
		"\n"
		"Reads an article or testimony and proposes the people it names,\n"
		"with role, status and since when, sentence, occupation, ethnicity\n"
		"and kinship, each fact with the passage that states it (offsets\n"
		"in Unicode code points). Nothing is written unless --queue.\n"
		"\n"
		"  --html     FILE is a web page (also when it ends in .html/.htm)\n"
		"  --db PATH  match each person against this database\n"
		"  --queue    store the text as a source and each proposed person\n"
		"             as a review item (implies --db, default ./vigil.db)\n"
		"  --lang L   cue words of language L (default en)\n");
}

static int parse_args(int argc, char **argv, struct ingest_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->lang = "en";
	o->format = CLI_FORMAT_JSON;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			ingest_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--html")) {
			o->html = 1;
		} else if (!strcmp(a, "--queue")) {
			o->queue = o->use_db = 1;
		} else if (!strcmp(a, "--db") && v) {
			o->db = argv[++i];
			o->use_db = 1;
		} else if (!strcmp(a, "--format") && v) {
			o->format = cli_parse_format(argv[++i]);
			if (o->format < 0) {
				fprintf(stderr, "vigil ingest: --format: expected json or table\n");
				return 1;
			}
		} else if ((!strcmp(a, "--lang") || !strcmp(a, "--title") ||
			    !strcmp(a, "--url") || !strcmp(a, "--kind")) && v) {
			const char **dst = a[2] == 'l' ? &o->lang : a[2] == 't' ?
					   &o->title : a[2] == 'u' ? &o->url : &o->kind;
			*dst = argv[++i];
		} else if (a[0] != '-' && !o->file) {
			o->file = a;
		} else {
			fprintf(stderr, "vigil ingest: unexpected argument '%s' "
				"(see vigil ingest --help)\n", a);
			return 1;
		}
	}
	if (!o->file) {
		ingest_usage(stderr);
		return 1;
	}
	return -1;
}

static int read_input(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;

	if (!f) {
		fprintf(stderr, "vigil ingest: %s: cannot open\n", path);
		return 1;
	}
	data = malloc(EXTRACT_MAX_TEXT + 1);
	if (!data) {
		fclose(f);
		fprintf(stderr, "vigil ingest: out of memory\n");
		return 2;
	}
	n = fread(data, 1, EXTRACT_MAX_TEXT + 1, f);
	fclose(f);
	if (n > EXTRACT_MAX_TEXT) {
		free(data);
		fprintf(stderr, "vigil ingest: %s: over %u bytes\n", path,
			EXTRACT_MAX_TEXT);
		return 1;
	}
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}

static int ends_with(const char *s, const char *end)
{
	size_t a = strlen(s), b = strlen(end);

	return a >= b && !strcasecmp(s + a - b, end);
}

static int open_db(const char *path, store **out)
{
	struct vg_error err = { 0 };

	*out = NULL;
	if (access(path, F_OK) != 0) {
		fprintf(stderr, "vigil ingest: database '%s' does not exist "
			"(create it with vigil init)\n", path);
		return 1;
	}
	if (store_open(path, 0, out, &err) != STORE_OK)
		return cli_report("ingest", &err);
	if (!schema_is_initialised(*out) ||
	    schema_migrate(*out, 0, NULL, &err) != VG_OK) {
		store_close(*out);
		*out = NULL;
		if (!err.code)
			fprintf(stderr, "vigil ingest: '%s' is not a vigil database\n",
				path);
		return err.code ? cli_report("ingest", &err) : 1;
	}
	return 0;
}

static void print_table(const json_t *proposal)
{
	const json_t *p, *r;
	size_t i, j;

	printf("%-28s %-10s %-12s %-12s %s\n", "NAME", "ROLE", "STATUS", "SINCE",
	       "MATCH");
	json_array_foreach(json_object_get(proposal, "persons"), i, p) {
		const char *since = json_string_value(json_object_get(p, "status_since"));
		const char *status = json_string_value(json_object_get(p, "status"));
		const char *match = json_string_value(json_object_get(p, "match"));

		printf("%-28s %-10s %-12s %-12s %s\n",
		       json_string_value(json_object_get(p, "name")),
		       json_string_value(json_object_get(p, "role")),
		       status ? status : "-", since ? since : "-",
		       match ? match : "-");
		json_array_foreach(json_object_get(p, "relations"), j, r)
			printf("    %s %s\n", json_string_value(json_object_get(r, "type")),
			       json_string_value(json_object_get(r, "of")));
	}
}

static int run(const struct ingest_opts *o, const char *text, size_t len)
{
	const struct actor cli_owner = { 0, "cli", ROLE_ADMIN };
	struct extract_lexicon *lex = NULL;
	struct vg_error err = { 0 };
	struct review_source src = { 0 };
	json_t *proposal = NULL;
	store *db = NULL;
	char source_id[64];
	size_t queued = 0;
	int rc = 0;

	if (extract_lexicon_load(o->lang, &lex, &err) ||
	    extract_text(lex, text, len, &proposal, &err)) {
		vg_error_prefix(&err, "%s", o->file);
		rc = cli_report("ingest", &err);
		goto out;
	}
	if (o->use_db) {
		rc = open_db(cli_db_path(o->db), &db);
		if (rc)
			goto out;
		if (extract_link(db, &records_system, proposal, &err)) {
			rc = cli_report("ingest", &err);
			goto out;
		}
	}
	if (o->queue) {
		src.title = o->title ? o->title : o->file;
		src.url = o->url;
		src.kind = o->kind;
		src.language = o->lang;
		src.text = text;
		if (review_queue(db, &cli_owner, &src, proposal, source_id,
				 sizeof(source_id), &queued, &err)) {
			rc = cli_report("ingest", &err);
			goto out;
		}
		json_object_set_new(proposal, "source", json_string(source_id));
		fprintf(stderr, "vigil ingest: source %s, %zu people queued for review\n",
			source_id, queued);
	}
	if (o->format == CLI_FORMAT_TABLE)
		print_table(proposal);
	else if (json_dumpf(proposal, stdout, JSON_INDENT(2)) || fputc('\n', stdout) == EOF)
		rc = 2;
out:
	json_decref(proposal);
	extract_lexicon_free(lex);
	store_close(db);
	return rc;
}

int cli_ingest(int argc, char **argv)
{
	struct ingest_opts o;
	struct vg_error err = { 0 };
	char *data = NULL, *text = NULL;
	size_t len = 0;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = read_input(o.file, &data, &len);
	if (rc)
		return rc;
	if (o.html || ends_with(o.file, ".html") || ends_with(o.file, ".htm")) {
		if (extract_html_text(data, len, &text, &err)) {
			vg_error_prefix(&err, "%s", o.file);
			free(data);
			return cli_report("ingest", &err);
		}
		free(data);
		data = text;
		len = strlen(text);
	}
	rc = run(&o, data, len);
	free(data);
	return rc;
}
