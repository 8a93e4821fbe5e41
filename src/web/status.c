/* The mapping of status.h. */
#include "web/status.h"

#include <stddef.h>

static const struct web_status answers[] = {
	[VG_OK] = { 200, "ok", "", "", WEB_S_SHOWN },
	[VG_EINVAL] = { 422, "invalid", "Cannot do that",
			"this cannot be asked for: check the filters",
			WEB_S_FIELD | WEB_S_SHOWN },
	[VG_ENOTFOUND] = { 404, "not_found", "Not found", "no such record",
			   WEB_S_SHOWN },
	[VG_EEXIST] = { 409, "conflict", "Cannot do that",
			"that would duplicate something already recorded",
			WEB_S_FIELD | WEB_S_SHOWN },
	[VG_EDENIED] = { 403, "forbidden", "Not allowed",
			 "you may not do this", WEB_S_FIELD | WEB_S_SHOWN },
	[VG_ETOOBIG] = { 413, "too_big", "Too large",
			 "the server could not build this page; try again",
			 WEB_S_FIELD | WEB_S_SHOWN },
	[VG_ENOMEM] = { 500, "internal", "Something went wrong",
			"the server could not build this page; try again", 0 },
	[VG_EIO] = { 500, "internal", "Something went wrong",
		     "the casebook could not be read; nothing was changed", 0 },
	[VG_EINTERNAL] = { 500, "internal", "Something went wrong",
			   "the casebook could not be read; nothing was "
			   "changed", 0 },
	[VG_EBUSY] = { 503, "busy", "The casebook is busy",
		       "the casebook is busy: another program is writing to "
		       "it; try again in a moment", WEB_S_SHOWN },
	[VG_ENOSPC] = { 507, "disk_full", "The disk is full",
			"the disk is full: nothing was saved; make room on "
			"the disk that holds the casebook", WEB_S_SHOWN },
};

#define NANSWERS (sizeof(answers) / sizeof(answers[0]))

const struct web_status *web_status_of(vg_status s)
{
	if ((size_t)s >= NANSWERS || !answers[s].code)
		return &answers[VG_EINTERNAL];
	return &answers[s];
}

/* The first answer with that HTTP status, or NULL. */
static const struct web_status *by_http(int http)
{
	size_t i;

	for (i = 0; i < NANSWERS; i++)
		if (answers[i].http == http)
			return &answers[i];
	return NULL;
}

const char *web_status_code(int http)
{
	const struct web_status *a = by_http(http);

	switch (http) {
	case 400: return "invalid";
	case 401: return "unauthorized";
	case 405: return "method_not_allowed";
	case 415: return "unsupported_media_type";
	default:
		if (a)
			return a->code;
		return http >= 500 ? "internal" : "invalid";
	}
}

const char *web_status_title(int http)
{
	const struct web_status *a = by_http(http);

	if (a && http != 200)
		return a->title;
	return http >= 500 ? "Something went wrong" : "Cannot do that";
}
