-- Export-file deletions an erasure could not finish at once are retried by the scheduled sweep,
-- like message deletions. Times are UTC unix seconds.

-- attempts counts the tries that failed for now (Slack down, a rate limit); attempt_at is when
-- the last try began (an erasure marks its files as tried when it queues them): a sweep leaves a
-- deletion alone for a while after it, so that two processes, or a sweep and the erasure itself,
-- do not try it at once. Files queued before this column have none and are claimed at once.
ALTER TABLE export_files ADD COLUMN attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE export_files ADD COLUMN attempt_at INTEGER;

CREATE INDEX export_files_pending ON export_files (id) WHERE status = 'pending';
