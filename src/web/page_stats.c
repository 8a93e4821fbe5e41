/* The statistics page: every table of report/report.h as an SVG chart
 * (inline, no script), the same numbers as an HTML table beside it, and
 * links to its CSV and SVG files. The figures are counted by the store
 * for the reader: on the public server, public records only. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "web/page.h"
#include "web/pages.h"

#define NAME_MAX_LEN 64
/* The map drawn only for its CSV stays within a page's size. */
#define WEB_OUT_CAP (8u << 20)

static void today_utc(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static vg_status read_stats(struct web_req *rq, json_t **stats)
{
	struct vg_error err;
	char today[11];

	today_utc(today);
	vg_error_clear(&err);
	return report_stats(web_db(rq), web_who(rq), today, stats, &err);
}

/* The numbers of the chart as a table: a row heading per row (a link
 * when the row is a record), a cell per column. */
static void write_table(struct buf *b, const json_t *t)
{
	const json_t *cols = json_object_get(t, "columns"), *c, *r;
	size_t i, k;

	html_raw(b, "<table class=\"stats\"><caption>");
	html_txt(b, json_string_value(json_object_get(t, "title")));
	html_raw(b, "</caption><thead><tr><th scope=\"col\">");
	html_txt(b, json_string_value(json_object_get(t, "rows_label")));
	html_raw(b, "</th>");
	json_array_foreach(cols, i, c) {
		html_raw(b, "<th scope=\"col\">");
		html_txt(b, json_string_value(json_object_get(c, "label")));
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
	json_array_foreach(json_object_get(t, "rows"), k, r) {
		const char *href = json_string_value(json_object_get(r, "href"));

		html_raw(b, "<tr><th scope=\"row\">");
		if (href) {
			html_raw(b, "<a href=\"");
			html_attr(b, href);
			html_raw(b, "\">");
		}
		html_txt(b, json_string_value(json_object_get(r, "label")));
		html_raw(b, href ? "</a></th>" : "</th>");
		for (i = 0; i < json_array_size(cols); i++)
			html_rawf(b, "<td>%lld</td>",
				  (long long)report_cell(t, k, i));
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table>");
}

static vg_status write_section(struct web_req *rq, const json_t *t)
{
	struct buf *b = web_out(rq);
	const char *name = json_string_value(json_object_get(t, "name"));
	vg_status s;

	html_raw(b, "<section class=\"stat\" id=\"");
	html_attr(b, name);
	html_raw(b, "\"><h2>");
	html_txt(b, json_string_value(json_object_get(t, "title")));
	html_raw(b, "</h2><p>");
	html_txt(b, json_string_value(json_object_get(t, "desc")));
	html_raw(b, "</p><figure class=\"chart\">");
	s = report_svg(t, b);
	if (s != VG_OK)
		return s;
	html_raw(b, "</figure>");
	write_table(b, t);
	html_raw(b, "<p class=\"downloads\"><a href=\"/stats/");
	html_url_arg(b, name);
	html_raw(b, ".csv\">Numbers as CSV</a> · <a href=\"/stats/");
	html_url_arg(b, name);
	html_raw(b, ".svg\">Chart as SVG</a></p></section>");
	return VG_OK;
}

/* The map of places, its table, and the places it could not draw. */
static vg_status write_map(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	struct vg_error err;
	json_t *table = NULL, *u;
	size_t i;
	vg_status s;

	html_raw(b, "<section class=\"stat\" id=\"map\"><h2>Places</h2><p>"
		    "The places with coordinates; each point links to the people "
		    "whose home it is.</p><figure class=\"chart map\">");
	vg_error_clear(&err);
	s = report_map(web_db(rq), web_who(rq), NULL, b, &table, &err);
	if (s != VG_OK)
		return s;
	html_raw(b, "</figure>");
	write_table(b, table);
	if (json_array_size(json_object_get(table, "unread"))) {
		html_raw(b, "<p>Not on the map, their coordinates do not read as "
			    "decimal degrees:</p><ul>");
		json_array_foreach(json_object_get(table, "unread"), i, u) {
			html_raw(b, "<li>");
			page_record_link(b, "place", json_string_value(
				json_object_get(u, "id")), json_string_value(
				json_object_get(u, "name")));
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul>");
	}
	html_raw(b, "<p class=\"downloads\"><a href=\"/stats/map.csv\">Places as "
		    "CSV</a> · <a href=\"/stats/map.svg\">Map as SVG</a></p>"
		    "</section>");
	json_decref(table);
	return VG_OK;
}

vg_status page_stats(struct web_req *rq)
{
	struct buf *b = web_out(rq);
	json_t *stats = NULL;
	const json_t *t;
	vg_status s = read_stats(rq, &stats);
	size_t i;

	if (s != VG_OK)
		return s;
	page_begin(rq, "Statistics");
	html_raw(b, "<h1>Statistics</h1><p>");
	html_raw(b, web_public_only(rq) ?
		 "These figures count the public records only." :
		 "These figures count only the records you may see.");
	html_raw(b, "</p><nav aria-label=\"Tables\"><ul class=\"toc\">");
	json_array_foreach(stats, i, t) {
		html_raw(b, "<li><a href=\"#");
		html_attr(b, json_string_value(json_object_get(t, "name")));
		html_raw(b, "\">");
		html_txt(b, json_string_value(json_object_get(t, "title")));
		html_raw(b, "</a></li>");
	}
	html_raw(b, "<li><a href=\"#map\">Places</a></li></ul></nav>");
	json_array_foreach(stats, i, t) {
		if (s == VG_OK)
			s = write_section(rq, t);
	}
	json_decref(stats);
	if (s == VG_OK)
		s = write_map(rq);
	if (s != VG_OK)
		return s;
	page_end(rq);
	return VG_OK;
}

/* The map as SVG, or its places as CSV (the map is drawn and dropped). */
static vg_status map_file(struct web_req *rq, int csv)
{
	struct vg_error err;
	json_t *table = NULL;
	struct buf svg;
	vg_status s;

	vg_error_clear(&err);
	buf_init(&svg, WEB_OUT_CAP);
	s = report_map(web_db(rq), web_who(rq), NULL,
		       csv ? &svg : web_out(rq), &table, &err);
	if (s == VG_OK && csv)
		s = report_csv(table, web_out(rq));
	buf_free(&svg);
	json_decref(table);
	return s;
}

/* /stats/NAME.csv or /stats/NAME.svg: one table, as a file. */
/* One statistics table as CSV or SVG; *found 0 when there is none
 * called name. */
static vg_status table_file(struct web_req *rq, const char *name, int csv,
			    int *found)
{
	json_t *stats = NULL;
	const json_t *t;
	vg_status s = read_stats(rq, &stats);

	*found = 1;
	if (s != VG_OK)
		return s;
	t = report_find(stats, name);
	if (t)
		s = csv ? report_csv(t, web_out(rq)) :
			  report_svg(t, web_out(rq));
	else
		*found = 0;
	json_decref(stats);
	return s;
}

vg_status page_stats_file(struct web_req *rq)
{
	const char *file = web_param(rq, "file"), *dot;
	char name[NAME_MAX_LEN], disp[NAME_MAX_LEN + 48];
	int csv, found = 1;
	vg_status s;

	dot = file ? strrchr(file, '.') : NULL;
	if (!dot || (size_t)(dot - file) >= sizeof(name) ||
	    (strcmp(dot, ".csv") && strcmp(dot, ".svg"))) {
		web_error(rq, 404, "no such table");
		return VG_OK;
	}
	csv = !strcmp(dot, ".csv");
	snprintf(name, sizeof(name), "%.*s", (int)(dot - file), file);
	s = !strcmp(name, "map") ? map_file(rq, csv) :
				   table_file(rq, name, csv, &found);
	if (s != VG_OK)
		return s;
	if (!found) {
		web_error(rq, 404, "no such table");
		return VG_OK;
	}
	web_set_content_type(rq, csv ? "text/csv; charset=utf-8" :
				       "image/svg+xml; charset=utf-8");
	/* name is one of the table names: letters and '_' only. */
	snprintf(disp, sizeof(disp), "%s; filename=\"%s%s\"",
		 csv ? "attachment" : "inline", name, dot);
	web_add_header(rq, "Content-Disposition", disp);
	return VG_OK;
}
