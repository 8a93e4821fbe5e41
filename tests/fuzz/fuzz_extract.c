/* Fuzzes the article extractor: HTML to text, then text to a proposal.
 * Every evidence span must lie inside the text it points into. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "extract/extract.h"

static struct extract_lexicon *lexicon;

static size_t codepoints(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static void check_spans(const json_t *proposal, size_t text_cps)
{
	const json_t *persons = json_object_get(proposal, "persons");
	const json_t *p, *ev, *e;
	size_t i, j;

	json_array_foreach(persons, i, p) {
		ev = json_object_get(p, "evidence");
		json_array_foreach(ev, j, e) {
			json_int_t s = json_integer_value(json_object_get(e, "start"));
			json_int_t t = json_integer_value(json_object_get(e, "end"));

			if (s < 0 || t < s || (size_t)t > text_cps)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_error err;
	json_t *proposal = NULL;
	char *text = NULL;

	if (!lexicon && extract_lexicon_load("en", &lexicon, &err) != VG_OK)
		abort();
	if (size > 65536)
		return 0;
	if (extract_html_text((const char *)data, size, &text, &err) != VG_OK)
		return 0;
	if (extract_text(lexicon, text, strlen(text), &proposal, &err) ==
	    VG_OK) {
		check_spans(proposal, codepoints(text));
		json_decref(proposal);
	}
	free(text);
	return 0;
}
