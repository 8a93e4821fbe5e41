/* People lists by name and by act: `q` finds a person from a name in any
 * script or spelling (the server's name index, as the people page does),
 * `act_type` keeps the victims of acts of that type. Both give candidate
 * ids first; the store then applies the other filters to them, 32 ids at
 * a time, and the page is cut from what remains, best match first. */
#include <string.h>

#include "web/api_int.h"
#include "web/web_names.h"

#define NAME_HITS 200       /* as many as the people page considers */
#define ACTS_MAX 1000       /* acts read to find the victims of a type */
#define ID_CHUNK 32         /* ids the store accepts in one filter */

static const char *query_get(const struct api_request *req, const char *name)
{
	const char *v = json_string_value(json_object_get(req->query, name));

	return v && *v ? v : NULL;
}

int api_people_by_candidates(const struct api_request *req,
			     const struct record_type *t)
{
	return !strcmp(t->name, "person") &&
	       (query_get(req, "q") || query_get(req, "act_type"));
}

/* Appends id to the ordered set (array + object for membership). */
static void add_id(json_t *order, json_t *seen, const char *id)
{
	if (!id || json_object_get(seen, id))
		return;
	json_object_set_new(seen, id, json_true());
	json_array_append_new(order, json_string(id));
}

/* The victims of visible acts of the given type(s), oldest act first. */
static vg_status act_victims(const struct api_request *req,
			     const json_t *levels, json_t **out,
			     struct vg_error *err)
{
	struct records_query q;
	json_t *filter, *items = NULL, *seen, *act;
	const char *types = query_get(req, "act_type");
	size_t total, i;
	vg_status st;

	filter = json_object();
	json_object_set(filter, "level", (json_t *)levels);
	json_object_set_new(filter, "type", api_split_terms(types));
	memset(&q, 0, sizeof(q));
	q.filter = filter;
	q.limit = ACTS_MAX;
	st = records_list(req->db, req->who, "act", &q, &items, &total, err);
	json_decref(filter);
	if (st != VG_OK) {
		vg_error_prefix(err, "act_type: ");
		return st;
	}
	*out = json_array();
	seen = json_object();
	json_array_foreach(items, i, act)
		add_id(*out, seen, json_string_value(json_object_get(act,
								     "victim")));
	json_decref(seen);
	json_decref(items);
	return VG_OK;
}

/* Candidate ids in the order the answer should keep: by name score when a
 * name is asked for, else by act. */
static vg_status candidates(const struct api_request *req,
			    const json_t *levels, json_t **out,
			    struct vg_error *err)
{
	static _Thread_local struct names_hit hits[NAME_HITS];
	const char *name = query_get(req, "q");
	json_t *victims = NULL, *allowed = NULL, *seen, *v;
	size_t n, i;
	vg_status st;

	if (query_get(req, "act_type")) {
		st = act_victims(req, levels, &victims, err);
		if (st != VG_OK)
			return st;
	}
	if (!name) {
		*out = victims;
		return VG_OK;
	}
	if (victims) {
		allowed = json_object();
		json_array_foreach(victims, i, v)
			json_object_set_new(allowed, json_string_value(v),
					    json_true());
	}
	*out = json_array();
	seen = json_object();
	n = web_names_find(req->db, name, hits, NAME_HITS);
	for (i = 0; i < n; i++) {
		if (!allowed || json_object_get(allowed, hits[i].id))
			add_id(*out, seen, hits[i].id);
	}
	json_decref(seen);
	json_decref(allowed);
	json_decref(victims);
	return VG_OK;
}

/* Runs the list's filter over the candidates, a chunk at a time, and
 * returns the matching records in candidate order. */
static vg_status filter_candidates(const struct api_request *req,
				   const struct records_query *base,
				   const json_t *ids, json_t **out,
				   struct vg_error *err)
{
	struct records_query q;
	json_t *found, *filter, *chunk, *items, *rec, *v;
	size_t i, j, total;
	vg_status st = VG_OK;

	found = json_object();
	for (i = 0; st == VG_OK && i < json_array_size(ids); i += ID_CHUNK) {
		chunk = json_array();
		for (j = i; j < i + ID_CHUNK && j < json_array_size(ids); j++)
			json_array_append(chunk, json_array_get(ids, j));
		filter = json_copy((json_t *)base->filter);
		json_object_set_new(filter, "id", chunk);
		q = *base;
		q.filter = filter;
		q.offset = 0;
		q.limit = ID_CHUNK;
		items = NULL;
		st = records_list(req->db, req->who, "person", &q, &items, &total,
				  err);
		json_array_foreach(items, j, rec)
			json_object_set(found, json_string_value(
				json_object_get(rec, "id")), rec);
		json_decref(items);
		json_decref(filter);
	}
	*out = json_array();
	json_array_foreach(ids, i, v) {
		rec = json_object_get(found, json_string_value(v));
		if (rec)
			json_array_append(*out, rec);
	}
	json_decref(found);
	return st;
}

vg_status api_people_list(const struct api_request *req,
			  const struct records_query *q, json_t **items,
			  size_t *total, struct vg_error *err)
{
	json_t *ids = NULL, *all = NULL;
	size_t i;
	vg_status st;

	*items = json_array();
	*total = 0;
	st = candidates(req, json_object_get(q->filter, "level"), &ids, err);
	if (st != VG_OK || json_array_size(ids) == 0)
		goto out;
	st = filter_candidates(req, q, ids, &all, err);
	if (st != VG_OK)
		goto out;
	*total = json_array_size(all);
	for (i = q->offset; i < *total && i < q->offset + q->limit; i++)
		json_array_append(*items, json_array_get(all, i));
out:
	json_decref(all);
	json_decref(ids);
	return st;
}
