/* Looking up record types and fields; role and level names; derived
 * fields. The descriptors themselves are in model_types.c. */
#include "model/model.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

extern const struct record_type model_type_person_name;
extern const struct record_type model_type_person_id_doc;
extern const struct record_type model_type_place_name;
extern const struct record_type model_type_intervention_victim;
extern const struct record_type model_type_person;
extern const struct record_type model_type_place;
extern const struct record_type model_type_act;
extern const struct record_type model_type_source;
extern const struct record_type model_type_citation;
extern const struct record_type model_type_relation;
extern const struct record_type model_type_intervention;
extern const struct record_type model_type_campaign;
extern const struct record_type model_type_penalty;

static const struct record_type *const top_types[] = {
	&model_type_person, &model_type_act, &model_type_source,
	&model_type_citation, &model_type_relation, &model_type_intervention,
	&model_type_campaign, &model_type_penalty, &model_type_place, NULL
};

static const struct record_type *const child_types[] = {
	&model_type_person_name, &model_type_person_id_doc,
	&model_type_place_name, &model_type_intervention_victim, NULL
};

static const char *const role_names[] = {
	"public", "viewer", "contributor", "editor", "admin"
};

static const char *const level_names[] = {
	"public", "internal", "confidential", "secret"
};

static const char *const common_keys[] = {
	"id", "uuid", "level", "pending", "created_at", "updated_at", NULL
};

const struct record_type *const *model_types(void)
{
	return top_types;
}

const struct record_type *const *model_child_types(void)
{
	return child_types;
}

const struct record_type *model_type(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; top_types[i]; i++)
		if (!strcmp(top_types[i]->name, name))
			return top_types[i];
	for (i = 0; child_types[i]; i++)
		if (!strcmp(child_types[i]->name, name))
			return child_types[i];
	return NULL;
}

const struct field_def *model_field(const struct record_type *t,
				    const char *name)
{
	size_t i;

	if (!t || !name)
		return NULL;
	for (i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i].name, name))
			return &t->fields[i];
	return NULL;
}

int model_is_common_key(const char *key)
{
	size_t i;

	for (i = 0; common_keys[i]; i++)
		if (!strcmp(common_keys[i], key))
			return 1;
	return 0;
}

const char *model_role_name(enum role r)
{
	if ((unsigned)r > ROLE_ADMIN)
		return "unknown";
	return role_names[r];
}

int model_role_parse(const char *s, enum role *out)
{
	unsigned i;

	for (i = 0; s && i <= ROLE_ADMIN; i++) {
		if (!strcmp(role_names[i], s)) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}

const char *model_level_name(enum level l)
{
	if ((unsigned)l > LEVEL_SECRET)
		return "unknown";
	return level_names[l];
}

int model_level_parse(const char *s, enum level *out)
{
	unsigned i;

	for (i = 0; s && i <= LEVEL_SECRET; i++) {
		if (!strcmp(level_names[i], s)) {
			*out = (enum level)i;
			return 0;
		}
	}
	return -1;
}

/* Days since 1970-01-01 of a "YYYY-MM-DD" string (civil calendar). */
static long days_from_iso(const char *s)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A vigil's day count: from its first day to its last (or to today while
 * it goes on), both counted. */
static void derive_campaign_days(json_t *rec, const char *today)
{
	const char *start = json_string_value(json_object_get(rec, "start_date"));
	const char *end = json_string_value(json_object_get(rec, "end_date"));
	struct fuzzy_date d;
	char lo[11], hi[11], elo[11], ehi[11];
	long days;

	json_object_del(rec, "days");
	if (!start || date_parse(start, &d, NULL) != VG_OK)
		return;
	date_range(&d, lo, hi);
	if (end && date_parse(end, &d, NULL) == VG_OK) {
		date_range(&d, elo, ehi);
		days = days_from_iso(ehi) - days_from_iso(lo) + 1;
	} else {
		days = days_from_iso(today) - days_from_iso(lo) + 1;
	}
	if (days > 0)
		json_object_set_new(rec, "days", json_integer(days));
}

/* The HURIDOCS date type (thesaurus date_type) of an act's start: what
 * the date itself says of how well it is known. */
static void derive_date_type(json_t *rec)
{
	const char *start = json_string_value(json_object_get(rec, "start_date"));
	struct fuzzy_date d;
	const char *type;

	json_object_del(rec, "date_type");
	if (!start || date_parse(start, &d, NULL) != VG_OK)
		return;
	if (d.qualifier == DATE_ABOUT)
		type = "approximate";
	else if (d.qualifier == DATE_SINCE || d.qualifier == DATE_AFTER)
		type = "open_start";
	else if (d.qualifier == DATE_BEFORE)
		type = "open_end";
	else if (d.precision == DATE_MONTH)
		type = "unknown_day";
	else if (d.precision == DATE_YEAR)
		type = "unknown_month_and_day";
	else
		type = "exact";
	json_object_set_new(rec, "date_type", json_string(type));
}

void model_derive(const struct record_type *t, json_t *rec, const char *today)
{
	if (t && !strcmp(t->name, "campaign"))
		derive_campaign_days(rec, today);
	if (t && !strcmp(t->name, "act"))
		derive_date_type(rec);
}

/* ISO 7064 MOD 11-2 over the first 17 digits: weights 2^(17-i) mod 11. */
int model_prc_id_valid(const char *s)
{
	static const char check[] = "10X98765432";
	int sum = 0, weight = 1, i;

	if (!s || strlen(s) != 18)
		return 0;
	for (i = 16; i >= 0; i--) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		weight = (weight * 2) % 11;
		sum += (s[i] - '0') * weight;
	}
	return s[17] == check[sum % 11] ||
	       (check[sum % 11] == 'X' && s[17] == 'x');
}

int model_kz_iin_valid(const char *s)
{
	static const int second[11] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2 };
	int sum = 0, i;

	if (!s || strlen(s) != 12)
		return 0;
	for (i = 0; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	for (i = 0; i < 11; i++)
		sum += (s[i] - '0') * (i + 1);
	sum %= 11;
	if (sum == 10) {
		sum = 0;
		for (i = 0; i < 11; i++)
			sum += (s[i] - '0') * second[i];
		sum %= 11;
		if (sum == 10)
			return 0;
	}
	return s[11] - '0' == sum;
}
