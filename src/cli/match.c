/* vigil match — match a list of names against an index file or the
 * database's people, and print the likely matches of each. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "names/index.h"
#include "names/match.h"
#include "names/names.h"
#include "store/person_names.h"

#define MATCH_FILE_MAX ((size_t)2 << 30) /* 2 GiB: a list far past any real one */
#define MATCH_TOP_MAX 1000

struct tsv_line {
	const char *a, *b;
	size_t lineno;
};

struct tsv {
	char *text;
	struct tsv_line *lines;
	size_t n;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil match (--index NAMES.tsv | --db PATH) --queries QUERIES.tsv\n"
		"                   [--top K] [--threads N] [--min-score S] [--stats]\n"
		"\n"
		"For each query prints qid<TAB>id<TAB>score lines, best first, at most\n"
		"K (default 10) per query, in the order of the queries.\n"
		"NAMES.tsv holds id<TAB>name lines (several lines may share an id);\n"
		"QUERIES.tsv holds qid<TAB>name lines (more columns are ignored).\n"
		"--db matches against the names of the database's people.\n"
		"--stats prints timings on stderr.\n");
}

static int read_file(const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t len = 0, cap = 0, got;

	*out = NULL;
	if (!f) {
		fprintf(stderr, "vigil match: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (;;) {
		if (cap - len < 65536) {
			char *np;

			cap = cap ? cap * 2 : 1 << 20;
			if (cap > MATCH_FILE_MAX + 1)
				goto toobig;
			np = realloc(p, cap);
			if (!np)
				goto nomem;
			p = np;
		}
		got = fread(p + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "vigil match: %s: read error\n", path);
		free(p);
		fclose(f);
		return 1;
	}
	fclose(f);
	p[len] = '\0';
	if (strlen(p) != len) {
		fprintf(stderr, "vigil match: %s: contains a NUL byte\n", path);
		free(p);
		return 1;
	}
	*out = p;
	return 0;
toobig:
	fprintf(stderr, "vigil match: %s: larger than 2 GiB\n", path);
	free(p);
	fclose(f);
	return 1;
nomem:
	fprintf(stderr, "vigil match: %s: out of memory\n", path);
	free(p);
	fclose(f);
	return 2;
}

/* Splits the file into lines of at least two tab-separated fields; an
 * empty line is skipped, anything else short of two fields is refused. */
static int tsv_parse(const char *path, const char *what, struct tsv *t)
{
	char *line, *p;
	size_t lineno = 0, cap = 0;
	int rc = read_file(path, &t->text);

	if (rc)
		return rc;
	p = t->text;
	while (p && *p) {
		char *nl = strchr(p, '\n'), *tab, *end;

		line = p;
		p = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (!*line)
			continue;
		tab = strchr(line, '\t');
		if (!tab || tab == line || !tab[1] || tab[1] == '\t') {
			fprintf(stderr, "vigil match: %s: line %zu: expected %s\n",
				path, lineno, what);
			return 1;
		}
		*tab = '\0';
		end = strchr(tab + 1, '\t');
		if (end)
			*end = '\0';
		if (t->n == cap) {
			struct tsv_line *nl2;

			cap = cap ? cap * 2 : 1024;
			nl2 = realloc(t->lines, cap * sizeof(*nl2));
			if (!nl2) {
				fprintf(stderr, "vigil match: out of memory\n");
				return 2;
			}
			t->lines = nl2;
		}
		t->lines[t->n++] = (struct tsv_line){ line, tab + 1, lineno };
	}
	return 0;
}

static void tsv_free(struct tsv *t)
{
	free(t->text);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int build_from_file(const char *path, unsigned threads,
			   names_index *idx)
{
	struct tsv t = { 0 };
	struct names_index_item *items = NULL;
	struct vg_error err;
	size_t i;
	int rc = tsv_parse(path, "id<TAB>name", &t);

	if (rc)
		goto out;
	items = malloc((t.n ? t.n : 1) * sizeof(*items));
	if (!items) {
		fprintf(stderr, "vigil match: out of memory\n");
		rc = 2;
		goto out;
	}
	for (i = 0; i < t.n; i++)
		items[i] = (struct names_index_item){ t.lines[i].a, t.lines[i].b };
	vg_error_clear(&err);
	if (names_index_build_parallel(idx, items, t.n, threads, &err) != VG_OK) {
		char *end = NULL;
		unsigned long item = strtoul(err.where + 5, &end, 10);

		if (!strncmp(err.where, "item ", 5) && item < t.n)
			fprintf(stderr, "vigil match: %s: line %zu: %s\n", path,
				t.lines[item].lineno, err.msg);
		else
			fprintf(stderr, "vigil match: %s: %s\n", path, err.msg);
		rc = vg_exit_code(err.code);
	}
out:
	free(items);
	tsv_free(&t);
	return rc;
}

static void progress_bar(size_t done, size_t total, void *ctx)
{
	int width = 40, filled = total ? (int)(done * (size_t)width / total) : width;

	(void)ctx;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu", filled,
		"########################################", width - filled, "",
		done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v and gives its median, mean and 99th percentile. */
static void summary(double *v, size_t n, double out[3])
{
	double sum = 0;
	size_t i;

	out[0] = out[1] = out[2] = 0;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += v[i];
	qsort(v, n, sizeof(*v), cmp_double);
	out[0] = v[n / 2];
	out[1] = sum / (double)n;
	out[2] = v[n * 99 / 100];
}

/* Wall time per query counts waiting for a busy CPU too; the thread's
 * CPU time is what the search itself costs. */
static void print_stats(names_index *idx, double build_s, double *ms,
			double *cpu, size_t n, double wall_s, unsigned threads)
{
	double w[3], c[3];

	summary(ms, n, w);
	summary(cpu, n, c);
	fprintf(stderr,
		"stats: names %zu people %zu build_s %.3f queries %zu threads %u "
		"median_ms %.4f mean_ms %.4f p99_ms %.4f cpu_median_ms %.4f "
		"cpu_mean_ms %.4f cpu_p99_ms %.4f wall_s %.3f qps %.0f\n",
		names_index_names(idx), names_index_people(idx), build_s, n,
		threads, w[0], w[1], w[2], c[0], c[1], c[2], wall_s,
		wall_s > 0 ? (double)n / wall_s : 0.0);
}

struct match_args {
	const char *index, *queries, *db;
	size_t top;
	unsigned threads;
	double min_score;
	int stats;
};

static int parse_args(int argc, char **argv, struct match_args *a)
{
	int i;

	*a = (struct match_args){ NULL, NULL, NULL, 10, 1, 0.0, 0 };
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			return -1;
		}
		if (!strcmp(opt, "--stats")) {
			a->stats = 1;
			continue;
		}
		if (!val) {
			fprintf(stderr, "vigil match: %s: unknown option or missing value\n", opt);
			return 1;
		}
		i++;
		errno = 0;
		if (!strcmp(opt, "--index")) {
			a->index = val;
		} else if (!strcmp(opt, "--queries")) {
			a->queries = val;
		} else if (!strcmp(opt, "--db")) {
			a->db = val;
		} else if (!strcmp(opt, "--top")) {
			long v = strtol(val, &end, 10);

			if (errno || *end || v < 1 || v > MATCH_TOP_MAX)
				goto bad;
			a->top = (size_t)v;
		} else if (!strcmp(opt, "--threads")) {
			long v = strtol(val, &end, 10);

			if (errno || *end || v < 1 || v > 64)
				goto bad;
			a->threads = (unsigned)v;
		} else if (!strcmp(opt, "--min-score")) {
			double v = strtod(val, &end);

			if (errno || *end || !(v >= 0 && v <= 1))
				goto bad;
			a->min_score = v;
		} else {
			fprintf(stderr, "vigil match: unknown option %s\n", opt);
			return 1;
		}
		continue;
bad:
		fprintf(stderr, "vigil match: %s: bad value '%s' (--top 1-%d, "
			"--threads 1-64, --min-score 0-1)\n", opt, val, MATCH_TOP_MAX);
		return 1;
	}
	if (!a->queries || (!a->index == !a->db)) {
		fprintf(stderr, "vigil match: give --queries and one of --index or --db "
			"(see vigil match --help)\n");
		return 1;
	}
	return 0;
}

/* Every person's names from the database, under their public ids. */
static int cli_match_load_db(const char *cmd, const char *path,
			     names_index *idx)
{
	struct vg_error err;
	store *db = NULL;
	int rc = cli_open_db_read(cmd, path, &db);

	if (rc)
		return rc;
	vg_error_clear(&err);
	if (person_names_load(db, idx, &err) != VG_OK)
		rc = cli_report(cmd, &err);
	store_close(db);
	return rc;
}

static int run_queries(const struct match_args *a, names_index *idx,
		       double build_s)
{
	struct tsv t = { 0 };
	struct names_query *q = NULL;
	struct names_match_opts o = { a->top, a->min_score, a->threads,
				      NULL, NULL, NULL, NULL };
	struct vg_error err;
	char **out = NULL;
	size_t i, failed = 0;
	double t0;
	int rc = tsv_parse(a->queries, "qid<TAB>name", &t);

	if (rc)
		goto out;
	q = malloc((t.n ? t.n : 1) * sizeof(*q));
	o.ms = a->stats ? malloc((t.n ? t.n : 1) * sizeof(double)) : NULL;
	o.cpu_ms = a->stats ? malloc((t.n ? t.n : 1) * sizeof(double)) : NULL;
	if (!q || (a->stats && (!o.ms || !o.cpu_ms))) {
		fprintf(stderr, "vigil match: out of memory\n");
		rc = 2;
		goto out;
	}
	for (i = 0; i < t.n; i++)
		q[i] = (struct names_query){ t.lines[i].a, t.lines[i].b };
	if (isatty(STDERR_FILENO))
		o.progress = progress_bar;
	vg_error_clear(&err);
	t0 = now_s();
	if (names_match_run(idx, q, t.n, &o, &out, &failed, &err) != VG_OK) {
		if (failed < t.n && err.code == VG_EINVAL)
			fprintf(stderr, "vigil match: %s: line %zu: %s\n",
				a->queries, t.lines[failed].lineno, err.msg);
		else
			fprintf(stderr, "vigil match: %s\n", err.msg);
		rc = vg_exit_code(err.code);
		goto out;
	}
	if (a->stats)
		print_stats(idx, build_s, o.ms, o.cpu_ms, t.n, now_s() - t0,
			    a->threads);
	for (i = 0; i < t.n; i++) {
		fputs(out[i], stdout);
		free(out[i]);
	}
	free(out);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vigil match: error writing the results\n");
		rc = 2;
	}
out:
	free(o.ms);
	free(o.cpu_ms);
	free(q);
	tsv_free(&t);
	return rc;
}

int cli_match(int argc, char **argv)
{
	struct match_args a;
	struct vg_error err;
	names_index *idx = NULL;
	double t0;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc < 0 ? 0 : rc;
	vg_error_clear(&err);
	if (names_init(&err) != VG_OK)
		return cli_report("match", &err);
	idx = names_index_new();
	if (!idx) {
		fprintf(stderr, "vigil match: out of memory\n");
		return 2;
	}
	t0 = now_s();
	if (a.index)
		rc = build_from_file(a.index, a.threads, idx);
	else
		rc = cli_match_load_db("match", cli_db_path(a.db), idx);
	if (!rc)
		rc = run_queries(&a, idx, now_s() - t0);
	names_index_free(idx);
	return rc;
}
