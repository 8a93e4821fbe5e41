/* Unit tests for the map (report/map.c, map_dcw.c): only the places the
 * reader may see are drawn, each a link to its people; coordinates that
 * do not read are named, not drawn; the borders come from DCW-GMT when
 * it is installed, and their absence is said, not fatal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "report_test_util.h"

#define DCW "/usr/share/gmt-dcw"

static void plant(store *db)
{
	const char *p;
	char almaty[32];

	p = make(db, "place", "{\"level\": \"public\", \"pending\": false,"
		 " \"name\": \"Almaty\", \"kind\": \"region\", \"latitude\":"
		 " \"43.25\", \"longitude\": \"76.92\"}");
	snprintf(almaty, sizeof(almaty), "%s", p);
	make(db, "place", "{\"level\": \"confidential\", \"name\": \"Hidden"
	     " camp\", \"kind\": \"facility\", \"latitude\": \"44.0\","
	     " \"longitude\": \"87.3\"}");
	make(db, "place", "{\"level\": \"public\", \"pending\": false,"
	     " \"name\": \"Nowhere & <b>\", \"kind\": \"village\", \"latitude\":"
	     " \"north\", \"longitude\": \"76\"}");
	make(db, "place", "{\"level\": \"public\", \"pending\": false,"
	     " \"name\": \"Far off\", \"kind\": \"village\", \"latitude\":"
	     " \"95\", \"longitude\": \"10\"}");
	make(db, "person", "{\"level\": \"public\", \"pending\": false,"
	     " \"home_place\": \"%s\", \"names\": [{\"name\": \"Dana\"}]}",
	     almaty);
	make(db, "person", "{\"level\": \"confidential\", \"home_place\":"
	     " \"%s\", \"names\": [{\"name\": \"Kept\"}]}", almaty);
}

static json_t *map_for(store *db, const struct actor *who, const char *dcw,
		       struct buf *b)
{
	struct vg_error err;
	json_t *table = NULL;

	if (report_map(db, who, dcw, b, &table, &err) != VG_OK)
		fail_msg("map: %s: %s", err.where, err.msg);
	return table;
}

static void test_only_visible_places_are_drawn_each_a_link(void **state)
{
	store *db = *state;
	struct buf b;
	json_t *t;

	plant(db);
	buf_init(&b, 16u << 20);
	t = map_for(db, &viewer, "/nonexistent", &b);
	assert_non_null(strstr(buf_str(&b),
			       "<a class=\"place\" href=\"/people?home_place="
			       "P-000001\">"));
	assert_non_null(strstr(buf_str(&b), "<title>Almaty — 1 person</title>"));
	assert_null(strstr(buf_str(&b), "Hidden camp"));
	assert_null(strstr(buf_str(&b), "P-000002"));
	assert_int_equal(json_array_size(json_object_get(t, "rows")), 1);
	assert_int_equal(report_cell(t, 0, 0), 1);
	/* The two whose coordinates do not read are named apart. */
	assert_int_equal(json_array_size(json_object_get(t, "unread")), 2);
	json_decref(t);
	buf_reset(&b);
	t = map_for(db, &editor, "/nonexistent", &b);
	assert_non_null(strstr(buf_str(&b), "Hidden camp"));
	assert_non_null(strstr(buf_str(&b), "<title>Almaty — 2 people</title>"));
	json_decref(t);
	buf_free(&b);
}

static void test_without_border_data_the_points_are_drawn_alone(void **state)
{
	store *db = *state;
	struct buf b;
	json_t *t;

	plant(db);
	buf_init(&b, 16u << 20);
	t = map_for(db, &viewer, "/nonexistent", &b);
	assert_non_null(strstr(buf_str(&b), "The borders could not be drawn."));
	assert_null(strstr(buf_str(&b), "class=\"country\""));
	assert_non_null(strstr(buf_str(&b), "</svg>\n"));
	json_decref(t);
	buf_free(&b);
}

static void test_borders_come_from_dcw(void **state)
{
	store *db = *state;
	struct buf b;
	json_t *t;

	if (access(DCW "/dcw-gmt.nc", R_OK) != 0)
		skip();
	plant(db);
	buf_init(&b, 16u << 20);
	t = map_for(db, &viewer, DCW, &b);
	assert_null(strstr(buf_str(&b), "could not be drawn"));
	/* Almaty lies in Kazakhstan, near China and Kyrgyzstan. */
	assert_true(strstr(buf_str(&b), "<path class=\"country\" d=\"M") !=
		    NULL);
	assert_null(strstr(buf_str(&b), "d=\"\""));
	json_decref(t);
	/* Borders too large for the answer leave the points, and say so;
	 * an answer too small for the points is an error, not half a map. */
	buf_free(&b);
	buf_init(&b, 4096);
	t = map_for(db, &viewer, DCW, &b);
	assert_non_null(strstr(buf_str(&b), "The borders could not be drawn."));
	assert_non_null(strstr(buf_str(&b), "</svg>\n"));
	json_decref(t);
	buf_free(&b);
	buf_init(&b, 200);
	{
		struct vg_error err;

		assert_int_equal(report_map(db, &viewer, DCW, &b, &t, &err),
				 VG_ETOOBIG);
		assert_null(t);
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_only_visible_places_are_drawn_each_a_link, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_without_border_data_the_points_are_drawn_alone,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_borders_come_from_dcw,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
