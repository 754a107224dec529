-- Job posting drafts: what the author filled in, the draft rendered from it, and a version that
-- grows by one with every saved edit. A draft belongs to its author alone.
-- Times are UTC unix seconds.

CREATE TABLE job_postings (
    id           INTEGER PRIMARY KEY,
    author       TEXT    NOT NULL CHECK (author <> ''),
    version      INTEGER NOT NULL CHECK (version >= 1),
    title        TEXT    NOT NULL CHECK (title <> ''),
    company      TEXT    NOT NULL CHECK (company <> ''),
    -- level, industry, work_setting and location are content slugs ("senior", "fintech",
    -- "remote-hybrid", "remote-us"); industry is 'general' for none in particular.
    level        TEXT    NOT NULL CHECK (level <> ''),
    industry     TEXT    NOT NULL CHECK (industry <> ''),
    work_setting TEXT    NOT NULL CHECK (work_setting <> ''),
    location     TEXT    NOT NULL CHECK (location <> ''),
    -- frameworks is a JSON array of names, e.g. ["Django","FastAPI"].
    frameworks   TEXT    NOT NULL DEFAULT '[]'
                         CHECK (json_valid(frameworks) AND json_type(frameworks) = 'array'),
    -- The author's own salary range, or both NULL for the location's band.
    salary_min   INTEGER CHECK (salary_min > 0),
    salary_max   INTEGER CHECK (salary_max >= salary_min),
    notes        TEXT    NOT NULL DEFAULT '',
    -- rendered is the draft as Markdown, as it read when this version was saved.
    rendered     TEXT    NOT NULL CHECK (rendered <> ''),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL CHECK (updated_at >= created_at),
    CHECK ((salary_min IS NULL) = (salary_max IS NULL))
) STRICT;

-- An author's drafts, most recently changed first.
CREATE INDEX job_postings_author ON job_postings (author, updated_at DESC, id DESC);
