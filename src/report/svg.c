/* svg.c — a table as an SVG bar chart, written by hand: one horizontal
 * bar per row, its charted columns stacked, a legend when there are
 * several. Every label passes through rt_xml; the chart carries its
 * title and description for screen readers, and the table it is drawn
 * from stands beside it on the page. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

#define WIDTH 760
#define LABEL_RIGHT 222  /* labels end here (text-anchor end) */
#define BAR_LEFT 230
#define BAR_SPAN 440     /* the longest bar */
#define ROW_H 22
#define BAR_H 16
#define LEGEND_PER_LINE 3
#define LEGEND_W 250
#define LABEL_CHARS 32   /* longer labels are shortened with "…" */

/* Colours that stay apart for most kinds of colour blindness (Okabe and
 * Ito, then Tol's). */
static const char *const colours[] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
	"#F0E442", "#332288", "#882255", "#44AA99", "#999999", "#000000",
};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

static size_t charted(const json_t *table)
{
	size_t n = json_array_size(json_object_get(table, "columns"));
	json_t *c = json_object_get(table, "chart_columns");

	if (json_is_integer(c) && (size_t)json_integer_value(c) < n)
		n = (size_t)json_integer_value(c);
	return n;
}

static json_int_t row_total(const json_t *table, size_t row, size_t ncols)
{
	json_int_t sum = 0;
	size_t c;

	for (c = 0; c < ncols; c++)
		sum += report_cell(table, row, c);
	return sum;
}

static void legend(struct rt_out *o, const json_t *table, size_t ncols,
		   int top)
{
	const json_t *cols = json_object_get(table, "columns");
	size_t c;

	if (ncols < 2)
		return;
	rt_puts(o, "<g class=\"legend\">");
	for (c = 0; c < ncols; c++) {
		int x = (int)(c % LEGEND_PER_LINE) * LEGEND_W;
		int y = top + (int)(c / LEGEND_PER_LINE) * 18;

		rt_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\""
			  " fill=\"%s\"/><text x=\"%d\" y=\"%d\">", x, y,
			  colours[c % NCOLOURS], x + 16, y + 10);
		rt_xml(o, json_string_value(json_object_get(
			json_array_get(cols, c), "label")), 36);
		rt_puts(o, "</text>");
	}
	rt_puts(o, "</g>");
}

static void bar(struct rt_out *o, const json_t *table, size_t row,
		size_t ncols, json_int_t max, int y)
{
	const json_t *r = json_array_get(json_object_get(table, "rows"), row);
	const json_t *cols = json_object_get(table, "columns");
	const char *label = json_string_value(json_object_get(r, "label"));
	double x = BAR_LEFT;
	size_t c;

	rt_printf(o, "<g class=\"bar\"><text x=\"%d\" y=\"%d\" "
		  "text-anchor=\"end\">", LABEL_RIGHT, y + 12);
	rt_xml(o, label, LABEL_CHARS);
	rt_puts(o, "</text>");
	for (c = 0; c < ncols; c++) {
		json_int_t v = report_cell(table, row, c);
		double w = max > 0 ? (double)v * BAR_SPAN / (double)max : 0;

		if (v <= 0)
			continue;
		rt_printf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
			  "height=\"%d\" fill=\"%s\"><title>", x, y, w, BAR_H,
			  colours[c % NCOLOURS]);
		rt_xml(o, label, 0);
		rt_puts(o, " — ");
		rt_xml(o, json_string_value(json_object_get(
			json_array_get(cols, c), "label")), 0);
		rt_printf(o, ": %lld</title></rect>", (long long)v);
		x += w;
	}
	rt_printf(o, "<text class=\"total\" x=\"%.1f\" y=\"%d\">%lld</text></g>",
		  x + 6, y + 12, (long long)row_total(table, row, ncols));
}

vg_status report_svg(const json_t *table, struct buf *b)
{
	struct rt_out o = { b, VG_OK };
	const char *name = json_string_value(json_object_get(table, "name"));
	size_t nrows = json_array_size(json_object_get(table, "rows"));
	size_t ncols = charted(table), r;
	int legend_lines = ncols > 1 ?
		(int)((ncols + LEGEND_PER_LINE - 1) / LEGEND_PER_LINE) : 0;
	int top = 34 + legend_lines * 18 + (legend_lines ? 8 : 0);
	int height = top + (nrows ? (int)nrows * ROW_H : ROW_H) + 8;
	json_int_t max = 0;

	for (r = 0; r < nrows; r++)
		if (row_total(table, r, ncols) > max)
			max = row_total(table, r, ncols);
	rt_printf(&o, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
		  " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
		  " font-family=\"sans-serif\" font-size=\"12\" aria-labelledby=\"",
		  WIDTH, height, WIDTH, height);
	rt_xml(&o, name, 0);
	rt_puts(&o, "-t ");
	rt_xml(&o, name, 0);
	rt_puts(&o, "-d\"><title id=\"");
	rt_xml(&o, name, 0);
	rt_puts(&o, "-t\">");
	rt_xml(&o, json_string_value(json_object_get(table, "title")), 0);
	rt_puts(&o, "</title><desc id=\"");
	rt_xml(&o, name, 0);
	rt_puts(&o, "-d\">");
	rt_xml(&o, json_string_value(json_object_get(table, "desc")), 0);
	rt_puts(&o, "</desc><text x=\"0\" y=\"18\" font-size=\"15\" "
		    "font-weight=\"bold\">");
	rt_xml(&o, json_string_value(json_object_get(table, "title")), 0);
	rt_puts(&o, "</text>");
	legend(&o, table, ncols, 30);
	for (r = 0; r < nrows; r++)
		bar(&o, table, r, ncols, max, top + (int)r * ROW_H);
	if (!nrows)
		rt_printf(&o, "<text x=\"0\" y=\"%d\">No figures to show."
			  "</text>", top + 12);
	rt_puts(&o, "</svg>\n");
	return o.s;
}
