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
