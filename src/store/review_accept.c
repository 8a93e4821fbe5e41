/* review_accept.c — an accepted proposal becomes records, each fact with a
 * citation of the passage that states it. */
#include <stdio.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "core/date.h"
#include "model/thesaurus.h"
#include "store/review.h"
#include "store/review_int.h"

#define QUOTE_MAX 5000

static const char *const fact_keys[] = { "name", "role", "status",
					 "status_since", "sentence",
					 "occupation", "ethnicity", NULL };

static const char *script_of(const char *name)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t i = 0, len = strlen(name);
	UChar32 c;
	UScriptCode s;

	while (i < len) {
		U8_NEXT(name, i, len, c);
		if (c < 0)
			break;
		s = uscript_getScript(c, &st);
		if (s == USCRIPT_COMMON || s == USCRIPT_INHERITED)
			continue;
		return s == USCRIPT_LATIN ? "Latn" : s == USCRIPT_CYRILLIC ? "Cyrl" :
		       s == USCRIPT_HAN ? "Hani" : s == USCRIPT_ARABIC ? "Arab" :
		       "Other";
	}
	return "Other";
}

static const char *act_type_for(const char *status)
{
	static const char *const map[][2] = {
		{ "detained", "detention" }, { "disappeared", "disappearance" },
		{ "arrested", "arrest" }, { "sentenced", "sentence" },
		{ "released", "release" }, { NULL, NULL } };
	size_t i;

	for (i = 0; status && map[i][0]; i++)
		if (!strcmp(status, map[i][0]))
			return map[i][1];
	return NULL; /* "deceased" says nothing of how: no act is made up */
}

static const char *text_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

#define ROLES "victim, relative, activist, official, journalist, other"
#define STATUSES "detained, disappeared, arrested, sentenced, released, deceased"

/* Role and status are closed lists; other facts are free text. */
static int allowed_value(const char *key, const char *v)
{
	const char *list = !strcmp(key, "role") ? ROLES :
			   !strcmp(key, "status") ? STATUSES : NULL;
	const char *p;
	size_t n = strlen(v);

	if (!list)
		return 1;
	for (p = list; (p = strstr(p, v)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static vg_status apply_edits(json_t *payload, const json_t *edits,
			     struct vg_error *err)
{
	const json_t *v;
	size_t i;

	for (i = 0; edits && fact_keys[i]; i++) {
		v = json_object_get(edits, fact_keys[i]);
		if (!v)
			continue;
		if (!json_is_string(v) && !json_is_null(v))
			return vg_fail(err, VG_EINVAL, fact_keys[i],
				       "expected a text");
		if (json_is_string(v) && *json_string_value(v) &&
		    !allowed_value(fact_keys[i], json_string_value(v)))
			return vg_fail(err, VG_EINVAL, fact_keys[i],
				       "'%s' is not one of: %s", json_string_value(v),
				       !strcmp(fact_keys[i], "role") ? ROLES : STATUSES);
		json_object_set_new(payload, fact_keys[i], json_deep_copy(v));
	}
	if (!text_of(payload, "name"))
		return vg_fail(err, VG_EINVAL, "name", "a person needs a name");
	return VG_OK;
}

static json_t *name_row(const char *name, const char *kind, const char *source)
{
	const char *script = script_of(name);

	if (!strcmp(script, "Hani"))
		kind = "chinese_form";
	return json_pack("{s:s, s:s, s:s, s:s}", "name", name, "script", script,
			 "kind", kind, "source", source);
}

static int has_name(const json_t *names, const char *name)
{
	const json_t *n;
	size_t i;

	json_array_foreach(names, i, n)
		if (text_of(n, "name") && !strcmp(text_of(n, "name"), name))
			return 1;
	return 0;
}

/* The names of payload not yet in names, appended. */
static void add_names(json_t *names, const json_t *payload, const char *source,
		      int primary)
{
	const json_t *v;
	size_t i;

	if (!has_name(names, text_of(payload, "name")))
		json_array_append_new(names, name_row(text_of(payload, "name"),
						      primary ? "primary" : "alias",
						      source));
	json_array_foreach(json_object_get(payload, "variants"), i, v)
		if (json_string_value(v) && !has_name(names, json_string_value(v)))
			json_array_append_new(names, name_row(json_string_value(v),
							      "alias", source));
}

static vg_status make_person(store *db, const struct actor *who,
			     const json_t *payload, const char *source,
			     const char *merge_into, char *pid, size_t size,
			     struct vg_error *err)
{
	json_t *rec = json_object(), *names = json_array(), *cur = NULL, *out = NULL;
	const json_t *n;
	size_t i;
	vg_status rc;

	if (!rec || !names) {
		json_decref(rec);
		json_decref(names);
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	}
	if (merge_into) {
		rc = records_get(db, who, "person", merge_into, &cur, err);
		if (rc)
			goto out;
		json_array_foreach(json_object_get(cur, "names"), i, n) {
			json_t *row = json_object();

			json_object_set(row, "name", json_object_get(n, "name"));
			if (text_of(n, "script"))
				json_object_set(row, "script", json_object_get(n, "script"));
			if (text_of(n, "kind"))
				json_object_set(row, "kind", json_object_get(n, "kind"));
			if (text_of(n, "source"))
				json_object_set(row, "source", json_object_get(n, "source"));
			json_array_append_new(names, row);
		}
	}
	add_names(names, payload, source, !merge_into);
	json_object_set(rec, "names", names);
	if (text_of(payload, "occupation") && !text_of(cur, "occupation"))
		json_object_set(rec, "occupation", json_object_get(payload, "occupation"));
	if (text_of(payload, "ethnicity") && !text_of(cur, "ethnicity"))
		json_object_set(rec, "ethnicity", json_object_get(payload, "ethnicity"));
	if (merge_into)
		rc = records_update(db, who, "person", merge_into, rec, &out, err);
	else
		rc = records_create(db, who, "person", rec, &out, err);
	if (!rc)
		snprintf(pid, size, "%s", text_of(out, "id"));
out:
	json_decref(rec);
	json_decref(names);
	json_decref(cur);
	json_decref(out);
	return rc;
}

static vg_status cite(store *db, const struct actor *who, const char *source,
		      const char *type, const char *id, const char *field,
		      const json_t *ev, struct vg_error *err)
{
	json_t *rec;
	const char *quote = text_of(ev, "quote");
	vg_status rc;

	rec = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "source", source,
			"record_type", type, "record_id", id, "field", field,
			"start_offset", json_object_get(ev, "start"),
			"end_offset", json_object_get(ev, "end"));
	if (!rec)
		return vg_fail(err, VG_EINVAL, "evidence", "span without offsets");
	if (quote)
		json_object_set_new(rec, "quote", json_stringn(quote,
			strlen(quote) > QUOTE_MAX ? QUOTE_MAX : strlen(quote)));
	rc = records_create(db, who, "citation", rec, NULL, err);
	json_decref(rec);
	return rc;
}

/* Is the fact that evidence field f supports still part of the payload? */
static int fact_kept(const json_t *payload, const char *f)
{
	if (!strcmp(f, "status_since") || !strcmp(f, "sentence"))
		return text_of(payload, f) && text_of(payload, "status");
	if (!strcmp(f, "relations"))
		return 0; /* cited on the relation records */
	return text_of(payload, f) != NULL;
}

static vg_status cite_person(store *db, const struct actor *who,
			     const json_t *payload, const char *source,
			     const char *pid, struct vg_error *err)
{
	const json_t *ev;
	size_t i;
	int named = 0;
	vg_status rc = VG_OK;

	json_array_foreach(json_object_get(payload, "evidence"), i, ev) {
		const char *f = text_of(ev, "field");

		if (!f || !fact_kept(payload, f) || (!strcmp(f, "name") && named++))
			continue;
		rc = cite(db, who, source, "person", pid, f, ev, err);
		if (rc)
			break;
	}
	return rc;
}

static const json_t *evidence_for(const json_t *payload, const char *field)
{
	const json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(payload, "evidence"), i, ev)
		if (text_of(ev, "field") && !strcmp(text_of(ev, "field"), field))
			return ev;
	return NULL;
}

static vg_status make_act(store *db, const struct actor *who,
			  const json_t *payload, const char *source,
			  const char *pid, struct vg_error *err)
{
	const char *type = act_type_for(text_of(payload, "status"));
	const char *since = text_of(payload, "status_since");
	const json_t *ev = evidence_for(payload, "status");
	struct fuzzy_date date;
	json_t *rec, *out = NULL;
	vg_status rc;

	if (!type)
		return VG_OK;
	rec = json_pack("{s:s, s:s}", "victim", pid, "type", type);
	if (!rec)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (since && date_parse(since, &date, NULL) == VG_OK)
		json_object_set_new(rec, "start_date", json_string(since));
	if (text_of(payload, "sentence"))
		json_object_set(rec, "sentence_term", json_object_get(payload, "sentence"));
	rc = records_create(db, who, "act", rec, &out, err);
	if (!rc && ev)
		rc = cite(db, who, source, "act", text_of(out, "id"), "type", ev, err);
	json_decref(rec);
	json_decref(out);
	return rc;
}

/* The person an item of the same source was accepted as, by its name;
 * "" when none was. A failed read is an error: taken for "none", the
 * accept would succeed without the relation. */
static vg_status accepted_as(store *db, const char *source, const char *name,
			     char *id, size_t size, struct vg_error *err)
{
	static const char sql[] =
		"SELECT payload FROM review_item WHERE source = $1"
		" AND status = 'accepted'";
	store_stmt *st = NULL;
	store_rc src;
	json_t *p;

	id[0] = '\0';
	src = store_prepare(db, sql, &st);
	if (src != STORE_OK)
		return store_fail(db, src, err, "review item");
	store_bind_text(st, 1, source);
	while (!id[0] && (src = store_step(st)) == STORE_ROW) {
		p = json_loads(store_column_text(st, 0), 0, NULL);
		if (p && text_of(p, "name") && !strcmp(text_of(p, "name"), name) &&
		    text_of(p, "accepted_as"))
			snprintf(id, size, "%s", text_of(p, "accepted_as"));
		json_decref(p);
	}
	store_finalize(st);
	if (src != STORE_ROW && src != STORE_DONE)
		return store_fail(db, src, err, "review item");
	return VG_OK;
}

/* Relations to people already accepted from this source; the rest are
 * made when the other side is accepted (its item holds the inverse). */
static vg_status make_relations(store *db, const struct actor *who,
				const json_t *payload, const char *source,
				const char *pid, struct vg_error *err)
{
	const json_t *r;
	json_t *rec, *out = NULL;
	char other[64];
	size_t i;
	vg_status rc = VG_OK;

	json_array_foreach(json_object_get(payload, "relations"), i, r) {
		if (!text_of(r, "of") || !text_of(r, "type"))
			continue;
		rc = accepted_as(db, source, text_of(r, "of"), other,
				 sizeof(other), err);
		if (rc)
			break;
		if (!other[0] || !strcmp(other, pid))
			continue;
		rec = json_pack("{s:s, s:s, s:s}", "person", pid, "type",
				text_of(r, "type"), "other", other);
		rc = records_create(db, who, "relation", rec, &out, err);
		json_decref(rec);
		if (!rc && json_object_get(r, "start"))
			rc = cite(db, who, source, "relation", text_of(out, "id"),
				  "type", r, err);
		json_decref(out);
		out = NULL;
		if (rc)
			break;
	}
	return rc;
}

vg_status review_accept(store *db, const struct actor *who, int64_t id,
			const json_t *edits, const char *merge_into,
			char *person_id, size_t size, struct vg_error *err)
{
	json_t *item = NULL, *payload = NULL;
	const char *source;
	vg_status rc;

	rc = review_check_role(who, err);
	if (!rc)
		rc = thesaurus_load(err);
	if (!rc)
		rc = review_get(db, who, id, &item, err);
	if (rc)
		return rc;
	source = text_of(item, "source");
	if (strcmp(text_of(item, "status"), "open") || !source) {
		rc = vg_fail(err, VG_EINVAL, "review item", "item %lld is not open",
			     (long long)id);
		goto out;
	}
	payload = json_deep_copy(json_object_get(item, "payload"));
	rc = apply_edits(payload, edits, err);
	if (rc)
		goto out;
	if (store_begin(db) != STORE_OK) {
		rc = store_fail(db, STORE_ERROR, err, "review accept");
		goto out;
	}
	rc = make_person(db, who, payload, source, merge_into && *merge_into ?
			 merge_into : NULL, person_id, size, err);
	if (!rc)
		rc = cite_person(db, who, payload, source, person_id, err);
	if (!rc)
		rc = make_act(db, who, payload, source, person_id, err);
	if (!rc)
		rc = make_relations(db, who, payload, source, person_id, err);
	if (!rc) {
		json_object_set_new(payload, "accepted_as", json_string(person_id));
		rc = review_decide(db, who, id, "accepted", payload, err);
	}
	if (!rc && store_commit(db) != STORE_OK)
		rc = store_fail(db, STORE_ERROR, err, "review accept");
	if (rc) /* a failed commit too leaves the transaction open */
		store_rollback(db);
out:
	json_decref(item);
	json_decref(payload);
	return rc;
}
