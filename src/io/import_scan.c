/* import_scan.c — the envelope of an import file, read in place.
 *
 * Parsing a whole file of records into one JSON tree costs many times its
 * size in memory; this reads the envelope itself and asks jansson for one
 * record at a time (JSON_DISABLE_EOF_CHECK stops after one value and
 * reports how many bytes it used), keeping line and column so that an
 * error deep in the file still says where it is. */
#include "io/import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct scan {
	const char *path;
	const char *text;
	size_t len, pos;
	int line, col; /* of text[pos], from 1; col counts characters */
};

static void advance(struct scan *s, size_t n)
{
	size_t end = s->pos + n;

	for (; s->pos < end && s->pos < s->len; s->pos++) {
		unsigned char c = (unsigned char)s->text[s->pos];

		if (c == '\n') {
			s->line++;
			s->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			s->col++;
		}
	}
}

static void skip_space(struct scan *s)
{
	while (s->pos < s->len && strchr(" \t\r\n", s->text[s->pos]))
		advance(s, 1);
}

static int peek(const struct scan *s)
{
	return s->pos < s->len ? (unsigned char)s->text[s->pos] : -1;
}

static vg_status fail_at(const struct scan *s, int line, int col,
			 struct vg_error *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static vg_status fail_at(const struct scan *s, int line, int col,
			 struct vg_error *err, const char *fmt, ...)
{
	char where[sizeof(err->where)];
	va_list ap;

	snprintf(where, sizeof(where), "%s: line %d, column %d", s->path, line,
		 col);
	vg_fail(err, VG_EINVAL, where, "%s", "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return VG_EINVAL;
}

/* Expects the character c (after space). */
static vg_status expect(struct scan *s, char c, const char *what,
			struct vg_error *err)
{
	skip_space(s);
	if (peek(s) != (unsigned char)c)
		return fail_at(s, s->line, s->col, err, "expected %s", what);
	advance(s, 1);
	return VG_OK;
}

/* Parses one JSON value at the current place and moves past it. */
static vg_status value(struct scan *s, json_t **out, struct vg_error *err)
{
	json_error_t jerr;

	skip_space(s);
	*out = json_loadb(s->text + s->pos, s->len - s->pos,
			  JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY |
			  JSON_REJECT_DUPLICATES, &jerr);
	if (!*out) {
		int line = s->line + (jerr.line > 0 ? jerr.line - 1 : 0);
		int col = jerr.line > 1 ? jerr.column :
					  s->col + (jerr.column > 0 ?
						    jerr.column - 1 : 0);

		return fail_at(s, line, col, err, "%s", jerr.text);
	}
	advance(s, (size_t)jerr.position);
	return VG_OK;
}

/* The list of records: each is handed to fn as soon as it is read. */
static vg_status records(struct scan *s, import_record_fn fn, void *ctx,
			 size_t *count, struct vg_error *err)
{
	json_t *rec;
	vg_status st;

	skip_space(s);
	if (peek(s) != '[')
		return fail_at(s, s->line, s->col, err,
			       "\"records\" must be a list of records");
	advance(s, 1);
	skip_space(s);
	if (peek(s) == ']') {
		advance(s, 1);
		return VG_OK;
	}
	for (;;) {
		st = value(s, &rec, err);
		if (st != VG_OK)
			return st;
		st = fn(ctx, *count + 1, rec, err);
		json_decref(rec);
		if (st != VG_OK)
			return st;
		(*count)++;
		skip_space(s);
		if (peek(s) == ']') {
			advance(s, 1);
			return VG_OK;
		}
		st = expect(s, ',', "',' or ']' after a record", err);
		if (st != VG_OK)
			return st;
	}
}

/* "vigil": 1, the format version, which must come first. */
static vg_status version(struct scan *s, struct vg_error *err)
{
	int line, col;
	json_t *v;
	vg_status st;

	skip_space(s);
	line = s->line;
	col = s->col;
	st = value(s, &v, err);
	if (st != VG_OK)
		return st;
	if (!json_is_integer(v) || json_integer_value(v) != 1)
		st = fail_at(s, line, col, err,
			     "\"vigil\" must be 1 (the only format version "
			     "this vigil reads)");
	json_decref(v);
	return st;
}

/* One key of the envelope, and what follows it. */
static vg_status member(struct scan *s, int *seen_vigil, int *seen_records,
			import_record_fn fn, void *ctx, size_t *count,
			struct vg_error *err)
{
	int line, col;
	json_t *key;
	const char *k;
	vg_status st;

	skip_space(s);
	line = s->line;
	col = s->col;
	st = value(s, &key, err);
	if (st != VG_OK)
		return st;
	k = json_string_value(key);
	if (!k) {
		st = fail_at(s, line, col, err, "expected a key in quotes");
	} else if (!strcmp(k, "vigil") && !*seen_vigil) {
		st = expect(s, ':', "':'", err);
		if (st == VG_OK)
			st = version(s, err);
		*seen_vigil = 1;
	} else if (!strcmp(k, "records") && !*seen_records) {
		st = *seen_vigil ? expect(s, ':', "':'", err) :
			fail_at(s, line, col, err, "\"vigil\": 1 must come "
				"before \"records\"");
		if (st == VG_OK)
			st = records(s, fn, ctx, count, err);
		*seen_records = 1;
	} else {
		st = fail_at(s, line, col, err, "unexpected key '%.64s' "
			     "(expected \"vigil\", then \"records\", once "
			     "each)", k);
	}
	json_decref(key);
	return st;
}

vg_status import_scan(const char *path, const char *text, size_t len,
		      import_record_fn fn, void *ctx, size_t *count,
		      struct vg_error *err)
{
	struct scan s = { path, text, len, 0, 1, 1 };
	int seen_vigil = 0, seen_records = 0;
	vg_status st;

	*count = 0;
	/* a byte order mark, as some Windows tools write, is not content */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		s.pos = 3;
	st = expect(&s, '{', "an object {\"vigil\": 1, \"records\": [...]}",
		    err);
	if (st != VG_OK)
		return st;
	skip_space(&s);
	while (peek(&s) != '}') {
		st = member(&s, &seen_vigil, &seen_records, fn, ctx, count,
			    err);
		if (st != VG_OK)
			return st;
		skip_space(&s);
		if (peek(&s) == '}')
			break;
		st = expect(&s, ',', "',' or '}'", err);
		if (st != VG_OK)
			return st;
	}
	advance(&s, 1);
	skip_space(&s);
	if (s.pos < s.len)
		return fail_at(&s, s.line, s.col, err,
			       "unexpected text after the end of the file's "
			       "object");
	if (!seen_records)
		return fail_at(&s, s.line, s.col, err,
			       "\"records\" is missing");
	return VG_OK;
}
