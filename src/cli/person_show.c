/* person_show.c — building a person from options, and printing people:
 * one with their acts, relations and citations, or a list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/person_int.h"
#include "core/log.h"
#include "model/model.h"
#include "store/records.h"

/* The ISO 15924 script of the first letter of a name. */
static const char *script_of(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;

	for (; *p; p++) {
		if (*p < 0x80) {
			if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
				return "Latn";
			continue;
		}
		if ((*p & 0xE0) == 0xC0 && p[1])
			cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
		else if ((*p & 0xF0) == 0xE0 && p[1] && p[2])
			cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
			     (p[2] & 0x3Fu);
		else
			return "Other";
		if (cp >= 0x00C0 && cp <= 0x024F)
			return "Latn";
		if (cp >= 0x0400 && cp <= 0x052F)
			return "Cyrl";
		if ((cp >= 0x0600 && cp <= 0x06FF) ||
		    (cp >= 0x0750 && cp <= 0x077F) || cp >= 0xFB50)
			return "Arab";
		if ((cp >= 0x3400 && cp <= 0x4DBF) ||
		    (cp >= 0x4E00 && cp <= 0x9FFF))
			return "Hani";
		return "Other";
	}
	return "Other";
}

static vg_status load_json(const char *file, json_t **out,
			   struct vg_error *err)
{
	json_error_t je;
	const size_t flags = JSON_REJECT_DUPLICATES;

	if (!strcmp(file, "-"))
		*out = json_loadf(stdin, flags, &je);
	else
		*out = json_load_file(file, flags, &je);
	if (!*out)
		return vg_fail(err, VG_EINVAL, file, "line %d, column %d: %s",
			       je.line, je.column, je.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return vg_fail(err, VG_EINVAL, file,
			       "expected one person as a JSON object");
	}
	return VG_OK;
}

vg_status person_build(const struct person_args *a, int partial,
		       json_t **out, struct vg_error *err)
{
	json_t *rec = NULL, *names, *v;
	const char *key;
	size_t i;
	vg_status s;

	*out = NULL;
	if (a->json_file) {
		s = load_json(a->json_file, &rec, err);
		if (s != VG_OK)
			return s;
	} else {
		rec = json_object();
	}
	if (json_array_size(a->names)) {
		names = json_array();
		json_array_foreach(a->names, i, v) {
			const char *n = json_string_value(v);

			json_array_append_new(names, json_pack("{s:s, s:s, s:s}",
				"name", n, "script", script_of(n),
				"kind", i ? "alias" : "primary"));
		}
		json_object_set_new(rec, "names", names);
	}
	json_object_foreach(a->fields, key, v)
		json_object_set(rec, key, v);
	if (!partial && !json_object_get(rec, "names")) {
		json_decref(rec);
		return vg_fail(err, VG_EINVAL, "names",
			       "give at least one --name");
	}
	if (partial && json_object_size(rec) == 0) {
		json_decref(rec);
		return vg_fail(err, VG_EINVAL, NULL, "nothing to change");
	}
	*out = rec;
	return VG_OK;
}

static void print_json(const json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(2));

	printf("%s\n", text ? text : "null");
	free(text);
}

int person_print_written(const json_t *rec, const char *verb, int format)
{
	if (format == CLI_FORMAT_JSON)
		print_json(rec);
	else
		printf("%s %s\n", verb,
		       json_string_value(json_object_get(rec, "id")));
	return 0;
}

static const char *s_of(const json_t *rec, const char *key)
{
	const char *s = json_string_value(json_object_get(rec, key));

	return s ? s : "";
}

static const char *primary_name(const json_t *person)
{
	return s_of(json_array_get(json_object_get(person, "names"), 0), "name");
}

static void print_person_fields(const json_t *p)
{
	const struct record_type *t = model_type("person");
	json_t *names = json_object_get(p, "names"), *n, *v;
	size_t i;

	printf("%s  %s  [%s%s]\n", s_of(p, "id"), primary_name(p),
	       s_of(p, "level"),
	       json_is_true(json_object_get(p, "pending")) ? ", pending" : "");
	json_array_foreach(names, i, n)
		printf("  %-20s %s (%s%s%s)\n", i ? "" : "names:", s_of(n, "name"),
		       s_of(n, "script"), json_object_get(n, "kind") ? ", " : "",
		       s_of(n, "kind"));
	for (i = 0; i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];
		char label[64];

		v = json_object_get(p, f->name);
		if (!v || f->kind == FIELD_LIST)
			continue;
		snprintf(label, sizeof(label), "%s:", f->label);
		if (json_is_string(v))
			printf("  %-20s %s\n", label, json_string_value(v));
		else if (json_is_integer(v))
			printf("  %-20s %lld\n", label,
			       (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			printf("  %-20s %s\n", label, json_is_true(v) ? "yes" : "no");
	}
	json_array_foreach(json_object_get(p, "id_docs"), i, n)
		printf("  %-20s %s %s\n", i ? "" : "identity documents:",
		       s_of(n, "kind"), s_of(n, "number"));
}

static json_t *related(store *db, const char *type, const char *filter_text,
		       const char *order, struct vg_error *err)
{
	struct records_query q;
	json_t *filter = json_loads(filter_text, 0, NULL), *items = NULL;
	size_t total;

	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.order = order;
	q.limit = 1000;
	if (records_list(db, &records_system, type, &q, &items, &total, err) != VG_OK)
		items = NULL;
	json_decref(filter);
	return items;
}

/* "V-000002 Kamatan Toktamuratkyzy": the id with the person's primary
 * name, or the id alone if they cannot be read. */
static void print_person_ref(store *db, const char *id)
{
	struct vg_error err;
	json_t *p = NULL;

	if (records_get(db, &records_system, "person", id, &p, &err) == VG_OK)
		printf("%s %s", id, primary_name(p));
	else
		printf("%s", id);
	json_decref(p);
}

static void print_related(store *db, const json_t *acts,
			  const json_t *rels_out, const json_t *rels_in,
			  const json_t *cites)
{
	json_t *r;
	size_t i;

	printf("\nacts (%zu):\n", json_array_size(acts));
	json_array_foreach(acts, i, r)
		printf("  %s  %-18s %-18s %s%s%s%s\n", s_of(r, "id"),
		       s_of(r, "type"), s_of(r, "start_date"),
		       json_object_get(r, "end_date") ? "until " : "",
		       s_of(r, "end_date"), s_of(r, "place")[0] ? " at " : "",
		       s_of(r, "place"));
	printf("\nrelations (%zu):\n",
	       json_array_size(rels_out) + json_array_size(rels_in));
	json_array_foreach(rels_out, i, r) {
		printf("  %s  this person is %s ", s_of(r, "id"),
		       s_of(r, "type"));
		print_person_ref(db, s_of(r, "other"));
		printf("\n");
	}
	json_array_foreach(rels_in, i, r) {
		printf("  %s  ", s_of(r, "id"));
		print_person_ref(db, s_of(r, "person"));
		printf(" is %s this person\n", s_of(r, "type"));
	}
	printf("\ncitations (%zu):\n", json_array_size(cites));
	json_array_foreach(cites, i, r)
		printf("  %s  %s %s%s\"%s\"\n", s_of(r, "id"),
		       s_of(r, "source"), s_of(r, "field"),
		       s_of(r, "field")[0] ? ": " : "", s_of(r, "quote"));
}

int person_show(const char *cmd, store *db, struct person_args *a)
{
	struct vg_error err;
	json_t *p = NULL, *acts = NULL, *out_rel = NULL, *in_rel = NULL;
	json_t *cites = NULL;
	char filter[256];
	const char *id;
	int rc = 0;

	vg_error_clear(&err);
	if (records_get(db, &records_system, "person", a->id, &p, &err) != VG_OK) {
		vg_error_prefix(&err, "person %s", a->id);
		return cli_report(cmd, &err);
	}
	id = s_of(p, "id");
	snprintf(filter, sizeof(filter), "{\"victim\": \"%s\"}", id);
	acts = related(db, "act", filter, "start_date", &err);
	snprintf(filter, sizeof(filter), "{\"person\": \"%s\"}", id);
	out_rel = acts ? related(db, "relation", filter, NULL, &err) : NULL;
	snprintf(filter, sizeof(filter), "{\"other\": \"%s\"}", id);
	in_rel = out_rel ? related(db, "relation", filter, NULL, &err) : NULL;
	snprintf(filter, sizeof(filter), "{\"record_type\": \"person\", "
		 "\"record_id\": \"%s\"}", id);
	cites = in_rel ? related(db, "citation", filter, NULL, &err) : NULL;
	if (!cites) {
		rc = cli_report(cmd, &err);
		goto out;
	}
	if (a->format == CLI_FORMAT_JSON) {
		json_t *all = json_pack("{s:O, s:O, s:O, s:O, s:O}", "person", p,
					"acts", acts, "relations", out_rel,
					"related_to", in_rel, "citations", cites);
		print_json(all);
		json_decref(all);
	} else {
		print_person_fields(p);
		print_related(db, acts, out_rel, in_rel, cites);
	}
	log_line("person show: %s", id);
out:
	json_decref(p);
	json_decref(acts);
	json_decref(out_rel);
	json_decref(in_rel);
	json_decref(cites);
	return rc;
}

int person_list(const char *cmd, store *db, struct person_args *a)
{
	struct records_query q;
	struct vg_error err;
	json_t *filter = json_object(), *items = NULL, *p;
	size_t total = 0, i;
	int rc = 0;

	vg_error_clear(&err);
	memset(&q, 0, sizeof(q));
	if (a->status)
		json_object_set_new(filter, "status", json_string(a->status));
	if (json_object_get(a->fields, "level"))
		json_object_set(filter, "level",
				json_object_get(a->fields, "level"));
	q.filter = filter;
	q.text = a->text;
	q.order = a->order;
	q.limit = a->limit;
	q.offset = a->offset;
	if (records_list(db, &records_system, "person", &q, &items, &total, &err) != VG_OK) {
		rc = cli_report(cmd, &err);
		goto out;
	}
	if (a->format == CLI_FORMAT_JSON) {
		json_t *all = json_pack("{s:I, s:O}", "total", (json_int_t)total,
					"items", items);
		print_json(all);
		json_decref(all);
	} else {
		json_array_foreach(items, i, p)
			printf("%-10s %-12s %-14s %s\n", s_of(p, "id"),
			       s_of(p, "status")[0] ? s_of(p, "status") : "-",
			       s_of(p, "birth")[0] ? s_of(p, "birth") : "-",
			       primary_name(p));
		printf("(%zu of %zu)\n", json_array_size(items), total);
	}
	log_line("person list: %zu of %zu", json_array_size(items), total);
out:
	json_decref(filter);
	json_decref(items);
	return rc;
}

/* The keys whose values differ between two versions of a record. */
static void print_changed_keys(const json_t *before, const json_t *after)
{
	const char *key;
	json_t *v;
	int first = 1;

	json_object_foreach((json_t *)after, key, v) {
		if (!strcmp(key, "updated_at") ||
		    json_equal(v, json_object_get(before, key)))
			continue;
		printf("%s%s", first ? " " : ", ", key);
		first = 0;
	}
	json_object_foreach((json_t *)before, key, v) {
		if (json_object_get(after, key))
			continue;
		printf("%s%s (cleared)", first ? " " : ", ", key);
		first = 0;
	}
}

int person_history(const char *cmd, store *db, struct person_args *a)
{
	struct vg_error err;
	json_t *hist = NULL, *r;
	size_t i;

	vg_error_clear(&err);
	if (records_history(db, &records_system, "person", a->id, &hist, &err) != VG_OK) {
		vg_error_prefix(&err, "person %s", a->id);
		return cli_report(cmd, &err);
	}
	if (a->format == CLI_FORMAT_JSON) {
		print_json(hist);
	} else {
		json_array_foreach(hist, i, r) {
			const json_t *before = json_object_get(r, "before");
			const json_t *after = json_object_get(r, "after");

			printf("%s  %-8s %-7s", s_of(r, "at"), s_of(r, "by"),
			       s_of(r, "action"));
			if (json_is_object(before) && json_is_object(after))
				print_changed_keys(before, after);
			printf("\n");
		}
	}
	log_line("person history: %s, %zu revisions", a->id,
		 json_array_size(hist));
	json_decref(hist);
	return 0;
}
