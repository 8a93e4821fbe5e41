-- 013: the audit chain covers revisions. Entries hashed from now on
-- (hash_version 2) include the revision row's id next to its content
-- hash, so that nulling revision_id or pointing it elsewhere breaks the
-- entry. Entries written before keep hash_version 1 and verify under the
-- rule they were hashed with (docs/security.md says what that rule does
-- not cover).

ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;

-- audit verify compares every live record with the last revision the
-- chain records for it, and looks for revisions no entry records: both
-- go through these instead of scanning the log once per record.
CREATE INDEX audit_log_record ON audit_log(record_type, record_id, seq);
CREATE INDEX audit_log_revision ON audit_log(revision_id);
