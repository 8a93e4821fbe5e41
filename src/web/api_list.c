/* Lists through the API: filters, full text, order and paging, then
 * redaction of every item. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/access.h"
#include "web/api_int.h"

#define LIST_LIMIT_MAX 1000
#define LIST_LIMIT_DEFAULT 50

/* Query names that are not filters. */
static int is_reserved(const char *name)
{
	return !strcmp(name, "q") || !strcmp(name, "text") ||
	       !strcmp(name, "offset") || !strcmp(name, "limit") ||
	       !strcmp(name, "order");
}

/* A non-negative decimal within max; -1 for anything else. */
static long parse_count(const char *s, long max)
{
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > max)
		return -1;
	return v;
}

json_t *api_split_terms(const char *value)
{
	json_t *list;
	const char *p = value, *comma;

	if (!strchr(value, ','))
		return json_string(value);
	list = json_array();
	while (list) {
		comma = strchr(p, ',');
		if (comma != p)
			json_array_append_new(list, json_stringn(p, comma
				? (size_t)(comma - p) : strlen(p)));
		if (!comma)
			break;
		p = comma + 1;
	}
	return list;
}

/* A term field takes several codes separated by commas
 * ("status=detained,sentenced"); other fields one value. */
static json_t *filter_value(const struct field_def *f, const char *value)
{
	if (f->kind != FIELD_TERM)
		return json_string(value);
	return api_split_terms(value);
}

/* Filters a people list answers outside the store (api_people.c). */
static int is_people_filter(const struct record_type *t, const char *name)
{
	return !strcmp(t->name, "person") && !strcmp(name, "act_type");
}

/* Builds the store's filter from the query: only fields the caller may
 * see, each named in a 400 otherwise. */
static json_t *build_filter(const struct api_request *req,
			    struct api_response *res,
			    const struct record_type *t)
{
	const struct field_def *f;
	const char *name;
	json_t *value, *filter;

	filter = json_object();
	json_object_foreach((json_t *)req->query, name, value) {
		if (is_reserved(name) || is_people_filter(t, name) ||
		    !json_is_string(value))
			continue;
		f = model_field(t, name);
		if (!f || f->kind == FIELD_LIST || f->kind == FIELD_LONGTEXT ||
		    (f->flags & (FIELD_ENCRYPTED | FIELD_DERIVED)) ||
		    !access_sees_level(req->who->role, f->level)) {
			api_error(res, 400, "invalid",
				  "not a field this list can be filtered by",
				  name);
			json_decref(filter);
			return NULL;
		}
		json_object_set_new(filter, name,
				    filter_value(f, json_string_value(value)));
	}
	/* The store narrows it to what the caller may see. */
	return filter;
}

static const char *query_get(const struct api_request *req, const char *name)
{
	return json_string_value(json_object_get(req->query, name));
}

/* A list may be sorted by a stored field the caller can see (sorting by a
 * hidden one would reveal its values) or by id and timestamps. */
static int order_allowed(const struct api_request *req,
			 const struct record_type *t, const char *name)
{
	const struct field_def *f = model_field(t, name);

	if (!f)
		return !strcmp(name, "id") || !strcmp(name, "created_at") ||
		       !strcmp(name, "updated_at");
	if (f->kind == FIELD_LIST || (f->flags & (FIELD_DERIVED |
						  FIELD_ENCRYPTED)))
		return 0;
	return access_sees_level(req->who->role, f->level);
}

/* Reads offset, limit and order; 0 with the error response set. */
static int read_paging(const struct api_request *req,
		       struct api_response *res, const struct record_type *t,
		       struct records_query *q)
{
	const char *s;
	long v;

	s = query_get(req, "offset");
	v = s ? parse_count(s, 100000000L) : 0;
	if (v < 0) {
		api_error(res, 400, "invalid", "offset must be a whole number "
			  "from 0", "offset");
		return 0;
	}
	q->offset = (size_t)v;
	s = query_get(req, "limit");
	v = s ? parse_count(s, LIST_LIMIT_MAX) : LIST_LIMIT_DEFAULT;
	if (v <= 0) {
		api_error(res, 400, "invalid", "limit must be a whole number "
			  "from 1 to 1000", "limit");
		return 0;
	}
	q->limit = (size_t)v;
	s = query_get(req, "order");
	if (s && !order_allowed(req, t, s[0] == '-' ? s + 1 : s)) {
		api_error(res, 400, "invalid", "order must name a field you "
			  "can see, with - before it for descending", "order");
		return 0;
	}
	q->order = s;
	return 1;
}

void api_records_list(const struct api_request *req, struct api_response *res,
		      const struct record_type *t)
{
	struct records_query q;
	struct vg_error err;
	json_t *filter, *items = NULL;
	size_t total = 0;
	vg_status st;

	memset(&q, 0, sizeof(q));
	if (!read_paging(req, res, t, &q))
		return;
	filter = build_filter(req, res, t);
	if (!filter)
		return;
	q.filter = filter;
	/* On people, q is a name (as on the people page) and text the full
	 * text; elsewhere either is the full text. */
	q.text = query_get(req, "text");
	if (!q.text && strcmp(t->name, "person"))
		q.text = query_get(req, "q");
	if (q.text && !*q.text)
		q.text = NULL;
	vg_error_clear(&err);
	if (api_people_by_candidates(req, t))
		st = api_people_list(req, &q, &items, &total, &err);
	else
		st = records_list(req->db, req->who, t->name, &q, &items,
				  &total, &err);
	if (st != VG_OK) {
		api_fail(res, &err);
		goto out;
	}
	api_reply(res, 200, json_pack("{s:o, s:I, s:I, s:I}",
		  "items", json_incref(items), "total", (json_int_t)total,
		  "offset", (json_int_t)q.offset, "limit", (json_int_t)q.limit));
out:
	json_decref(items);
	json_decref(filter);
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into b ('+' is a space). -1 on a bad escape. */
static int decode_into(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int hi, lo;

	buf_reset(b);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			hi = hex_value((unsigned char)s[i + 1]);
			lo = hex_value((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (buf_addc(b, c) != VG_OK)
			return -1;
	}
	return 0;
}

json_t *api_query_parse(const char *query)
{
	struct buf name, value;
	const char *p, *amp, *eq;
	json_t *out = NULL;
	size_t n;

	if (!query || !*query)
		return NULL;
	buf_init(&name, 256);
	buf_init(&value, 8192);
	out = json_object();
	for (p = query; out && *p; p = amp ? amp + 1 : p + n) {
		amp = strchr(p, '&');
		n = amp ? (size_t)(amp - p) : strlen(p);
		eq = memchr(p, '=', n);
		if (n == 0)
			continue;
		if (decode_into(&name, p, eq ? (size_t)(eq - p) : n) ||
		    decode_into(&value, eq ? eq + 1 : p + n,
				eq ? n - (size_t)(eq + 1 - p) : 0)) {
			json_decref(out);
			out = NULL;
			break;
		}
		/* json_string refuses text that is not UTF-8. */
		if (json_object_set_new(out, buf_str(&name),
					json_string(buf_str(&value)))) {
			json_decref(out);
			out = NULL;
		}
	}
	buf_free(&name);
	buf_free(&value);
	return out;
}
