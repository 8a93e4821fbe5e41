/* import_cite.c — a citation brought in from a file must quote its source
 * exactly: a partner's spreadsheet with shifted offsets would otherwise
 * attach each fact to the wrong passage, silently. */
#include "io/import_int.h"

#include <string.h>

#include "model/model.h"
#include "store/records.h"

/* The byte where code point cp starts in text (len bytes), or len + 1 if
 * the text is shorter than that. */
static size_t byte_of(const char *text, size_t len, size_t cp)
{
	size_t i = 0;

	while (cp > 0) {
		if (i >= len)
			return len + 1;
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
		cp--;
	}
	return i;
}

static size_t count_cp(const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* The quote is the span, or, for a span longer than a quote may be, its
 * beginning cut to fit (as the review queue stores long passages). */
static int quote_matches(const char *span, size_t span_len, const char *quote)
{
	const struct record_type *t = model_type("citation");
	const struct field_def *f = t ? model_field(t, "quote") : NULL;
	size_t qlen = strlen(quote);

	if (qlen == span_len)
		return !memcmp(span, quote, qlen);
	return f && f->max_len && span_len > f->max_len &&
	       qlen + 4 > f->max_len && qlen < span_len &&
	       !memcmp(span, quote, qlen);
}

static vg_status check_span(const char *text, json_int_t start,
			    json_int_t end, const char *quote,
			    const char *source, struct vg_error *err)
{
	size_t len = strlen(text), chars = count_cp(text, len), from, to;

	if (start < 0 || end < start)
		return vg_fail(err, VG_EINVAL, "end_offset",
			       "offsets must satisfy 0 <= start_offset <= "
			       "end_offset");
	if ((size_t)end > chars)
		return vg_fail(err, VG_EINVAL, "end_offset",
			       "%lld is past the end of the text of %s (%zu "
			       "characters)", (long long)end, source, chars);
	from = byte_of(text, len, (size_t)start);
	to = byte_of(text, len, (size_t)end);
	if (!quote || quote_matches(text + from, to - from, quote))
		return VG_OK;
	return vg_fail(err, VG_EINVAL, "quote",
		       "differs from the text of %s at characters %lld to "
		       "%lld", source, (long long)start, (long long)end);
}

vg_status import_check_citation(store *db, const json_t *rec,
				struct vg_error *err)
{
	const char *kind = json_string_value(json_object_get(rec, "record"));
	const char *source = json_string_value(json_object_get(rec, "source"));
	json_t *start = json_object_get(rec, "start_offset");
	json_t *end = json_object_get(rec, "end_offset");
	const char *text;
	struct vg_error e;
	json_t *src = NULL;
	vg_status s;

	if (!kind || strcmp(kind, "citation") || !source ||
	    !json_is_integer(start) || !json_is_integer(end))
		return VG_OK;
	vg_error_clear(&e);
	if (records_get(db, &records_system, "source", source, &src, &e) != VG_OK)
		return VG_OK;
	text = json_string_value(json_object_get(src, "full_text"));
	s = text ? check_span(text, json_integer_value(start),
			      json_integer_value(end),
			      json_string_value(json_object_get(rec, "quote")),
			      source, err) :
		   vg_fail(err, VG_EINVAL, "source",
			   "%s has no text for the offsets to point into",
			   source);
	json_decref(src);
	return s;
}
