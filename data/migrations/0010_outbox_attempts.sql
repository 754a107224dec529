-- The start of a delivery attempt whose outcome is not known (UTC unix seconds): set just
-- before a message is handed to Slack, cleared when what Slack answered is recorded. A message
-- claimed with it set was being sent when its process stopped, or its send timed out: Slack may
-- have taken it, so the next attempt first looks for it in the conversation.
ALTER TABLE outbox ADD COLUMN attempt_at INTEGER;
