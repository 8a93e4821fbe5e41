/* The interface text in the reader's language (until the catalogs are
 * loaded, the English message ids themselves). */
#include "web/i18n.h"

const char *tr(const struct web_req *rq, const char *msgid)
{
	(void)rq;
	return msgid;
}

const char *trn(const struct web_req *rq, const char *one, const char *many,
		unsigned long n)
{
	(void)rq;
	return n == 1 ? one : many;
}
