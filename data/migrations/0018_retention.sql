-- The retention purge. Times are UTC unix seconds.

-- When the retention purge anonymised the interview (its candidate is then a pseudonym and its
-- free text is gone); NULL until then. The day of the last purge is app_meta's
-- retention_last_run, written in the purge's own transaction.
ALTER TABLE interviews ADD COLUMN anonymised_at INTEGER;

CREATE INDEX interviews_not_anonymised ON interviews (ends_at) WHERE anonymised_at IS NULL;
