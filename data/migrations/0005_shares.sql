-- One row per share a person started from one message (or form): it makes a share idempotent,
-- so quick repeated clicks post once, and holds across restarts. source is the message ts of a
-- lookup's answer, or "job-posting:<id>:<version>" for a draft; shared_ts is the ts of the
-- posted copy once known ('' until then, or when Slack does not say). Times are UTC unix seconds.
CREATE TABLE shares (
    channel    TEXT    NOT NULL CHECK (channel <> ''),
    source     TEXT    NOT NULL CHECK (source <> ''),
    user_id    TEXT    NOT NULL CHECK (user_id <> ''),
    shared_ts  TEXT    NOT NULL DEFAULT '',
    permalink  TEXT    NOT NULL DEFAULT '',
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (channel, source, user_id)
) STRICT;
