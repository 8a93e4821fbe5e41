/* Helpers shared by the ingestion unit tests: run the extractor on a
 * string and look at the proposal. */
#ifndef VIGIL_TESTS_EXTRACT_TEST_UTIL_H
#define VIGIL_TESTS_EXTRACT_TEST_UTIL_H

#include <string.h>

#include <jansson.h>

#include "extract/extract.h"

static struct extract_lexicon *test_lexicon;

static inline int lexicon_setup(void **state)
{
	struct vg_error err = { 0 };

	(void)state;
	if (extract_lexicon_load("en", &test_lexicon, &err) != VG_OK) {
		fprintf(stderr, "lexicon: %s: %s\n", err.where, err.msg);
		return -1;
	}
	return 0;
}

static inline int lexicon_teardown(void **state)
{
	(void)state;
	extract_lexicon_free(test_lexicon);
	return 0;
}

static inline json_t *propose(const char *text)
{
	struct vg_error err = { 0 };
	json_t *out = NULL;

	if (extract_text(test_lexicon, text, strlen(text), &out, &err) != VG_OK)
		fprintf(stderr, "extract: %s: %s\n", err.where, err.msg);
	return out;
}

/* The proposed person called name (or with name among the variants). */
static inline json_t *person_named(json_t *proposal, const char *name)
{
	json_t *p, *v;
	size_t i, j;

	json_array_foreach(json_object_get(proposal, "persons"), i, p) {
		if (!strcmp(json_string_value(json_object_get(p, "name")), name))
			return p;
		json_array_foreach(json_object_get(p, "variants"), j, v)
			if (!strcmp(json_string_value(v), name))
				return p;
	}
	return NULL;
}

static inline size_t person_count(json_t *proposal)
{
	return json_array_size(json_object_get(proposal, "persons"));
}

/* The value of a person's field, "" for null. */
static inline const char *fact(json_t *person, const char *field)
{
	const char *s = json_string_value(json_object_get(person, field));

	return s ? s : "";
}

/* Does person have a relation of this type to other? */
static inline int has_relation(json_t *person, const char *type, const char *other)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(person, "relations"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "type")), type) &&
		    !strcmp(json_string_value(json_object_get(r, "of")), other))
			return 1;
	return 0;
}

static inline int in_string_list(json_t *proposal, const char *key, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(proposal, key), i, v)
		if (!strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

#endif
