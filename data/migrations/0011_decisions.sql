-- After the interview: notes for later interviewers, the panel's completion, and decisions.
-- Times are UTC unix seconds.

-- What a panelist wants later interviewers of the same candidate to know; '' for none (and for
-- every scorecard submitted before this column existed).
ALTER TABLE scorecards ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- When the last expected scorecard arrived and the hiring manager was told; NULL while the panel
-- is incomplete. Panels already complete count as complete since their last scorecard, so their
-- managers are not told again.
ALTER TABLE interviews ADD COLUMN panel_complete_at INTEGER;

UPDATE interviews SET panel_complete_at = (SELECT MAX(submitted_at) FROM scorecards WHERE interview_id = interviews.id)
WHERE cancelled_at IS NULL
    AND EXISTS (SELECT 1 FROM panelists WHERE interview_id = interviews.id AND removed_at IS NULL AND status = 'submitted')
    AND NOT EXISTS (SELECT 1 FROM panelists WHERE interview_id = interviews.id AND removed_at IS NULL AND status = 'pending');

-- Every decision recorded on an interview's candidate, oldest first: the latest one stands, the
-- earlier ones are its history.
CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('advance', 'hire', 'reject', 'hold')),
    reason       TEXT    NOT NULL CHECK (reason <> ''),
    decided_by   TEXT    NOT NULL CHECK (decided_by <> ''),
    decided_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX decisions_interview ON decisions (interview_id, id);
