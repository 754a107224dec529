-- Interviews change after they are recorded: edited, rescheduled, cancelled.
-- Times are UTC unix seconds.

-- A cancelled interview keeps its row (and any scorecard already submitted) with who cancelled
-- it, when and why. feedback_due_at is when its scorecards became due (its end plus the team's
-- allowance when it was recorded or last rescheduled); NULL for interviews recorded before this
-- column existed, which fall back to their end.
ALTER TABLE interviews ADD COLUMN cancelled_at INTEGER;
ALTER TABLE interviews ADD COLUMN cancelled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN feedback_due_at INTEGER;

-- A panelist taken off the panel by an edit keeps their row (a submitted scorecard refers to
-- it) with the time they were removed; they are chased no more. Adding them back clears it.
ALTER TABLE panelists ADD COLUMN removed_at INTEGER;
