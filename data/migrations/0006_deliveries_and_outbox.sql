-- Exactly-once bookkeeping shared by every process on this database.
-- Times are UTC unix seconds.

-- Deliveries from Slack that changed something (a form submitted, a button that changes state),
-- recorded in the same transaction as the change: a redelivery of the same envelope or
-- submission, after a crash or on another process, finds its key and changes nothing again.
CREATE TABLE handled_deliveries (
    key        TEXT    PRIMARY KEY CHECK (key <> ''),
    outcome    TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX handled_deliveries_created ON handled_deliveries (created_at);

-- Messages the bot sends on its own (heads-ups, reminders, escalations, notices), written in the
-- same transaction as the change that calls for them and delivered by the outbox worker: claimed
-- (token, owner and lease end set together), sent, and marked sent; retried with backoff while
-- Slack cannot take them, and marked failed when Slack refuses them for good.
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
    done_at     INTEGER,
    CHECK ((claim_token IS NULL) = (claim_until IS NULL)),
    CHECK (status = 'pending' OR claim_token IS NULL)
) STRICT;

CREATE INDEX outbox_due ON outbox (not_before) WHERE status = 'pending';

-- Which process holds a reminder claim, so a restarted process releases its own at once.
ALTER TABLE panelists ADD COLUMN claim_owner TEXT;
