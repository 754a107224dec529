package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Outcome is what a hiring manager decided about a candidate after an interview.
type Outcome string

// Outcomes of a decision.
const (
	OutcomeAdvance Outcome = "advance" // on to the next stage
	OutcomeHire    Outcome = "hire"
	OutcomeReject  Outcome = "reject"
	OutcomeHold    Outcome = "hold"
)

// Valid reports whether o is one of the four outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case OutcomeAdvance, OutcomeHire, OutcomeReject, OutcomeHold:
		return true
	}
	return false
}

// Decision is one recorded decision on an interview's candidate. A later one supersedes it;
// both are kept.
type Decision struct {
	ID, InterviewID int64
	Outcome         Outcome
	Reason          string
	DecidedBy       string // Slack user id
	DecidedAt       time.Time
}

// NewDecision is what RecordDecision records.
type NewDecision struct {
	InterviewID int64
	Outcome     Outcome
	Reason      string
	DecidedBy   string
	// DeliveryKey, when set, records the Slack submission in the same transaction: the same key
	// again records nothing and returns the decision it recorded with ErrReplayed.
	DeliveryKey string
	// Notify builds the messages that announce the decision, queued in the same transaction.
	Notify func(Interview, Decision) []OutboxMessage
	// Audit, when set, is appended to the audit trail in the same transaction; an empty
	// InterviewID becomes the decision's.
	Audit *AuditEntry
}

func (d NewDecision) validate() error {
	switch {
	case d.DecidedBy == "":
		return invalid("DecidedBy", "is required")
	case !d.Outcome.Valid():
		return invalid("Outcome", fmt.Sprintf("unknown outcome %q", d.Outcome))
	case strings.TrimSpace(d.Reason) == "":
		return invalid("Reason", "is required")
	}
	return nil
}

const decisionCols = `id, interview_id, outcome, reason, decided_by, decided_at`

// RecordDecision records a decision on the interview's candidate. ErrNotFound if there is no
// such interview, ErrConflict if it was cancelled. Who may decide is the caller's rule.
func (s *Store) RecordDecision(ctx context.Context, d NewDecision) (Decision, error) {
	if err := d.validate(); err != nil {
		return Decision{}, err
	}
	out := Decision{InterviewID: d.InterviewID, Outcome: d.Outcome, Reason: strings.TrimSpace(d.Reason),
		DecidedBy: d.DecidedBy, DecidedAt: fromUnix(s.now().Unix())}
	replayed := false
	err := s.inTx(ctx, "record decision", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, d.DeliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				out, err = decisionByOutcome(ctx, tx, outcome)
			}
			return err
		}
		iv, err := s.interviewIn(ctx, tx, d.InterviewID)
		if err != nil {
			return err
		}
		if iv.Cancelled() {
			return fmt.Errorf("%w: interview %d was cancelled", ErrConflict, iv.ID)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO decisions (interview_id, outcome, reason, decided_by, decided_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, out.InterviewID, string(out.Outcome), out.Reason, out.DecidedBy,
			unix(out.DecidedAt)).Scan(&out.ID)
		if err != nil {
			return fmt.Errorf("insert decision: %w", mapErr(err))
		}
		if err := recordDelivery(ctx, tx, d.DeliveryKey, strconv.FormatInt(out.ID, 10), out.DecidedAt); err != nil {
			return err
		}
		if err := auditChange(ctx, tx, out.DecidedAt, d.Audit, out.InterviewID); err != nil {
			return err
		}
		if d.Notify == nil {
			return nil
		}
		return enqueue(ctx, tx, out.DecidedAt, d.Notify(iv, out)...)
	})
	switch {
	case err != nil:
		return Decision{}, err
	case replayed:
		return out, ErrReplayed
	}
	if d.Notify != nil {
		s.queued()
	}
	return out, nil
}

func decisionByOutcome(ctx context.Context, q querier, outcome string) (Decision, error) {
	return byOutcome(ctx, q, outcome, "decision", `SELECT `+decisionCols+` FROM decisions WHERE id = ?`, queryDecisions)
}

// Decisions returns the decisions recorded on the interviews, oldest first. Access control is
// the caller's.
func (s *Store) Decisions(ctx context.Context, interviewIDs []int64) ([]Decision, error) {
	ds, err := queryDecisions(ctx, s.db, `SELECT `+decisionCols+` FROM decisions
		WHERE interview_id IN (`+s.d.ids("?")+`) ORDER BY decided_at, id`, jsonIDs(interviewIDs))
	if err != nil {
		return nil, fmt.Errorf("data: decisions: %w", err)
	}
	return ds, nil
}

func queryDecisions(ctx context.Context, q querier, query string, args ...any) ([]Decision, error) {
	return queryAll(ctx, q, scanDecision, query, args...)
}

func scanDecision(rows *sql.Rows) (Decision, error) {
	var d Decision
	var at int64
	if err := rows.Scan(&d.ID, &d.InterviewID, &d.Outcome, &d.Reason, &d.DecidedBy, &at); err != nil {
		return Decision{}, err
	}
	d.DecidedAt = fromUnix(at)
	return d, nil
}

// completePanel marks the interview's panel complete when no scorecard is expected any more (at
// least one submitted, none pending among those on the panel) and the interview is not
// cancelled, and then queues what build makes of it. The mark is set once: transactions begin
// IMMEDIATE, so of two racing last scorecards only the one that commits first sees the panel
// complete and unmarked.
func (s *Store) completePanel(ctx context.Context, tx *sql.Tx, id int64, now time.Time, build func(Interview, []Scorecard) []OutboxMessage) error {
	res, err := tx.ExecContext(ctx, `UPDATE interviews SET panel_complete_at = ?1
		WHERE id = ?2 AND panel_complete_at IS NULL AND cancelled_at IS NULL
			AND EXISTS (SELECT 1 FROM panelists WHERE interview_id = ?2 AND removed_at IS NULL AND status = 'submitted')
			AND NOT EXISTS (SELECT 1 FROM panelists WHERE interview_id = ?2 AND removed_at IS NULL AND status = 'pending')`,
		unix(now), id)
	if err != nil {
		return fmt.Errorf("mark panel complete: %w", mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 || build == nil {
		return err
	}
	iv, err := s.interviewIn(ctx, tx, id)
	if err != nil {
		return err
	}
	cards, err := s.queryScorecards(ctx, tx, `SELECT `+scorecardCols+` FROM scorecards s
		WHERE interview_id = ? AND version = (SELECT MAX(version) FROM scorecards
			WHERE interview_id = s.interview_id AND author = s.author)
		ORDER BY id`, id)
	if err != nil {
		return fmt.Errorf("load scorecards of a complete panel: %w", err)
	}
	return enqueue(ctx, tx, now, build(iv, cards)...)
}
