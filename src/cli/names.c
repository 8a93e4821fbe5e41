/* names.c — `vigil names`: look at what the names engine makes of a name,
 * and score pairs of names.
 *
 *   vigil names key NAME          script, parts, Latin forms, skeletons
 *   vigil names key -             the same for names on stdin, one a line,
 *                                 as one tab-separated line each
 *   vigil names score [--explain] name1<TAB>name2 lines on stdin, one
 *                                 score per line on stdout */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "names/names.h"

#define LINE_MAX_BYTES 4096

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil names key NAME\n"
		"       vigil names key - < names.txt\n"
		"       vigil names score [--explain] < pairs.tsv\n\n"
		"key prints the script of NAME and, for each part, its Latin form,\n"
		"skeleton key, stem, weight (1 for a rare part, less for a common\n"
		"one) and flags (patronymic, surname ending, initial, from-chinese).\n"
		"With -, it reads one name a line and prints 'script<TAB>skeletons'.\n\n"
		"score reads lines 'name1<TAB>name2' and prints one score in [0,1]\n"
		"per line; %.1f and above means probably the same name. --explain\n"
		"adds how the parts aligned and why.\n", NAMES_MATCH_THRESHOLD);
}

static void print_flags(unsigned flags)
{
	const char *sep = "";

	if (flags & NAME_PART_PATRONYMIC) {
		printf("%spatronymic", sep);
		sep = ",";
	}
	if (flags & NAME_PART_SURNAME_END) {
		printf("%ssurname-ending", sep);
		sep = ",";
	}
	if (flags & NAME_PART_INITIAL) {
		printf("%sinitial", sep);
		sep = ",";
	}
	if (flags & NAME_PART_FROM_HAN)
		printf("%sfrom-chinese", sep);
}

/* Reads a line into line (size LINE_MAX_BYTES + 2) without its newline;
 * 0 at end of input, -1 for a line over LINE_MAX_BYTES. */
static int read_line(char *line, unsigned lineno)
{
	if (!fgets(line, LINE_MAX_BYTES + 2, stdin))
		return 0;
	if (strlen(line) > LINE_MAX_BYTES) {
		fprintf(stderr, "vigil names: stdin: line %u: longer than %d bytes\n",
			lineno, LINE_MAX_BYTES);
		return -1;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return 1;
}

static int names_key_stdin(void)
{
	char line[LINE_MAX_BYTES + 2];
	struct vg_error err;
	struct name_key key;
	unsigned lineno = 0;
	size_t i;
	int r;

	for (;;) {
		r = read_line(line, lineno + 1);
		if (r <= 0)
			break;
		lineno++;
		vg_error_clear(&err);
		if (names_analyse(line, &key, &err) != VG_OK) {
			snprintf(err.where, sizeof(err.where), "stdin: line %u", lineno);
			return cli_report("names", &err);
		}
		printf("%s\t", key.script);
		for (i = 0; i < key.nparts; i++)
			printf("%s%s", i ? " " : "", key.parts[i].skeleton);
		printf("\n");
	}
	return r < 0 ? 1 : 0;
}

static int names_key_cmd(int argc, char **argv)
{
	struct vg_error err;
	struct name_key key;
	size_t i;

	if (argc != 3) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[2], "-"))
		return names_key_stdin();
	vg_error_clear(&err);
	if (names_analyse(argv[2], &key, &err) != VG_OK) {
		vg_error_prefix(&err, "argument NAME");
		return cli_report("names", &err);
	}
	printf("script\t%s\n", key.script);
	for (i = 0; i < key.nparts; i++) {
		const struct name_part *p = &key.parts[i];

		printf("part %zu\tlatin %s\tskeleton %s\tstem %s\tweight %.2f\tflags ",
		       i + 1, p->latin, p->skeleton, p->stem, (double)p->weight);
		print_flags(p->flags);
		printf("\n");
	}
	return 0;
}

/* Splits "name1<TAB>name2" in place; -1 when the line has no tab, more
 * than one, or an empty side. */
static int split_pair(char *line, char **a, char **b)
{
	char *tab = strchr(line, '\t');

	if (!tab || strchr(tab + 1, '\t'))
		return -1;
	*tab = '\0';
	*a = line;
	*b = tab + 1;
	return **a && **b ? 0 : -1;
}

static int score_line(char *line, unsigned lineno, int explain, struct buf *ex)
{
	struct name_key ka, kb;
	struct vg_error err;
	char where[64], *a, *b;

	vg_error_clear(&err);
	snprintf(where, sizeof(where), "stdin: line %u", lineno);
	if (split_pair(line, &a, &b) < 0) {
		vg_fail(&err, VG_EINVAL, where, "expected 'name1<TAB>name2'");
		return cli_report("names", &err);
	}
	if (names_analyse(a, &ka, &err) != VG_OK || names_analyse(b, &kb, &err) != VG_OK) {
		snprintf(err.where, sizeof(err.where), "%s", where);
		return cli_report("names", &err);
	}
	buf_reset(ex);
	printf("%.4f\n", names_score(&ka, &kb, explain ? ex : NULL));
	if (explain)
		fputs(buf_str(ex), stdout);
	return 0;
}

static int names_score_cmd(int argc, char **argv)
{
	char line[LINE_MAX_BYTES + 2];
	unsigned lineno = 0;
	int explain = 0, rc = 0, r;
	struct buf ex;

	if (argc == 3 && !strcmp(argv[2], "--explain"))
		explain = 1;
	else if (argc != 2) {
		usage(stderr);
		return 1;
	}
	buf_init(&ex, 1 << 16);
	while (rc == 0) {
		r = read_line(line, lineno + 1);
		if (r <= 0) {
			rc = r < 0 ? 1 : 0;
			break;
		}
		lineno++;
		rc = score_line(line, lineno, explain, &ex);
	}
	buf_free(&ex);
	return rc;
}

int cli_names(int argc, char **argv)
{
	struct vg_error err;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	vg_error_clear(&err);
	if (names_init(&err) != VG_OK)
		return cli_report("names", &err);
	if (!strcmp(argv[1], "key"))
		return names_key_cmd(argc, argv);
	if (!strcmp(argv[1], "score"))
		return names_score_cmd(argc, argv);
	fprintf(stderr, "vigil names: unknown action '%s'\n", argv[1]);
	usage(stderr);
	return 1;
}
