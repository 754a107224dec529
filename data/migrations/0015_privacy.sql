-- Candidate data protection: an append-only audit trail, what erasure needs to find the messages
-- hirebot posted about a candidate, and the record of those it must delete from Slack.
-- Times are UTC unix seconds.

-- Who did what to candidate data, oldest first. Rows are only ever added: the one change allowed
-- is an erasure replacing the candidate's name (and key) with a pseudonym, so the trail stays
-- whole without naming them. detail never holds a candidate's name or free text.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    actor         TEXT    NOT NULL CHECK (actor <> ''),
    action        TEXT    NOT NULL CHECK (action <> ''),
    candidate     TEXT    NOT NULL DEFAULT '',
    candidate_key TEXT    NOT NULL DEFAULT '',
    interview_id  INTEGER,
    detail        TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_candidate ON audit_log (candidate_key, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_only_pseudonymise BEFORE UPDATE ON audit_log
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
    OR NEW.action IS NOT OLD.action OR NEW.interview_id IS NOT OLD.interview_id
    OR NEW.detail IS NOT OLD.detail
    OR NEW.candidate NOT LIKE 'candidate-%' OR NEW.candidate_key NOT LIKE 'candidate-%'
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The secret the pseudonyms are keyed with, so that a name cannot be recovered by hashing
-- guesses without this database.
INSERT INTO app_meta (key, value) VALUES ('pseudonym_key', lower(hex(randomblob(32))));

-- The candidate an outbox message is about (their lookup key; '' for messages about nobody, and
-- for those queued before this column, which are found by about), and where Slack put it once
-- sent (the conversation id and the message ts; '' until then, and for private messages, which
-- Slack keeps no copy of).
ALTER TABLE outbox ADD COLUMN candidate_key TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN sent_channel  TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN sent_ts       TEXT NOT NULL DEFAULT '';

CREATE INDEX outbox_candidate ON outbox (candidate_key) WHERE candidate_key <> '';

-- Messages an erasure must delete from Slack, queued in the erasure's transaction: deleted
-- (done_at set), or failed with Slack's reason. They name no candidate.
CREATE TABLE message_deletions (
    id        INTEGER PRIMARY KEY,
    erasure   TEXT    NOT NULL CHECK (erasure <> ''),
    channel   TEXT    NOT NULL CHECK (channel <> ''),
    ts        TEXT    NOT NULL CHECK (ts <> ''),
    status    TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'deleted', 'failed')),
    error     TEXT    NOT NULL DEFAULT '',
    queued_at INTEGER NOT NULL,
    done_at   INTEGER
) STRICT;

CREATE INDEX message_deletions_pending ON message_deletions (erasure) WHERE status = 'pending';
