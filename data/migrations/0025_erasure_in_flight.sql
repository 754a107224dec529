-- An erasure that finds a message about the candidate being sent (claimed, or sent by an attempt
-- whose outcome is not known) keeps its outbox row, emptied of everything about them, under the
-- erasure's id: when the send completes, the message is queued for deletion under that erasure.
ALTER TABLE outbox ADD COLUMN erasure TEXT NOT NULL DEFAULT '';

-- The files of each export hirebot uploaded (the file's id, and where it was shared), against
-- the candidate exported, so that an erasure deletes them. An erasure empties the candidate's
-- name and marks each file pending under its id, then deleted or failed with Slack's reason.
CREATE TABLE export_files (
    id            INTEGER PRIMARY KEY,
    file_id       TEXT    NOT NULL CHECK (file_id <> ''),
    channel       TEXT    NOT NULL DEFAULT '',
    ts            TEXT    NOT NULL DEFAULT '',
    candidate_key TEXT    NOT NULL DEFAULT '',
    candidate     TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    erasure       TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL DEFAULT 'kept' CHECK (status IN ('kept', 'pending', 'deleted', 'failed')),
    error         TEXT    NOT NULL DEFAULT '',
    done_at       INTEGER
) STRICT;

CREATE INDEX export_files_candidate ON export_files (candidate_key) WHERE candidate_key <> '';
