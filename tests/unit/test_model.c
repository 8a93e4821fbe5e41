/* Unit tests for src/model: record descriptors and validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "model/thesaurus.h"

static int load_thesauri(void **state)
{
	struct vg_error err;

	(void)state;
	if (thesaurus_load(&err) != VG_OK) {
		fprintf(stderr, "thesaurus: %s: %s\n", err.where, err.msg);
		return -1;
	}
	return 0;
}

static vg_status check(const char *type, const char *text, int partial,
		       struct vg_error *err)
{
	json_error_t je;
	json_t *rec = json_loads(text, 0, &je);
	vg_status s;

	if (!rec)
		fail_msg("bad test JSON: %s", je.text);
	vg_error_clear(err);
	s = model_validate(model_type(type), rec, partial, err);
	json_decref(rec);
	return s;
}

static void test_every_top_level_type_has_a_distinct_prefix(void **state)
{
	const struct record_type *const *types = model_types();
	static const char *const expected[][2] = {
		{ "person", "V" }, { "place", "P" }, { "act", "A" },
		{ "source", "S" }, { "citation", "C" }, { "relation", "R" },
		{ "intervention", "I" }, { "campaign", "G" }, { "penalty", "F" },
	};
	size_t i, j, n = 0;

	(void)state;
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		const struct record_type *t = model_type(expected[i][0]);

		assert_non_null(t);
		assert_false(t->child);
		assert_string_equal(t->id_prefix, expected[i][1]);
	}
	for (i = 0; types[i]; i++, n++)
		for (j = i + 1; types[j]; j++)
			assert_string_not_equal(types[i]->id_prefix,
						types[j]->id_prefix);
	assert_int_equal(n, 9);
}

static void test_every_list_and_ref_names_a_known_type(void **state)
{
	const struct record_type *const *lists[2] = {
		model_types(), model_child_types()
	};
	size_t k, i, j;

	(void)state;
	for (k = 0; k < 2; k++)
		for (i = 0; lists[k][i]; i++)
			for (j = 0; j < lists[k][i]->nfields; j++) {
				const struct field_def *f = &lists[k][i]->fields[j];
				const struct record_type *t = model_type(f->vocab);

				if (f->kind == FIELD_LIST)
					assert_true(t && t->child);
				if (f->kind == FIELD_REF)
					assert_true(t && !t->child);
				if (f->kind == FIELD_TERM)
					assert_non_null(thesaurus_find(f->vocab,
						thesaurus_terms(f->vocab, &(size_t){0})->code));
			}
}

static void test_witness_identity_is_secret_and_encrypted(void **state)
{
	const struct record_type *t = model_type("source");
	const struct field_def *name = model_field(t, "testifier_name");
	const struct field_def *contact = model_field(t, "testifier_contact");
	const struct field_def *number =
		model_field(model_type("person_id_doc"), "number");

	(void)state;
	assert_int_equal(name->level, LEVEL_SECRET);
	assert_true(name->flags & FIELD_ENCRYPTED);
	assert_int_equal(contact->level, LEVEL_SECRET);
	assert_true(contact->flags & FIELD_ENCRYPTED);
	assert_int_equal(number->level, LEVEL_CONFIDENTIAL);
	assert_true(number->flags & FIELD_ENCRYPTED);
	assert_true(model_field(model_type("person"), "home_address")->flags &
		    FIELD_ENCRYPTED);
}

static void test_a_valid_person_passes(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"Garapa "
			       "Nasiollauly\", \"script\": \"Latn\", \"kind\": "
			       "\"primary\"}], \"birth\": \"about 1985\", "
			       "\"level\": \"public\"}", 0, &err), VG_OK);
}

static void test_unknown_field_is_named(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"nickname\": \"B\"}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "nickname");
}

static void test_bad_child_row_is_named_with_its_index(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}, "
			       "{\"name\": \"B\"}, {\"name\": \"C\", "
			       "\"script\": \"Klingon\"}]}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "names[2].script");
	assert_non_null(strstr(err.msg, "Cyrl"));
}

static void test_required_fields_are_required_unless_partial(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("act", "{\"type\": \"arrest\"}", 0, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "victim");
	assert_int_equal(check("act", "{\"type\": \"arrest\"}", 1, &err), VG_OK);
	assert_int_equal(check("act", "{\"type\": null}", 1, &err), VG_EINVAL);
	assert_int_equal(check("person", "{\"names\": []}", 0, &err),
			 VG_EINVAL);
}

static void test_unknown_term_lists_the_allowed_ones(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("act", "{\"victim\": \"V-000001\", \"type\": "
			       "\"jailing\"}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "type");
	assert_non_null(strstr(err.msg, "arrest"));
}

static void test_dates_must_parse(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("act", "{\"victim\": \"V-1\", \"type\": "
			       "\"arrest\", \"start_date\": \"31 February "
			       "2020\"}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "start_date");
	assert_int_equal(check("act", "{\"victim\": \"V-1\", \"type\": "
			       "\"arrest\", \"start_date\": \"since July "
			       "2021\"}", 0, &err), VG_OK);
}

static void test_an_act_does_not_end_before_it_starts(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("act", "{\"victim\": \"V-1\", \"type\": "
			       "\"detention\", \"start_date\": \"March 2020\", "
			       "\"end_date\": \"2019\"}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "end_date");
	assert_int_equal(check("act", "{\"victim\": \"V-1\", \"type\": "
			       "\"detention\", \"start_date\": \"2021\", "
			       "\"end_date\": \"July 2021\"}", 0, &err), VG_OK);
	assert_int_equal(check("campaign", "{\"name\": \"V\", \"kind\": "
			       "\"vigil\", \"start_date\": \"1 February 2021\", "
			       "\"end_date\": \"31 January 2021\"}", 0, &err),
			 VG_EINVAL);
}

static void test_kinds_and_lengths_are_checked(void **state)
{
	struct vg_error err;
	char text[600];

	(void)state;
	assert_int_equal(check("penalty", "{\"kind\": \"fine\", \"amount\": "
			       "\"a lot\", \"person\": \"V-1\"}", 0, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "amount");
	assert_int_equal(check("source", "{\"kind\": \"article\", \"title\": "
			       "\"T\", \"consent_publish\": \"yes\"}", 0, &err),
			 VG_EINVAL);
	snprintf(text, sizeof(text), "{\"kind\": \"fine\", \"currency\": "
		 "\"KZTX\", \"campaign\": \"G-1\"}");
	assert_int_equal(check("penalty", text, 0, &err), VG_ETOOBIG);
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\\nB\"}]}",
			       0, &err), VG_EINVAL);
	assert_int_equal(check("person", "{\"names\": [{\"name\": "
			       "\"A\\u001b[2J\"}]}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "names[0].name");
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"notes\": \"one\\ntwo\\tthree\"}", 0, &err),
			 VG_OK);
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"level\": \"top\"}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "level");
}

/* A name of n copies of the UTF-8 letter ch, as a person record. */
static void person_named(char *out, size_t size, const char *ch, size_t n)
{
	size_t i, at;

	at = (size_t)snprintf(out, size, "{\"names\": [{\"name\": \"");
	for (i = 0; i < n && at + strlen(ch) + 8 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s", ch);
	snprintf(out + at, size - at, "\"}]}");
}

static void test_lengths_count_characters_not_bytes(void **state)
{
	struct vg_error err;
	char text[4096];

	(void)state;
	/* 200 Cyrillic letters are 400 bytes: the limit is 200 characters */
	person_named(text, sizeof(text), "Ж", 200);
	assert_int_equal(check("person", text, 0, &err), VG_OK);
	person_named(text, sizeof(text), "新", 200);
	assert_int_equal(check("person", text, 0, &err), VG_OK);
	person_named(text, sizeof(text), "Ж", 201);
	assert_int_equal(check("person", text, 0, &err), VG_ETOOBIG);
	assert_string_equal(err.where, "names[0].name");
	assert_non_null(strstr(err.msg, "201 characters, at most 200"));
}

static void test_prc_resident_id_check_digit(void **state)
{
	struct vg_error err;

	(void)state;
	assert_true(model_prc_id_valid("11010519491231002X"));
	assert_true(model_prc_id_valid("11010519491231002x"));
	assert_true(model_prc_id_valid("440524188001010014"));
	assert_false(model_prc_id_valid("440524188001010015"));
	assert_false(model_prc_id_valid("44052418800101001"));
	assert_false(model_prc_id_valid("4405241880010100A4"));
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"id_docs\": [{\"kind\": \"prc_resident_id\", "
			       "\"number\": \"650102198507160035\"}]}", 0, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "id_docs[0].number");
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"id_docs\": [{\"kind\": \"prc_resident_id\", "
			       "\"number\": \"650102198507160034\"}]}", 0, &err),
			 VG_OK);
}

static void test_a_person_has_one_primary_name(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\", "
			       "\"kind\": \"primary\"}, {\"name\": \"B\", "
			       "\"kind\": \"primary\"}]}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "names[1].kind");
}

static void test_kazakhstan_iin_check_digit(void **state)
{
	struct vg_error err;

	(void)state;
	assert_true(model_kz_iin_valid("850716300128"));
	assert_true(model_kz_iin_valid("900101400033"));
	assert_false(model_kz_iin_valid("900101400034"));
	assert_false(model_kz_iin_valid("90010140003"));
	assert_false(model_kz_iin_valid("90010140003a"));
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"id_docs\": [{\"kind\": \"kz_iin\", "
			       "\"number\": \"751231500021\"}]}", 0, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "id_docs[0].number");
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"id_docs\": [{\"kind\": \"kz_iin\", "
			       "\"number\": \"751231500027\"}]}", 0, &err),
			 VG_OK);
}

static void test_read_only_fields_are_ignored_not_refused(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("person", "{\"names\": [{\"name\": \"A\"}], "
			       "\"status\": \"whatever\"}", 0, &err), VG_OK);
}

static void test_a_person_is_not_their_own_relative(void **state)
{
	struct vg_error err;

	(void)state;
	assert_int_equal(check("relation", "{\"person\": \"V-000001\", "
			       "\"type\": \"mother_of\", \"other\": "
			       "\"V-000001\"}", 0, &err), VG_EINVAL);
	assert_string_equal(err.where, "other");
}

static void test_vigil_day_count_is_derived(void **state)
{
	json_t *c = json_pack("{s:s, s:s}", "name", "Vigil", "start_date",
			      "1 February 2021");

	(void)state;
	model_derive(model_type("campaign"), c, "2021-02-10");
	assert_int_equal(json_integer_value(json_object_get(c, "days")), 10);
	json_object_set_new(c, "end_date", json_string("December 2021"));
	model_derive(model_type("campaign"), c, "2030-01-01");
	assert_int_equal(json_integer_value(json_object_get(c, "days")), 334);
	json_decref(c);
}

static void test_act_date_type_follows_its_start(void **state)
{
	static const char *const cases[][2] = {
		{ "14 December 2022", "exact" }, { "July 2021", "unknown_day" },
		{ "2019", "unknown_month_and_day" }, { "about 1976", "approximate" },
		{ "since July 2021", "open_start" }, { "before 2019", "open_end" },
	};
	json_t *a = json_object();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_object_set_new(a, "start_date", json_string(cases[i][0]));
		model_derive(model_type("act"), a, "2026-01-01");
		assert_string_equal(json_string_value(json_object_get(a,
					"date_type")), cases[i][1]);
		assert_non_null(thesaurus_find("date_type", cases[i][1]));
	}
	json_object_del(a, "start_date");
	model_derive(model_type("act"), a, "2026-01-01");
	assert_null(json_object_get(a, "date_type"));
	json_decref(a);
}

static void test_roles_and_levels_have_names(void **state)
{
	enum role r;
	enum level l;

	(void)state;
	assert_int_equal(model_role_parse("editor", &r), 0);
	assert_int_equal(r, ROLE_EDITOR);
	assert_int_equal(model_role_parse("root", &r), -1);
	assert_int_equal(model_level_parse("secret", &l), 0);
	assert_string_equal(model_level_name(l), "secret");
	assert_string_equal(model_role_name(ROLE_PUBLIC), "public");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_top_level_type_has_a_distinct_prefix),
		cmocka_unit_test(test_every_list_and_ref_names_a_known_type),
		cmocka_unit_test(test_witness_identity_is_secret_and_encrypted),
		cmocka_unit_test(test_a_valid_person_passes),
		cmocka_unit_test(test_unknown_field_is_named),
		cmocka_unit_test(test_bad_child_row_is_named_with_its_index),
		cmocka_unit_test(test_required_fields_are_required_unless_partial),
		cmocka_unit_test(test_unknown_term_lists_the_allowed_ones),
		cmocka_unit_test(test_dates_must_parse),
		cmocka_unit_test(test_an_act_does_not_end_before_it_starts),
		cmocka_unit_test(test_kinds_and_lengths_are_checked),
		cmocka_unit_test(test_lengths_count_characters_not_bytes),
		cmocka_unit_test(test_prc_resident_id_check_digit),
		cmocka_unit_test(test_a_person_has_one_primary_name),
		cmocka_unit_test(test_kazakhstan_iin_check_digit),
		cmocka_unit_test(test_read_only_fields_are_ignored_not_refused),
		cmocka_unit_test(test_a_person_is_not_their_own_relative),
		cmocka_unit_test(test_vigil_day_count_is_derived),
		cmocka_unit_test(test_act_date_type_follows_its_start),
		cmocka_unit_test(test_roles_and_levels_have_names),
	};

	return cmocka_run_group_tests(tests, load_thesauri, NULL);
}
