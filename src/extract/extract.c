/* extract.c — runs the pipeline over one text. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

static void doc_free(struct doc *d)
{
	size_t i, v;

	for (i = 0; i < d->npersons; i++) {
		free(d->persons[i].name);
		for (v = 0; v < d->persons[i].nvariants; v++)
			free(d->persons[i].variants[v]);
	}
	for (i = 0; i < d->nplaces; i++)
		free(d->places[i]);
	for (i = 0; i < d->norgs; i++)
		free(d->orgs[i]);
	free(d->places);
	free(d->orgs);
	free(d->publisher);
	free(d->persons);
	free(d->ments);
	free(d->quotes);
	free(d->toks);
	free(d->pool);
	free(d->skel);
}

vg_status extract_text(const struct extract_lexicon *lex, const char *text,
		       size_t len, json_t **out, struct vg_error *err)
{
	struct doc d;
	vg_status rc;

	*out = NULL;
	if (len > EXTRACT_MAX_TEXT)
		return vg_fail(err, VG_ETOOBIG, "text", "text over %u bytes",
			       EXTRACT_MAX_TEXT);
	memset(&d, 0, sizeof(d));
	d.lex = lex;
	d.text = text;
	d.len = len;
	rc = doc_tokenize(&d, err);
	if (rc)
		goto out;
	rc = doc_sentences(&d, err);
	if (rc)
		goto out;
	doc_quotes(&d);
	if (!d.quotes) {
		rc = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = doc_places_orgs(&d);
	if (!rc)
		rc = doc_people(&d);
	if (!rc)
		rc = doc_facts(&d);
	if (!rc)
		rc = doc_to_json(&d, out);
	if (rc && err && !err->code)
		vg_fail(err, rc, NULL, "out of memory");
out:
	doc_free(&d);
	return rc;
}

size_t extract_cp_to_byte(const char *text, size_t len, size_t cp)
{
	size_t b;

	for (b = 0; b < len; b++) {
		if ((text[b] & 0xC0) == 0x80)
			continue;
		if (cp-- == 0)
			return b;
	}
	return len;
}
