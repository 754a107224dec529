-- The schema the SQLite migrations 0001 to 0026 build, as SQLite records it, for a new database:
-- one transaction instead of 26. An existing database still takes the migrations themselves.
-- TestSQLiteBaselineIsTheMigrations checks that both give the same schema. Like a migration, this
-- file never changes: a later baseline is a new file (this one replaced 0022_schema.sql, whose
-- four later migrations took a new database as long again as the baseline itself).
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
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
, cancelled_at INTEGER, cancelled_by TEXT NOT NULL DEFAULT '', cancel_reason TEXT NOT NULL DEFAULT '', feedback_due_at INTEGER, panel_complete_at INTEGER, anonymised_at INTEGER) STRICT;
CREATE INDEX interviews_starts_at      ON interviews (starts_at);
CREATE INDEX interviews_candidate_key  ON interviews (candidate_key, starts_at);
CREATE INDEX interviews_hiring_manager ON interviews (hiring_manager, starts_at);
CREATE INDEX interviews_recorded_by    ON interviews (recorded_by, starts_at);
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
    claim_until      INTEGER, claim_owner TEXT, removed_at INTEGER, kit_sent_for INTEGER,
    UNIQUE (interview_id, user_id),
    CHECK (status = 'pending' OR next_reminder_at IS NULL),
    CHECK ((claim_token IS NULL) = (claim_until IS NULL))
) STRICT;
CREATE INDEX panelists_due ON panelists (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
CREATE INDEX panelists_escalation ON panelists (reminders_sent)
    WHERE status = 'pending' AND escalated = 0;
CREATE INDEX panelists_user ON panelists (user_id, status);
CREATE TABLE scorecards (
    id                   INTEGER PRIMARY KEY,
    interview_id         INTEGER NOT NULL,
    author               TEXT    NOT NULL CHECK (author <> ''),
    version              INTEGER NOT NULL CHECK (version >= 1),
    recommendation       TEXT    NOT NULL
                                 CHECK (recommendation IN ('strong-no-hire', 'no-hire', 'hire', 'strong-hire')),
    strengths            TEXT    NOT NULL DEFAULT '',
    concerns             TEXT    NOT NULL DEFAULT '',
    submitted_at         INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '', scale TEXT NOT NULL DEFAULT '["Weak","Mixed","Good","Excellent"]'
    CHECK (json_valid(scale) AND json_type(scale) = 'array' AND json_array_length(scale) >= 2), recommendations TEXT NOT NULL
    DEFAULT '[{"value":"strong-no-hire","label":"Strong no hire"},{"value":"no-hire","label":"No hire"},{"value":"hire","label":"Hire"},{"value":"strong-hire","label":"Strong hire"}]'
    CHECK (json_valid(recommendations) AND json_type(recommendations) = 'array' AND json_array_length(recommendations) >= 1), fields TEXT NOT NULL
    DEFAULT '[{"key":"strengths","label":"Strengths"},{"key":"concerns","label":"Concerns"},{"key":"note","label":"Note for later interviewers"}]'
    CHECK (json_valid(fields) AND json_type(fields) = 'array'),
    UNIQUE (interview_id, author, version),
    FOREIGN KEY (interview_id, author) REFERENCES panelists (interview_id, user_id)
) STRICT;
CREATE TABLE "job_postings" (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    author       TEXT    NOT NULL CHECK (author <> ''),
    version      INTEGER NOT NULL CHECK (version >= 1),
    title        TEXT    NOT NULL CHECK (title <> ''),
    company      TEXT    NOT NULL CHECK (company <> ''),
    level        TEXT    NOT NULL CHECK (level <> ''),
    industry     TEXT    NOT NULL CHECK (industry <> ''),
    work_setting TEXT    NOT NULL CHECK (work_setting <> ''),
    location     TEXT    NOT NULL CHECK (location <> ''),
    frameworks   TEXT    NOT NULL DEFAULT '[]'
                         CHECK (json_valid(frameworks) AND json_type(frameworks) = 'array'),
    salary_min   INTEGER CHECK (salary_min > 0),
    salary_max   INTEGER CHECK (salary_max >= salary_min),
    notes        TEXT    NOT NULL DEFAULT '',
    rendered     TEXT    NOT NULL CHECK (rendered <> ''),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL CHECK (updated_at >= created_at), benefits TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(benefits) AND json_type(benefits) = 'array'), other_benefits TEXT NOT NULL DEFAULT '', education TEXT NOT NULL DEFAULT '', role TEXT NOT NULL DEFAULT '',
    CHECK ((salary_min IS NULL) = (salary_max IS NULL))
) STRICT;
CREATE INDEX job_postings_author ON job_postings (author, updated_at DESC, id DESC);
CREATE TABLE job_posting_deletions (
    id         INTEGER PRIMARY KEY,
    author     TEXT    NOT NULL CHECK (author <> ''),
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE TABLE shares (
    channel    TEXT    NOT NULL CHECK (channel <> ''),
    source     TEXT    NOT NULL CHECK (source <> ''),
    user_id    TEXT    NOT NULL CHECK (user_id <> ''),
    shared_ts  TEXT    NOT NULL DEFAULT '',
    permalink  TEXT    NOT NULL DEFAULT '',
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (channel, source, user_id)
) STRICT;
CREATE TABLE handled_deliveries (
    key        TEXT    PRIMARY KEY CHECK (key <> ''),
    outcome    TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX handled_deliveries_created ON handled_deliveries (created_at);
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind <> ''),
    channel     TEXT    NOT NULL CHECK (channel <> ''),
    private_to  TEXT    NOT NULL DEFAULT '',
    text        TEXT    NOT NULL,
    blocks      TEXT    NOT NULL DEFAULT '',
    about       TEXT    NOT NULL DEFAULT '',
    tell        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    not_before  INTEGER NOT NULL,
    last_error  TEXT    NOT NULL DEFAULT '',
    claim_token TEXT,
    claim_owner TEXT,
    claim_until INTEGER,
    created_at  INTEGER NOT NULL,
    done_at     INTEGER, attempt_at INTEGER, candidate_key TEXT NOT NULL DEFAULT '', sent_channel  TEXT NOT NULL DEFAULT '', sent_ts       TEXT NOT NULL DEFAULT '', interview_id INTEGER, erasure TEXT NOT NULL DEFAULT '',
    CHECK ((claim_token IS NULL) = (claim_until IS NULL)),
    CHECK (status = 'pending' OR claim_token IS NULL)
) STRICT;
CREATE INDEX outbox_due ON outbox (not_before) WHERE status = 'pending';
CREATE TABLE home_visits (
    user_id    TEXT    PRIMARY KEY CHECK (user_id <> ''),
    visits     INTEGER NOT NULL CHECK (visits > 0),
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT;
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
CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('advance', 'hire', 'reject', 'hold')),
    reason       TEXT    NOT NULL CHECK (reason <> ''),
    decided_by   TEXT    NOT NULL CHECK (decided_by <> ''),
    decided_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX decisions_interview ON decisions (interview_id, id);
CREATE TABLE notification_preferences (
    user_id       TEXT    PRIMARY KEY CHECK (user_id <> ''),
    working_hours TEXT    NOT NULL DEFAULT '',
    out_of_office TEXT    NOT NULL DEFAULT '' CHECK (out_of_office = '' OR date(out_of_office) = out_of_office),
    starting_soon INTEGER NOT NULL DEFAULT 1 CHECK (starting_soon IN (0, 1)),
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE TABLE scorecard_ratings (
    scorecard_id INTEGER NOT NULL REFERENCES scorecards (id),
    -- position orders the competencies as the form showed them, from 0.
    position     INTEGER NOT NULL CHECK (position >= 0),
    competency   TEXT    NOT NULL CHECK (competency <> ''),
    label        TEXT    NOT NULL CHECK (label <> ''),
    rating       INTEGER NOT NULL CHECK (rating >= 1),
    PRIMARY KEY (scorecard_id, competency),
    UNIQUE (scorecard_id, position)
) STRICT;
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
CREATE INDEX outbox_candidate ON outbox (candidate_key) WHERE candidate_key <> '';
CREATE TABLE message_deletions (
    id        INTEGER PRIMARY KEY,
    erasure   TEXT    NOT NULL CHECK (erasure <> ''),
    channel   TEXT    NOT NULL CHECK (channel <> ''),
    ts        TEXT    NOT NULL CHECK (ts <> ''),
    status    TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'deleted', 'failed')),
    error     TEXT    NOT NULL DEFAULT '',
    queued_at INTEGER NOT NULL,
    done_at   INTEGER
, attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0), attempt_at INTEGER) STRICT;
CREATE INDEX message_deletions_pending ON message_deletions (erasure) WHERE status = 'pending';
CREATE TABLE candidate_holds (
    candidate_key TEXT    PRIMARY KEY CHECK (candidate_key <> ''),
    candidate     TEXT    NOT NULL CHECK (candidate <> ''),
    held_by       TEXT    NOT NULL CHECK (held_by <> ''),
    held_at       INTEGER NOT NULL
) STRICT;
CREATE TABLE scorecard_drafts (
    interview_id   INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    author         TEXT    NOT NULL CHECK (author <> ''),
    -- '' until one is picked
    recommendation TEXT    NOT NULL DEFAULT ''
                           CHECK (recommendation IN ('', 'strong-no-hire', 'no-hire', 'hire', 'strong-hire')),
    -- a JSON object from competency key to the rating picked, 1 or more
    ratings        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(ratings) AND json_type(ratings) = 'object'),
    strengths      TEXT    NOT NULL DEFAULT '',
    concerns       TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT '',
    saved_at       INTEGER NOT NULL,
    PRIMARY KEY (interview_id, author)
) STRICT;
CREATE INDEX interviews_not_anonymised ON interviews (ends_at) WHERE anonymised_at IS NULL;
CREATE INDEX interviews_ends_at ON interviews (ends_at);
CREATE INDEX outbox_interview_id ON outbox (interview_id) WHERE interview_id IS NOT NULL;
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
, attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0), attempt_at INTEGER) STRICT;
CREATE INDEX export_files_candidate ON export_files (candidate_key) WHERE candidate_key <> '';
CREATE INDEX export_files_pending ON export_files (id) WHERE status = 'pending';

INSERT INTO app_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO app_meta (key, value) VALUES ('pseudonym_key', lower(hex(randomblob(32))));
