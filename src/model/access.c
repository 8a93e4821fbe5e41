/* access.c — role x record x field: who may see and do what.
 *
 * Deny by default: every function starts from "no" and grants only what
 * a rule below says. */
#include "model/access.h"

#include <string.h>

int access_allows(enum role r, const struct record_type *t, enum action a)
{
	if ((unsigned)r > ROLE_ADMIN)
		return 0;
	if (a == ACTION_ADMIN)
		return r == ROLE_ADMIN;
	if (!t || t->child)
		return 0;
	switch (a) {
	case ACTION_READ:
		return 1;
	case ACTION_CREATE:
		return r >= ROLE_CONTRIBUTOR;
	case ACTION_UPDATE:
	case ACTION_DELETE:
	case ACTION_REVIEW:
		return r >= ROLE_EDITOR;
	default:
		return 0;
	}
}

int access_sees_level(enum role r, enum level l)
{
	if ((unsigned)r > ROLE_ADMIN || (unsigned)l > LEVEL_SECRET)
		return 0;
	switch (l) {
	case LEVEL_PUBLIC:
		return 1;
	case LEVEL_INTERNAL:
		return r >= ROLE_VIEWER;
	case LEVEL_CONFIDENTIAL:
		return r >= ROLE_EDITOR;
	case LEVEL_SECRET:
		return r >= ROLE_ADMIN;
	}
	return 0;
}

/* A record without a readable level is treated as secret. */
static enum level record_level(const json_t *rec)
{
	enum level l;
	const char *s = json_string_value(json_object_get(rec, "level"));

	if (!s || model_level_parse(s, &l) != 0)
		return LEVEL_SECRET;
	return l;
}

static json_t *redact_object(enum role r, const struct record_type *t,
			     const json_t *rec);

static json_t *redact_list(enum role r, const struct field_def *f,
			   const json_t *rows)
{
	const struct record_type *ct = model_type(f->vocab);
	json_t *out = json_array();
	json_t *row, *copy;
	size_t i;

	if (!out || !ct || !json_is_array(rows)) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		copy = redact_object(r, ct, row);
		if (copy)
			json_array_append_new(out, copy);
	}
	return out;
}

/* Copies only the keys r may see: descriptor fields at a visible level and
 * the common keys; anything unknown is dropped. */
static json_t *redact_object(enum role r, const struct record_type *t,
			     const json_t *rec)
{
	json_t *out = json_object();
	const char *key;
	json_t *v, *copy;

	if (!out || !json_is_object(rec)) {
		json_decref(out);
		return NULL;
	}
	json_object_foreach((json_t *)rec, key, v) {
		const struct field_def *f = model_field(t, key);

		if (!f) {
			if (!t->child && model_is_common_key(key))
				json_object_set(out, key, v);
			continue;
		}
		if (!access_sees_level(r, f->level))
			continue;
		if (f->kind == FIELD_LIST) {
			copy = redact_list(r, f, v);
			if (copy)
				json_object_set_new(out, key, copy);
			continue;
		}
		json_object_set(out, key, v);
	}
	return out;
}

json_t *access_redact(enum role r, const struct record_type *t,
		      const json_t *rec)
{
	if (!t || !json_is_object(rec) || !access_allows(r, t, ACTION_READ))
		return NULL;
	if (!access_sees_level(r, record_level(rec)))
		return NULL;
	if (r == ROLE_PUBLIC &&
	    !json_is_false(json_object_get(rec, "pending")))
		return NULL;
	return redact_object(r, t, rec);
}

/* 1 if the filter's "level" (absent, one level or a list) admits l. */
static int filter_admits(const json_t *asked, enum level l)
{
	const char *name = model_level_name(l);
	json_t *v;
	size_t i;

	if (!asked)
		return 1;
	if (json_is_string(asked))
		return !strcmp(json_string_value(asked), name);
	json_array_foreach(asked, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), name))
			return 1;
	return 0;
}

int access_restrict_filter(enum role r, json_t *filter)
{
	json_t *levels, *asked;
	unsigned l;

	if (!json_is_object(filter))
		return -1;
	levels = json_array();
	asked = json_object_get(filter, "level");
	for (l = LEVEL_PUBLIC; l <= LEVEL_SECRET; l++)
		if (access_sees_level(r, (enum level)l) &&
		    filter_admits(asked, (enum level)l))
			json_array_append_new(levels, json_string(
				model_level_name((enum level)l)));
	/* An empty list would be refused by records_list; no level matches
	 * the impossible one. */
	if (json_array_size(levels) == 0)
		json_array_append_new(levels, json_string("none"));
	json_object_set_new(filter, "level", levels);
	if (r == ROLE_PUBLIC)
		json_object_set_new(filter, "pending", json_false());
	return 0;
}
