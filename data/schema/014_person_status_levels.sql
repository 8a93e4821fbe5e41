-- 014: a person's status as each level of reader may know it.
--
-- person.status is derived from every act; a reader who may not see a
-- confidential "release" act must not learn from the status that the
-- person was released. So the status is also kept per level of reader:
-- for level L (0 public, 1 internal, 2 confidential) it is derived from
-- the acts of level L or below only. Level 3 (secret: admins) is the
-- person row itself. The store reads, filters and counts a person's
-- status through the row of the caller's level (store/records_read.c).

DROP VIEW act_status;
CREATE VIEW act_status AS
  SELECT a.victim AS victim, a.pk AS pk,
         COALESCE(a.status_at_end, m.status) AS status,
         a.start_date AS since, a.start_date_min AS since_min,
         a.start_date_max AS since_max,
         CASE a.level WHEN 'public' THEN 0 WHEN 'internal' THEN 1
                      WHEN 'confidential' THEN 2 ELSE 3 END AS lvl
  FROM act a LEFT JOIN act_type_status m ON m.act_type = a.type
  WHERE a.pending = 0 AND COALESCE(a.status_at_end, m.status) IS NOT NULL;

CREATE TABLE person_level_status (
  person_pk INTEGER NOT NULL REFERENCES person(pk) ON DELETE CASCADE,
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),
  status TEXT,
  status_since TEXT,
  status_since_min TEXT,
  status_since_max TEXT,
  PRIMARY KEY (person_pk, level)
) WITHOUT ROWID;
CREATE INDEX person_level_status_by_level ON person_level_status(level, status);

-- The statement store/records_log.c runs after each change to an act,
-- here for every person at once.
INSERT INTO person_level_status (person_pk, level, status, status_since,
                           status_since_min, status_since_max)
  SELECT p.pk, l.level,
    (SELECT s.status FROM act_status s WHERE s.victim = p.id
       AND s.lvl <= l.level
       ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),
    (SELECT s.since FROM act_status s WHERE s.victim = p.id
       AND s.lvl <= l.level
       ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),
    (SELECT s.since_min FROM act_status s WHERE s.victim = p.id
       AND s.lvl <= l.level
       ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1),
    (SELECT s.since_max FROM act_status s WHERE s.victim = p.id
       AND s.lvl <= l.level
       ORDER BY s.since_min DESC NULLS LAST, s.pk DESC LIMIT 1)
  FROM person p, (SELECT 0 AS level UNION ALL SELECT 1 UNION ALL SELECT 2) l;
