/* Updates keep what the writer cannot see. A writer is shown a record
 * without the fields above their level; what they send back must not
 * clear those fields, nor the hidden fields of child rows (a list sent
 * replaces the whole list in the store). */
#include <string.h>

#include "model/access.h"
#include "web/api.h"

/* 1 when rows a and b agree on every field of ct that r may see. */
static int same_visible(enum role r, const struct record_type *ct,
			const json_t *a, const json_t *b)
{
	size_t k;

	for (k = 0; k < ct->nfields; k++) {
		const struct field_def *sf = &ct->fields[k];
		json_t *va = json_object_get(a, sf->name);
		json_t *vb = json_object_get(b, sf->name);

		if (!access_sees_level(r, sf->level))
			continue;
		if (va && json_is_null(va))
			va = NULL;
		if (vb && json_is_null(vb))
			vb = NULL;
		if ((va || vb) && !(va && vb && json_equal(va, vb)))
			return 0;
	}
	return 1;
}

/* Sets the hidden fields of row from old (or removes them: the writer may
 * not set what they cannot see). */
static void copy_hidden(enum role r, const struct record_type *ct,
			json_t *row, const json_t *old)
{
	size_t k;

	for (k = 0; k < ct->nfields; k++) {
		const struct field_def *sf = &ct->fields[k];
		json_t *v = old ? json_object_get(old, sf->name) : NULL;

		if (access_sees_level(r, sf->level))
			continue;
		if (v)
			json_object_set(row, sf->name, v);
		else
			json_object_del(row, sf->name);
	}
}

/* A new row takes the hidden values of the old row it is: first an old
 * row whose visible fields are all the same (rows may have been
 * reordered), else the old row at the same place when the list kept its
 * length (a row edited in place). A row matching neither is new and gets
 * no hidden value. */
static void merge_rows(enum role r, const struct record_type *ct,
		       json_t *rows, const json_t *old_rows)
{
	size_t n_old = json_is_array(old_rows) ? json_array_size(old_rows) : 0;
	size_t n_new = json_array_size(rows), i, j;
	unsigned char used[512] = { 0 };
	json_t *row, *match;

	if (n_old > sizeof(used))
		n_old = sizeof(used);
	for (i = 0; i < n_new; i++) {
		row = json_array_get(rows, i);
		match = NULL;
		if (!json_is_object(row))
			continue;
		for (j = 0; j < n_old && !match; j++) {
			if (used[j] || !same_visible(r, ct, row,
						     json_array_get(old_rows, j)))
				continue;
			used[j] = 1;
			match = json_array_get(old_rows, j);
		}
		if (!match && n_old == n_new && i < n_old && !used[i]) {
			used[i] = 1;
			match = json_array_get(old_rows, i);
		}
		copy_hidden(r, ct, row, match);
	}
}

void api_keep_hidden(enum role r, const struct record_type *t,
		     const json_t *old, json_t *changes)
{
	const struct record_type *ct;
	json_t *rows;
	size_t i;

	if (!t || !json_is_object(changes))
		return;
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (!access_sees_level(r, f->level)) {
			/* Absent from the changes, the stored value stays. */
			json_object_del(changes, f->name);
			continue;
		}
		rows = json_object_get(changes, f->name);
		if (f->kind != FIELD_LIST || !json_is_array(rows))
			continue;
		ct = model_type(f->vocab);
		if (ct)
			merge_rows(r, ct, rows,
				   old ? json_object_get(old, f->name) : NULL);
	}
}
