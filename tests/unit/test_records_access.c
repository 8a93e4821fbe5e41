/* Unit tests for what the store enforces itself (store/records_access.c,
 * records_status.c, records_stats.c): a reader sees, filters and counts
 * only what their role may, derived values included, and a writer cannot
 * set, name or learn of what they may not see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/records.h"
#include "store/review.h"
#include "store_test_util.h"

static const struct actor admin = { 1, "ada", ROLE_ADMIN };
static const struct actor editor = { 2, "erlan", ROLE_EDITOR };
static const struct actor contributor = { 3, "cora", ROLE_CONTRIBUTOR };
static const struct actor viewer = { 4, "vera", ROLE_VIEWER };
static const struct actor anyone = { 0, "anonymous", ROLE_PUBLIC };

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (!v)
		fail_msg("bad test JSON: %s", je.text);
	return v;
}

/* Creates a record as admin; its id goes into id. */
static void create(store *db, const char *type, const char *text, char *id,
		   size_t size)
{
	struct vg_error err;
	json_t *rec = parse(text), *out = NULL;

	if (records_create(db, &admin, type, rec, &out, &err) != VG_OK)
		fail_msg("create %s: %s: %s", type, err.where, err.msg);
	snprintf(id, size, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
}

static const char *status_for(store *db, const struct actor *who,
			      const char *id, char *out, size_t size)
{
	struct vg_error err;
	json_t *p = NULL;

	if (records_get(db, who, "person", id, &p, &err) != VG_OK)
		fail_msg("get %s: %s", id, err.msg);
	snprintf(out, size, "%s",
		 json_string_value(json_object_get(p, "status")) ?
			 json_string_value(json_object_get(p, "status")) : "");
	json_decref(p);
	return out;
}

static size_t total_as(store *db, const struct actor *who, const char *type,
		       const char *filter_text)
{
	struct records_query q = { 0 };
	struct vg_error err;
	json_t *items = NULL, *filter = parse(filter_text);
	size_t total = 0;

	q.filter = filter;
	if (records_list(db, who, type, &q, &items, &total, &err) != VG_OK)
		fail_msg("list %s %s: %s: %s", type, filter_text, err.where,
			 err.msg);
	json_decref(items);
	json_decref(filter);
	return total;
}

/* A public person arrested (public act) and later released (a
 * confidential act). */
static void released_in_secret(store *db, char *pid, size_t size)
{
	char text[300], aid[32];

	create(db, "person", "{\"level\": \"public\", \"pending\": false,"
	       " \"names\": [{\"name\": \"Aqyn Serik\"}]}", pid, size);
	snprintf(text, sizeof(text), "{\"level\": \"public\", \"pending\": false,"
		 " \"victim\": \"%s\", \"type\": \"arrest\", \"start_date\":"
		 " \"2019\"}", pid);
	create(db, "act", text, aid, sizeof(aid));
	snprintf(text, sizeof(text), "{\"level\": \"confidential\", \"victim\":"
		 " \"%s\", \"type\": \"release\", \"start_date\": \"2021\"}", pid);
	create(db, "act", text, aid, sizeof(aid));
}

static void test_status_is_derived_from_the_acts_the_reader_may_see(
	void **state)
{
	store *db = *state;
	char pid[32], s[64];

	released_in_secret(db, pid, sizeof(pid));
	assert_string_equal(status_for(db, &admin, pid, s, sizeof(s)),
			    "released");
	assert_string_equal(status_for(db, &editor, pid, s, sizeof(s)),
			    "released");
	assert_string_equal(status_for(db, &viewer, pid, s, sizeof(s)),
			    "arrested");
	assert_string_equal(status_for(db, &anyone, pid, s, sizeof(s)),
			    "arrested");
}

static void test_a_status_filter_and_its_counts_follow_the_reader(
	void **state)
{
	store *db = *state;
	static const char *const dims[] = { "status" };
	const struct records_tally spec = { dims, 1, NULL, NULL };
	struct vg_error err;
	json_t *rows = NULL;
	char pid[32];

	released_in_secret(db, pid, sizeof(pid));
	assert_int_equal(total_as(db, &editor, "person",
				  "{\"status\": \"released\"}"), 1);
	assert_int_equal(total_as(db, &anyone, "person",
				  "{\"status\": \"released\"}"), 0);
	assert_int_equal(total_as(db, &anyone, "person",
				  "{\"status\": [\"arrested\"]}"), 1);
	assert_int_equal(records_tally(db, &viewer, "person", &spec, NULL,
				       &rows, &err), VG_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_array_get(
		json_array_get(rows, 0), 0)), "arrested");
	json_decref(rows);
}

static void test_a_count_by_a_reference_never_names_a_hidden_record(
	void **state)
{
	store *db = *state;
	static const char *const dims[] = { "home_place" };
	const struct records_tally spec = { dims, 1, NULL, NULL };
	struct vg_error err;
	json_t *rows = NULL;
	char place[32], pid[32], text[200];

	create(db, "place", "{\"level\": \"secret\", \"name\": \"Camp\","
	       " \"kind\": \"facility\"}", place, sizeof(place));
	snprintf(text, sizeof(text), "{\"level\": \"internal\", \"home_place\":"
		 " \"%s\", \"names\": [{\"name\": \"Someone\"}]}", place);
	create(db, "person", text, pid, sizeof(pid));
	assert_int_equal(records_tally(db, &viewer, "person", &spec, NULL,
				       &rows, &err), VG_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_array_get(
		json_array_get(rows, 0), 0)), "");
	json_decref(rows);
}

static void test_a_hidden_record_reads_as_one_that_does_not_exist(
	void **state)
{
	store *db = *state;
	struct vg_error hidden, missing;
	json_t *p = NULL;
	char pid[32];

	create(db, "person", "{\"level\": \"secret\", \"names\": [{\"name\":"
	       " \"Quiet Witness\"}]}", pid, sizeof(pid));
	assert_int_equal(records_get(db, &editor, "person", pid, &p, &hidden),
			 VG_ENOTFOUND);
	assert_int_equal(records_get(db, &editor, "person", "V-999999", &p,
				     &missing), VG_ENOTFOUND);
	assert_string_equal(hidden.msg, missing.msg);
	assert_int_equal(records_history(db, &editor, "person", pid, &p,
					 &hidden), VG_ENOTFOUND);
	assert_null(p);
}

static void test_a_filter_by_a_hidden_id_answers_as_a_missing_one(
	void **state)
{
	store *db = *state;
	char sid[32], pid[32], cid[32], text[300];
	json_t *c = NULL;
	struct vg_error err;

	create(db, "source", "{\"level\": \"internal\", \"kind\": \"article\","
	       " \"title\": \"Inside report\"}", sid, sizeof(sid));
	create(db, "person", "{\"level\": \"public\", \"pending\": false,"
	       " \"names\": [{\"name\": \"Open Name\"}]}", pid, sizeof(pid));
	snprintf(text, sizeof(text), "{\"level\": \"public\", \"pending\": false,"
		 " \"source\": \"%s\", \"record_type\": \"person\","
		 " \"record_id\": \"%s\", \"quote\": \"q\"}", sid, pid);
	create(db, "citation", text, cid, sizeof(cid));
	snprintf(text, sizeof(text), "{\"source\": \"%s\"}", sid);
	assert_int_equal(total_as(db, &viewer, "citation", text), 1);
	assert_int_equal(total_as(db, &anyone, "citation", text), 0);
	assert_int_equal(total_as(db, &anyone, "citation",
				  "{\"source\": \"S-999999\"}"), 0);
	/* and the public citation itself no longer names the source */
	assert_int_equal(records_get(db, &anyone, "citation", cid, &c, &err),
			 VG_OK);
	assert_null(json_object_get(c, "source"));
	assert_string_equal(json_string_value(json_object_get(c, "record_id")),
			    pid);
	json_decref(c);
}

static void test_a_contributor_cannot_name_a_hidden_victim(void **state)
{
	store *db = *state;
	struct vg_error hidden, missing;
	json_t *act, *out = NULL;
	char pid[32], text[200];

	create(db, "person", "{\"level\": \"confidential\", \"names\":"
	       " [{\"name\": \"Kept Back\"}]}", pid, sizeof(pid));
	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\": \"arrest\"}",
		 pid);
	act = parse(text);
	assert_int_equal(records_create(db, &contributor, "act", act, &out,
					&hidden), VG_EINVAL);
	json_decref(act);
	act = parse("{\"victim\": \"V-999999\", \"type\": \"arrest\"}");
	assert_int_equal(records_create(db, &contributor, "act", act, &out,
					&missing), VG_EINVAL);
	json_decref(act);
	assert_string_equal(hidden.where, missing.where);
	assert_null(strstr(hidden.msg, "confidential"));
	/* the same message, but for the id typed */
	assert_non_null(strstr(hidden.msg, pid));
	assert_non_null(strstr(missing.msg, "V-999999"));
}

static void test_a_reference_that_cannot_be_checked_fails_the_read(
	void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *act = NULL;
	char place[32], pid[32], aid[32], text[300];

	create(db, "place", "{\"level\": \"internal\", \"name\": \"Town\","
	       " \"kind\": \"village\"}", place, sizeof(place));
	create(db, "person", "{\"names\": [{\"name\": \"Held One\"}]}", pid,
	       sizeof(pid));
	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\":"
		 " \"arrest\", \"place\": \"%s\"}", pid, place);
	create(db, "act", text, aid, sizeof(aid));
	/* Whether the viewer may see the place can no longer be read: the
	 * act is not returned with its place silently missing. */
	assert_int_equal(store_exec(db, "ALTER TABLE place RENAME TO "
				    "place_away"), STORE_OK);
	vg_error_clear(&err);
	assert_int_equal(records_get(db, &viewer, "act", aid, &act, &err),
			 VG_EIO);
	assert_null(act);
	assert_int_equal(store_exec(db, "ALTER TABLE place_away RENAME TO "
				    "place"), STORE_OK);
	assert_int_equal(records_get(db, &viewer, "act", aid, &act, &err),
			 VG_OK);
	assert_string_equal(json_string_value(json_object_get(act, "place")),
			    place);
	json_decref(act);
}

static void test_nobody_sets_a_level_or_field_they_cannot_read(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *rec, *out = NULL;

	rec = parse("{\"level\": \"secret\", \"kind\": \"article\","
		    " \"title\": \"T\"}");
	assert_int_equal(records_create(db, &editor, "source", rec, &out, &err),
			 VG_EDENIED);
	assert_string_equal(err.where, "level");
	json_decref(rec);
	rec = parse("{\"kind\": \"testimony\", \"title\": \"T\","
		    " \"testifier_name\": \"Someone\"}");
	assert_int_equal(records_create(db, &editor, "source", rec, &out, &err),
			 VG_EDENIED);
	assert_string_equal(err.where, "testifier_name");
	json_decref(rec);
	assert_int_equal(total_as(db, &admin, "source", "{}"), 0);
}

static void test_an_edit_keeps_what_the_editor_cannot_see(void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *ch, *out = NULL, *full = NULL;
	char place[32], pid[32], aid[32], text[300];

	create(db, "place", "{\"level\": \"secret\", \"name\": \"Camp\","
	       " \"kind\": \"facility\"}", place, sizeof(place));
	create(db, "person", "{\"names\": [{\"name\": \"Held One\"}]}", pid,
	       sizeof(pid));
	snprintf(text, sizeof(text), "{\"victim\": \"%s\", \"type\":"
		 " \"detention\", \"place\": \"%s\"}", pid, place);
	create(db, "act", text, aid, sizeof(aid));
	ch = parse("{\"responsible\": \"a bureau\", \"place\": null}");
	assert_int_equal(records_update(db, &editor, "act", aid, ch, &out, &err),
			 VG_OK);
	/* what the editor got back does not name the place */
	assert_null(json_object_get(out, "place"));
	assert_int_equal(records_get(db, &admin, "act", aid, &full, &err),
			 VG_OK);
	assert_string_equal(json_string_value(json_object_get(full, "place")),
			    place);
	assert_string_equal(json_string_value(json_object_get(full,
					"responsible")), "a bureau");
	json_decref(ch);
	json_decref(out);
	json_decref(full);
}

static void test_a_delete_conflict_never_names_a_hidden_referrer(
	void **state)
{
	store *db = *state;
	struct vg_error err;
	char place[32], pid[32], aid[32], text[300];

	create(db, "place", "{\"level\": \"internal\", \"name\": \"Town\","
	       " \"kind\": \"village\"}", place, sizeof(place));
	create(db, "person", "{\"level\": \"secret\", \"names\": [{\"name\":"
	       " \"Hidden Person\"}]}", pid, sizeof(pid));
	snprintf(text, sizeof(text), "{\"level\": \"secret\", \"victim\":"
		 " \"%s\", \"type\": \"arrest\", \"place\": \"%s\"}", pid, place);
	create(db, "act", text, aid, sizeof(aid));
	assert_int_equal(records_delete(db, &editor, "place", place, &err),
			 VG_EINVAL);
	assert_null(strstr(err.msg, aid));
	assert_non_null(strstr(err.msg, "other records"));
	assert_int_equal(records_delete(db, &admin, "place", place, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.msg, aid));
}

static void test_latest_changes_list_only_what_the_reader_may_see(
	void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *changes = NULL, *c;
	char open_id[32], secret_id[32];
	size_t i;

	create(db, "person", "{\"level\": \"internal\", \"names\": [{\"name\":"
	       " \"Seen\"}]}", open_id, sizeof(open_id));
	create(db, "person", "{\"level\": \"secret\", \"names\": [{\"name\":"
	       " \"Unseen\"}]}", secret_id, sizeof(secret_id));
	assert_int_equal(records_latest_changes(db, &viewer, 10, &changes,
						&err), VG_OK);
	assert_int_equal(json_array_size(changes), 1);
	json_array_foreach(changes, i, c)
		assert_string_equal(json_string_value(json_object_get(c, "id")),
				    open_id);
	json_decref(changes);
	assert_int_equal(records_delete(db, &admin, "person", secret_id, &err),
			 VG_OK);
	assert_int_equal(records_latest_changes(db, &viewer, 10, &changes,
						&err), VG_OK);
	assert_int_equal(json_array_size(changes), 1);
	json_decref(changes);
	assert_int_equal(records_latest_changes(db, &admin, 10, &changes,
						&err), VG_OK);
	assert_int_equal(json_array_size(changes), 3);
	json_decref(changes);
}

static void test_history_leaves_out_a_status_derived_from_hidden_acts(
	void **state)
{
	store *db = *state;
	struct vg_error err;
	json_t *hist = NULL, *h;
	char pid[32];
	size_t i;

	released_in_secret(db, pid, sizeof(pid));
	assert_int_equal(records_history(db, &viewer, "person", pid, &hist,
					 &err), VG_OK);
	json_array_foreach(hist, i, h)
		assert_null(json_object_get(json_object_get(h, "after"),
					    "status"));
	json_decref(hist);
}

static void test_a_review_item_whose_source_is_hidden_is_hidden(
	void **state)
{
	store *db = *state;
	struct review_source src = { .title = "Notes", .text = "Aqyn Serik was"
				     " detained." };
	json_t *proposal = parse("{\"persons\": [{\"name\": \"Aqyn Serik\"}]}");
	json_t *items = NULL, *ch = parse("{\"level\": \"secret\"}");
	struct vg_error err;
	char sid[32];
	size_t total = 0, n = 0;

	assert_int_equal(review_queue(db, &editor, &src, proposal, sid,
				      sizeof(sid), &n, &err), VG_OK);
	assert_int_equal(review_list(db, &editor, "open", 0, 10, &items, &total,
				     &err), VG_OK);
	assert_int_equal(total, 1);
	json_decref(items);
	assert_int_equal(records_update(db, &admin, "source", sid, ch, NULL,
					&err), VG_OK);
	assert_int_equal(review_list(db, &editor, "open", 0, 10, &items, &total,
				     &err), VG_OK);
	assert_int_equal(total, 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(review_list(db, &admin, "open", 0, 10, &items, &total,
				     &err), VG_OK);
	assert_int_equal(total, 1);
	json_decref(items);
	json_decref(ch);
	json_decref(proposal);
}

static int setup(void **state)
{
	*state = memory_casebook(NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_status_is_derived_from_the_acts_the_reader_may_see,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_status_filter_and_its_counts_follow_the_reader,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_count_by_a_reference_never_names_a_hidden_record,
			setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_hidden_record_reads_as_one_that_does_not_exist,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_filter_by_a_hidden_id_answers_as_a_missing_one,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_contributor_cannot_name_a_hidden_victim, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_reference_that_cannot_be_checked_fails_the_read,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_nobody_sets_a_level_or_field_they_cannot_read,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_edit_keeps_what_the_editor_cannot_see, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_delete_conflict_never_names_a_hidden_referrer,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_latest_changes_list_only_what_the_reader_may_see,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_history_leaves_out_a_status_derived_from_hidden_acts,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_review_item_whose_source_is_hidden_is_hidden,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
