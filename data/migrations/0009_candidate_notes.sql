-- Notes people add to a candidate's interview from a Slack message ("Add to candidate notes").
-- source_channel and source_ts name the message the note came from ('' when unknown). Times are
-- UTC unix seconds.
CREATE TABLE candidate_notes (
    id             INTEGER PRIMARY KEY,
    interview_id   INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    author         TEXT    NOT NULL CHECK (author <> ''),
    body           TEXT    NOT NULL CHECK (body <> ''),
    source_channel TEXT    NOT NULL DEFAULT '',
    source_ts      TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX candidate_notes_interview ON candidate_notes (interview_id, id);
