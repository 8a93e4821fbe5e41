/* extract.h — from a news article or testimony to proposed records.
 *
 * The pipeline: HTML is reduced to its readable text (extract_html_text);
 * the text is cut into words and sentences (ICU), people, places and
 * organisations are found from capitalisation, name-part endings, lexicons
 * and cue words (data/lexicon/), and facts are attached to each person with
 * the span of text that states them. Nothing is written anywhere: the
 * result is a proposal that a person reviews (store/review.h).
 *
 * Offsets. Every span (evidence, citations) counts Unicode code points from
 * the start of the text that was analysed — for HTML, the text that
 * extract_html_text returns, which is what a source stores as full_text.
 * Code points, not bytes, so that any language's string slicing finds the
 * same passage.
 *
 * The proposal is a JSON object:
 *   { "source_url": null, "publisher": "…" or null, "published": null,
 *     "offsets": "codepoints",
 *     "persons": [ { "name", "variants": [..], "role", "status",
 *                    "status_since", "sentence", "occupation", "ethnicity",
 *                    "relations": [ {"type", "of"} ],
 *                    "evidence": [ {"field", "start", "end"} ],
 *                    "match": "new" | "probably V-000123 (0.93)" } ],
 *     "places": [..], "organizations": [..] }
 * role is victim, relative, activist, official, journalist or other;
 * status is detained, disappeared, arrested, sentenced, released, deceased
 * or null. "match" is present only after extract_link. */
#ifndef VIGIL_EXTRACT_EXTRACT_H
#define VIGIL_EXTRACT_EXTRACT_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "store/records.h"
#include "store/store.h"

/* The most text one call analyses (bytes); longer input is VG_ETOOBIG. */
#define EXTRACT_MAX_TEXT (4u * 1024 * 1024)

struct extract_lexicon;

/* Loads the lexicons for language lang ("en") from <data dir>/lexicon/.
 * VG_ENOTFOUND naming the file when a list is missing, VG_EINVAL naming
 * file and line for a malformed one. The caller frees *out with
 * extract_lexicon_free. Read-only afterwards: safe to share between
 * threads. */
vg_status extract_lexicon_load(const char *lang, struct extract_lexicon **out,
			       struct vg_error *err);
void extract_lexicon_free(struct extract_lexicon *lex);

/* The readable text of an HTML page: paragraphs, headings, list items and
 * table cells, one block per paragraph separated by blank lines; scripts,
 * styles, navigation, headers, footers, asides and forms are dropped.
 * *out is NUL-terminated UTF-8, owned by the caller (free). */
vg_status extract_html_text(const char *html, size_t len, char **out,
			    struct vg_error *err);

/* Analyses UTF-8 text and returns the proposal (caller owns, json_decref).
 * VG_EINVAL for text that is not valid UTF-8 (err->where gives the byte
 * offset), VG_ETOOBIG past EXTRACT_MAX_TEXT. */
vg_status extract_text(const struct extract_lexicon *lex, const char *text,
		       size_t len, json_t **out, struct vg_error *err);

/* Adds "match" to each person of a proposal: "probably <id> (<score>)" for
 * the best person in db that who may see whose name scores at least the
 * names engine's threshold, else "new". Also "match_id" and "match_score"
 * for programs. */
vg_status extract_link(store *db, const struct actor *who, json_t *proposal,
		       struct vg_error *err);

/* Byte offset of code point cp in text (len bytes): for turning a span of
 * the proposal back into a pointer. Returns len when cp is past the end. */
size_t extract_cp_to_byte(const char *text, size_t len, size_t cp);

#endif
