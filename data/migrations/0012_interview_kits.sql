-- The interview kit each panelist gets shortly before an interview.
-- Times are UTC unix seconds.

-- The start time of the interview the panelist's kit was queued for; NULL while none was. A
-- kit is due again when the interview moves (the start no longer matches), never twice for the
-- same start.
ALTER TABLE panelists ADD COLUMN kit_sent_for INTEGER;
