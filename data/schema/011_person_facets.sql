-- The people list counts its facets (status, sex, evidence grade) in one
-- grouped query over what the level, pending and ethnicity filters leave;
-- this index covers that query, so it reads the index and not the table.
CREATE INDEX person_facets ON person(level, pending, ethnicity, status, sex, evidence_grade);
