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
-- (status_at_end): codes of the act_type and victim_status thesauri.
-- Acts not listed (torture, interrogation, ...) leave the status as it
-- was.
CREATE TABLE act_type_status (
  act_type TEXT PRIMARY KEY,
  status TEXT NOT NULL
);
INSERT INTO act_type_status (act_type, status) VALUES
  ('arrest', 'arrested'),
  ('detention', 'detained'),
  ('internment', 'interned'),
  ('disappearance', 'disappeared'),
  ('enforced_disappearance', 'disappeared'),
  ('abduction', 'disappeared'),
  ('house_arrest', 'house_arrest'),
  ('mass_roundup', 'detained'),
  ('sentence', 'sentenced'),
  ('transfer', 'detained'),
  ('release', 'released'),
  ('passport_confiscation', 'restricted_movement'),
  ('travel_ban', 'restricted_movement'),
  ('death_in_custody', 'deceased');

-- The view records.c reads after each change to an act: per victim, the
-- acts that say something about their status, most recent first.
CREATE VIEW act_status AS
  SELECT a.victim AS victim, a.pk AS pk,
         COALESCE(a.status_at_end, m.status) AS status,
         a.start_date AS since, a.start_date_min AS since_min,
         a.start_date_max AS since_max
  FROM act a LEFT JOIN act_type_status m ON m.act_type = a.type
  WHERE a.pending = 0 AND COALESCE(a.status_at_end, m.status) IS NOT NULL;

UPDATE person SET
  status = (SELECT s.status FROM act_status s WHERE s.victim = person.id
            ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),
  status_since = (SELECT s.since FROM act_status s WHERE s.victim = person.id
            ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),
  status_since_min = (SELECT s.since_min FROM act_status s
            WHERE s.victim = person.id
            ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),
  status_since_max = (SELECT s.since_max FROM act_status s
            WHERE s.victim = person.id
            ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1);
