-- Retention: candidates under legal hold, the record of each day's purge, and which interviews
-- the purge anonymised. Times are UTC unix seconds.

-- A candidate under legal hold is neither anonymised by the retention purge nor erased.
CREATE TABLE candidate_holds (
    candidate_key TEXT    PRIMARY KEY CHECK (candidate_key <> ''),
    candidate     TEXT    NOT NULL CHECK (candidate <> ''),
    held_by       TEXT    NOT NULL CHECK (held_by <> ''),
    held_at       INTEGER NOT NULL
) STRICT;

-- One row per UTC day the purge ran, written in the purge's transaction: a restart or another
-- replica finds it and does not run the purge again that day.
CREATE TABLE retention_runs (
    day        TEXT    PRIMARY KEY CHECK (day <> ''),
    ran_at     INTEGER NOT NULL,
    owner      TEXT    NOT NULL DEFAULT '',
    anonymised INTEGER NOT NULL DEFAULT 0
) STRICT;

-- When the purge anonymised the interview (its candidate became a pseudonym and its free text
-- was removed); NULL for an interview as recorded.
ALTER TABLE interviews ADD COLUMN anonymised_at INTEGER;
