/* export.c — every record, redacted for a role, as one JSON document.
 *
 * Records are written one a line in a fixed order (types in dependency
 * order, ids ascending, keys in descriptor order), so that the output of
 * the same content never changes and an import of it succeeds in one
 * pass. */
#include "io/export.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/date.h"
#include "io/export_int.h"
#include "model/access.h"
#include "store/records.h"

/* Referenced types come before the types that refer to them; citations,
 * which may point at any record, come last. */
static const char *const export_order[] = {
	"place", "source", "person", "act", "relation", "intervention",
	"campaign", "penalty", "citation", NULL
};

/* Keys every record may carry that are not fields, in the order written. */
static const char *const head_keys[] = { "id", "uuid", "level", "pending",
					 NULL };

/* Ids sort by length first, so that V-1000000 follows V-999999. */
static int by_id(const void *a, const void *b)
{
	const char *x = *(const char *const *)a;
	const char *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *ordered(const struct record_type *t, const json_t *rec);

/* A date in its machine form ("since July 2021" -> ">2021-07"), as
 * core/date.h promises exports write; a value that does not read as a
 * date is copied as it is. */
static json_t *date_value(const json_t *v)
{
	struct fuzzy_date d;
	char iso[32];
	const char *s = json_string_value(v);

	if (!s || date_parse(s, &d, NULL) != VG_OK ||
	    date_format_iso(&d, iso, sizeof(iso)) != 0)
		return json_deep_copy(v);
	return json_string(iso);
}

/* A copy of one field's value in export form. */
static json_t *field_value(const struct field_def *f, const json_t *v);

/* Copies a child list, each row with its keys in order. */
static json_t *ordered_list(const struct field_def *f, const json_t *rows)
{
	const struct record_type *ct = model_type(f->vocab);
	json_t *out, *row;
	size_t i;

	if (!ct || !json_is_array(rows))
		return json_deep_copy(rows);
	out = json_array();
	json_array_foreach(rows, i, row)
		json_array_append_new(out, ordered(ct, row));
	return out;
}

static json_t *field_value(const struct field_def *f, const json_t *v)
{
	if (f->kind == FIELD_LIST)
		return ordered_list(f, v);
	if (f->kind == FIELD_DATE)
		return date_value(v);
	return json_deep_copy(v);
}

/* Appends to out the keys of rec not yet in it, alphabetically. */
static void add_remaining(json_t *out, const json_t *rec)
{
	const char **keys;
	const char *key;
	json_t *v;
	size_t n = 0, i;

	keys = calloc(json_object_size(rec) + 1, sizeof(*keys));
	if (!keys)
		return;
	json_object_foreach((json_t *)rec, key, v) {
		if (!json_object_get(out, key))
			keys[n++] = key;
	}
	qsort(keys, n, sizeof(*keys), by_key);
	for (i = 0; i < n; i++)
		json_object_set_new(out, keys[i],
				    json_deep_copy(json_object_get(rec,
								   keys[i])));
	free(keys);
}

/* A copy of rec with its keys in a fixed order: the common keys, the
 * fields as the descriptor lists them, anything else alphabetically. The
 * store's timestamps and the fields computed on each read (a campaign's
 * day count, which grows every day) are left out, so that an export does
 * not change with the date it is made on. */
static json_t *ordered(const struct record_type *t, const json_t *rec)
{
	json_t *out = json_object(), *v;
	json_t *rest;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; head_keys[i]; i++) {
		v = json_object_get(rec, head_keys[i]);
		if (v)
			json_object_set_new(out, head_keys[i],
					    json_deep_copy(v));
	}
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		v = json_object_get(rec, f->name);
		if (!v || (f->flags & FIELD_DERIVED))
			continue;
		json_object_set_new(out, f->name, field_value(f, v));
	}
	rest = json_copy((json_t *)rec);
	if (rest) {
		json_object_del(rest, "created_at");
		json_object_del(rest, "updated_at");
		for (i = 0; i < t->nfields; i++)
			if (t->fields[i].flags & FIELD_DERIVED)
				json_object_del(rest, t->fields[i].name);
		add_remaining(out, rest);
		json_decref(rest);
	}
	return out;
}

/* The ids of every record of type t, sorted; *ids is NULL-terminated and
 * owned by the caller (free_ids). */
static void free_ids(char **ids)
{
	size_t i;

	if (!ids)
		return;
	for (i = 0; ids[i]; i++)
		free(ids[i]);
	free(ids);
}

static vg_status collect_ids(store *db, const struct actor *who,
			     const char *type, char ***out,
			     struct vg_error *err)
{
	struct records_query q = { 0 };
	char **ids = NULL;
	size_t total = 0, n = 0, i;
	json_t *items = NULL, *item;
	vg_status s = VG_OK;

	*out = NULL;
	q.limit = 1000;
	do {
		char **grown;

		s = records_list(db, who, type, &q, &items, &total, err);
		if (s != VG_OK)
			goto out;
		grown = realloc(ids, (n + json_array_size(items) + 1) *
					     sizeof(*ids));
		if (!grown) {
			s = vg_fail(err, VG_ENOMEM, type, "out of memory");
			goto out;
		}
		ids = grown;
		ids[n] = NULL;
		json_array_foreach(items, i, item) {
			const char *id = json_string_value(
				json_object_get(item, "id"));

			if (!id)
				continue;
			ids[n] = strdup(id);
			if (!ids[n]) {
				s = vg_fail(err, VG_ENOMEM, type,
					    "out of memory");
				goto out;
			}
			ids[++n] = NULL;
		}
		q.offset += json_array_size(items);
		if (json_array_size(items) == 0)
			break;
		json_decref(items);
		items = NULL;
	} while (q.offset < total);
	if (ids)
		qsort(ids, n, sizeof(*ids), by_id);
out:
	json_decref(items);
	if (s != VG_OK) {
		free_ids(ids);
		return s;
	}
	*out = ids;
	return VG_OK;
}

/* Writes one record line, preceded by the separator of the line before. */
static vg_status write_record(const struct record_type *t, const json_t *rec,
			      FILE *out, size_t *written, struct vg_error *err)
{
	json_t *line = json_object();
	json_t *body = ordered(t, rec);
	char *text = NULL;
	vg_status s = VG_OK;

	if (!line || !body) {
		s = vg_fail(err, VG_ENOMEM, t->name, "out of memory");
		goto out;
	}
	json_object_set_new(line, "record", json_string(t->name));
	json_object_update(line, body);
	text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text) {
		s = vg_fail(err, VG_ENOMEM, t->name, "out of memory");
		goto out;
	}
	if (fprintf(out, "%s%s", *written ? ",\n" : "", text) < 0)
		s = vg_fail(err, VG_EIO, NULL, "write failed");
	else
		(*written)++;
out:
	free(text);
	json_decref(body);
	json_decref(line);
	return s;
}

/* Writes the records of type t that as_role may see. With seen (every
 * role but admin), a record is written only if what it points at was
 * written before it, and seen learns what was written. */
static vg_status export_type(store *db, const struct record_type *t,
			     enum role as_role, struct export_seen *seen,
			     FILE *out, size_t *written, struct vg_error *err)
{
	const struct actor reader = { 0, "export", as_role };
	char **ids = NULL;
	json_t *rec = NULL, *visible = NULL;
	size_t i;
	vg_status s;

	/* The store reads only what as_role may see, redacted. */
	s = collect_ids(db, &reader, t->name, &ids, err);
	if (s != VG_OK)
		return s;
	for (i = 0; ids && ids[i]; i++) {
		s = records_get(db, &reader, t->name, ids[i], &rec, err);
		if (s != VG_OK)
			break;
		visible = access_redact(as_role, t, rec);
		if (visible && seen && !export_prune_refs(seen, t, visible)) {
			json_decref(visible);
			visible = NULL;
		}
		if (visible)
			s = write_record(t, visible, out, written, err);
		if (visible && seen && s == VG_OK) {
			s = export_seen_add(seen, t->name, ids[i]);
			if (s != VG_OK)
				vg_fail(err, s, ids[i], "out of memory");
		}
		json_decref(visible);
		json_decref(rec);
		visible = NULL;
		rec = NULL;
		if (s != VG_OK)
			break;
	}
	free_ids(ids);
	return s;
}

/* The types to write: export_order first, then any other top-level type
 * (a type added later is never silently left out). */
static vg_status export_all(store *db, enum role as_role,
			    struct export_seen *seen, FILE *out,
			    size_t *written, struct vg_error *err)
{
	const struct record_type *const *all = model_types();
	const struct record_type *t;
	size_t i, j;
	vg_status s;

	for (i = 0; export_order[i]; i++) {
		t = model_type(export_order[i]);
		if (!t)
			continue;
		s = export_type(db, t, as_role, seen, out, written, err);
		if (s != VG_OK)
			return s;
	}
	for (i = 0; all[i]; i++) {
		for (j = 0; export_order[j]; j++)
			if (!strcmp(all[i]->name, export_order[j]))
				break;
		if (export_order[j])
			continue;
		s = export_type(db, all[i], as_role, seen, out, written,
				err);
		if (s != VG_OK)
			return s;
	}
	return VG_OK;
}

vg_status io_export_counted(store *db, enum role as_role, FILE *out,
			    size_t *exported, struct vg_error *err)
{
	struct export_seen *seen = NULL;
	size_t written = 0;
	vg_status s = VG_OK;
	store_rc rc;

	if (exported)
		*exported = 0;
	/* admin sees everything: nothing can point at a left-out record */
	if (as_role != ROLE_ADMIN) {
		seen = export_seen_new();
		if (!seen)
			return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	}
	if (fputs("{\"vigil\": 1, \"records\": [\n", out) < 0) {
		s = vg_fail(err, VG_EIO, NULL, "write failed");
		goto out;
	}
	/* One snapshot for the whole file: a write landing between two types
	 * would otherwise export a reference to a record that is not in it. */
	rc = store_begin_read(db);
	if (rc != STORE_OK) {
		s = store_fail(db, rc, err, "export");
		goto out;
	}
	s = export_all(db, as_role, seen, out, &written, err);
	if (s == VG_OK && (rc = store_commit(db)) != STORE_OK)
		s = store_fail(db, rc, err, "export");
	if (s != VG_OK) {
		(void)store_rollback(db); /* a failed commit too stays open */
		goto out;
	}
	if (fputs(written ? "\n]}\n" : "]}\n", out) < 0 || fflush(out) != 0)
		s = vg_fail(err, VG_EIO, NULL, "write failed");
out:
	export_seen_free(seen);
	if (s == VG_OK && exported)
		*exported = written;
	return s;
}

vg_status io_export(store *db, enum role as_role, FILE *out,
		    struct vg_error *err)
{
	return io_export_counted(db, as_role, out, NULL, err);
}
