#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

vg_status vg_fail(struct vg_error *err, vg_status code, const char *where,
		  const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void vg_error_prefix(struct vg_error *err, const char *fmt, ...)
{
	char prefix[256];
	char joined[sizeof(err->where)];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	if (err->where[0])
		snprintf(joined, sizeof(joined), "%s: %s", prefix, err->where);
	else
		snprintf(joined, sizeof(joined), "%s", prefix);
	memcpy(err->where, joined, sizeof(joined));
}

void vg_error_clear(struct vg_error *err)
{
	if (!err)
		return;
	err->code = VG_OK;
	err->where[0] = '\0';
	err->msg[0] = '\0';
}

const char *vg_status_name(vg_status s)
{
	switch (s) {
	case VG_OK: return "ok";
	case VG_EINVAL: return "invalid";
	case VG_ENOTFOUND: return "not found";
	case VG_EEXIST: return "already exists";
	case VG_EDENIED: return "denied";
	case VG_ETOOBIG: return "too big";
	case VG_ENOMEM: return "out of memory";
	case VG_EIO: return "i/o error";
	case VG_EINTERNAL: return "internal error";
	case VG_EBUSY: return "busy";
	case VG_ENOSPC: return "disk full";
	}
	return "unknown";
}

int vg_exit_code(vg_status s)
{
	switch (s) {
	case VG_OK:
		return 0;
	case VG_EINVAL:
	case VG_ENOTFOUND:
	case VG_EEXIST:
	case VG_EDENIED:
	case VG_ETOOBIG:
		return 1;
	default:
		return 2;
	}
}
