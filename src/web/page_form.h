/* page_form.h — the generic record form (page_form.c). */
#ifndef VIGIL_WEB_PAGE_FORM_H
#define VIGIL_WEB_PAGE_FORM_H

#include <jansson.h>

#include "model/model.h"
#include "web/web_int.h"

/* Writes the whole page with a form for t: empty for a new record (id
 * NULL), else the record's values. values holds what to show (a record
 * or what was submitted), errors {field: message} shown by each field,
 * message (may be NULL) above the form. */
void page_record_form(struct web_req *rq, const struct record_type *t,
		      const char *id, const json_t *values,
		      const json_t *errors, const char *message);

/* Reads the submitted form into a record of t (the fields the role may
 * edit). With partial (an edit), an emptied field becomes null. Values
 * that are not of their kind are kept as typed and named in errors. The
 * caller owns the result. */
json_t *page_form_read(struct web_req *rq, const struct record_type *t,
		       int partial, json_t *errors);

/* Files err under the field its `where` starts with ("names[2].script"
 * goes to "names"). */
void page_form_error(json_t *errors, const struct vg_error *err);

#endif
