-- Legal holds. Times are UTC unix seconds.

-- A candidate under legal hold cannot be erased until released (and is to be kept past any
-- retention period).
CREATE TABLE candidate_holds (
    candidate_key TEXT    PRIMARY KEY CHECK (candidate_key <> ''),
    candidate     TEXT    NOT NULL CHECK (candidate <> ''),
    held_by       TEXT    NOT NULL CHECK (held_by <> ''),
    held_at       INTEGER NOT NULL
) STRICT;
