/* The record types of the casebook, described once. Field order is the
 * order forms and tables show them in. Column names in the schema
 * (data/schema/) are these field names; a FIELD_DATE also has
 * <name>_min and <name>_max columns for sorting and range filters. */
#include "model/model.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const scripts[] = {
	"Latn", "Cyrl", "Arab", "Hani", "Other", NULL
};
static const char *const name_kinds[] = {
	"primary", "alias", "chinese_form", "patronymic_form", "former", NULL
};
static const char *const sexes[] = { "female", "male", "unknown", NULL };
static const char *const evidence_grades[] = {
	"confirmed", "corroborated", "single_source", "unverified", NULL
};
static const char *const id_doc_kinds[] = {
	"prc_resident_id", "passport", "kz_iin", "other", NULL
};
static const char *const place_kinds[] = {
	"country", "region", "prefecture", "county", "township", "village",
	"facility", NULL
};
static const char *const record_types[] = {
	"person", "place", "act", "source", "citation", "relation",
	"intervention", "campaign", "penalty", NULL
};
static const char *const intervention_statuses[] = {
	"planned", "sent", "answered", "closed", NULL
};
static const char *const campaign_kinds[] = {
	"vigil", "protest", "petition", "press_conference", "other", NULL
};
static const char *const penalty_kinds[] = {
	"fine", "detention", "warning", "travel_ban", NULL
};

/* Child lists. */

static const struct field_def person_name_fields[] = {
	{ "name", "Name", FIELD_TEXT, NULL, FIELD_REQUIRED | FIELD_SEARCH,
	  200, LEVEL_PUBLIC, NULL },
	{ "script", "Script", FIELD_TEXT, NULL, 0, 8, LEVEL_PUBLIC, scripts },
	{ "kind", "Kind", FIELD_TEXT, NULL, 0, 32, LEVEL_PUBLIC, name_kinds },
	{ "source", "Source", FIELD_REF, "source", 0, 0, LEVEL_INTERNAL, NULL },
};

static const struct field_def person_id_doc_fields[] = {
	{ "kind", "Kind", FIELD_TEXT, NULL, FIELD_REQUIRED, 32,
	  LEVEL_CONFIDENTIAL, id_doc_kinds },
	{ "number", "Number", FIELD_TEXT, NULL,
	  FIELD_REQUIRED | FIELD_ENCRYPTED, 64, LEVEL_CONFIDENTIAL, NULL },
};

static const struct field_def place_name_fields[] = {
	{ "name", "Name", FIELD_TEXT, NULL, FIELD_REQUIRED | FIELD_SEARCH,
	  200, LEVEL_PUBLIC, NULL },
	{ "script", "Script", FIELD_TEXT, NULL, 0, 8, LEVEL_PUBLIC, scripts },
	{ "language", "Language", FIELD_TEXT, NULL, 0, 16, LEVEL_PUBLIC, NULL },
};

static const struct field_def intervention_victim_fields[] = {
	{ "person", "Person", FIELD_REF, "person", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
};

/* Top-level records. */

static const struct field_def person_fields[] = {
	{ "names", "Names", FIELD_LIST, "person_name", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "sex", "Sex", FIELD_TEXT, NULL, 0, 16, LEVEL_PUBLIC, sexes },
	{ "birth", "Date of birth", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "birth_place", "Place of birth", FIELD_REF, "place", 0, 0,
	  LEVEL_PUBLIC, NULL },
	{ "ethnicity", "Ethnicity", FIELD_TEXT, NULL, 0, 64, LEVEL_PUBLIC,
	  NULL },
	{ "citizenship", "Citizenship", FIELD_TEXT, NULL, 0, 64, LEVEL_PUBLIC,
	  NULL },
	{ "occupation", "Occupation", FIELD_TEXT, NULL, 0, 200, LEVEL_PUBLIC,
	  NULL },
	{ "home_place", "Home place", FIELD_REF, "place", 0, 0, LEVEL_PUBLIC,
	  NULL },
	{ "home_address", "Home address", FIELD_TEXT, NULL, FIELD_ENCRYPTED,
	  500, LEVEL_CONFIDENTIAL, NULL },
	{ "evidence_grade", "Evidence grade", FIELD_TEXT, NULL, 0, 32,
	  LEVEL_INTERNAL, evidence_grades },
	{ "status", "Status", FIELD_TERM, "victim_status", FIELD_READONLY, 0,
	  LEVEL_PUBLIC, NULL },
	{ "status_since", "Status since", FIELD_DATE, NULL, FIELD_READONLY, 0,
	  LEVEL_PUBLIC, NULL },
	{ "id_docs", "Identity documents", FIELD_LIST, "person_id_doc", 0, 0,
	  LEVEL_CONFIDENTIAL, NULL },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 20000,
	  LEVEL_INTERNAL, NULL },
};

static const struct field_def place_fields[] = {
	{ "name", "Name", FIELD_TEXT, NULL, FIELD_REQUIRED | FIELD_SEARCH,
	  200, LEVEL_PUBLIC, NULL },
	{ "kind", "Kind", FIELD_TEXT, NULL, FIELD_REQUIRED, 32, LEVEL_PUBLIC,
	  place_kinds },
	{ "parent", "Part of", FIELD_REF, "place", 0, 0, LEVEL_PUBLIC, NULL },
	{ "names", "Other names", FIELD_LIST, "place_name", 0, 0, LEVEL_PUBLIC,
	  NULL },
	{ "latitude", "Latitude (decimal degrees)", FIELD_TEXT, NULL, 0, 32,
	  LEVEL_PUBLIC, NULL },
	{ "longitude", "Longitude (decimal degrees)", FIELD_TEXT, NULL, 0, 32,
	  LEVEL_PUBLIC, NULL },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 20000,
	  LEVEL_INTERNAL, NULL },
};

static const struct field_def act_fields[] = {
	{ "victim", "Victim", FIELD_REF, "person", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "type", "Type of act", FIELD_TERM, "act_type", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "start_date", "Start", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "date_type", "How the start is known", FIELD_TERM, "date_type",
	  FIELD_READONLY | FIELD_DERIVED, 0, LEVEL_PUBLIC, NULL },
	{ "end_date", "End", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "place", "Place", FIELD_REF, "place", 0, 0, LEVEL_PUBLIC, NULL },
	{ "responsible", "Responsible body", FIELD_TEXT, NULL, FIELD_SEARCH,
	  300, LEVEL_PUBLIC, NULL },
	{ "sentence_term", "Sentence", FIELD_TEXT, NULL, 0, 100, LEVEL_PUBLIC,
	  NULL },
	{ "charges", "Charges", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 5000,
	  LEVEL_PUBLIC, NULL },
	{ "status_at_end", "Status at end", FIELD_TERM, "victim_status", 0, 0,
	  LEVEL_PUBLIC, NULL },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 20000,
	  LEVEL_INTERNAL, NULL },
};

static const struct field_def source_fields[] = {
	{ "kind", "Kind", FIELD_TERM, "source_kind", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "title", "Title", FIELD_TEXT, NULL, FIELD_REQUIRED | FIELD_SEARCH,
	  500, LEVEL_PUBLIC, NULL },
	{ "publisher", "Publisher", FIELD_TEXT, NULL, FIELD_SEARCH, 200,
	  LEVEL_PUBLIC, NULL },
	{ "url", "Address (URL)", FIELD_TEXT, NULL, 0, 2000, LEVEL_PUBLIC,
	  NULL },
	{ "date", "Date", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "language", "Language", FIELD_TEXT, NULL, 0, 16, LEVEL_PUBLIC, NULL },
	{ "full_text", "Full text", FIELD_LONGTEXT, NULL, FIELD_SEARCH,
	  2000000, LEVEL_INTERNAL, NULL },
	{ "reliability", "Reliability", FIELD_TERM, "reliability", 0, 0,
	  LEVEL_INTERNAL, NULL },
	{ "testifier_name", "Testifier", FIELD_TEXT, NULL, FIELD_ENCRYPTED,
	  200, LEVEL_SECRET, NULL },
	{ "testifier_contact", "Testifier contact", FIELD_TEXT, NULL,
	  FIELD_ENCRYPTED, 500, LEVEL_SECRET, NULL },
	{ "testifier_relation", "Testifier's relation", FIELD_TEXT, NULL, 0,
	  200, LEVEL_CONFIDENTIAL, NULL },
	{ "consent_publish", "Consent to publish", FIELD_BOOL, NULL, 0, 0,
	  LEVEL_INTERNAL, NULL },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 20000,
	  LEVEL_INTERNAL, NULL },
};

static const struct field_def citation_fields[] = {
	{ "source", "Source", FIELD_REF, "source", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "record_type", "Record type", FIELD_TEXT, NULL, FIELD_REQUIRED, 32,
	  LEVEL_PUBLIC, record_types },
	{ "record_id", "Record", FIELD_TEXT, NULL, FIELD_REQUIRED, 64,
	  LEVEL_PUBLIC, NULL },
	{ "field", "Field", FIELD_TEXT, NULL, 0, 64, LEVEL_PUBLIC, NULL },
	{ "start_offset", "From character", FIELD_INT, NULL, 0, 0,
	  LEVEL_PUBLIC, NULL },
	{ "end_offset", "To character", FIELD_INT, NULL, 0, 0, LEVEL_PUBLIC,
	  NULL },
	{ "quote", "Quote", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 5000,
	  LEVEL_PUBLIC, NULL },
};

static const struct field_def relation_fields[] = {
	{ "person", "Person", FIELD_REF, "person", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "type", "Relation", FIELD_TERM, "relation_type", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "other", "Other person", FIELD_REF, "person", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, 0, 5000, LEVEL_INTERNAL,
	  NULL },
};

static const struct field_def intervention_fields[] = {
	{ "kind", "Kind", FIELD_TERM, "intervention_type", FIELD_REQUIRED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "party", "By", FIELD_TEXT, NULL, FIELD_SEARCH, 300, LEVEL_PUBLIC,
	  NULL },
	{ "addressee", "To", FIELD_TEXT, NULL, FIELD_SEARCH, 300,
	  LEVEL_PUBLIC, NULL },
	{ "date", "Date", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "victims", "For", FIELD_LIST, "intervention_victim", 0, 0,
	  LEVEL_PUBLIC, NULL },
	{ "response", "Response", FIELD_TERM, "response_type", 0, 0,
	  LEVEL_PUBLIC, NULL },
	{ "status", "Status", FIELD_TEXT, NULL, 0, 32, LEVEL_PUBLIC,
	  intervention_statuses },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 20000,
	  LEVEL_INTERNAL, NULL },
};

static const struct field_def campaign_fields[] = {
	{ "name", "Name", FIELD_TEXT, NULL, FIELD_REQUIRED | FIELD_SEARCH,
	  200, LEVEL_PUBLIC, NULL },
	{ "kind", "Kind", FIELD_TEXT, NULL, FIELD_REQUIRED, 32, LEVEL_PUBLIC,
	  campaign_kinds },
	{ "place", "Place", FIELD_REF, "place", 0, 0, LEVEL_PUBLIC, NULL },
	{ "start_date", "Start", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "end_date", "End", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "days", "Days", FIELD_INT, NULL, FIELD_READONLY | FIELD_DERIVED, 0,
	  LEVEL_PUBLIC, NULL },
	{ "description", "Description", FIELD_LONGTEXT, NULL, FIELD_SEARCH,
	  20000, LEVEL_PUBLIC, NULL },
};

static const struct field_def penalty_fields[] = {
	{ "campaign", "Campaign", FIELD_REF, "campaign", 0, 0, LEVEL_PUBLIC,
	  NULL },
	{ "person", "Person", FIELD_REF, "person", 0, 0, LEVEL_PUBLIC, NULL },
	{ "kind", "Kind", FIELD_TEXT, NULL, FIELD_REQUIRED, 32, LEVEL_PUBLIC,
	  penalty_kinds },
	{ "amount", "Amount", FIELD_INT, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "currency", "Currency", FIELD_TEXT, NULL, 0, 3, LEVEL_PUBLIC, NULL },
	{ "date", "Date", FIELD_DATE, NULL, 0, 0, LEVEL_PUBLIC, NULL },
	{ "imposed_by", "Imposed by", FIELD_TEXT, NULL, 0, 300, LEVEL_PUBLIC,
	  NULL },
	{ "notes", "Notes", FIELD_LONGTEXT, NULL, FIELD_SEARCH, 5000,
	  LEVEL_INTERNAL, NULL },
};

#define TYPE(nm, lb, pl, pre, f, ch) \
	{ nm, lb, pl, nm, pre, f, N(f), ch }

const struct record_type model_type_person_name =
	TYPE("person_name", "Name", "names", "", person_name_fields, 1);
const struct record_type model_type_person_id_doc =
	TYPE("person_id_doc", "Identity document", "identity documents", "",
	     person_id_doc_fields, 1);
const struct record_type model_type_place_name =
	TYPE("place_name", "Place name", "place names", "", place_name_fields,
	     1);
const struct record_type model_type_intervention_victim =
	TYPE("intervention_victim", "Victim", "victims", "",
	     intervention_victim_fields, 1);

const struct record_type model_type_person =
	TYPE("person", "Person", "people", "V", person_fields, 0);
const struct record_type model_type_place =
	TYPE("place", "Place", "places", "P", place_fields, 0);
const struct record_type model_type_act =
	TYPE("act", "Act", "acts", "A", act_fields, 0);
const struct record_type model_type_source =
	TYPE("source", "Source", "sources", "S", source_fields, 0);
const struct record_type model_type_citation =
	TYPE("citation", "Citation", "citations", "C", citation_fields, 0);
const struct record_type model_type_relation =
	TYPE("relation", "Relation", "relations", "R", relation_fields, 0);
const struct record_type model_type_intervention =
	TYPE("intervention", "Intervention", "interventions", "I",
	     intervention_fields, 0);
const struct record_type model_type_campaign =
	TYPE("campaign", "Campaign", "campaigns", "G", campaign_fields, 0);
const struct record_type model_type_penalty =
	TYPE("penalty", "Penalty", "penalties", "F", penalty_fields, 0);
