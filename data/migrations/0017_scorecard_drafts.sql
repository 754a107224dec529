-- Drafts of scorecards: what an interviewer typed into the form before closing it unsubmitted,
-- one per interview and author, private to the author. A draft is never a scorecard: nothing
-- that counts or shows scorecards reads this table. Submitting deletes the author's draft;
-- it goes with its interview. Times are UTC unix seconds.
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
