/* review.c — queuing a proposal, listing and reading items, rejecting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/access.h"
#include "model/thesaurus.h"
#include "store/review.h"
#include "store/review_int.h"

void review_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

vg_status review_check_role(const struct actor *who, struct vg_error *err)
{
	if (!who || !access_allows(who->role, model_type("person"), ACTION_REVIEW))
		return vg_fail(err, VG_EDENIED, "review",
			       "reviewing proposals needs the editor role");
	return VG_OK;
}

static vg_status create_source(store *db, const struct actor *who,
			       const struct review_source *src, char *id,
			       size_t size, struct vg_error *err)
{
	json_t *rec = json_object(), *out = NULL;
	vg_status rc;

	if (!rec)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	json_object_set_new(rec, "kind", json_string(src->kind ? src->kind : "article"));
	json_object_set_new(rec, "title", json_string(src->title && *src->title ?
						       src->title : "Untitled text"));
	json_object_set_new(rec, "full_text", json_string(src->text));
	if (src->url && *src->url)
		json_object_set_new(rec, "url", json_string(src->url));
	if (src->publisher && *src->publisher)
		json_object_set_new(rec, "publisher", json_string(src->publisher));
	if (src->language && *src->language)
		json_object_set_new(rec, "language", json_string(src->language));
	rc = records_create(db, who, "source", rec, &out, err);
	if (!rc)
		snprintf(id, size, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
	return rc;
}

static vg_status insert_item(store *db, const char *source, const json_t *person,
			     struct vg_error *err)
{
	static const char sql[] =
		"INSERT INTO review_item (source, kind, payload, status, created_at)"
		" VALUES ($1, 'person', $2, 'open', $3)";
	store_stmt *st = NULL;
	char *payload = json_dumps(person, JSON_COMPACT);
	char now[32];
	store_rc rc;

	if (!payload)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	review_now(now);
	rc = store_prepare(db, sql, &st);
	if (rc == STORE_OK) {
		store_bind_text(st, 1, source);
		store_bind_text(st, 2, payload);
		store_bind_text(st, 3, now);
		rc = store_step(st);
	}
	store_finalize(st);
	free(payload);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "review_item");
	return VG_OK;
}

vg_status review_queue(store *db, const struct actor *who,
		       const struct review_source *src, const json_t *proposal,
		       char *source_id, size_t size, size_t *nitems,
		       struct vg_error *err)
{
	const json_t *persons = json_object_get(proposal, "persons"), *p;
	struct review_source src_copy;
	size_t i;
	vg_status rc;

	if (nitems)
		*nitems = 0;
	if (!json_is_array(persons))
		return vg_fail(err, VG_EINVAL, "proposal", "no \"persons\" list");
	if (!src || !src->text)
		return vg_fail(err, VG_EINVAL, "source", "no text to store");
	rc = thesaurus_load(err);
	if (rc)
		return rc;
	src_copy = *src;
	if (store_begin(db) != STORE_OK)
		return store_fail(db, STORE_ERROR, err, "review queue");
	/* The text's own signature names its publisher when nobody did. */
	if (!src->publisher)
		src_copy.publisher = json_string_value(json_object_get(proposal, "publisher"));
	rc = create_source(db, who, &src_copy, source_id, size, err);
	json_array_foreach(persons, i, p) {
		if (rc)
			break;
		rc = insert_item(db, source_id, p, err);
	}
	if (rc) {
		store_rollback(db);
		return rc;
	}
	if (store_commit(db) != STORE_OK) {
		/* A failed commit leaves the transaction open. */
		rc = store_fail(db, STORE_ERROR, err, "review queue");
		store_rollback(db);
		return rc;
	}
	if (nitems)
		*nitems = json_array_size(persons);
	return VG_OK;
}

static json_t *row_json(store_stmt *st)
{
	json_t *o = json_object(), *payload;
	static const char *const cols[] = { "id", "source", "kind", "payload",
					    "status", "decided_by",
					    "decided_at", "created_at" };
	size_t c;

	if (!o)
		return NULL;
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
		const char *v = store_column_text(st, (int)c);

		if (c == 0) {
			json_object_set_new(o, "id", json_integer(store_column_int(st, 0)));
		} else if (c == 3) {
			payload = v ? json_loads(v, 0, NULL) : NULL;
			json_object_set_new(o, "payload", payload ? payload : json_object());
		} else {
			json_object_set_new(o, cols[c], v ? json_string(v) : json_null());
		}
	}
	return o;
}

#define REVIEW_COLUMNS \
	"id, source, kind, payload, status, decided_by, decided_at, created_at"

/* A proposal's link to a person (the match ingestion found, the person it
 * was accepted as) is shown only to those who may see that person: the
 * match was made for whoever queued the text. */
static void shape_payload(store *db, const struct actor *who, json_t *item)
{
	json_t *p = json_object_get(item, "payload");
	const char *id = json_string_value(json_object_get(p, "match_id"));

	if (id && !records_visible(db, who, "person", id, NULL)) {
		json_object_set_new(p, "match", json_string("new"));
		json_object_set_new(p, "match_id", json_null());
		json_object_del(p, "match_score");
	}
	id = json_string_value(json_object_get(p, "accepted_as"));
	if (id && !records_visible(db, who, "person", id, NULL))
		json_object_del(p, "accepted_as");
}

/* An item is seen by those who may see its source as it is now: the
 * rank of the source's level ($N) against the reader's top level. */
#define SOURCE_SEEN(n)                                                       \
	" AND (SELECT CASE s.level WHEN 'public' THEN 0 WHEN 'internal' THEN 1" \
	" WHEN 'confidential' THEN 2 ELSE 3 END FROM source s"                  \
	" WHERE s.id = review_item.source) <= $" n

/* The most confidential level who may see; -1 for none. */
static int64_t top_level(const struct actor *who)
{
	int l;

	for (l = LEVEL_SECRET; l >= LEVEL_PUBLIC; l--)
		if (access_sees_level(who->role, (enum level)l))
			return l;
	return -1;
}

vg_status review_list(store *db, const struct actor *who, const char *status,
		      size_t offset, size_t limit, json_t **items,
		      size_t *total, struct vg_error *err)
{
	static const char sql[] =
		"SELECT " REVIEW_COLUMNS " FROM review_item"
		" WHERE ($1 IS NULL OR status = $1)" SOURCE_SEEN("4")
		" ORDER BY id LIMIT $2 OFFSET $3";
	static const char count_sql[] =
		"SELECT count(*) FROM review_item WHERE ($1 IS NULL OR status = $1)"
		SOURCE_SEEN("2");
	store_stmt *st = NULL;
	store_rc rc;
	json_t *a = json_array();

	*items = NULL;
	if (!a)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (!limit || limit > 500)
		limit = limit ? 500 : 50;
	rc = store_prepare(db, sql, &st);
	if (rc == STORE_OK) {
		store_bind_text(st, 1, status);
		store_bind_int(st, 2, (int64_t)limit);
		store_bind_int(st, 3, (int64_t)offset);
		store_bind_int(st, 4, top_level(who));
		while ((rc = store_step(st)) == STORE_ROW) {
			json_t *item = row_json(st);

			if (item)
				shape_payload(db, who, item);
			json_array_append_new(a, item);
		}
	}
	store_finalize(st);
	if (rc == STORE_DONE && total) {
		rc = store_prepare(db, count_sql, &st);
		if (rc == STORE_OK) {
			store_bind_text(st, 1, status);
			store_bind_int(st, 2, top_level(who));
			rc = store_step(st);
			if (rc == STORE_ROW)
				*total = (size_t)store_column_int(st, 0);
			rc = rc == STORE_ROW ? STORE_DONE : rc;
		}
		store_finalize(st);
	}
	if (rc != STORE_DONE) {
		json_decref(a);
		return store_fail(db, rc, err, "review_item");
	}
	*items = a;
	return VG_OK;
}

vg_status review_get(store *db, const struct actor *who, int64_t id,
		     json_t **out, struct vg_error *err)
{
	static const char sql[] =
		"SELECT " REVIEW_COLUMNS " FROM review_item WHERE id = $1"
		SOURCE_SEEN("2");
	store_stmt *st = NULL;
	store_rc rc;

	*out = NULL;
	rc = store_prepare(db, sql, &st);
	if (rc == STORE_OK) {
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, top_level(who));
		rc = store_step(st);
		if (rc == STORE_ROW)
			*out = row_json(st);
		if (*out)
			shape_payload(db, who, *out);
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return vg_fail(err, VG_ENOTFOUND, "review item",
			       "no review item %lld", (long long)id);
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "review_item");
	if (!*out)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	return VG_OK;
}

vg_status review_decide(store *db, const struct actor *who, int64_t id,
			const char *status, const json_t *payload,
			struct vg_error *err)
{
	static const char sql[] =
		"UPDATE review_item SET status = $1, decided_by = $2,"
		" decided_at = $3, payload = coalesce($4, payload)"
		" WHERE id = $5 AND status = 'open'";
	store_stmt *st = NULL;
	char now[32], *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	store_rc rc;

	review_now(now);
	rc = store_prepare(db, sql, &st);
	if (rc == STORE_OK) {
		store_bind_text(st, 1, status);
		store_bind_text(st, 2, who->username ? who->username : "");
		store_bind_text(st, 3, now);
		store_bind_text(st, 4, text);
		store_bind_int(st, 5, id);
		rc = store_step(st);
	}
	store_finalize(st);
	free(text);
	if (rc != STORE_DONE)
		return store_fail(db, rc, err, "review_item");
	if (store_changes(db) != 1)
		return vg_fail(err, VG_EINVAL, "review item",
			       "item %lld is not open", (long long)id);
	return VG_OK;
}

vg_status review_reject(store *db, const struct actor *who, int64_t id,
			struct vg_error *err)
{
	json_t *item = NULL;
	vg_status rc;

	rc = review_check_role(who, err);
	if (rc)
		return rc;
	rc = review_get(db, who, id, &item, err);
	json_decref(item);
	if (rc)
		return rc;
	return review_decide(db, who, id, "rejected", NULL, err);
}
