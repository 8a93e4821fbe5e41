-- 002: a person's current status, derived from their most recent act.
-- Added after 001 so that a database made before it gains the columns
-- and has them filled from the acts it already holds.

ALTER TABLE person ADD COLUMN status TEXT;
ALTER TABLE person ADD COLUMN status_since TEXT;
ALTER TABLE person ADD COLUMN status_since_min TEXT;
ALTER TABLE person ADD COLUMN status_since_max TEXT;
CREATE INDEX person_status ON person(status);
CREATE INDEX act_victim_start ON act(victim, start_date_min);

-- The status an act leaves its victim in when the act does not say
-- (status_at_end). Codes of the act_type and victim_status thesauri.
CREATE TABLE act_type_status (
  act_type TEXT PRIMARY KEY,
  status TEXT NOT NULL
);
INSERT INTO act_type_status (act_type, status) VALUES
  ('arrest', 'arrested'),
  ('detention', 'detained'),
  ('disappearance', 'disappeared'),
  ('sentence', 'sentenced'),
  ('imprisonment', 'sentenced'),
  ('release', 'released'),
  ('death', 'deceased'),
  ('killing', 'deceased');

-- The same derivation records.c runs after each change to an act.
UPDATE person SET
  status = (SELECT COALESCE(a.status_at_end, m.status) FROM act a
            LEFT JOIN act_type_status m ON m.act_type = a.type
            WHERE a.victim = person.id AND a.pending = 0
            ORDER BY a.start_date_min DESC NULLS LAST, a.pk DESC LIMIT 1),
  status_since = (SELECT a.start_date FROM act a
            WHERE a.victim = person.id AND a.pending = 0
            ORDER BY a.start_date_min DESC NULLS LAST, a.pk DESC LIMIT 1),
  status_since_min = (SELECT a.start_date_min FROM act a
            WHERE a.victim = person.id AND a.pending = 0
            ORDER BY a.start_date_min DESC NULLS LAST, a.pk DESC LIMIT 1),
  status_since_max = (SELECT a.start_date_max FROM act a
            WHERE a.victim = person.id AND a.pending = 0
            ORDER BY a.start_date_min DESC NULLS LAST, a.pk DESC LIMIT 1);
