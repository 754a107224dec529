-- Job posting draft numbers are never reused: an old "Open draft #1" button must not open a newer
-- draft. job_postings is rebuilt with AUTOINCREMENT (rows copied, so sqlite_sequence starts at the
-- highest id in use), and deleted drafts leave a row in job_posting_deletions so the app can say a
-- draft was deleted rather than that it does not exist.

CREATE TABLE job_postings_new (
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
    updated_at   INTEGER NOT NULL CHECK (updated_at >= created_at),
    CHECK ((salary_min IS NULL) = (salary_max IS NULL))
) STRICT;

INSERT INTO job_postings_new SELECT id, author, version, title, company, level, industry,
    work_setting, location, frameworks, salary_min, salary_max, notes, rendered, created_at,
    updated_at FROM job_postings;

DROP TABLE job_postings;
ALTER TABLE job_postings_new RENAME TO job_postings;

-- An author's drafts, most recently changed first.
CREATE INDEX job_postings_author ON job_postings (author, updated_at DESC, id DESC);

-- One row per deleted draft. deleted_at is UTC unix seconds.
CREATE TABLE job_posting_deletions (
    id         INTEGER PRIMARY KEY,
    author     TEXT    NOT NULL CHECK (author <> ''),
    deleted_at INTEGER NOT NULL
) STRICT;
