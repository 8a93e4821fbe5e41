/* vigil dedup — pairs of person records that are probably one person; and
 * vigil person merge, which joins such a pair. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "names/index.h"
#include "names/names.h"
#include "store/merge.h"
#include "store/person_names.h"
#include "store/records.h"

#define DEDUP_TOP 10
#define DEDUP_PAGE 1000

struct pair {
	char a[NAMES_INDEX_ID_MAX], b[NAMES_INDEX_ID_MAX];
	char *name_a, *name_b;
	double score;
};

struct pairs {
	struct pair *v;
	size_t n, cap;
};

static void dedup_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil dedup [--db PATH] [--min-score S] [--format table|json]\n"
		"\n"
		"Lists pairs of people whose names probably belong to one person\n"
		"(score at least S, default %.2f), best first, as\n"
		"A<TAB>B<TAB>score<TAB>which names aligned and how.\n"
		"Join a pair with: vigil person merge A B\n", NAMES_MATCH_THRESHOLD);
}

/* Keeps the best score of each unordered pair of people. */
static int pair_note(struct pairs *ps, const char *x, const char *y,
		     const char *nx, const char *ny, double score)
{
	int swap = strcmp(x, y) > 0;
	const char *a = swap ? y : x, *b = swap ? x : y;
	size_t i;

	for (i = 0; i < ps->n; i++) {
		struct pair *p = &ps->v[i];

		if (strcmp(p->a, a) || strcmp(p->b, b))
			continue;
		if (score <= p->score)
			return 0;
		free(p->name_a);
		free(p->name_b);
		p->name_a = strdup(swap ? ny : nx);
		p->name_b = strdup(swap ? nx : ny);
		p->score = score;
		return p->name_a && p->name_b ? 0 : -1;
	}
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		struct pair *v = realloc(ps->v, cap * sizeof(*v));

		if (!v)
			return -1;
		ps->v = v;
		ps->cap = cap;
	}
	snprintf(ps->v[ps->n].a, sizeof(ps->v[ps->n].a), "%s", a);
	snprintf(ps->v[ps->n].b, sizeof(ps->v[ps->n].b), "%s", b);
	ps->v[ps->n].name_a = strdup(swap ? ny : nx);
	ps->v[ps->n].name_b = strdup(swap ? nx : ny);
	ps->v[ps->n].score = score;
	ps->n++;
	return ps->v[ps->n - 1].name_a && ps->v[ps->n - 1].name_b ? 0 : -1;
}

static int by_score(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	int c;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

/* Searches every name of one person and notes the others it finds. */
static int person_pairs(names_index *idx, const json_t *p, double min,
			struct names_hit *hits, struct pairs *ps)
{
	const char *id = json_string_value(json_object_get(p, "id"));
	json_t *n;
	size_t i, j, nh;

	json_array_foreach(json_object_get(p, "names"), i, n) {
		const char *name = json_string_value(json_object_get(n, "name"));
		struct vg_error err;

		if (!id || !name ||
		    names_index_search(idx, name, DEDUP_TOP, min, hits, &nh,
				       &err) != VG_OK)
			continue;
		for (j = 0; j < nh; j++) {
			if (!strcmp(hits[j].id, id))
				continue;
			if (pair_note(ps, id, hits[j].id, name, hits[j].name,
				      hits[j].score) < 0)
				return -1;
		}
	}
	return 0;
}

static int find_pairs(store *db, names_index *idx, double min,
		      struct pairs *ps)
{
	struct records_query q = { NULL, NULL, NULL, 0, DEDUP_PAGE };
	struct names_hit *hits = malloc(DEDUP_TOP * sizeof(*hits));
	struct vg_error err;
	int rc = 0;

	if (!hits)
		return 2;
	for (;;) {
		json_t *items = NULL, *p;
		size_t total = 0, i;

		if (records_list(db, &records_system, "person", &q, &items, &total, &err) != VG_OK) {
			rc = cli_report("dedup", &err);
			break;
		}
		json_array_foreach(items, i, p) {
			if (person_pairs(idx, p, min, hits, ps) < 0)
				rc = 2;
		}
		q.offset += json_array_size(items);
		i = json_array_size(items);
		json_decref(items);
		if (rc || !i || q.offset >= total)
			break;
	}
	free(hits);
	return rc;
}

/* The explanation on one line, for a line-per-pair output. */
static const char *one_line(char *s)
{
	char *r = s, *w = s;
	int space = 1;

	for (; *r; r++) {
		int ws = *r == '\n' || *r == ' ' || *r == '\t';

		if (ws && space)
			continue;
		if (*r == '\n') {
			*w++ = ';';
			*w++ = ' ';
			space = 1;
			continue;
		}
		*w++ = ws ? ' ' : *r;
		space = ws;
	}
	while (w > s && (w[-1] == ' ' || w[-1] == ';'))
		w--;
	*w = '\0';
	return s;
}

static void print_pairs(const struct pairs *ps, int format)
{
	json_t *arr = format == CLI_FORMAT_JSON ? json_array() : NULL;
	size_t i;

	for (i = 0; i < ps->n; i++) {
		const struct pair *p = &ps->v[i];
		struct buf why;

		buf_init(&why, 4096);
		names_compare(p->name_a, p->name_b, &why);
		if (arr)
			json_array_append_new(arr, json_pack(
				"{s:s, s:s, s:f, s:s, s:s, s:s}", "a", p->a,
				"b", p->b, "score", p->score, "name_a", p->name_a,
				"name_b", p->name_b, "reason", buf_str(&why)));
		else
			printf("%s\t%s\t%.4f\t'%s' ~ '%s': %s\n", p->a, p->b,
			       p->score, p->name_a, p->name_b,
			       one_line(why.ptr ? why.ptr : ""));
		buf_free(&why);
	}
	if (arr) {
		json_dumpf(arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(arr);
	}
}

int cli_dedup(int argc, char **argv)
{
	const char *dbpath = NULL;
	double min = NAMES_MATCH_THRESHOLD;
	int format = CLI_FORMAT_TABLE, i, rc;
	struct pairs ps = { 0 };
	struct vg_error err;
	names_index *idx = NULL;
	store *db = NULL;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;

		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			dedup_usage(stdout);
			return 0;
		}
		if (!val) {
			fprintf(stderr, "vigil dedup: %s: unknown option or missing value\n",
				argv[i]);
			return 1;
		}
		if (!strcmp(argv[i], "--db")) {
			dbpath = val;
		} else if (!strcmp(argv[i], "--min-score")) {
			errno = 0;
			min = strtod(val, &end);
			if (errno || *end || !(min >= 0 && min <= 1)) {
				fprintf(stderr, "vigil dedup: --min-score: '%s' is not a number from 0 to 1\n", val);
				return 1;
			}
		} else if (!strcmp(argv[i], "--format")) {
			format = cli_parse_format(val);
			if (format < 0) {
				fprintf(stderr, "vigil dedup: --format: table or json\n");
				return 1;
			}
		} else {
			fprintf(stderr, "vigil dedup: unknown option %s\n", argv[i]);
			return 1;
		}
		i++;
	}
	vg_error_clear(&err);
	if (names_init(&err) != VG_OK)
		return cli_report("dedup", &err);
	rc = cli_open_db_read("dedup", cli_db_path(dbpath), &db);
	if (rc)
		return rc;
	idx = names_index_new();
	if (!idx) {
		rc = 2;
		goto out;
	}
	if (person_names_load(db, idx, &err) != VG_OK) {
		rc = cli_report("dedup", &err);
		goto out;
	}
	rc = find_pairs(db, idx, min, &ps);
	if (rc)
		goto out;
	if (ps.n)
		qsort(ps.v, ps.n, sizeof(*ps.v), by_score);
	print_pairs(&ps, format);
out:
	for (k = 0; k < ps.n; k++) {
		free(ps.v[k].name_a);
		free(ps.v[k].name_b);
	}
	free(ps.v);
	names_index_free(idx);
	store_close(db);
	return rc;
}

/* vigil person merge A B: argv[0] is "merge". */
int cli_person_merge(int argc, char **argv)
{
	static const struct actor operator_actor = { 0, "cli", ROLE_ADMIN };
	const char *dbpath = NULL, *ids[2] = { NULL, NULL };
	struct vg_error err;
	json_t *moved = NULL;
	store *db = NULL;
	int i, nids = 0, rc, undo = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: vigil person merge [--undo] A B [--db PATH]\n\n"
			       "Merges person B into person A in one transaction:\n"
			       "B's names join A's, A's empty fields take B's values,\n"
			       "every act, relation, penalty, intervention and citation\n"
			       "about B is pointed at A, and B is deleted. Each change\n"
			       "is in the revision history; B's last content stays in\n"
			       "its delete revision.\n\n"
			       "--undo takes the merge back from the revisions: B is\n"
			       "re-created as it was, A loses what B gave it, and acts,\n"
			       "relations, penalties and citations moved to A point at\n"
			       "B again (intervention victim lists stay as they are).\n");
			return 0;
		}
		if (!strcmp(argv[i], "--undo")) {
			undo = 1;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			dbpath = argv[++i];
		} else if (argv[i][0] != '-' && nids < 2) {
			ids[nids++] = argv[i];
		} else {
			fprintf(stderr, "vigil person merge: unexpected argument '%s'\n",
				argv[i]);
			return 1;
		}
	}
	if (nids != 2) {
		fprintf(stderr, "vigil person merge: give two ids: A (kept) and B "
			"(merged into A)\n");
		return 1;
	}
	rc = cli_open_db("person merge", cli_db_path(dbpath), &db);
	if (rc)
		return rc;
	vg_error_clear(&err);
	if (undo) {
		if (person_unmerge(db, &operator_actor, ids[0], ids[1], &err) != VG_OK)
			rc = cli_report("person merge --undo", &err);
		else
			printf("unmerged %s from %s\n", ids[1], ids[0]);
		goto out;
	}
	if (person_merge(db, &operator_actor, ids[0], ids[1], &moved, &err) != VG_OK) {
		rc = cli_report("person merge", &err);
		goto out;
	}
	printf("merged %s into %s: %zu names added, %zu fields filled, "
	       "%zu records re-pointed\n",
	       json_string_value(json_object_get(moved, "from")),
	       json_string_value(json_object_get(moved, "into")),
	       json_array_size(json_object_get(moved, "names")),
	       json_array_size(json_object_get(moved, "fields")),
	       json_array_size(json_object_get(moved, "repointed")));
out:
	json_decref(moved);
	store_close(db);
	return rc;
}
