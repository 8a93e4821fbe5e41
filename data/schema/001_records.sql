-- 001: the records of the casebook, accounts, revisions, audit log.
-- Column names are the field names of src/model/model_types.c; a date
-- field <f> is stored as <f> (machine form, "2021-07", "~1976") plus
-- <f>_min and <f>_max (first and last day it may mean) for sorting and
-- range filters. References hold the public id of the record they name.
-- Written in the SQL that SQLite 3.40 and PostgreSQL 15 both accept.

CREATE TABLE id_seq (
  prefix TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE place (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent TEXT REFERENCES place(id),
  notes TEXT
);
CREATE INDEX place_parent ON place(parent);

CREATE TABLE place_name (
  pk INTEGER PRIMARY KEY,
  parent INTEGER NOT NULL REFERENCES place(pk) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  script TEXT,
  language TEXT
);
CREATE INDEX place_name_parent ON place_name(parent);

CREATE TABLE source (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  publisher TEXT,
  url TEXT,
  "date" TEXT, date_min TEXT, date_max TEXT,
  language TEXT,
  full_text TEXT,
  reliability TEXT,
  testifier_name TEXT,
  testifier_contact TEXT,
  testifier_relation TEXT,
  consent_publish INTEGER,
  notes TEXT
);

CREATE TABLE person (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sex TEXT,
  birth TEXT, birth_min TEXT, birth_max TEXT,
  birth_place TEXT REFERENCES place(id),
  ethnicity TEXT,
  citizenship TEXT,
  occupation TEXT,
  home_place TEXT REFERENCES place(id),
  home_address TEXT,
  evidence_grade TEXT,
  notes TEXT
);
CREATE INDEX person_birth_place ON person(birth_place);
CREATE INDEX person_home_place ON person(home_place);

CREATE TABLE person_name (
  pk INTEGER PRIMARY KEY,
  parent INTEGER NOT NULL REFERENCES person(pk) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  script TEXT,
  kind TEXT,
  source TEXT REFERENCES source(id)
);
CREATE INDEX person_name_parent ON person_name(parent);
CREATE INDEX person_name_source ON person_name(source);

CREATE TABLE person_id_doc (
  pk INTEGER PRIMARY KEY,
  parent INTEGER NOT NULL REFERENCES person(pk) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  kind TEXT NOT NULL,
  number TEXT NOT NULL
);
CREATE INDEX person_id_doc_parent ON person_id_doc(parent);

CREATE TABLE act (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  victim TEXT NOT NULL REFERENCES person(id),
  type TEXT NOT NULL,
  start_date TEXT, start_date_min TEXT, start_date_max TEXT,
  end_date TEXT, end_date_min TEXT, end_date_max TEXT,
  place TEXT REFERENCES place(id),
  responsible TEXT,
  sentence_term TEXT,
  charges TEXT,
  status_at_end TEXT,
  notes TEXT
);
CREATE INDEX act_place ON act(place);

CREATE TABLE citation (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  source TEXT NOT NULL REFERENCES source(id),
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT,
  start_offset INTEGER,
  end_offset INTEGER,
  quote TEXT
);
CREATE INDEX citation_source ON citation(source);
CREATE INDEX citation_record ON citation(record_type, record_id);

CREATE TABLE relation (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  person TEXT NOT NULL REFERENCES person(id),
  type TEXT NOT NULL,
  other TEXT NOT NULL REFERENCES person(id),
  notes TEXT
);
CREATE INDEX relation_person ON relation(person);
CREATE INDEX relation_other ON relation(other);

CREATE TABLE intervention (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  party TEXT,
  addressee TEXT,
  "date" TEXT, date_min TEXT, date_max TEXT,
  response TEXT,
  status TEXT,
  notes TEXT
);

CREATE TABLE intervention_victim (
  pk INTEGER PRIMARY KEY,
  parent INTEGER NOT NULL REFERENCES intervention(pk) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  person TEXT NOT NULL REFERENCES person(id)
);
CREATE INDEX intervention_victim_parent ON intervention_victim(parent);
CREATE INDEX intervention_victim_person ON intervention_victim(person);

CREATE TABLE campaign (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  place TEXT REFERENCES place(id),
  start_date TEXT, start_date_min TEXT, start_date_max TEXT,
  end_date TEXT, end_date_min TEXT, end_date_max TEXT,
  description TEXT
);
CREATE INDEX campaign_place ON campaign(place);

CREATE TABLE penalty (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uuid TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'internal'
    CHECK (level IN ('public', 'internal', 'confidential', 'secret')),
  pending INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  campaign TEXT REFERENCES campaign(id),
  person TEXT REFERENCES person(id),
  kind TEXT NOT NULL,
  amount INTEGER,
  currency TEXT,
  "date" TEXT, date_min TEXT, date_max TEXT,
  imposed_by TEXT,
  notes TEXT
);
CREATE INDEX penalty_campaign ON penalty(campaign);
CREATE INDEX penalty_person ON penalty(person);

-- Full text: one index per record type, the row id is the record's pk,
-- body the text of its FIELD_SEARCH fields and child rows. Encrypted
-- fields are never indexed.
CREATE VIRTUAL TABLE person_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE place_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE act_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE source_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE citation_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE relation_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE intervention_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE campaign_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE penalty_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE term (
  thesaurus TEXT NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  huridocs TEXT NOT NULL DEFAULT '',
  parent TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (thesaurus, code)
);

CREATE TABLE "user" (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('public', 'viewer', 'contributor', 'editor', 'admin')),
  totp_secret TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX session_user ON session(user_id);

-- The whole record before and after each change, as JSON; encrypted
-- fields stay sealed here as in their tables.
CREATE TABLE revision (
  id INTEGER PRIMARY KEY,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX revision_record ON revision(record_type, record_id, id);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL DEFAULT '',
  record_id TEXT NOT NULL DEFAULT '',
  revision_id INTEGER,
  revision_sha256 TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE review_item (
  id INTEGER PRIMARY KEY,
  source TEXT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'accepted', 'rejected')),
  decided_by TEXT,
  decided_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX review_item_status ON review_item(status, id);
