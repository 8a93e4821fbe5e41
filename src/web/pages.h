/* pages.h — the page handlers of this module, one file each, listed in the
 * route table of routes.c. */
#ifndef VIGIL_WEB_PAGES_H
#define VIGIL_WEB_PAGES_H

#include "web/web_int.h"

vg_status page_static(struct web_req *rq);        /* page_static.c */
vg_status page_dashboard(struct web_req *rq);     /* page_dashboard.c */
vg_status page_login_form(struct web_req *rq);    /* page_login.c */
vg_status page_login_post(struct web_req *rq);
vg_status page_logout(struct web_req *rq);
vg_status page_people_list(struct web_req *rq);   /* page_people.c */
vg_status page_person_show(struct web_req *rq);   /* page_person.c */
vg_status page_records_index(struct web_req *rq); /* page_records.c */
vg_status page_records_list(struct web_req *rq);
vg_status page_records_show(struct web_req *rq);
vg_status page_records_new(struct web_req *rq);
vg_status page_records_create(struct web_req *rq);
vg_status page_records_edit(struct web_req *rq);
vg_status page_records_update(struct web_req *rq);
vg_status page_records_delete_form(struct web_req *rq);
vg_status page_records_delete(struct web_req *rq);
vg_status page_search(struct web_req *rq);        /* page_search.c */
vg_status page_users(struct web_req *rq);         /* page_users.c */
vg_status page_users_add(struct web_req *rq);
vg_status page_users_role(struct web_req *rq);
vg_status page_users_disable(struct web_req *rq);
vg_status page_users_enable(struct web_req *rq);
vg_status page_audit(struct web_req *rq);         /* page_audit.c */
/* Appends an entry for the signed-in user to the audit log (sign-ins,
 * account changes); a failure to append is not the user's problem. */
void page_audit_event(struct web_req *rq, const char *action,
		      const char *record_type, const char *record_id);
vg_status page_account(struct web_req *rq);       /* page_account.c */
vg_status page_account_password(struct web_req *rq);
vg_status page_account_totp(struct web_req *rq);
vg_status page_account_totp_post(struct web_req *rq);

#endif
