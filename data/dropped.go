package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Kinds of outbox message that chase a panelist or prepare someone for the interview as it was
// planned. One still waiting for delivery is dropped when it no longer holds: the interview was
// cancelled or moved, its recipient was taken off the panel, or they answered it (submitted
// their scorecard, or said they did not attend); see dropQueued.
const (
	KindHeadsUp        = "heads-up"         // a panelist hears they are on the panel
	KindManagerHeadsUp = "manager-heads-up" // the hiring manager and the recorder hear of the interview
	KindKit            = "kit"              // "starting soon", with the interview kit
	KindReminder       = "reminder"         // a scorecard is overdue
	KindEscalation     = "escalation"       // the hiring manager hears of missing scorecards
)

// Why a message was dropped before delivery: it is marked failed with one of these as its last
// error (the schema knows no other end for a message), and counted apart from the failures, as
// dropped.
const (
	droppedCancelled  = "dropped: the interview was cancelled before delivery"
	droppedRemoved    = "dropped: the recipient was taken off the panel before delivery"
	droppedMoved      = "dropped: the interview moved before delivery"
	droppedSubmitted  = "dropped: the scorecard was submitted before delivery"
	droppedAbsent     = "dropped: the recipient said they did not attend before delivery"
	droppedAnonymised = "anonymised before delivery" // the retention purge's
)

// outboxDropped matches the rows of messages dropped before delivery.
const outboxDropped = `status = 'failed' AND last_error IN ('` + droppedCancelled + `', '` + droppedRemoved + `', '` +
	droppedMoved + `', '` + droppedSubmitted + `', '` + droppedAbsent + `', '` + droppedAnonymised + `')`

// dropQueued marks the interview's pending messages of kinds (to user only, when user is set)
// dropped, for cause. A message an attempt may already have handed to Slack is left to its
// delivery; one claimed by a worker that has not started its attempt is dropped, and the worker's
// attempt then finds its claim gone and does not send it.
func dropQueued(ctx context.Context, tx *sql.Tx, now time.Time, interviewID int64, user, cause string, kinds ...string) error {
	q := `UPDATE outbox SET status = 'failed', done_at = ?, last_error = ?, claim_token = NULL, claim_owner = NULL,
		claim_until = NULL WHERE interview_id = ? AND status = 'pending' AND attempt_at IS NULL
		AND kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
	args := []any{unix(now), cause, interviewID}
	for _, k := range kinds {
		args = append(args, k)
	}
	if user != "" {
		q += ` AND channel = ?`
		args = append(args, user)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("drop queued messages of interview %d: %w", interviewID, mapErr(err))
	}
	return nil
}

// forgetQueuedKits marks the kits of the interview's panelists (of user only, when set) whose kit
// is still waiting in the outbox, and about to be dropped, as not sent, so that the next sweep
// sends one that holds.
func forgetQueuedKits(ctx context.Context, tx *sql.Tx, interviewID int64, user string) error {
	q := `UPDATE panelists SET kit_sent_for = NULL WHERE interview_id = ?1 AND EXISTS (SELECT 1 FROM outbox
		WHERE outbox.interview_id = ?1 AND outbox.channel = panelists.user_id AND outbox.kind = '` + KindKit + `'
			AND outbox.status = 'pending' AND outbox.attempt_at IS NULL)`
	args := []any{interviewID}
	if user != "" {
		q += ` AND user_id = ?2`
		args = append(args, user)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("forget queued kits of interview %d: %w", interviewID, mapErr(err))
	}
	return nil
}
