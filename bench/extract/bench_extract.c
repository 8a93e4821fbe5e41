/* bench_extract — how many articles per second ingestion proposes on one
 * core. Reads every file named on the command line into memory first, so
 * that only HTML reading and extraction are timed; files ending in .html
 * go through extract_html_text first, as `vigil ingest` does. Prints wall
 * and CPU time.
 *
 * usage: bench_extract FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/extract.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;

	if (!f)
		return NULL;
	data = malloc(EXTRACT_MAX_TEXT + 1);
	if (data) {
		*len = fread(data, 1, EXTRACT_MAX_TEXT, f);
		data[*len] = '\0';
	}
	fclose(f);
	return data;
}

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct extract_lexicon *lex = NULL;
	struct vg_error err = { 0 };
	char **texts;
	size_t *lens, i, n = (size_t)argc - 1, bytes = 0, people = 0;
	double t0, t1, c0, c1;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_extract FILE...\n");
		return 1;
	}
	if (extract_lexicon_load("en", &lex, &err)) {
		fprintf(stderr, "bench_extract: %s: %s\n", err.where, err.msg);
		return 1;
	}
	texts = calloc(n, sizeof(*texts));
	lens = calloc(n, sizeof(*lens));
	for (i = 0; i < n; i++) {
		texts[i] = slurp(argv[i + 1], &lens[i]);
		if (!texts[i]) {
			fprintf(stderr, "bench_extract: %s: cannot read\n", argv[i + 1]);
			return 1;
		}
		bytes += lens[i];
	}
	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		const char *text = texts[i];
		size_t len = lens[i], plen = strlen(argv[i + 1]);
		char *plain = NULL;
		json_t *out = NULL;

		if (plen > 5 && !strcmp(argv[i + 1] + plen - 5, ".html")) {
			if (extract_html_text(text, len, &plain, &err))
				return 1;
			text = plain;
			len = strlen(plain);
		}
		if (extract_text(lex, text, len, &out, &err)) {
			fprintf(stderr, "bench_extract: %s: %s\n", argv[i + 1], err.msg);
			return 1;
		}
		people += json_array_size(json_object_get(out, "persons"));
		json_decref(out);
		free(plain);
	}
	t1 = now(CLOCK_MONOTONIC);
	c1 = now(CLOCK_PROCESS_CPUTIME_ID);
	/* CPU time as well as wall time: on a shared machine the wall time
	 * measures the other work too. */
	printf("articles %zu\nbytes %zu\npeople %zu\nseconds %.3f\n"
	       "cpu_seconds %.3f\narticles_per_second %.0f\n"
	       "articles_per_cpu_second %.0f\nmegabytes_per_cpu_second %.2f\n",
	       n, bytes, people, t1 - t0, c1 - c0, (double)n / (t1 - t0),
	       (double)n / (c1 - c0), (double)bytes / 1e6 / (c1 - c0));
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(lens);
	extract_lexicon_free(lex);
	return 0;
}
