/* Unit tests for model/access: who may see and do what. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "model/access.h"

static json_t *source(const char *level, int pending)
{
	return json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:[{s:s}]}",
			 "id", "S-000001", "level", level, "pending", pending,
			 "kind", "testimony", "title", "A sister's account",
			 "testifier_name", "Kamatan", "testifier_relation",
			 "mother", "full_text", "What she told us.", "names",
			 "x", "y");
}

static void test_public_reads_but_never_writes(void **state)
{
	const struct record_type *t = model_type("person");

	(void)state;
	assert_true(access_allows(ROLE_PUBLIC, t, ACTION_READ));
	assert_false(access_allows(ROLE_PUBLIC, t, ACTION_CREATE));
	assert_false(access_allows(ROLE_VIEWER, t, ACTION_CREATE));
	assert_false(access_allows(ROLE_PUBLIC, t, ACTION_ADMIN));
}

static void test_contributor_creates_but_does_not_change(void **state)
{
	const struct record_type *t = model_type("act");

	(void)state;
	assert_true(access_allows(ROLE_CONTRIBUTOR, t, ACTION_CREATE));
	assert_false(access_allows(ROLE_CONTRIBUTOR, t, ACTION_UPDATE));
	assert_false(access_allows(ROLE_CONTRIBUTOR, t, ACTION_DELETE));
	assert_false(access_allows(ROLE_CONTRIBUTOR, t, ACTION_REVIEW));
}

static void test_editor_reviews_and_only_admin_administers(void **state)
{
	const struct record_type *t = model_type("source");

	(void)state;
	assert_true(access_allows(ROLE_EDITOR, t, ACTION_UPDATE));
	assert_true(access_allows(ROLE_EDITOR, t, ACTION_DELETE));
	assert_true(access_allows(ROLE_EDITOR, t, ACTION_REVIEW));
	assert_false(access_allows(ROLE_EDITOR, t, ACTION_ADMIN));
	assert_true(access_allows(ROLE_ADMIN, t, ACTION_ADMIN));
	assert_true(access_allows(ROLE_ADMIN, NULL, ACTION_ADMIN));
}

static void test_unknown_roles_types_and_actions_are_denied(void **state)
{
	(void)state;
	assert_false(access_allows((enum role)17, model_type("person"),
				   ACTION_READ));
	assert_false(access_allows(ROLE_ADMIN, NULL, ACTION_READ));
	assert_false(access_allows(ROLE_ADMIN, model_type("person_name"),
				   ACTION_CREATE));
	assert_false(access_allows(ROLE_ADMIN, model_type("person"),
				   (enum action)42));
	assert_false(access_sees_level(ROLE_ADMIN, (enum level)9));
}

static void test_levels_follow_roles(void **state)
{
	(void)state;
	assert_true(access_sees_level(ROLE_PUBLIC, LEVEL_PUBLIC));
	assert_false(access_sees_level(ROLE_PUBLIC, LEVEL_INTERNAL));
	assert_true(access_sees_level(ROLE_VIEWER, LEVEL_INTERNAL));
	assert_false(access_sees_level(ROLE_CONTRIBUTOR, LEVEL_CONFIDENTIAL));
	assert_true(access_sees_level(ROLE_EDITOR, LEVEL_CONFIDENTIAL));
	assert_false(access_sees_level(ROLE_EDITOR, LEVEL_SECRET));
	assert_true(access_sees_level(ROLE_ADMIN, LEVEL_SECRET));
}

static void test_public_sees_only_public_reviewed_records(void **state)
{
	const struct record_type *t = model_type("source");
	json_t *internal = source("internal", 0), *pending = source("public", 1);
	json_t *nolevel = json_pack("{s:s, s:b}", "id", "S-1", "pending", 0);

	(void)state;
	assert_null(access_redact(ROLE_PUBLIC, t, internal));
	assert_null(access_redact(ROLE_PUBLIC, t, pending));
	assert_null(access_redact(ROLE_EDITOR, t, nolevel));
	json_decref(internal);
	json_decref(pending);
	json_decref(nolevel);
}

static void test_redaction_removes_fields_above_the_role(void **state)
{
	const struct record_type *t = model_type("source");
	json_t *rec = source("public", 0), *pub, *ed, *adm;

	(void)state;
	pub = access_redact(ROLE_PUBLIC, t, rec);
	assert_non_null(pub);
	assert_string_equal(json_string_value(json_object_get(pub, "title")),
			    "A sister's account");
	assert_null(json_object_get(pub, "testifier_name"));
	assert_null(json_object_get(pub, "testifier_relation"));
	assert_null(json_object_get(pub, "full_text"));
	assert_null(json_object_get(pub, "names")); /* not a source field */
	ed = access_redact(ROLE_EDITOR, t, rec);
	assert_non_null(json_object_get(ed, "testifier_relation"));
	assert_null(json_object_get(ed, "testifier_name"));
	adm = access_redact(ROLE_ADMIN, t, rec);
	assert_non_null(json_object_get(adm, "testifier_name"));
	json_decref(pub);
	json_decref(ed);
	json_decref(adm);
	json_decref(rec);
}

static void test_redaction_reaches_into_child_lists(void **state)
{
	const struct record_type *t = model_type("person");
	json_t *rec = json_pack("{s:s, s:s, s:b, s:[{s:s, s:s}],"
				" s:[{s:s, s:s}]}", "id", "V-000001", "level",
				"public", "pending", 0, "names", "name",
				"Askar Azatbek", "source", "S-000001",
				"id_docs", "kind", "passport", "number", "N1");
	json_t *pub, *names;

	(void)state;
	pub = access_redact(ROLE_PUBLIC, t, rec);
	names = json_object_get(pub, "names");
	assert_int_equal(json_array_size(names), 1);
	assert_non_null(json_object_get(json_array_get(names, 0), "name"));
	assert_null(json_object_get(json_array_get(names, 0), "source"));
	assert_null(json_object_get(pub, "id_docs"));
	json_decref(pub);
	json_decref(rec);
}

static void test_list_filter_is_narrowed_to_what_the_role_sees(void **state)
{
	json_t *f = json_object();
	json_t *g = json_pack("{s:[s,s]}", "level", "secret", "internal");

	(void)state;
	assert_int_equal(access_restrict_filter(ROLE_PUBLIC, f), 0);
	assert_int_equal(json_array_size(json_object_get(f, "level")), 1);
	assert_true(json_is_false(json_object_get(f, "pending")));
	assert_int_equal(access_restrict_filter(ROLE_EDITOR, g), 0);
	assert_int_equal(json_array_size(json_object_get(g, "level")), 1);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(g, "level"), 0)), "internal");
	assert_null(json_object_get(g, "pending"));
	assert_int_equal(access_restrict_filter(ROLE_ADMIN, NULL), -1);
	json_decref(f);
	json_decref(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_reads_but_never_writes),
		cmocka_unit_test(test_contributor_creates_but_does_not_change),
		cmocka_unit_test(test_editor_reviews_and_only_admin_administers),
		cmocka_unit_test(test_unknown_roles_types_and_actions_are_denied),
		cmocka_unit_test(test_levels_follow_roles),
		cmocka_unit_test(test_public_sees_only_public_reviewed_records),
		cmocka_unit_test(test_redaction_removes_fields_above_the_role),
		cmocka_unit_test(test_redaction_reaches_into_child_lists),
		cmocka_unit_test(test_list_filter_is_narrowed_to_what_the_role_sees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
