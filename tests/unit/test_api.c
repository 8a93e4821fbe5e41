/* Unit tests for the JSON API's front door: routing, access to a type,
 * body checks and query parsing — everything decided before the store is
 * asked (the HTTP tests cover the round trips through the store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "web/api.h"

struct call {
	struct api_request req;
	struct api_response res;
	struct actor who;
	json_t *answer;
};

static void run(struct call *c, enum role role, const char *method,
		const char *path, const char *ctype, const char *body)
{
	memset(c, 0, sizeof(*c));
	c->who.username = "test";
	c->who.role = role;
	c->req.method = method;
	c->req.path = path;
	c->req.content_type = ctype;
	c->req.body = body;
	c->req.body_len = body ? strlen(body) : 0;
	c->req.who = &c->who;
	api_handle(&c->req, &c->res);
	c->answer = c->res.body.len ? json_loads(buf_str(&c->res.body), 0, NULL)
				    : NULL;
}

static void done(struct call *c)
{
	json_decref(c->answer);
	api_response_free(&c->res);
}

static const char *error_code(const struct call *c)
{
	return json_string_value(json_object_get(
		json_object_get(c->answer, "error"), "code"));
}

static const char *error_field(const struct call *c)
{
	return json_string_value(json_object_get(
		json_object_get(c->answer, "error"), "field"));
}

static void test_unknown_record_type_is_not_found(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_EDITOR, "GET", "/api/v1/prisoners", NULL, NULL);
	assert_int_equal(c.res.status, 404);
	assert_string_equal(error_code(&c), "not_found");
	done(&c);
}

static void test_index_lists_every_record_type(void **state)
{
	const struct record_type *const *t;
	struct call c;
	json_t *types;
	size_t n = 0;

	(void)state;
	run(&c, ROLE_PUBLIC, "GET", "/api/v1/", NULL, NULL);
	assert_int_equal(c.res.status, 200);
	types = json_object_get(c.answer, "types");
	for (t = model_types(); *t; t++)
		n++;
	assert_true(n > 0);
	assert_int_equal(json_array_size(types), n);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(types, 0), "href")),
		"/api/v1/people");
	done(&c);
}

static void test_anonymous_create_asks_for_authentication(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_PUBLIC, "POST", "/api/v1/people", "application/json",
	    "{\"names\":[{\"name\":\"A\"}]}");
	assert_int_equal(c.res.status, 401);
	assert_true(c.res.want_auth);
	assert_string_equal(error_code(&c), "unauthorized");
	done(&c);
}

static void test_viewer_may_not_create_update_or_delete(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_VIEWER, "POST", "/api/v1/people", "application/json",
	    "{}");
	assert_int_equal(c.res.status, 403);
	assert_string_equal(error_code(&c), "forbidden");
	done(&c);
	run(&c, ROLE_VIEWER, "PATCH", "/api/v1/people/V-000001",
	    "application/json", "{}");
	assert_int_equal(c.res.status, 403);
	done(&c);
	run(&c, ROLE_VIEWER, "DELETE", "/api/v1/acts/A-000001", NULL, NULL);
	assert_int_equal(c.res.status, 403);
	done(&c);
}

static void test_write_without_json_content_type_is_415(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_EDITOR, "POST", "/api/v1/people", "text/plain",
	    "{\"names\":[{\"name\":\"A\"}]}");
	assert_int_equal(c.res.status, 415);
	assert_string_equal(error_code(&c), "unsupported_media_type");
	done(&c);
	run(&c, ROLE_EDITOR, "POST", "/api/v1/people", NULL, "{}");
	assert_int_equal(c.res.status, 415);
	done(&c);
	run(&c, ROLE_EDITOR, "POST", "/api/v1/people",
	    "application/jsonp", "{}");
	assert_int_equal(c.res.status, 415);
	done(&c);
}

static void test_body_over_the_cap_is_413(void **state)
{
	struct call c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.who.role = ROLE_EDITOR;
	c.req.method = "POST";
	c.req.path = "/api/v1/people";
	c.req.content_type = "application/json";
	c.req.body_too_big = 1;
	c.req.who = &c.who;
	api_handle(&c.req, &c.res);
	assert_int_equal(c.res.status, 413);
	api_response_free(&c.res);
}

static void test_malformed_or_non_object_body_is_400(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_EDITOR, "POST", "/api/v1/people",
	    "application/json; charset=utf-8", "{\"names\": [");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_code(&c), "invalid");
	done(&c);
	run(&c, ROLE_EDITOR, "POST", "/api/v1/people", "application/json",
	    "[1, 2]");
	assert_int_equal(c.res.status, 400);
	done(&c);
	run(&c, ROLE_EDITOR, "POST", "/api/v1/people", "application/json",
	    "{\"a\": 1, \"a\": 2}");
	assert_int_equal(c.res.status, 400);
	done(&c);
}

static void test_unsupported_method_is_405_with_allow(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_ADMIN, "DELETE", "/api/v1/people", NULL, NULL);
	assert_int_equal(c.res.status, 405);
	assert_string_equal(c.res.allow, "GET, HEAD, POST");
	done(&c);
}

static void test_odd_ids_are_not_found_without_asking_the_store(void **state)
{
	struct call c;

	(void)state;
	run(&c, ROLE_ADMIN, "GET", "/api/v1/people/V-1/../../x", NULL, NULL);
	assert_int_equal(c.res.status, 404);
	done(&c);
	run(&c, ROLE_ADMIN, "GET", "/api/v1/people/V%27--", NULL, NULL);
	assert_int_equal(c.res.status, 404);
	done(&c);
}

static void list_with(struct call *c, enum role role, const char *query)
{
	json_t *q = api_query_parse(query);

	memset(c, 0, sizeof(*c));
	c->who.role = role;
	c->req.method = "GET";
	c->req.path = "/api/v1/people";
	c->req.query = q;
	c->req.who = &c->who;
	api_handle(&c->req, &c->res);
	c->answer = json_loads(buf_str(&c->res.body), 0, NULL);
	json_decref(q);
}

static void test_paging_out_of_range_names_the_parameter(void **state)
{
	struct call c;

	(void)state;
	list_with(&c, ROLE_EDITOR, "limit=5000");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_field(&c), "limit");
	done(&c);
	list_with(&c, ROLE_EDITOR, "offset=-1");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_field(&c), "offset");
	done(&c);
	list_with(&c, ROLE_EDITOR, "limit=0");
	assert_int_equal(c.res.status, 400);
	done(&c);
	list_with(&c, ROLE_EDITOR, "order=shoe_size");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_field(&c), "order");
	done(&c);
}

static void test_filter_on_a_hidden_field_is_refused(void **state)
{
	struct call c;

	(void)state;
	/* evidence_grade is internal: filtering on it would let an
	 * anonymous reader infer its values. */
	list_with(&c, ROLE_PUBLIC, "evidence_grade=confirmed");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_field(&c), "evidence_grade");
	done(&c);
	list_with(&c, ROLE_PUBLIC, "order=-evidence_grade");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_field(&c), "order");
	done(&c);
	list_with(&c, ROLE_EDITOR, "shoe_size=44");
	assert_int_equal(c.res.status, 400);
	assert_string_equal(error_field(&c), "shoe_size");
	done(&c);
}

static void test_query_strings_are_percent_decoded(void **state)
{
	json_t *q;

	(void)state;
	q = api_query_parse("q=%D0%93%D0%B0%D1%80%D0%B0%D0%BF%D0%B0+N&"
			    "limit=5&&status=detained&status=released&flag");
	assert_non_null(q);
	assert_string_equal(json_string_value(json_object_get(q, "q")),
			    "Гарапа N");
	assert_string_equal(json_string_value(json_object_get(q, "limit")),
			    "5");
	assert_string_equal(json_string_value(json_object_get(q, "status")),
			    "released");
	assert_string_equal(json_string_value(json_object_get(q, "flag")), "");
	json_decref(q);
	assert_null(api_query_parse("q=%zz"));
	assert_null(api_query_parse("q=%4"));
	assert_null(api_query_parse("q=%ff%fe"));
	assert_null(api_query_parse(""));
}

/* A reader who may not see a name's source (internal) sends the names
 * back reordered, one edited in place of another, one new: each row keeps
 * the source of the row it is, the new row gets none, and a source the
 * writer tried to set on a row is not taken. */
static void test_rows_sent_back_keep_their_hidden_fields(void **state)
{
	const struct record_type *t = model_type("person");
	json_t *old, *changes, *names;

	(void)state;
	assert_non_null(t);
	old = json_pack("{s:s, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
			"notes", "kept note", "names",
			"name", "Alpha", "source", "S-000001",
			"name", "Beta", "source", "S-000002",
			"name", "Gamma", "source", "S-000003");
	changes = json_pack("{s:s, s:[{s:s}, {s:s, s:s}, {s:s}, {s:s}]}",
			    "notes", "overwritten", "names",
			    "name", "Beta",
			    "name", "Alpha", "source", "S-000009",
			    "name", "Delta",
			    "name", "Gamma");
	api_keep_hidden(ROLE_PUBLIC, t, old, changes);
	assert_null(json_object_get(changes, "notes"));
	names = json_object_get(changes, "names");
	assert_int_equal(json_array_size(names), 4);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(names, 0), "source")), "S-000002");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(names, 1), "source")), "S-000001");
	assert_null(json_object_get(json_array_get(names, 2), "source"));
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(names, 3), "source")), "S-000003");
	json_decref(changes);
	json_decref(old);
}

/* A list of the same length whose row was edited in place keeps the
 * row's hidden field; a writer who sees everything changes nothing. */
static void test_a_row_edited_in_place_keeps_its_hidden_field(void **state)
{
	const struct record_type *t = model_type("person");
	json_t *old, *changes, *row;

	(void)state;
	old = json_pack("{s:[{s:s, s:s}]}", "names", "name", "Alpha",
			"source", "S-000001");
	changes = json_pack("{s:[{s:s}]}", "names", "name", "Alfa");
	api_keep_hidden(ROLE_PUBLIC, t, old, changes);
	row = json_array_get(json_object_get(changes, "names"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "name")),
			    "Alfa");
	assert_string_equal(json_string_value(json_object_get(row, "source")),
			    "S-000001");
	json_decref(changes);
	changes = json_pack("{s:[{s:s}]}", "names", "name", "Alfa");
	api_keep_hidden(ROLE_ADMIN, t, old, changes);
	row = json_array_get(json_object_get(changes, "names"), 0);
	assert_null(json_object_get(row, "source"));
	json_decref(changes);
	json_decref(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_record_type_is_not_found),
		cmocka_unit_test(test_index_lists_every_record_type),
		cmocka_unit_test(test_anonymous_create_asks_for_authentication),
		cmocka_unit_test(test_viewer_may_not_create_update_or_delete),
		cmocka_unit_test(test_write_without_json_content_type_is_415),
		cmocka_unit_test(test_body_over_the_cap_is_413),
		cmocka_unit_test(test_malformed_or_non_object_body_is_400),
		cmocka_unit_test(test_unsupported_method_is_405_with_allow),
		cmocka_unit_test(test_odd_ids_are_not_found_without_asking_the_store),
		cmocka_unit_test(test_paging_out_of_range_names_the_parameter),
		cmocka_unit_test(test_filter_on_a_hidden_field_is_refused),
		cmocka_unit_test(test_query_strings_are_percent_decoded),
		cmocka_unit_test(test_rows_sent_back_keep_their_hidden_fields),
		cmocka_unit_test(test_a_row_edited_in_place_keeps_its_hidden_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
