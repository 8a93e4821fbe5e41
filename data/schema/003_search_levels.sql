-- 003: full text kept apart by confidentiality level, so that a search on
-- behalf of a role matches only words in fields that role may see (a
-- word in a person's internal notes must not make them turn up in a
-- public search). One column per level; each index is rebuilt from the
-- records it indexes. A field's words go to the column of its level; the
-- rows of a list go to the level of the list or of their field,
-- whichever is higher. Which fields are searched: FIELD_SEARCH in
-- src/model/model_types.c.

DROP TABLE person_fts;
DROP TABLE place_fts;
DROP TABLE act_fts;
DROP TABLE source_fts;
DROP TABLE citation_fts;
DROP TABLE relation_fts;
DROP TABLE intervention_fts;
DROP TABLE campaign_fts;
DROP TABLE penalty_fts;

CREATE VIRTUAL TABLE person_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE place_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE act_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE source_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE citation_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE relation_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE intervention_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE campaign_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE penalty_fts USING fts5(text_public, text_internal, text_confidential, text_secret, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO person_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT p.pk,
         COALESCE((SELECT group_concat(n.name, char(10)) FROM person_name n
                   WHERE n.parent = p.pk), ''),
         COALESCE(p.notes, ''), '', ''
  FROM person p;

INSERT INTO place_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT p.pk,
         p.name || char(10) ||
         COALESCE((SELECT group_concat(n.name, char(10)) FROM place_name n
                   WHERE n.parent = p.pk), ''),
         COALESCE(p.notes, ''), '', ''
  FROM place p;

INSERT INTO act_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, COALESCE(responsible, '') || char(10) || COALESCE(charges, ''),
         COALESCE(notes, ''), '', ''
  FROM act;

INSERT INTO source_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, title || char(10) || COALESCE(publisher, ''),
         COALESCE(full_text, '') || char(10) || COALESCE(notes, ''), '', ''
  FROM source;

INSERT INTO citation_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, COALESCE(quote, ''), '', '', '' FROM citation;

INSERT INTO relation_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, '', '', '', '' FROM relation;

INSERT INTO intervention_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, COALESCE(party, '') || char(10) || COALESCE(addressee, ''),
         COALESCE(notes, ''), '', ''
  FROM intervention;

INSERT INTO campaign_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, name || char(10) || COALESCE(description, ''), '', '', ''
  FROM campaign;

INSERT INTO penalty_fts (rowid, text_public, text_internal, text_confidential, text_secret)
  SELECT pk, '', COALESCE(notes, ''), '', '' FROM penalty;
