/* model_validate: checks a record (as JSON) against its descriptor before
 * anything is stored. Error paths name the field as a person would find
 * it in the JSON: "names[2].script". */
#include "model/model.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "model/thesaurus.h"

static vg_status validate_object(const struct record_type *t,
				 const json_t *rec, int partial,
				 const char *prefix, struct vg_error *err);

static void field_path(char *out, size_t size, const char *prefix,
		       const char *name)
{
	snprintf(out, size, "%s%s", prefix, name);
}

static vg_status check_choice(const struct field_def *f, const char *s,
			      const char *where, struct vg_error *err)
{
	char allowed[256] = "";
	size_t i, used = 0;

	if (!f->choices)
		return VG_OK;
	for (i = 0; f->choices[i]; i++)
		if (!strcmp(f->choices[i], s))
			return VG_OK;
	for (i = 0; f->choices[i] && used < sizeof(allowed); i++) {
		int n = snprintf(allowed + used, sizeof(allowed) - used, "%s%s",
				 i ? ", " : "", f->choices[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return vg_fail(err, VG_EINVAL, where, "'%s' is not allowed; allowed: %s",
		       s, allowed);
}

/* Control characters other than tab and line breaks have no place in a
 * record, and escape sequences could rewrite a terminal that prints it. */
static int has_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f)
			return 1;
	return 0;
}

/* Characters (code points) of valid UTF-8 text: every byte that does not
 * continue a character starts one. */
static size_t count_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static vg_status check_text(const struct field_def *f, const json_t *v,
			    const char *where, struct vg_error *err)
{
	const char *s = json_string_value(v);
	size_t len, chars;

	if (!s)
		return vg_fail(err, VG_EINVAL, where, "expected text");
	len = json_string_length(v);
	if (strlen(s) != len)
		return vg_fail(err, VG_EINVAL, where, "text holds a NUL byte");
	/* In characters, as the form's maxlength and the person typing
	 * count: a Cyrillic letter is two bytes, a Chinese one three. */
	chars = count_chars(s, len);
	if (f->max_len && chars > f->max_len)
		return vg_fail(err, VG_ETOOBIG, where,
			       "too long: %zu characters, at most %zu", chars,
			       f->max_len);
	if (f->kind == FIELD_TEXT && strpbrk(s, "\r\n"))
		return vg_fail(err, VG_EINVAL, where,
			       "expected one line of text");
	if (has_control(s))
		return vg_fail(err, VG_EINVAL, where,
			       "holds a control character (only tabs and line "
			       "breaks are allowed)");
	return check_choice(f, s, where, err);
}

static vg_status check_term(const struct field_def *f, const json_t *v,
			    const char *where, struct vg_error *err)
{
	const char *s = json_string_value(v);
	char allowed[400];
	size_t n;

	if (!s)
		return vg_fail(err, VG_EINVAL, where, "expected a term code");
	if (!thesaurus_terms(f->vocab, &n))
		return vg_fail(err, VG_EINTERNAL, where,
			       "thesaurus '%s' is not loaded", f->vocab);
	if (thesaurus_find(f->vocab, s))
		return VG_OK;
	thesaurus_allowed(f->vocab, allowed, sizeof(allowed));
	return vg_fail(err, VG_EINVAL, where, "unknown %s '%s'; allowed: %s",
		       f->vocab, s, allowed);
}

static vg_status check_list(const struct field_def *f, const json_t *v,
			    const char *where, struct vg_error *err)
{
	const struct record_type *ct = model_type(f->vocab);
	char prefix[256];
	size_t i;
	json_t *row;
	vg_status s;

	if (!ct)
		return vg_fail(err, VG_EINTERNAL, where, "no type '%s'",
			       f->vocab);
	if (!json_is_array(v))
		return vg_fail(err, VG_EINVAL, where, "expected a list");
	if ((f->flags & FIELD_REQUIRED) && json_array_size(v) == 0)
		return vg_fail(err, VG_EINVAL, where,
			       "needs at least one entry");
	if (json_array_size(v) > 1000)
		return vg_fail(err, VG_ETOOBIG, where,
			       "more than 1000 entries");
	json_array_foreach(v, i, row) {
		snprintf(prefix, sizeof(prefix), "%s[%zu].", where, i);
		s = validate_object(ct, row, 0, prefix, err);
		if (s != VG_OK)
			return s;
	}
	return VG_OK;
}

static vg_status check_value(const struct field_def *f, const json_t *v,
			     const char *where, struct vg_error *err)
{
	struct fuzzy_date d;
	struct vg_error e;

	switch (f->kind) {
	case FIELD_TEXT:
	case FIELD_LONGTEXT:
		return check_text(f, v, where, err);
	case FIELD_INT:
		if (!json_is_integer(v))
			return vg_fail(err, VG_EINVAL, where,
				       "expected a whole number");
		return VG_OK;
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return vg_fail(err, VG_EINVAL, where,
				       "expected true or false");
		return VG_OK;
	case FIELD_DATE:
		if (!json_is_string(v))
			return vg_fail(err, VG_EINVAL, where,
				       "expected a date as text");
		vg_error_clear(&e);
		if (date_parse(json_string_value(v), &d, &e) != VG_OK)
			return vg_fail(err, VG_EINVAL, where, "%s", e.msg);
		return VG_OK;
	case FIELD_TERM:
		return check_term(f, v, where, err);
	case FIELD_REF:
		if (!json_is_string(v) || !json_string_length(v) ||
		    json_string_length(v) > 64)
			return vg_fail(err, VG_EINVAL, where,
				       "expected the id of a %s", f->vocab);
		return VG_OK;
	case FIELD_LIST:
		return check_list(f, v, where, err);
	}
	return vg_fail(err, VG_EINTERNAL, where, "unknown field kind");
}

static vg_status check_common(const char *key, const json_t *v,
			      const char *where, struct vg_error *err)
{
	enum level l;

	if (!strcmp(key, "level")) {
		if (!json_is_string(v) ||
		    model_level_parse(json_string_value(v), &l) != 0)
			return vg_fail(err, VG_EINVAL, where,
				       "expected public, internal, "
				       "confidential or secret");
		return VG_OK;
	}
	if (!strcmp(key, "pending")) {
		if (!json_is_boolean(v))
			return vg_fail(err, VG_EINVAL, where,
				       "expected true or false");
		return VG_OK;
	}
	if (!json_is_string(v) || json_string_length(v) > 64)
		return vg_fail(err, VG_EINVAL, where, "expected text");
	return VG_OK;
}

/* VG_EINVAL when the end date must lie wholly before the start date
 * (a range that can overlap, such as "2021" and "July 2021", passes). */
static vg_status check_date_order(const json_t *rec, const char *prefix,
				  struct vg_error *err)
{
	const char *a = json_string_value(json_object_get(rec, "start_date"));
	const char *b = json_string_value(json_object_get(rec, "end_date"));
	struct fuzzy_date start, end;
	char slo[11], shi[11], elo[11], ehi[11], where[256];

	if (!a || !b || date_parse(a, &start, NULL) != VG_OK ||
	    date_parse(b, &end, NULL) != VG_OK)
		return VG_OK;
	date_range(&start, slo, shi);
	date_range(&end, elo, ehi);
	if (strcmp(ehi, slo) >= 0)
		return VG_OK;
	field_path(where, sizeof(where), prefix, "end_date");
	return vg_fail(err, VG_EINVAL, where, "ends before it starts");
}

/* Rules that tie fields together or need more than the field's kind. */
static vg_status check_record_rules(const struct record_type *t,
				    const json_t *rec, const char *prefix,
				    struct vg_error *err)
{
	char where[256];
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	const char *number = json_string_value(json_object_get(rec, "number"));
	json_t *a, *b;

	if (!strcmp(t->name, "person_id_doc") && kind && number &&
	    !strcmp(kind, "prc_resident_id") && !model_prc_id_valid(number)) {
		field_path(where, sizeof(where), prefix, "number");
		return vg_fail(err, VG_EINVAL, where,
			       "not a valid PRC resident identity number "
			       "(18 characters, the last a check digit)");
	}
	if (!strcmp(t->name, "person")) {
		json_t *names = json_object_get(rec, "names"), *n;
		size_t i, primaries = 0;

		json_array_foreach(names, i, n) {
			const char *k = json_string_value(json_object_get(n,
								  "kind"));

			if (k && !strcmp(k, "primary") && ++primaries > 1) {
				snprintf(where, sizeof(where), "%snames[%zu].kind",
					 prefix, i);
				return vg_fail(err, VG_EINVAL, where,
					       "a person has one primary name");
			}
		}
	}
	if (!strcmp(t->name, "person_id_doc") && kind && number &&
	    !strcmp(kind, "kz_iin") && !model_kz_iin_valid(number)) {
		field_path(where, sizeof(where), prefix, "number");
		return vg_fail(err, VG_EINVAL, where,
			       "not a valid Kazakhstan IIN (12 digits, the "
			       "last a check digit)");
	}
	if (check_date_order(rec, prefix, err) != VG_OK)
		return VG_EINVAL;
	a = json_object_get(rec, "start_offset");
	b = json_object_get(rec, "end_offset");
	if (json_is_integer(a) && (json_integer_value(a) < 0 ||
				   (json_is_integer(b) &&
				    json_integer_value(b) < json_integer_value(a)))) {
		field_path(where, sizeof(where), prefix, "end_offset");
		return vg_fail(err, VG_EINVAL, where,
			       "offsets must be 0 or more, start before end");
	}
	a = json_object_get(rec, "person");
	b = json_object_get(rec, "other");
	if (!strcmp(t->name, "relation") && json_is_string(a) &&
	    json_equal(a, b)) {
		field_path(where, sizeof(where), prefix, "other");
		return vg_fail(err, VG_EINVAL, where,
			       "a person cannot be related to themselves");
	}
	return VG_OK;
}

static vg_status validate_object(const struct record_type *t,
				 const json_t *rec, int partial,
				 const char *prefix, struct vg_error *err)
{
	const char *key;
	json_t *v;
	char where[256];
	size_t i;
	vg_status s;

	if (!json_is_object(rec))
		return vg_fail(err, VG_EINVAL, prefix[0] ? prefix : t->name,
			       "expected an object");
	json_object_foreach((json_t *)rec, key, v) {
		const struct field_def *f = model_field(t, key);

		field_path(where, sizeof(where), prefix, key);
		if (!f && !t->child && model_is_common_key(key)) {
			s = check_common(key, v, where, err);
			if (s != VG_OK)
				return s;
			continue;
		}
		if (!f)
			return vg_fail(err, VG_EINVAL, where, "unknown field");
		if (f->flags & FIELD_READONLY)
			continue; /* set by vigil; an export may carry it */
		if (json_is_null(v)) {
			if (f->flags & FIELD_REQUIRED)
				return vg_fail(err, VG_EINVAL, where,
					       "is required");
			continue;
		}
		s = check_value(f, v, where, err);
		if (s != VG_OK)
			return s;
	}
	for (i = 0; !partial && i < t->nfields; i++) {
		const struct field_def *f = &t->fields[i];

		if (!(f->flags & FIELD_REQUIRED) || json_object_get(rec, f->name))
			continue;
		field_path(where, sizeof(where), prefix, f->name);
		return vg_fail(err, VG_EINVAL, where, "is required");
	}
	return check_record_rules(t, rec, prefix, err);
}

vg_status model_validate(const struct record_type *t, const json_t *rec,
			 int partial, struct vg_error *err)
{
	if (!t)
		return vg_fail(err, VG_EINVAL, NULL, "unknown record type");
	return validate_object(t, rec, partial, "", err);
}
