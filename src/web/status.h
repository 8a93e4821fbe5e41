/* status.h — how a vg_status reads over HTTP: the one mapping behind the
 * pages' error pages and the API's error objects, so that a busy casebook
 * or a full disk answers alike wherever it is met. */
#ifndef VIGIL_WEB_STATUS_H
#define VIGIL_WEB_STATUS_H

#include "core/err.h"

/* Seconds a client is told to wait (Retry-After) when the casebook is
 * busy: about the store's busy wait, after which a write gives up. */
#define WEB_RETRY_AFTER_S 5

enum web_status_flags {
	WEB_S_FIELD = 1, /* the error names a field the API reports */
	WEB_S_SHOWN = 2  /* the message may be shown as it is; otherwise it
			  * stays in the log and the answer says "internal" */
};

struct web_status {
	int http;          /* 422, 503, ... */
	const char *code;  /* the API's error code (docs/api.md) */
	const char *title; /* an error page's heading */
	const char *message; /* what an answer says when the step that
			      * failed gave no message of its own */
	unsigned flags;
};

/* The answer for s; never NULL (an unknown status reads as internal). */
const struct web_status *web_status_of(vg_status s);

/* The API code and page heading of an HTTP status the server answers
 * itself (401, 405, ...), or of one of web_status_of's. */
const char *web_status_code(int http);
const char *web_status_title(int http);

#endif
