/* Unit tests for src/io/import.c and src/io/export.c against a real
 * database in VIGIL_TMP: all-or-nothing imports with located errors, dry
 * runs, redaction by role and byte-identical round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "io/export.h"
#include "io/import.h"
#include "model/thesaurus.h"
#include "store/schema.h"

static const struct actor owner = { 0, "cli", ROLE_ADMIN };

struct fixture {
	char dir[512];
	store *db;
};

static void path_in(const struct fixture *fx, const char *name, char *out,
		    size_t size)
{
	snprintf(out, size, "%s/%s", fx->dir, name);
}

static store *open_fresh(const struct fixture *fx, const char *name)
{
	struct vg_error err = { 0 };
	char path[600];
	store *db = NULL;

	path_in(fx, name, path, sizeof(path));
	if (store_open(path, STORE_OPEN_CREATE, &db, &err) != STORE_OK)
		fail_msg("open %s: %s", path, err.msg);
	if (schema_migrate(db, 0, NULL, &err) != VG_OK)
		fail_msg("migrate: %s: %s", err.where, err.msg);
	return db;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("VIGIL_TMP");

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "%s/io-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	fx->db = open_fresh(fx, "one.db");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[700];

	store_close(fx->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void write_file(const struct fixture *fx, const char *name,
		       const char *text, char *path, size_t size)
{
	FILE *f;

	path_in(fx, name, path, size);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The export for role as a malloc'd string. */
/* The export as one string (caller frees). open_memstream writes into a
 * holder on the heap rather than into locals: with the locals, GCC's
 * -Wdangling-pointer (Release builds) took every pointer into the text
 * for a pointer to this function's stack. */
static char *export_text(store *db, enum role as_role, size_t *n)
{
	struct vg_error err = { 0 };
	struct { char *text; size_t len; } *out = calloc(1, sizeof(*out));
	char *text;
	FILE *f;

	assert_non_null(out);
	f = open_memstream(&out->text, &out->len);
	assert_non_null(f);
	if (io_export_counted(db, as_role, f, n, &err) != VG_OK)
		fail_msg("export: %s: %s", err.where, err.msg);
	fclose(f);
	text = out->text;
	free(out);
	return text;
}

static void demo_path(char *out, size_t size)
{
	const char *src = getenv("VIGIL_SOURCE");

	snprintf(out, size, "%s/data/demo/demo.json", src ? src : ".");
}

/* 30 people, then 20 acts; record 40 is act A-000010 of type 'jailing'. */
static void write_fifty_with_bad_40th(const struct fixture *fx, char *path,
				      size_t size)
{
	struct buf b;
	int i;

	buf_init(&b, 1 << 20);
	buf_adds(&b, "{\"vigil\": 1, \"records\": [\n");
	for (i = 1; i <= 30; i++)
		buf_printf(&b, "{\"record\": \"person\", \"id\": \"V-%06d\", "
			   "\"names\": [{\"name\": \"Person %d\"}]},\n", i, i);
	for (i = 1; i <= 20; i++)
		buf_printf(&b, "{\"record\": \"act\", \"id\": \"A-%06d\", "
			   "\"victim\": \"V-%06d\", \"type\": \"%s\"}%s\n", i,
			   i, i == 10 ? "jailing" : "detention",
			   i < 20 ? "," : "");
	buf_adds(&b, "]}\n");
	write_file(fx, "people.json", buf_str(&b), path, size);
	buf_free(&b);
}

static void test_the_demo_imports_whole(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char demo[600];
	size_t n = 0;
	char *text;

	demo_path(demo, sizeof(demo));
	if (io_import_file_counted(fx->db, &owner, demo, 0, &n, &err) != VG_OK)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(n, 76);
	text = export_text(fx->db, ROLE_ADMIN, &n);
	assert_int_equal(n, 76);
	assert_non_null(strstr(text, "Гарапа Насиоллаұлы"));
	/* stored derived fields are written, those computed per read not */
	assert_non_null(strstr(text, "\"status\":\"disappeared\""));
	assert_null(strstr(text, "\"days\""));
	free(text);
}

static void test_a_bad_40th_record_is_named_and_nothing_is_written(
	void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600], *before, *after;
	size_t n = 99;

	before = export_text(fx->db, ROLE_ADMIN, NULL);
	write_fifty_with_bad_40th(fx, path, sizeof(path));
	assert_int_equal(io_import_file_counted(fx->db, &owner, path, 0, &n,
						&err), VG_EINVAL);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.where,
			       "people.json: record 40 (A-000010): field type"));
	assert_non_null(strstr(err.msg, "'jailing'"));
	assert_non_null(strstr(err.msg, "arrest"));
	after = export_text(fx->db, ROLE_ADMIN, NULL);
	assert_string_equal(before, after);
	assert_false(store_in_transaction(fx->db));
	free(before);
	free(after);
}

static void test_a_dry_run_writes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char demo[600], *text;
	size_t n = 0;

	demo_path(demo, sizeof(demo));
	assert_int_equal(io_import_file_counted(fx->db, &owner, demo, 1, &n,
						&err), VG_OK);
	assert_int_equal(n, 76);
	text = export_text(fx->db, ROLE_ADMIN, &n);
	assert_int_equal(n, 0);
	assert_string_equal(text, "{\"vigil\": 1, \"records\": [\n]}\n");
	free(text);
}

static void test_syntax_errors_give_line_and_column(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600];

	write_file(fx, "broken.json", "{\"vigil\": 1,\n \"records\": [\n"
		   "  {\"record\": \"person\",,}\n]}\n", path, sizeof(path));
	assert_int_equal(io_import_file(fx->db, &owner, path, 0, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.where, "broken.json: line 3, column"));
}

static void test_a_syntax_error_after_good_records_undoes_them(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600], *text;
	size_t n = 0;

	/* columns count characters: the Cyrillic letters are one each */
	write_file(fx, "late.json", "{\"vigil\": 1, \"records\": [\n"
		   "{\"record\": \"person\", \"names\": [{\"name\": \"Ғалым\"}]},\n"
		   "{\"record\": \"person\", \"names\": [{\"name\": \"Әсем\"}]},\n"
		   "{\"record\": \"person\", \"names\": [{\"name\": \"Ұлан\" x}]}\n"
		   "]}\n", path, sizeof(path));
	assert_int_equal(io_import_file(fx->db, &owner, path, 0, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.where, "late.json: line 4, column 48"));
	text = export_text(fx->db, ROLE_ADMIN, &n);
	assert_int_equal(n, 0);
	free(text);
}

static void test_the_envelope_is_checked_with_its_place(void **state)
{
	static const struct {
		const char *text, *where, *msg;
	} cases[] = {
		{ "[]", "line 1, column 1", "expected an object" },
		{ "{\"records\": [], \"vigil\": 1}", "line 1, column 2",
		  "must come before" },
		{ "{\"vigil\": 2, \"records\": []}", "line 1, column 11",
		  "must be 1" },
		{ "{\"vigil\": 1}", "line 1, column", "\"records\" is missing" },
		{ "{\"vigil\": 1,\n \"records\": {}}", "line 2, column 13",
		  "must be a list" },
		{ "{\"vigil\": 1, \"records\": [], \"extra\": 0}",
		  "line 1, column 29", "unexpected key 'extra'" },
		{ "{\"vigil\": 1, \"records\": []} {}", "line 1, column 29",
		  "unexpected text" },
		{ "\xEF\xBB\xBF{\"vigil\": 1}", "line 1, column",
		  "\"records\" is missing" },
	};
	struct fixture *fx = *state;
	struct vg_error err;
	char path[600];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vg_error_clear(&err);
		write_file(fx, "envelope.json", cases[i].text, path,
			   sizeof(path));
		assert_int_equal(io_import_file(fx->db, &owner, path, 0, &err),
				 VG_EINVAL);
		if (!strstr(err.where, cases[i].where) ||
		    !strstr(err.msg, cases[i].msg))
			fail_msg("%s: got '%s: %s'", cases[i].text, err.where,
				 err.msg);
	}
}

/* A source in Kazakh Cyrillic and citations into it by code point. */
static void write_cited(const struct fixture *fx, const char *citation,
			char *path, size_t size)
{
	char text[2048];

	snprintf(text, sizeof(text), "{\"vigil\": 1, \"records\": [\n"
		 "{\"record\": \"person\", \"id\": \"V-000001\","
		 " \"names\": [{\"name\": \"Гарапа Насиоллаұлы\"}]},\n"
		 "{\"record\": \"source\", \"id\": \"S-000001\","
		 " \"kind\": \"testimony\", \"title\": \"Ана\","
		 " \"full_text\": \"Ұлым Гарапа 2021 жылдың шілдесінен бері "
		 "хабарсыз.\"},\n"
		 "{\"record\": \"citation\", \"id\": \"C-000001\","
		 " \"source\": \"S-000001\", \"record_type\": \"person\","
		 " \"record_id\": \"V-000001\", %s}\n]}\n", citation);
	write_file(fx, "cited.json", text, path, size);
}

static void test_citations_must_quote_their_source_exactly(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600];

	/* "Гарапа" is characters 5 to 11, bytes 9 to 21 */
	write_cited(fx, "\"start_offset\": 5, \"end_offset\": 11, "
		    "\"quote\": \"Гарапа\"", path, sizeof(path));
	if (io_import_file(fx->db, &owner, path, 1, &err) != VG_OK)
		fail_msg("%s: %s", err.where, err.msg);
	write_cited(fx, "\"start_offset\": 9, \"end_offset\": 21, "
		    "\"quote\": \"Гарапа\"", path, sizeof(path));
	assert_int_equal(io_import_file(fx->db, &owner, path, 1, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.where, "record 3 (C-000001): field quote"));
	write_cited(fx, "\"start_offset\": 5, \"end_offset\": 500",
		    path, sizeof(path));
	assert_int_equal(io_import_file(fx->db, &owner, path, 1, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.where, "field end_offset"));
	assert_non_null(strstr(err.msg, "past the end"));
}

/* A 6000-character source cited whole, with the quote cut to n bytes. */
static vg_status import_long_quote(const struct fixture *fx, size_t n,
				   struct vg_error *err)
{
	struct buf b;
	char path[600];
	vg_status s;
	size_t i;

	buf_init(&b, 1 << 20);
	buf_adds(&b, "{\"vigil\": 1, \"records\": [\n"
		 "{\"record\": \"person\", \"id\": \"V-000001\","
		 " \"names\": [{\"name\": \"A B\"}]},\n"
		 "{\"record\": \"source\", \"id\": \"S-000001\","
		 " \"kind\": \"report\", \"title\": \"Long\", \"full_text\": \"");
	for (i = 0; i < 6000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	buf_adds(&b, "\"},\n{\"record\": \"citation\", \"source\": "
		 "\"S-000001\", \"record_type\": \"person\", \"record_id\": "
		 "\"V-000001\", \"start_offset\": 0, \"end_offset\": 6000, "
		 "\"quote\": \"");
	for (i = 0; i < n; i++)
		buf_addc(&b, (char)('a' + i % 26));
	buf_adds(&b, "\"}\n]}\n");
	write_file(fx, "long.json", buf_str(&b), path, sizeof(path));
	buf_free(&b);
	s = io_import_file(fx->db, &owner, path, 1, err);
	return s;
}

static void test_a_long_passage_may_be_quoted_cut_to_fit(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };

	if (import_long_quote(fx, 5000, &err) != VG_OK)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(import_long_quote(fx, 100, &err), VG_EINVAL);
	assert_non_null(strstr(err.where, "field quote"));
}

static void test_a_record_without_a_type_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600];

	write_file(fx, "untyped.json", "{\"vigil\": 1, \"records\": [{\"id\":"
		   " \"V-000001\", \"names\": []}]}", path, sizeof(path));
	assert_int_equal(io_import_file(fx->db, &owner, path, 0, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.where, "record 1 (V-000001): field record"));
	assert_non_null(strstr(err.msg, "person"));
}

static void test_a_file_over_the_cap_is_refused_unread(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600];

	write_file(fx, "huge.json", "", path, sizeof(path));
	assert_int_equal(truncate(path, (off_t)IO_IMPORT_MAX_BYTES + 1), 0);
	assert_int_equal(io_import_file(fx->db, &owner, path, 0, &err),
			 VG_ETOOBIG);
	assert_non_null(strstr(err.msg, "256 MiB"));
}

static void test_an_export_imports_back_byte_for_byte(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char demo[600], path[600], *first, *second;
	store *other;

	demo_path(demo, sizeof(demo));
	assert_int_equal(io_import_file(fx->db, &owner, demo, 0, &err), VG_OK);
	first = export_text(fx->db, ROLE_ADMIN, NULL);
	write_file(fx, "export.json", first, path, sizeof(path));
	other = open_fresh(fx, "two.db");
	if (io_import_file(other, &owner, path, 0, &err) != VG_OK)
		fail_msg("%s: %s", err.where, err.msg);
	second = export_text(other, ROLE_ADMIN, NULL);
	assert_string_equal(first, second);
	store_close(other);
	free(first);
	free(second);
}

static void test_the_public_export_leaves_out_internal_fields(void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char demo[600], *admin, *public;

	demo_path(demo, sizeof(demo));
	assert_int_equal(io_import_file(fx->db, &owner, demo, 0, &err), VG_OK);
	admin = export_text(fx->db, ROLE_ADMIN, NULL);
	public = export_text(fx->db, ROLE_PUBLIC, NULL);
	assert_non_null(strstr(admin, "\"full_text\""));
	assert_null(strstr(public, "\"full_text\""));
	assert_non_null(strstr(admin, "Married, with a young son"));
	assert_null(strstr(public, "Married, with a young son"));
	assert_non_null(strstr(public, "Garapa Nasiollauly"));
	free(admin);
	free(public);
}

static void test_export_puts_people_before_acts_and_citations_last(
	void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char demo[600], *text, *person, *act, *citation, *last_line;

	demo_path(demo, sizeof(demo));
	assert_int_equal(io_import_file(fx->db, &owner, demo, 0, &err), VG_OK);
	text = export_text(fx->db, ROLE_ADMIN, NULL);
	person = strstr(text, "{\"record\":\"person\"");
	act = strstr(text, "{\"record\":\"act\"");
	citation = strstr(text, "{\"record\":\"citation\"");
	assert_non_null(person);
	assert_non_null(act);
	assert_non_null(citation);
	assert_true(person < act && act < citation);
	last_line = strrchr(text, '{');
	assert_non_null(strstr(last_line, "C-000033"));
	free(text);
}

/* One public person, one internal person and records that point at both. */
static const char mixed_levels[] =
	"{\"vigil\": 1, \"records\": [\n"
	"{\"record\": \"place\", \"id\": \"P-000001\", \"level\": \"internal\","
	" \"name\": \"Safe house\", \"kind\": \"village\"},\n"
	"{\"record\": \"source\", \"id\": \"S-000001\", \"level\": \"public\","
	" \"kind\": \"article\", \"title\": \"Report\"},\n"
	"{\"record\": \"person\", \"id\": \"V-000001\", \"level\": \"public\","
	" \"names\": [{\"name\": \"Open Case\"}]},\n"
	"{\"record\": \"person\", \"id\": \"V-000002\", \"level\": \"internal\","
	" \"names\": [{\"name\": \"Hidden Witness\"}]},\n"
	"{\"record\": \"act\", \"id\": \"A-000001\", \"level\": \"public\","
	" \"victim\": \"V-000002\", \"type\": \"arrest\"},\n"
	"{\"record\": \"act\", \"id\": \"A-000002\", \"level\": \"public\","
	" \"victim\": \"V-000001\", \"type\": \"arrest\", \"place\": \"P-000001\"},\n"
	"{\"record\": \"relation\", \"id\": \"R-000001\", \"level\": \"public\","
	" \"person\": \"V-000001\", \"type\": \"sibling_of\","
	" \"other\": \"V-000002\"},\n"
	"{\"record\": \"intervention\", \"id\": \"I-000001\", \"level\": \"public\","
	" \"kind\": \"appeal\", \"victims\": [{\"person\": \"V-000001\"},"
	" {\"person\": \"V-000002\"}]},\n"
	"{\"record\": \"citation\", \"id\": \"C-000001\", \"level\": \"public\","
	" \"source\": \"S-000001\", \"record_type\": \"act\","
	" \"record_id\": \"A-000001\", \"quote\": \"was arrested\"},\n"
	"{\"record\": \"citation\", \"id\": \"C-000002\", \"level\": \"public\","
	" \"source\": \"S-000001\", \"record_type\": \"act\","
	" \"record_id\": \"A-000002\", \"quote\": \"also arrested\"}\n"
	"]}\n";

static void test_a_public_export_never_points_at_a_hidden_record(
	void **state)
{
	struct fixture *fx = *state;
	struct vg_error err = { 0 };
	char path[600], *text;
	size_t n = 0;
	store *other;

	write_file(fx, "mixed.json", mixed_levels, path, sizeof(path));
	if (io_import_file(fx->db, &owner, path, 0, &err) != VG_OK)
		fail_msg("%s: %s", err.where, err.msg);
	text = export_text(fx->db, ROLE_PUBLIC, &n);
	/* S-000001, V-000001, A-000002, I-000001, C-000002 */
	assert_int_equal(n, 5);
	assert_null(strstr(text, "V-000002"));
	assert_null(strstr(text, "Hidden Witness"));
	assert_null(strstr(text, "A-000001"));
	assert_null(strstr(text, "R-000001"));
	assert_null(strstr(text, "P-000001"));
	assert_non_null(strstr(text, "\"victims\":[{\"person\":\"V-000001\"}]"));
	assert_non_null(strstr(text, "C-000002"));
	/* and what is left imports on its own */
	write_file(fx, "public.json", text, path, sizeof(path));
	other = open_fresh(fx, "public.db");
	if (io_import_file(other, &owner, path, 0, &err) != VG_OK)
		fail_msg("%s: %s", err.where, err.msg);
	store_close(other);
	free(text);
	text = export_text(fx->db, ROLE_ADMIN, &n);
	assert_int_equal(n, 10);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_demo_imports_whole,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_bad_40th_record_is_named_and_nothing_is_written,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_dry_run_writes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_syntax_errors_give_line_and_column, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_syntax_error_after_good_records_undoes_them,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_the_envelope_is_checked_with_its_place, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_record_without_a_type_is_refused, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_citations_must_quote_their_source_exactly, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_long_passage_may_be_quoted_cut_to_fit, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_file_over_the_cap_is_refused_unread, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_an_export_imports_back_byte_for_byte, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_the_public_export_leaves_out_internal_fields,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_export_puts_people_before_acts_and_citations_last,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_public_export_never_points_at_a_hidden_record,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
