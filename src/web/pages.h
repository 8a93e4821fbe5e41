/* pages.h — the page handlers of this module, one file each, listed in the
 * route table of routes.c. */
#ifndef VIGIL_WEB_PAGES_H
#define VIGIL_WEB_PAGES_H

#include "web/web_int.h"

void page_static(struct web_req *rq);        /* page_static.c */
void page_dashboard(struct web_req *rq);     /* page_dashboard.c */
void page_login_form(struct web_req *rq);    /* page_login.c */
void page_login_post(struct web_req *rq);
void page_logout(struct web_req *rq);

#endif
