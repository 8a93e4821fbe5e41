/* page_review.h — the pages of the ingestion review queue
 * (page_review.c: list and proposing form; page_review_item.c: one item). */
#ifndef VIGIL_WEB_PAGE_REVIEW_H
#define VIGIL_WEB_PAGE_REVIEW_H

#include "web/web_int.h"

vg_status page_review_list(struct web_req *rq);
vg_status page_review_new(struct web_req *rq);
vg_status page_review_create(struct web_req *rq);
vg_status page_review_show(struct web_req *rq);
vg_status page_review_accept(struct web_req *rq);
vg_status page_review_reject(struct web_req *rq);

/* 1 when the current role may review; else answers 403 and returns 0. */
int page_review_allowed(struct web_req *rq);

#endif
