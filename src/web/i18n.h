/* i18n.h — the interface text in the reader's language.
 *
 * Every sentence, label and heading a page shows goes through tr(): the
 * English text is the message id, the catalogs under po/ (GNU gettext .po
 * files, compiled to .mo at build time) give it in Russian, Kazakh,
 * Uyghur and Chinese. xgettext finds the strings with --keyword=tr:2
 * --keyword=trn:2,3 --keyword=N_; N_() marks a string in a static table
 * whose translation is looked up later with tr().
 *
 * The language of a request is chosen once (the account's setting, else
 * Accept-Language, else English) and kept in the request. */
#ifndef VIGIL_WEB_I18N_H
#define VIGIL_WEB_I18N_H

#include <stddef.h>

struct web_req;

#define N_(s) (s)

/* msgid in the request's language; msgid itself when there is no
 * translation. The result lives as long as the server. */
const char *tr(const struct web_req *rq, const char *msgid);
/* The singular or plural form for n. */
const char *trn(const struct web_req *rq, const char *one, const char *many,
		unsigned long n);

#endif
