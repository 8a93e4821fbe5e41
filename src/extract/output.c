/* output.c — the proposal as JSON, spans counted in code points. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* Code point offsets of every token's start and end, found in one pass. */
struct cpmap {
	size_t *start, *end;
};

static int cpmap_build(const struct doc *d, struct cpmap *m)
{
	size_t k, b = 0, cp = 0;

	m->start = malloc((d->ntoks + 1) * sizeof(size_t));
	m->end = malloc((d->ntoks + 1) * sizeof(size_t));
	if (!m->start || !m->end)
		return -1;
	for (k = 0; k < d->ntoks; k++) {
		for (; b < d->toks[k].start; b++)
			cp += (d->text[b] & 0xC0) != 0x80;
		m->start[k] = cp;
		for (; b < d->toks[k].end; b++)
			cp += (d->text[b] & 0xC0) != 0x80;
		m->end[k] = cp;
	}
	return 0;
}

/* The code point offset of a byte offset that starts or ends a token. */
static size_t cp_of(const struct doc *d, const struct cpmap *m, size_t byte,
		    int is_end)
{
	size_t lo = 0, hi = d->ntoks, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((is_end ? d->toks[mid].end : d->toks[mid].start) < byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->ntoks)
		return is_end ? m->end[lo] : m->start[lo];
	return d->ntoks ? m->end[d->ntoks - 1] : 0;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *string_array(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *person_json(const struct doc *d, const struct cpmap *m,
			   const struct eperson *e)
{
	json_t *o = json_object(), *rels = json_array(), *ev = json_array();
	size_t i;

	if (!o || !rels || !ev) {
		json_decref(o);
		json_decref(rels);
		json_decref(ev);
		return NULL;
	}
	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "variants", string_array(e->variants, e->nvariants));
	json_object_set_new(o, "role", str_or_null(e->role));
	json_object_set_new(o, "status", str_or_null(e->status));
	json_object_set_new(o, "status_since", str_or_null(e->since));
	json_object_set_new(o, "sentence", str_or_null(e->sentence));
	json_object_set_new(o, "occupation", str_or_null(e->occupation));
	json_object_set_new(o, "ethnicity", str_or_null(e->ethnicity));
	for (i = 0; i < e->nrel; i++)
		json_array_append_new(rels, json_pack("{s:s, s:s, s:I, s:I, s:s%}",
			"type", e->rel[i].type,
			"of", d->persons[e->rel[i].other].name,
			"start", (json_int_t)cp_of(d, m, e->rel[i].start, 0),
			"end", (json_int_t)cp_of(d, m, e->rel[i].end, 1),
			"quote", d->text + e->rel[i].start,
			e->rel[i].end - e->rel[i].start));
	json_object_set_new(o, "relations", rels);
	for (i = 0; i < e->nev; i++) {
		const struct evidence *x = &e->ev[i];

		json_array_append_new(ev, json_pack("{s:s, s:I, s:I, s:s%}",
			"field", x->field,
			"start", (json_int_t)cp_of(d, m, x->start, 0),
			"end", (json_int_t)cp_of(d, m, x->end, 1),
			"quote", d->text + x->start, x->end - x->start));
	}
	json_object_set_new(o, "evidence", ev);
	return o;
}

vg_status doc_to_json(const struct doc *d, json_t **out)
{
	struct cpmap m = { NULL, NULL };
	json_t *o = NULL, *persons, *p;
	size_t i;
	vg_status rc = VG_ENOMEM;

	*out = NULL;
	if (cpmap_build(d, &m))
		goto out;
	o = json_object();
	persons = json_array();
	if (!o || !persons) {
		json_decref(persons);
		goto out;
	}
	json_object_set_new(o, "source_url", json_null());
	json_object_set_new(o, "publisher", str_or_null(d->publisher));
	json_object_set_new(o, "published", json_null());
	json_object_set_new(o, "offsets", json_string("codepoints"));
	json_object_set_new(o, "persons", persons);
	for (i = 0; i < d->npersons; i++) {
		p = person_json(d, &m, &d->persons[i]);
		if (!p || json_array_append_new(persons, p))
			goto out;
	}
	json_object_set_new(o, "places", string_array(d->places, d->nplaces));
	json_object_set_new(o, "organizations", string_array(d->orgs, d->norgs));
	*out = o;
	o = NULL;
	rc = VG_OK;
out:
	json_decref(o);
	free(m.start);
	free(m.end);
	return rc;
}
