/* map_int.h — what the map's files share; not a public API. */
#ifndef VIGIL_REPORT_MAP_INT_H
#define VIGIL_REPORT_MAP_INT_H

#include "report/report_int.h"

/* The part of the world a map shows and how it is drawn: an
 * equirectangular projection, longitudes shrunk by the cosine of the
 * middle latitude so that shapes keep roughly their look. */
struct map_view {
	double lon_min, lon_max, lat_min, lat_max;
	double scale; /* pixels per degree of latitude */
	double kx;    /* cos(middle latitude) */
	int width, height;
};

/* map.c */
void map_project(const struct map_view *v, double lat, double lon, double *x,
		 double *y);

/* map_dcw.c: the borders of the countries (and of the first-level
 * regions DCW has) that meet the view, as SVG paths appended to b.
 * dir holds dcw-gmt.nc, dcw-countries.txt and dcw-states.txt.
 * VG_ENOTFOUND naming the file when it cannot be opened. */
vg_status map_borders(const char *dir, const struct map_view *v,
		      struct buf *b, struct vg_error *err);

#endif
