/* report_int.h — what the files of the report module share; not a public
 * API. */
#ifndef VIGIL_REPORT_REPORT_INT_H
#define VIGIL_REPORT_REPORT_INT_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "report/report.h"

/* The most rows one table keeps (campaigns, waiting appeals): a chart
 * of more would not be read. */
#define RT_ROWS_MAX 200

/* table.c: building a table (the JSON shape of report.h). */
json_t *rt_new(const char *name, const char *title, const char *desc,
	       const char *rows_label);
/* The index of the column with this key, added with label if new. */
size_t rt_column(json_t *t, const char *key, const char *label);
/* The index of the row with this key, added (with label and href, which
 * may be NULL) if new. */
size_t rt_row(json_t *t, const char *key, const char *label,
	      const char *href);
/* Adds v to cell (row, col). */
void rt_add(json_t *t, size_t row, size_t col, json_int_t v);
/* Drops the keys rows were found by, pads every row to the columns. */
void rt_finish(json_t *t);
/* Ends the making of t: after a failure s, frees t; else sorts it
 * (with sort set, as rt_sort_desc to RT_ROWS_MAX), finishes it and
 * appends it to out. Returns s. */
vg_status rt_keep(json_t *out, json_t *t, int sort, vg_status s);
/* Sorts the rows by their first value, largest first, and keeps at most
 * max of them. */
void rt_sort_desc(json_t *t, size_t max);
/* A label for a code: the thesaurus term's label when vocab names one
 * holding it, else the code with '_' as spaces and a capital first
 * letter, into out. "" gives empty_label. */
const char *rt_label(const char *vocab, const char *code,
		     const char *empty_label, char *out, size_t size);

/* A writer that stops at the first failed append and remembers it. */
struct rt_out {
	struct buf *b;
	vg_status s;
};
void rt_puts(struct rt_out *o, const char *s);
void rt_printf(struct rt_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s as XML text or attribute content: & < > " ' escaped, invalid UTF-8
 * and control characters XML does not allow replaced by U+FFFD; at most
 * max_chars characters (0: all), "…" ending a shortened one. */
void rt_xml(struct rt_out *o, const char *s, size_t max_chars);

/* stats_people.c, stats_acts.c, stats_appeals.c: the tables, each
 * appended to out. */
/* The status at the end of each of the years (ascending integers) and
 * of this year, last. */
vg_status rs_status_by_year(store *db, const struct actor *who,
			    const json_t *years, int last, json_t *out,
			    struct vg_error *err);
vg_status rs_acts_by_year(store *db, const struct actor *who, json_t *years,
			  json_t *out, struct vg_error *err);
vg_status rs_acts_by_region(store *db, const struct actor *who, json_t *out,
			    struct vg_error *err);
vg_status rs_people_by_ethnicity(store *db, const struct actor *who,
				 json_t *out, struct vg_error *err);
vg_status rs_penalties(store *db, const struct actor *who, json_t *out,
		       struct vg_error *err);
vg_status rs_appeals_by_year(store *db, const struct actor *who,
			     json_t *out, struct vg_error *err);
vg_status rs_appeals_waiting(store *db, const struct actor *who,
			     const char *today, json_t *out,
			     struct vg_error *err);
vg_status rs_campaign_days(store *db, const struct actor *who, json_t *out,
			   struct vg_error *err);

/* stats_rows.c: a tally by year of a date field and one more field,
 * as a table with a row for each year that has figures, in order, and
 * one for an unknown date. Only years with figures: a year the reader
 * has no record of is not even named. years, when not NULL, gets them
 * (ascending integers). */
vg_status rs_year_table(store *db, const struct actor *who, const char *type,
			const char *date_field, const char *dim,
			const char *vocab, const char *empty_label,
			json_t *table, json_t *years, struct vg_error *err);
/* Calls fn for every record of type who may see matching filter, a page
 * at a time, at most RS_SCAN_MAX of them. */
#define RS_SCAN_MAX 20000
vg_status rs_each(store *db, const struct actor *who, const char *type,
		  const json_t *filter,
		  vg_status (*fn)(void *ctx, const json_t *rec,
				  struct vg_error *err),
		  void *ctx, struct vg_error *err);

#endif
