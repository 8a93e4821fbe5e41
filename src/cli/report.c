/* vigil report — the casebook's statistics as text, CSV, SVG or JSON,
 * counted for a role. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/report.h"

#define OUT_MAX (16u << 20)

enum fmt { FMT_TEXT, FMT_CSV, FMT_SVG, FMT_JSON };
static const char *const fmt_names[] = { "text", "csv", "svg", "json" };
static const char *const fmt_ext[] = { "txt", "csv", "svg", "json" };

struct report_opts {
	const char *db, *out_dir, *table, *today, *dcw;
	enum role role;
	enum fmt fmt;
	int map; /* vigil report map */
};

static void report_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil report stats [--db PATH] [--as ROLE]\n"
		"                          [--format text|csv|svg|json]\n"
		"                          [--table NAME] [--out DIR]\n"
		"                          [--today YYYY-MM-DD]\n"
		"\n"
		"Counts the casebook for advocacy: people by status over time,\n"
		"acts by year and type and by region, people by ethnicity,\n"
		"penalties and fines against campaigners, appeals sent and\n"
		"answered and the days each has waited for an answer, campaign\n"
		"day counts. Every figure counts only what ROLE may see.\n"
		"\n"
		"  --as ROLE      count as public, viewer, contributor, editor or\n"
		"                 admin (the default: the owner of the database\n"
		"                 at the command line sees everything)\n"
		"  --format F     text (the default), csv, svg (a bar chart) or\n"
		"                 json (every table with its numbers)\n"
		"  --table NAME   only this table (names: see --format json, or\n"
		"                 the file names --out writes)\n"
		"  --out DIR      write one file per table, NAME.txt, .csv, .svg\n"
		"                 or .json, into DIR (created if missing; files\n"
		"                 readable by their owner only); csv and svg of\n"
		"                 more than one table need it\n"
		"  --today DATE   count days and years up to DATE instead of\n"
		"                 today (campaign day counts are always to today)\n"
		"\n"
		"usage: vigil report map [--db PATH] [--as ROLE] [--out FILE]\n"
		"                        [--dcw DIR]\n"
		"\n"
		"Draws the places ROLE may see that have a latitude and longitude\n"
		"as an SVG map (each point a link to the people living there) over\n"
		"country and region borders from DIR (the Debian package gmt-dcw,\n"
		"/usr/share/gmt-dcw by default), to FILE or standard output; the\n"
		"places whose coordinates do not read are named on standard error.\n");
}

static int parse_fmt(const char *s, enum fmt *out)
{
	size_t i;

	for (i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (!strcmp(s, fmt_names[i])) {
			*out = (enum fmt)i;
			return 0;
		}
	return -1;
}

/* 0 when parsed, else the exit status (after saying why). *help is set
 * for --help. */
static int parse_args(int argc, char **argv, struct report_opts *o,
		      int *help)
{
	int i;

	o->map = argc >= 2 && !strcmp(argv[1], "map");
	if (argc < 2 || (strcmp(argv[1], "stats") && !o->map)) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") ||
				  !strcmp(argv[1], "-h"))) {
			*help = 1;
			return 0;
		}
		fprintf(stderr, "vigil report: expected 'stats' or 'map'\n");
		report_usage(stderr);
		return 1;
	}
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			*help = 1;
			return 0;
		}
		if (!v || a[0] != '-') {
			fprintf(stderr, "vigil report: unexpected argument "
				"'%s'\n", a);
			report_usage(stderr);
			return 1;
		}
		i++;
		if (!strcmp(a, "--db")) {
			o->db = v;
		} else if (!strcmp(a, "--out")) {
			o->out_dir = v;
		} else if (!strcmp(a, "--table")) {
			o->table = v;
		} else if (!strcmp(a, "--dcw")) {
			o->dcw = v;
		} else if (!strcmp(a, "--today")) {
			o->today = v;
		} else if (!strcmp(a, "--as")) {
			if (model_role_parse(v, &o->role) != 0) {
				fprintf(stderr, "vigil report: unknown role '%s'"
					" (public, viewer, contributor, editor,"
					" admin)\n", v);
				return 1;
			}
		} else if (!strcmp(a, "--format")) {
			if (parse_fmt(v, &o->fmt) != 0) {
				fprintf(stderr, "vigil report: unknown format "
					"'%s' (text, csv, svg, json)\n", v);
				return 1;
			}
		} else {
			fprintf(stderr, "vigil report: unexpected argument "
				"'%s'\n", a);
			report_usage(stderr);
			return 1;
		}
	}
	return 0;
}

/* One table in the chosen format, appended to b. */
static vg_status write_table(const json_t *t, enum fmt fmt, struct buf *b)
{
	char *text;
	vg_status s;

	switch (fmt) {
	case FMT_CSV:
		return report_csv(t, b);
	case FMT_SVG:
		return report_svg(t, b);
	case FMT_JSON:
		text = json_dumps(t, JSON_INDENT(2));
		if (!text)
			return VG_ENOMEM;
		s = buf_adds(b, text);
		if (s == VG_OK)
			s = buf_adds(b, "\n");
		free(text);
		return s;
	default:
		s = report_text(t, b);
		return s == VG_OK ? buf_adds(b, "\n") : s;
	}
}

/* Writes b into path through a temporary file renamed into place, so
 * that no half-written file is left; readable by its owner only. */
static vg_status write_path(const char *path, const struct buf *b,
			    struct vg_error *err)
{
	char tmp[4200];
	int fd;
	FILE *f;
	vg_status s = VG_OK;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >=
	    (int)sizeof(tmp))
		return vg_fail(err, VG_EINVAL, path, "path too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return vg_fail(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO,
			       path, "cannot create: %s", strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return vg_fail(err, VG_EIO, path, "cannot write: %s",
			       strerror(errno));
	}
	if (fwrite(buf_str(b), 1, b->len, f) != b->len || fflush(f) != 0)
		s = vg_fail(err, VG_EIO, path, "write failed: %s",
			    strerror(errno));
	if (fclose(f) != 0 && s == VG_OK)
		s = vg_fail(err, VG_EIO, path, "write failed: %s",
			    strerror(errno));
	if (s == VG_OK && rename(tmp, path) != 0)
		s = vg_fail(err, VG_EIO, path, "cannot rename into place: %s",
			    strerror(errno));
	if (s != VG_OK)
		unlink(tmp);
	return s;
}

/* write_path into dir/name.ext. */
static vg_status write_file(const char *dir, const char *name,
			    const char *ext, const struct buf *b,
			    struct vg_error *err)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext) >=
	    (int)sizeof(path))
		return vg_fail(err, VG_EINVAL, dir, "path too long");
	return write_path(path, b, err);
}

/* The tables to write: all of stats, or the one --table names. */
static json_t *chosen(const json_t *stats, const char *name,
		      struct vg_error *err)
{
	const json_t *t;

	if (!name)
		return json_incref((json_t *)stats);
	t = report_find(stats, name);
	if (!t) {
		vg_fail(err, VG_EINVAL, "--table", "no table called '%s'", name);
		return NULL;
	}
	return json_pack("[O]", t);
}

static vg_status write_all(const json_t *tables, const struct report_opts *o,
			   struct vg_error *err)
{
	struct buf b;
	const json_t *t;
	size_t i;
	vg_status s = VG_OK;

	buf_init(&b, OUT_MAX);
	if (o->out_dir && mkdir(o->out_dir, 0700) != 0 && errno != EEXIST)
		s = vg_fail(err, VG_EIO, o->out_dir, "cannot create: %s",
			    strerror(errno));
	if (s == VG_OK && !o->out_dir && o->fmt == FMT_JSON) {
		char *text = json_dumps(tables, JSON_INDENT(2));

		s = text ? buf_adds(&b, text) : VG_ENOMEM;
		free(text);
		if (s == VG_OK)
			s = buf_adds(&b, "\n");
		if (s != VG_OK)
			vg_fail(err, s, "report", "output too large");
	} else {
		json_array_foreach(tables, i, t) {
			if (s != VG_OK)
				break;
			if (o->out_dir)
				buf_reset(&b);
			s = write_table(t, o->fmt, &b);
			if (s != VG_OK) {
				vg_fail(err, s, "report", "output too large");
				break;
			}
			if (o->out_dir)
				s = write_file(o->out_dir, json_string_value(
					json_object_get(t, "name")),
					fmt_ext[o->fmt], &b, err);
		}
	}
	if (s == VG_OK && !o->out_dir &&
	    (fwrite(buf_str(&b), 1, b.len, stdout) != b.len ||
	     fflush(stdout) != 0))
		s = vg_fail(err, VG_EIO, "stdout", "write failed");
	buf_free(&b);
	return s;
}

static void today_utc(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* 1 for a "YYYY-MM-DD" that can be a day. */
static int day_valid(const char *s)
{
	int y, m, d;
	char end;

	return s && strlen(s) == 10 &&
	       sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
	       y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= 31;
}

/* vigil report map: the SVG to --out (as write_file does) or stdout. */
static int run_map(store *db, const struct actor *who,
		   const struct report_opts *o)
{
	struct vg_error err = { 0 };
	json_t *table = NULL, *u;
	struct buf b;
	size_t i;
	vg_status s;

	buf_init(&b, OUT_MAX);
	s = report_map(db, who, o->dcw, &b, &table, &err);
	if (s == VG_OK && o->out_dir)
		s = write_path(o->out_dir, &b, &err);
	else if (s == VG_OK && (fwrite(buf_str(&b), 1, b.len, stdout) != b.len ||
				fflush(stdout) != 0))
		s = vg_fail(&err, VG_EIO, "stdout", "write failed");
	json_array_foreach(json_object_get(table, "unread"), i, u)
		fprintf(stderr, "report: %s: coordinates do not read as decimal "
			"degrees; not on the map\n",
			json_string_value(json_object_get(u, "id")));
	json_decref(table);
	buf_free(&b);
	return s == VG_OK ? 0 : cli_report("report map", &err);
}

int cli_report_cmd(int argc, char **argv)
{
	struct report_opts o = { NULL, NULL, NULL, NULL, NULL, ROLE_ADMIN,
				 FMT_TEXT, 0 };
	struct vg_error err = { 0 };
	struct actor who = { 0, "cli", ROLE_ADMIN };
	json_t *stats = NULL, *tables = NULL;
	size_t n = 0;
	char today[11];
	int help = 0, rc = parse_args(argc, argv, &o, &help);
	store *db;
	vg_status s;

	if (rc || help) {
		if (help)
			report_usage(stdout);
		return rc;
	}
	if (o.today && !day_valid(o.today)) {
		fprintf(stderr, "vigil report: --today: expected YYYY-MM-DD, "
			"not '%s'\n", o.today);
		return 1;
	}
	today_utc(today);
	rc = cli_open_db("report", cli_db_path(o.db), &db);
	if (rc)
		return rc;
	who.role = o.role;
	if (o.map) {
		rc = run_map(db, &who, &o);
		store_close(db);
		return rc;
	}
	s = report_stats(db, &who, o.today ? o.today : today, &stats, &err);
	store_close(db);
	if (s == VG_OK) {
		tables = chosen(stats, o.table, &err);
		s = tables ? VG_OK : VG_EINVAL;
	}
	if (s == VG_OK && !o.out_dir && json_array_size(tables) > 1 &&
	    (o.fmt == FMT_CSV || o.fmt == FMT_SVG))
		s = vg_fail(&err, VG_EINVAL, "--format", "%s of more than one "
			    "table needs --out DIR or --table NAME",
			    fmt_names[o.fmt]);
	if (s == VG_OK)
		s = write_all(tables, &o, &err);
	n = json_array_size(tables);
	json_decref(stats);
	json_decref(tables);
	if (s != VG_OK)
		return cli_report("report", &err);
	if (o.out_dir)
		fprintf(stderr, "report: %zu tables written to %s (as %s)\n",
			n, o.out_dir,
			model_role_name(o.role));
	return 0;
}
