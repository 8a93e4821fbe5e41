/* map_dcw.c — country and region borders from DCW-GMT (the Debian package
 * gmt-dcw: /usr/share/gmt-dcw/dcw-gmt.nc, a netCDF-4 file read through
 * libnetcdf), drawn as SVG paths.
 *
 * The file holds, per country ("KZ") and per first-level region of some
 * countries ("CNXJ"), two arrays CODE_lon and CODE_lat of 16-bit values
 * scaled between the array's min and max attributes; the fill value
 * 65535 in CODE_lon starts a new polygon. dcw-countries.txt and
 * dcw-states.txt beside it list the codes. */
#include "report/map_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netcdf.h>

#define POLY_BREAK 65535
#define POINTS_MAX (4u << 20)
#define OFF_VIEW 8.0

struct scaled {
	double min, scale;
};

static int read_scale(int nc, int var, struct scaled *s)
{
	return nc_get_att_double(nc, var, "min", &s->min) == NC_NOERR &&
	       nc_get_att_double(nc, var, "scale", &s->scale) == NC_NOERR &&
	       s->scale > 0;
}

/* 1 when the box of CODE (its min and max attributes) meets the map. */
static int meets(int nc, int lon_var, int lat_var, const struct map_view *v)
{
	double lo[2], hi[2];

	if (nc_get_att_double(nc, lon_var, "min", &lo[0]) != NC_NOERR ||
	    nc_get_att_double(nc, lon_var, "max", &hi[0]) != NC_NOERR ||
	    nc_get_att_double(nc, lat_var, "min", &lo[1]) != NC_NOERR ||
	    nc_get_att_double(nc, lat_var, "max", &hi[1]) != NC_NOERR)
		return 0;
	return hi[0] >= v->lon_min && lo[0] <= v->lon_max &&
	       hi[1] >= v->lat_min && lo[1] <= v->lat_max;
}

/* The path of the polygons of one code, points closer than a pixel to
 * the previous one left out. */
static void draw_code(struct rt_out *o, const struct map_view *v,
		      const unsigned short *lon, const unsigned short *lat,
		      size_t n, struct scaled sx, struct scaled sy,
		      const char *cls)
{
	double px = -1e9, py = -1e9;
	int start = 1;
	size_t i;

	rt_printf(o, "<path class=\"%s\" d=\"", cls);
	for (i = 0; i < n && o->s == VG_OK; i++) {
		double x, y;

		if (lon[i] == POLY_BREAK) {
			if (!start)
				rt_puts(o, "Z");
			start = 1;
			continue;
		}
		map_project(v, sy.min + lat[i] / sy.scale,
			    sx.min + lon[i] / sx.scale, &x, &y);
		/* Outside the view a border runs along its frame, out of
		 * sight, and its points merge there. */
		x = fmin(fmax(x, -OFF_VIEW), v->width + OFF_VIEW);
		y = fmin(fmax(y, -OFF_VIEW), v->height + OFF_VIEW);
		if (!start && fabs(x - px) < 1 && fabs(y - py) < 1)
			continue;
		rt_printf(o, "%s%.0f %.0f", start ? "M" : "L", x, y);
		px = x;
		py = y;
		start = 0;
	}
	if (!start)
		rt_puts(o, "Z");
	rt_puts(o, "\"/>");
}

/* Reads and draws CODE if it meets the map; a code the file lacks is
 * skipped (the lists name a few the file does not hold). */
static vg_status one_code(int nc, const char *code, const struct map_view *v,
			  const char *cls, struct rt_out *o,
			  struct vg_error *err)
{
	char name[NC_MAX_NAME + 1];
	int lon_var, lat_var, dim;
	unsigned short *lon = NULL, *lat = NULL;
	struct scaled sx, sy;
	size_t n = 0;

	snprintf(name, sizeof(name), "%s_lon", code);
	if (nc_inq_varid(nc, name, &lon_var) != NC_NOERR)
		return VG_OK;
	snprintf(name, sizeof(name), "%s_lat", code);
	if (nc_inq_varid(nc, name, &lat_var) != NC_NOERR ||
	    !meets(nc, lon_var, lat_var, v))
		return VG_OK;
	if (nc_inq_vardimid(nc, lon_var, &dim) != NC_NOERR ||
	    nc_inq_dimlen(nc, dim, &n) != NC_NOERR || n == 0 ||
	    n > POINTS_MAX || !read_scale(nc, lon_var, &sx) ||
	    !read_scale(nc, lat_var, &sy))
		return vg_fail(err, VG_EINVAL, code, "unreadable borders");
	lon = malloc(n * sizeof(*lon));
	lat = malloc(n * sizeof(*lat));
	if (!lon || !lat) {
		free(lon);
		free(lat);
		return vg_fail(err, VG_ENOMEM, code, "out of memory");
	}
	if (nc_get_var_ushort(nc, lon_var, lon) != NC_NOERR ||
	    nc_get_var_ushort(nc, lat_var, lat) != NC_NOERR) {
		free(lon);
		free(lat);
		return vg_fail(err, VG_EIO, code, "cannot read borders");
	}
	draw_code(o, v, lon, lat, n, sx, sy, cls);
	free(lon);
	free(lat);
	return o->s;
}

/* Every code of a list file ("AS KZ Kazakhstan" for countries, "CN XJ
 * Xinjiang" for regions: codes CC and CCSS). */
static vg_status codes_of(int nc, const char *list, int states,
			  const struct map_view *v, struct rt_out *o,
			  struct vg_error *err)
{
	char line[512], a[8], b[8], code[16];
	vg_status s = VG_OK;
	FILE *f = fopen(list, "r");

	if (!f)
		return vg_fail(err, VG_ENOTFOUND, list, "cannot open");
	while (s == VG_OK && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%7s %7s", a, b) != 2)
			continue;
		snprintf(code, sizeof(code), "%s%s", states ? a : b,
			 states ? b : "");
		s = one_code(nc, code, v, states ? "region" : "country", o, err);
	}
	fclose(f);
	return s;
}

vg_status map_borders(const char *dir, const struct map_view *v,
		      struct buf *b, struct vg_error *err)
{
	char path[4096], list[4096];
	struct rt_out o = { b, VG_OK };
	vg_status s;
	int nc;

	snprintf(path, sizeof(path), "%s/dcw-gmt.nc", dir);
	if (nc_open(path, NC_NOWRITE, &nc) != NC_NOERR)
		return vg_fail(err, VG_ENOTFOUND, path,
			       "cannot open the border data (Debian package "
			       "gmt-dcw)");
	rt_puts(&o, "<g class=\"borders\" fill=\"#f4f1ea\" stroke=\"#8a8478\""
		    " stroke-linejoin=\"round\">");
	snprintf(list, sizeof(list), "%s/dcw-countries.txt", dir);
	s = codes_of(nc, list, 0, v, &o, err);
	rt_puts(&o, "</g><g class=\"regions\" fill=\"none\" stroke=\"#b5ae9f\""
		    " stroke-width=\"0.6\">");
	snprintf(list, sizeof(list), "%s/dcw-states.txt", dir);
	if (s == VG_OK)
		s = codes_of(nc, list, 1, v, &o, err);
	rt_puts(&o, "</g>");
	nc_close(nc);
	if (o.s != VG_OK)
		s = vg_fail(err, o.s, "map", "the map is too large");
	return s;
}
