/* Static files from <data dir>/static/: the stylesheet and the optional
 * script. Only plain names of known kinds are served; nothing else on disk
 * can be reached. */
#include <stdio.h>
#include <string.h>

#include "core/paths.h"
#include "web/page.h"
#include "web/pages.h"

#define STATIC_MAX (512u << 10)

static const char *type_for(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return NULL;
	if (!strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(dot, ".txt"))
		return "text/plain; charset=utf-8";
	return NULL;
}

static int plain_name(const char *s)
{
	size_t i;

	if (!s[0] || s[0] == '.' || strlen(s) > 64)
		return 0;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return 0;
	return strstr(s, "..") == NULL;
}

vg_status page_static(struct web_req *rq)
{
	const char *name = web_param(rq, "file");
	const char *type = name ? type_for(name) : NULL;
	char rel[96], path[1024], chunk[4096];
	struct buf *b = web_out(rq);
	FILE *f;
	size_t n, total = 0;

	if (!name || !type || !plain_name(name)) {
		web_error(rq, 404, "no such file");
		return VG_OK;
	}
	snprintf(rel, sizeof(rel), "static/%s", name);
	if (paths_data_file(path, sizeof(path), rel)) {
		web_error(rq, 404, "no such file");
		return VG_OK;
	}
	f = fopen(path, "rb");
	if (!f) {
		web_error(rq, 404, "no such file");
		return VG_OK;
	}
	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), f);
		if (n == 0)
			break;
		total += n;
		if (total > STATIC_MAX || buf_add(b, chunk, n) != VG_OK)
			break;
	}
	fclose(f);
	if (total > STATIC_MAX) {
		web_error(rq, 500, "static file too large");
		return VG_OK;
	}
	web_set_content_type(rq, type);
	web_add_header(rq, "Cache-Control", "public, max-age=3600");
	return VG_OK;
}
