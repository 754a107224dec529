-- Interviews, their panels and the scorecards panelists submit.
-- Times are UTC unix seconds.

CREATE TABLE interviews (
    id             INTEGER PRIMARY KEY,
    candidate      TEXT    NOT NULL CHECK (candidate <> ''),
    -- candidate_key is the candidate name case-folded with collapsed spaces, for lookups.
    candidate_key  TEXT    NOT NULL CHECK (candidate_key <> ''),
    role           TEXT    NOT NULL CHECK (role <> ''),
    stage          TEXT    NOT NULL CHECK (stage <> ''),
    hiring_manager TEXT    NOT NULL CHECK (hiring_manager <> ''),
    recorded_by    TEXT    NOT NULL CHECK (recorded_by <> ''),
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL CHECK (ends_at > starts_at),
    created_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX interviews_starts_at      ON interviews (starts_at);
CREATE INDEX interviews_candidate_key  ON interviews (candidate_key, starts_at);
CREATE INDEX interviews_hiring_manager ON interviews (hiring_manager, starts_at);
CREATE INDEX interviews_recorded_by    ON interviews (recorded_by, starts_at);

-- One row per interviewer on an interview. Only a pending row has a next reminder, and a
-- claim (token and lease end) is either wholly set or wholly empty.
CREATE TABLE panelists (
    id               INTEGER PRIMARY KEY,
    interview_id     INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    user_id          TEXT    NOT NULL CHECK (user_id <> ''),
    tz               TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'submitted', 'absent')),
    reminders_sent   INTEGER NOT NULL DEFAULT 0 CHECK (reminders_sent >= 0),
    next_reminder_at INTEGER,
    last_reminded_at INTEGER,
    escalated        INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    claim_token      TEXT,
    claim_until      INTEGER,
    UNIQUE (interview_id, user_id),
    CHECK (status = 'pending' OR next_reminder_at IS NULL),
    CHECK ((claim_token IS NULL) = (claim_until IS NULL))
) STRICT;

-- The reminder sweep reads only rows with a reminder scheduled.
CREATE INDEX panelists_due ON panelists (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
-- Escalation candidates: pending rows not yet escalated, by how many reminders they got.
CREATE INDEX panelists_escalation ON panelists (reminders_sent)
    WHERE status = 'pending' AND escalated = 0;
CREATE INDEX panelists_user ON panelists (user_id, status);

-- Every submitted version of every scorecard; the current one per author is the highest version.
-- A scorecard belongs to a panel row, so neither its panelist nor its interview can be deleted
-- while it exists.
CREATE TABLE scorecards (
    id                   INTEGER PRIMARY KEY,
    interview_id         INTEGER NOT NULL,
    author               TEXT    NOT NULL CHECK (author <> ''),
    version              INTEGER NOT NULL CHECK (version >= 1),
    recommendation       TEXT    NOT NULL
                                 CHECK (recommendation IN ('strong-no-hire', 'no-hire', 'hire', 'strong-hire')),
    rating_python        INTEGER NOT NULL CHECK (rating_python BETWEEN 1 AND 4),
    rating_apis          INTEGER NOT NULL CHECK (rating_apis BETWEEN 1 AND 4),
    rating_databases     INTEGER NOT NULL CHECK (rating_databases BETWEEN 1 AND 4),
    rating_testing       INTEGER NOT NULL CHECK (rating_testing BETWEEN 1 AND 4),
    rating_communication INTEGER NOT NULL CHECK (rating_communication BETWEEN 1 AND 4),
    strengths            TEXT    NOT NULL DEFAULT '',
    concerns             TEXT    NOT NULL DEFAULT '',
    submitted_at         INTEGER NOT NULL,
    UNIQUE (interview_id, author, version),
    FOREIGN KEY (interview_id, author) REFERENCES panelists (interview_id, user_id)
) STRICT;
