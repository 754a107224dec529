-- Message deletions an erasure could not finish at once are retried by the scheduled sweep.
-- Times are UTC unix seconds.

-- attempts counts the tries that failed for now (Slack down, a rate limit); attempt_at is when
-- the last try began, NULL before the first: a sweep leaves a deletion alone for a while after
-- it, so that two processes, or a sweep and the erasure itself, do not try it at once.
ALTER TABLE message_deletions ADD COLUMN attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE message_deletions ADD COLUMN attempt_at INTEGER;
