/* map.c — the places a reader may see that have coordinates, drawn as
 * points over country and region borders (map_dcw.c), each a link to
 * the people whose home it is; and the same places as a table. */
#include "report/map_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_W 760
#define MAP_H_MAX 900
#define MARGIN_DEG 4.0
#define MIN_SPAN_DEG 12.0
#define DCW_DIR "/usr/share/gmt-dcw"

void map_project(const struct map_view *v, double lat, double lon, double *x,
		 double *y)
{
	*x = (lon - v->lon_min) * v->kx * v->scale;
	*y = (v->lat_max - lat) * v->scale;
}

/* 1 when s reads wholly as a number within [lo, hi]. */
static int degrees(const char *s, double lo, double hi, double *out)
{
	char *end;

	if (!s || !*s)
		return 0;
	*out = strtod(s, &end);
	while (*end == ' ')
		end++;
	return *end == '\0' && isfinite(*out) && *out >= lo && *out <= hi;
}

struct places {
	json_t *drawn;   /* [{id, name, lat, lon}] */
	json_t *unread;  /* [{id, name}]: coordinates that do not read */
};

static vg_status add_place(void *ctx, const json_t *rec, struct vg_error *err)
{
	struct places *p = ctx;
	const char *la = json_string_value(json_object_get(rec, "latitude"));
	const char *lo = json_string_value(json_object_get(rec, "longitude"));
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *name = json_string_value(json_object_get(rec, "name"));
	double lat, lon;

	if (!id || (!la && !lo))
		return VG_OK;
	if (degrees(la, -90, 90, &lat) && degrees(lo, -180, 180, &lon))
		json_array_append_new(p->drawn, json_pack("{s:s, s:s, s:f, s:f}",
			"id", id, "name", name ? name : id, "lat", lat,
			"lon", lon));
	else
		json_array_append_new(p->unread, json_pack("{s:s, s:s}", "id",
			id, "name", name ? name : id));
	return VG_OK;
}

/* The view around the points (Central Asia when there are none). */
static void fit(const json_t *drawn, struct map_view *v)
{
	const json_t *pl;
	size_t i;
	double span;

	v->lon_min = 180, v->lon_max = -180, v->lat_min = 90, v->lat_max = -90;
	json_array_foreach(drawn, i, pl) {
		double la = json_real_value(json_object_get(pl, "lat"));
		double lo = json_real_value(json_object_get(pl, "lon"));

		v->lat_min = fmin(v->lat_min, la);
		v->lat_max = fmax(v->lat_max, la);
		v->lon_min = fmin(v->lon_min, lo);
		v->lon_max = fmax(v->lon_max, lo);
	}
	if (!json_array_size(drawn)) {
		v->lon_min = 50, v->lon_max = 95, v->lat_min = 35, v->lat_max = 52;
	}
	v->lat_min = fmax(-89, v->lat_min - MARGIN_DEG);
	v->lat_max = fmin(89, v->lat_max + MARGIN_DEG);
	v->lon_min = fmax(-180, v->lon_min - MARGIN_DEG);
	v->lon_max = fmin(180, v->lon_max + MARGIN_DEG);
	span = v->lon_max - v->lon_min;
	if (span < MIN_SPAN_DEG) {
		v->lon_min -= (MIN_SPAN_DEG - span) / 2;
		v->lon_max += (MIN_SPAN_DEG - span) / 2;
	}
	v->kx = cos((v->lat_min + v->lat_max) / 2 * M_PI / 180);
	v->scale = MAP_W / ((v->lon_max - v->lon_min) * v->kx);
	if ((v->lat_max - v->lat_min) * v->scale > MAP_H_MAX)
		v->scale = MAP_H_MAX / (v->lat_max - v->lat_min);
	v->width = (int)ceil((v->lon_max - v->lon_min) * v->kx * v->scale);
	v->height = (int)ceil((v->lat_max - v->lat_min) * v->scale);
}

/* How many people who may see have each place as their home. */
static vg_status people_at(store *db, const struct actor *who, json_t **by,
			   struct vg_error *err)
{
	static const char *const dims[] = { "home_place" };
	json_t *rows = NULL, *row;
	size_t i;
	const struct records_tally spec = { dims, 1, NULL, NULL };
	vg_status s = records_tally(db, who, "person", &spec, NULL, &rows, err);

	*by = json_object();
	json_array_foreach(rows, i, row)
		json_object_set(*by, json_string_value(json_array_get(row, 0)),
				json_array_get(row, 1));
	json_decref(rows);
	return s;
}

static void point(struct rt_out *o, const struct map_view *v,
		  const json_t *pl, json_int_t people)
{
	const char *id = json_string_value(json_object_get(pl, "id"));
	const char *name = json_string_value(json_object_get(pl, "name"));
	double x, y;

	map_project(v, json_real_value(json_object_get(pl, "lat")),
		    json_real_value(json_object_get(pl, "lon")), &x, &y);
	rt_puts(o, "<a class=\"place\" href=\"/people?home_place=");
	rt_xml(o, id, 0);
	rt_printf(o, "\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#D55E00\""
		  " stroke=\"#ffffff\"><title>", x, y);
	rt_xml(o, name, 0);
	rt_printf(o, " — %lld %s</title></circle><text x=\"%.1f\" y=\"%.1f\">",
		  (long long)people, people == 1 ? "person" : "people", x + 7,
		  y + 4);
	rt_xml(o, name, 24);
	rt_puts(o, "</text></a>");
}

static void map_head(struct rt_out *o, const struct map_view *v,
		     const char *note)
{
	rt_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
		  " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
		  " font-family=\"sans-serif\" font-size=\"11\""
		  " aria-labelledby=\"map-t map-d\"><title id=\"map-t\">Places"
		  "</title><desc id=\"map-d\">The places with coordinates, each a"
		  " link to the people whose home it is, over country and region"
		  " borders from the Digital Chart of the World.", v->width,
		  v->height, v->width, v->height);
	if (note) {
		rt_puts(o, " ");
		rt_xml(o, note, 0);
	}
	rt_printf(o, "</desc><rect width=\"%d\" height=\"%d\" fill=\"#dbe8f0\"/>",
		  v->width, v->height);
}

vg_status report_map(store *db, const struct actor *who, const char *dcw_dir,
		     struct buf *b, json_t **table, struct vg_error *err)
{
	struct places p = { json_array(), json_array() };
	struct rt_out o = { b, VG_OK };
	struct map_view v;
	struct buf borders;
	struct vg_error e;
	json_t *people = NULL, *pl;
	size_t i, col;
	int drawn;
	vg_status s;

	*table = rt_new("map", "Places", "The places with coordinates and how "
			"many people have each as their home.", "Place");
	col = rt_column(*table, "people", "People");
	s = rs_each(db, who, "place", NULL, add_place, &p, err);
	if (s == VG_OK)
		s = people_at(db, who, &people, err);
	buf_init(&borders, b->max);
	if (s == VG_OK) {
		fit(p.drawn, &v);
		vg_error_clear(&e);
		/* Without the border data the points are still worth drawing:
		 * the description says why the borders are missing. */
		drawn = map_borders(dcw_dir ? dcw_dir : DCW_DIR, &v, &borders,
				    &e) == VG_OK;
		if (!drawn)
			buf_reset(&borders);
		map_head(&o, &v, drawn ? NULL :
			 "The borders could not be drawn.");
		rt_puts(&o, buf_str(&borders));
		json_array_foreach(p.drawn, i, pl) {
			const char *id = json_string_value(json_object_get(pl,
									   "id"));
			json_int_t n = json_integer_value(json_object_get(people,
									  id));
			char href[128];

			point(&o, &v, pl, n);
			snprintf(href, sizeof(href), "/people?home_place=%s", id);
			rt_add(*table, rt_row(*table, id, json_string_value(
				json_object_get(pl, "name")), href), col, n);
		}
		rt_puts(&o, "</svg>\n");
		s = o.s;
	}
	json_object_set(*table, "unread", p.unread);
	rt_finish(*table);
	buf_free(&borders);
	json_decref(people);
	json_decref(p.drawn);
	json_decref(p.unread);
	if (s != VG_OK) {
		json_decref(*table);
		*table = NULL;
	}
	return s;
}
