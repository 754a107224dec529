-- The interview an outbox message is about, so that an erasure, the retention purge and an
-- export find it after the candidate's name was changed. NULL for messages about no interview
-- and for those queued before this column: they are still found by the name they carry.
ALTER TABLE outbox ADD COLUMN interview_id INTEGER;
CREATE INDEX outbox_interview_id ON outbox (interview_id) WHERE interview_id IS NOT NULL;
