/* report.h — the casebook's figures for advocacy: statistics as tables
 * and the SVG charts, CSV and text written from them.
 *
 * Every figure is read through the actor-aware store (store/records.h),
 * so that a table made for a reader counts only the records that reader
 * may see, and a person's status only as derived from the acts they may
 * see. The same table feeds every output: the chart, the HTML table
 * beside it, its CSV and the command line's text, so that they cannot
 * disagree.
 *
 * A table is a JSON object (the shape `vigil report stats --format json`
 * prints):
 *   { "name": "acts_by_year",          used in file names and URLs
 *     "title": "Acts by year and type", "desc": "…",
 *     "rows_label": "Year",            heading of the first column
 *     "columns": [{"key": "arrest", "label": "Arrest"}, …],
 *     "chart_columns": 1,              how many leading columns the chart
 *                                      stacks (absent: all of them)
 *     "rows": [{"label": "2019", "href": "/records/…" (optional),
 *               "values": [3, 0, …]}, …] }
 * Labels are user text (names of places, campaigns, addressees): every
 * writer here escapes them for its format. */
#ifndef VIGIL_REPORT_REPORT_H
#define VIGIL_REPORT_REPORT_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/records.h"
#include "store/store.h"

/* Every statistics table as who may see it, in display order; today is
 * "YYYY-MM-DD" (how long an appeal has waited, the years shown). *out is
 * a JSON array the caller owns. A store failure fails the whole report:
 * no table is left out silently. */
vg_status report_stats(store *db, const struct actor *who, const char *today,
		       json_t **out, struct vg_error *err);

/* The table called name in stats (as report_stats made it), or NULL. */
const json_t *report_find(const json_t *stats, const char *name);

/* The table as a bar chart: SVG 1.1 with a title and description, a bar
 * per row (its columns stacked), each segment titled with its row,
 * column and number, and each row's total written after its bar. No
 * script, no style attribute; every label escaped. VG_ETOOBIG when b's
 * cap is reached (b then holds a part: do not send it). */
vg_status report_svg(const json_t *table, struct buf *b);

/* The table as CSV (RFC 4180, CRLF line ends): a heading row, then one
 * line per row. A text cell that a spreadsheet would read as a formula
 * (starting with = + - @, a tab or a carriage return) is prefixed with
 * an apostrophe. */
vg_status report_csv(const json_t *table, struct buf *b);

/* The table as plain text for a terminal: its title, then aligned
 * columns. */
vg_status report_text(const json_t *table, struct buf *b);

/* A map of the places who may see that have coordinates ("latitude"
 * and "longitude" reading as decimal degrees), as SVG appended to b:
 * each place a point linking to /people?home_place=ID, over the borders
 * of the countries and first-level regions around them, read from the
 * DCW-GMT files in dcw_dir (NULL: /usr/share/gmt-dcw, the Debian package
 * gmt-dcw). Without those files the points are drawn alone and the
 * chart's description says so. *table gets the places drawn as a table
 * (report.h's shape, with the people of each) plus "unread": the places
 * whose coordinates do not read, [{id, name}]. */
vg_status report_map(store *db, const struct actor *who, const char *dcw_dir,
		     struct buf *b, json_t **table, struct vg_error *err);

/* The value of cell (row, col) of the table: 0 where none is stored. */
json_int_t report_cell(const json_t *table, size_t row, size_t col);

#endif
