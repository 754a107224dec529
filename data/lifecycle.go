package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// InterviewUpdate is what UpdateInterview changes: every field of the interview as it should
// be from now on.
type InterviewUpdate struct {
	ID                                    int64
	Candidate, Role, Stage, HiringManager string
	StartsAt                              time.Time
	Duration                              time.Duration
	Panel                                 []NewPanelist
	// FeedbackDue is the team's allowance after the end: when the interview moves, its
	// scorecards become due at the new end plus FeedbackDue, and pending panelists are next
	// chased then.
	FeedbackDue time.Duration
	// DeliveryKey, when set, records the Slack delivery in the same transaction: the same key
	// again changes nothing and returns the interview as it is, with ErrReplayed.
	DeliveryKey string
	// Notify builds the messages the change calls for, queued in the same transaction.
	Notify func(InterviewChange) []OutboxMessage
	// PanelComplete builds the messages to queue, in the same transaction, when the change leaves
	// no scorecard expected (the last pending panelist was taken off the panel): see
	// NewScorecard.PanelComplete.
	PanelComplete func(Interview, []Scorecard) []OutboxMessage
	// Audit, when set, is appended to the audit trail in the same transaction; an empty
	// InterviewID becomes ID.
	Audit *AuditEntry
}

// InterviewChange is what an update did.
type InterviewChange struct {
	Before, After Interview
	Added         []string // user ids put on the panel (or back on it)
	Removed       []string // user ids taken off the panel
	Kept          []string // user ids on the panel before and after
}

// Moved reports whether the interview's start or end changed.
func (c InterviewChange) Moved() bool {
	return !c.Before.StartsAt.Equal(c.After.StartsAt) || c.Before.Duration != c.After.Duration
}

// Retitled reports whether what the panel reads about the interview, besides its time, changed.
func (c InterviewChange) Retitled() bool {
	b, a := c.Before, c.After
	return b.Candidate != a.Candidate || b.Role != a.Role || b.Stage != a.Stage || b.HiringManager != a.HiringManager
}

// UpdateInterview changes an interview in one transaction, with its reminders: a new end moves
// the due time and the next reminder of every pending panelist; a removed panelist is chased no
// more (their row, and any scorecard, is kept); an added one is pending and chased from the due
// time; when no scorecard is expected any more, the panel is complete (see completePanel).
// ErrNotFound if there is no such interview, ErrConflict if it was cancelled.
func (s *Store) UpdateInterview(ctx context.Context, u InterviewUpdate) (Interview, error) {
	err := NewInterview{Candidate: u.Candidate, Role: u.Role, Stage: u.Stage, HiringManager: u.HiringManager,
		RecordedBy: "-", StartsAt: u.StartsAt, Duration: u.Duration, Panel: u.Panel}.validate()
	if err != nil {
		return Interview{}, err
	}
	now := fromUnix(s.now().Unix())
	var ch InterviewChange
	replayed := false
	err = s.inTx(ctx, "update interview", func(tx *sql.Tx) error {
		if _, found, err := handledBefore(ctx, tx, u.DeliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				ch.After, err = s.interviewIn(ctx, tx, u.ID)
			}
			return err
		}
		before, err := s.interviewIn(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if before.Cancelled() {
			return fmt.Errorf("%w: interview %d was cancelled", ErrConflict, u.ID)
		}
		ch = InterviewChange{Before: before}
		if err := updateInterviewRow(ctx, tx, before, u); err != nil {
			return err
		}
		after, err := s.interviewIn(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if err := s.carryCandidate(ctx, tx, before, after, now); err != nil {
			return err
		}
		if err := updatePanel(ctx, tx, &ch, after, u.Panel, now); err != nil {
			return err
		}
		if ch.After, err = s.interviewIn(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := recordDelivery(ctx, tx, u.DeliveryKey, strconv.FormatInt(u.ID, 10), now); err != nil {
			return err
		}
		if err := auditChange(ctx, tx, now, u.Audit, u.ID); err != nil {
			return err
		}
		if u.Notify != nil {
			if err := enqueue(ctx, tx, now, u.Notify(ch)...); err != nil {
				return err
			}
		}
		// Taking the last pending panelist off completes the panel; its notices follow the
		// change's.
		if err := s.completePanel(ctx, tx, u.ID, now, u.PanelComplete); err != nil {
			return err
		}
		ch.After.PanelCompleteAt, err = panelCompleteAt(ctx, tx, u.ID)
		return err
	})
	switch {
	case err != nil:
		return Interview{}, err
	case replayed:
		return ch.After, ErrReplayed
	}
	if u.Notify != nil || u.PanelComplete != nil {
		s.queued()
	}
	return ch.After, nil
}

// panelCompleteAt is when the interview's panel was marked complete, zero while it is not.
func panelCompleteAt(ctx context.Context, tx *sql.Tx, id int64) (time.Time, error) {
	var at sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT panel_complete_at FROM interviews WHERE id = ?`, id).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("panel complete: %w", mapErr(err))
	}
	return fromNullUnix(at), nil
}

// updateInterviewRow writes the interview's own fields; a move sets the new due time.
func updateInterviewRow(ctx context.Context, tx *sql.Tx, before Interview, u InterviewUpdate) error {
	starts := fromUnix(u.StartsAt.Unix())
	ends := starts.Add(u.Duration.Truncate(time.Second))
	due := nullUnix(before.FeedbackDueAt)
	if !starts.Equal(before.StartsAt) || !ends.Equal(before.EndsAt()) {
		due = nullUnix(ends.Add(u.FeedbackDue))
	}
	candidate := strings.TrimSpace(u.Candidate)
	_, err := tx.ExecContext(ctx, `UPDATE interviews SET candidate = ?, candidate_key = ?, role = ?, stage = ?,
		hiring_manager = ?, starts_at = ?, ends_at = ?, feedback_due_at = ? WHERE id = ?`,
		candidate, candidateKey(candidate), strings.TrimSpace(u.Role), strings.TrimSpace(u.Stage), u.HiringManager,
		unix(starts), unix(ends), due, u.ID)
	if err != nil {
		return fmt.Errorf("update interview %d: %w", u.ID, mapErr(err))
	}
	return nil
}

// carryCandidate keeps what is recorded about the candidate by name, not by interview, with
// them when an interview's change gives them a name under another key: a legal hold on the old
// name holds the new one too (an erasure or the retention purge of the new name cannot escape
// it). When no interview is left under the old key, the old hold goes, the export files move to
// the new name (an erasure of it deletes them). The audit trail is not touched: its only change
// is the pseudonym an erasure or the retention purge gives.
func (s *Store) carryCandidate(ctx context.Context, tx *sql.Tx, before, after Interview, now time.Time) error {
	from, to := candidateKey(before.Candidate), candidateKey(after.Candidate)
	if from == to {
		return nil
	}
	held, err := heldIn(ctx, tx, from)
	if err != nil {
		return err
	}
	if held {
		res, err := tx.ExecContext(ctx, `INSERT INTO candidate_holds (candidate_key, candidate, held_by, held_at)
			SELECT ?, ?, held_by, held_at FROM candidate_holds WHERE candidate_key = ?
			ON CONFLICT (candidate_key) DO NOTHING`, to, after.Candidate, from)
		if err != nil {
			return fmt.Errorf("carry legal hold: %w", mapErr(err))
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := audit(ctx, tx, now, AuditEntry{Actor: AuditSystem, Action: AuditHeld, Candidate: after.Candidate,
				InterviewID: after.ID, Detail: "the hold on the name the interview had before it was changed"}); err != nil {
				return err
			}
		}
	}
	var left int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM interviews WHERE candidate_key = ?`, from).Scan(&left); err != nil {
		return fmt.Errorf("interviews under the old name: %w", mapErr(err))
	}
	if left > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM candidate_holds WHERE candidate_key = ?`, from); err != nil {
		return fmt.Errorf("drop the old name's hold: %w", mapErr(err))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE export_files SET candidate_key = ?, candidate = ?
		WHERE candidate_key = ? AND status = 'kept'`, to, after.Candidate, from); err != nil {
		return fmt.Errorf("carry export files: %w", mapErr(err))
	}
	// The audit trail is left as it is: its entries name the interview they are about and are
	// found by it (an erasure pseudonymises them by it too); entries written before they did
	// keep the old name.
	return nil
}

// updatePanel brings the panel rows of after in line with panel, recording in ch who was added,
// removed and kept. Pending rows of a moved interview are next chased at its new due time, with
// their reminder count and escalation started over; so are pending panelists put back on it.
// Messages queued and not yet delivered that no longer hold are dropped: a removed panelist's
// heads-up, kit and reminders, and a moved interview's kits, reminders and escalations.
func updatePanel(ctx context.Context, tx *sql.Tx, ch *InterviewChange, after Interview, panel []NewPanelist, now time.Time) error {
	before := ch.Before
	want := make(map[string]bool, len(panel))
	for _, p := range panel {
		want[p.UserID] = true
	}
	due := nullUnix(after.DueAt())
	for _, p := range before.Panel {
		if want[p.UserID] {
			ch.Kept = append(ch.Kept, p.UserID)
			continue
		}
		ch.Removed = append(ch.Removed, p.UserID)
		if _, err := tx.ExecContext(ctx, `UPDATE panelists SET removed_at = ?, next_reminder_at = NULL,
			claim_token = NULL, claim_until = NULL, claim_owner = NULL WHERE interview_id = ? AND user_id = ?`,
			unix(now), after.ID, p.UserID); err != nil {
			return fmt.Errorf("remove panelist %s: %w", p.UserID, mapErr(err))
		}
		// What was queued for them and not yet delivered goes no more; a kit dropped so is owed
		// again if they are put back on the panel.
		if err := forgetQueuedKits(ctx, tx, after.ID, p.UserID); err != nil {
			return err
		}
		if err := dropQueued(ctx, tx, now, after.ID, p.UserID, droppedRemoved, KindHeadsUp, KindKit, KindReminder); err != nil {
			return err
		}
	}
	if !after.EndsAt().Equal(before.EndsAt()) || !after.StartsAt.Equal(before.StartsAt) {
		// A moved interview is a new due time: its pending panelists are chased afresh, from the
		// first reminder, and escalated only after the reminders for the new time.
		if _, err := tx.ExecContext(ctx, `UPDATE panelists SET next_reminder_at = ?, claim_token = NULL,
			claim_until = NULL, claim_owner = NULL, reminders_sent = 0, escalated = 0, last_reminded_at = NULL
			WHERE interview_id = ? AND status = 'pending' AND removed_at IS NULL`,
			due, after.ID); err != nil {
			return fmt.Errorf("move reminders: %w", mapErr(err))
		}
		// A reminder, escalation or kit queued for the old time and not yet delivered would be
		// wrong now; the new time has its own. A kit dropped so is owed again even when only the
		// end moved (a kit is otherwise sent once per start).
		if err := forgetQueuedKits(ctx, tx, after.ID, ""); err != nil {
			return err
		}
		if err := dropQueued(ctx, tx, now, after.ID, "", droppedMoved, KindKit, KindReminder, KindEscalation); err != nil {
			return err
		}
	}
	for _, p := range panel {
		if slices.Contains(ch.Kept, p.UserID) {
			continue
		}
		ch.Added = append(ch.Added, p.UserID)
		if _, err := tx.ExecContext(ctx, `INSERT INTO panelists (interview_id, user_id, tz, next_reminder_at)
			VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (interview_id, user_id) DO UPDATE SET removed_at = NULL, tz = ?3,
				next_reminder_at = CASE WHEN panelists.status = 'pending' THEN ?4 END,
				reminders_sent = CASE WHEN panelists.status = 'pending' THEN 0 ELSE panelists.reminders_sent END,
				escalated = CASE WHEN panelists.status = 'pending' THEN 0 ELSE panelists.escalated END,
				last_reminded_at = CASE WHEN panelists.status = 'pending' THEN NULL ELSE panelists.last_reminded_at END`,
			after.ID, p.UserID, p.TZ, due); err != nil {
			return fmt.Errorf("add panelist %s: %w", p.UserID, mapErr(err))
		}
	}
	// Someone added owes a scorecard: the panel is complete again only when it is in.
	if _, err := tx.ExecContext(ctx, `UPDATE interviews SET panel_complete_at = NULL WHERE id = ?1 AND EXISTS
		(SELECT 1 FROM panelists WHERE interview_id = ?1 AND removed_at IS NULL AND status = 'pending')`, after.ID); err != nil {
		return fmt.Errorf("reopen panel: %w", mapErr(err))
	}
	return nil
}

// CancelInterview records that the interview will not take place: by whom and why (reason may
// be empty). Nobody is chased for it again, and its heads-ups, kits, reminders and escalations
// still queued are dropped (one a worker already handed to Slack goes out); scorecards already
// submitted are kept. notify
// builds the notices, queued in the same transaction, and entry, when set, is appended to the
// audit trail in it too (its InterviewID defaulting to id). ErrNotFound if there is no such interview,
// ErrConflict if it was already cancelled; a replayed deliveryKey changes nothing and returns
// ErrReplayed.
func (s *Store) CancelInterview(ctx context.Context, id int64, by, reason, deliveryKey string, notify func(Interview) []OutboxMessage, entry *AuditEntry) (Interview, error) {
	if strings.TrimSpace(by) == "" {
		return Interview{}, invalid("by", "is required")
	}
	now := fromUnix(s.now().Unix())
	var iv Interview
	replayed := false
	err := s.inTx(ctx, "cancel interview", func(tx *sql.Tx) error {
		if _, found, err := handledBefore(ctx, tx, deliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				iv, err = s.interviewIn(ctx, tx, id)
			}
			return err
		}
		if err := requireNotCancelled(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE interviews SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ?
			WHERE id = ?`, unix(now), by, strings.TrimSpace(reason), id); err != nil {
			return fmt.Errorf("cancel interview %d: %w", id, mapErr(err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE panelists SET next_reminder_at = NULL, claim_token = NULL,
			claim_until = NULL, claim_owner = NULL WHERE interview_id = ?`, id); err != nil {
			return fmt.Errorf("stop reminders: %w", mapErr(err))
		}
		// Nor is anyone sent what was queued for the interview and not yet delivered: a
		// heads-up, a kit, a reminder or an escalation (the notices of the cancellation follow).
		if err := dropQueued(ctx, tx, now, id, "", droppedCancelled,
			KindHeadsUp, KindManagerHeadsUp, KindKit, KindReminder, KindEscalation); err != nil {
			return err
		}
		var err error
		if iv, err = s.interviewIn(ctx, tx, id); err != nil {
			return err
		}
		if err := recordDelivery(ctx, tx, deliveryKey, strconv.FormatInt(id, 10), now); err != nil {
			return err
		}
		if err := auditChange(ctx, tx, now, entry, id); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		return enqueue(ctx, tx, now, notify(iv)...)
	})
	switch {
	case err != nil:
		return Interview{}, err
	case replayed:
		return iv, ErrReplayed
	}
	if notify != nil {
		s.queued()
	}
	return iv, nil
}

// requireNotCancelled returns ErrNotFound if there is no such interview and ErrConflict if it
// was cancelled.
func requireNotCancelled(ctx context.Context, q querier, id int64) error {
	var cancelled sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT cancelled_at FROM interviews WHERE id = ?`, id).Scan(&cancelled); err != nil {
		return fmt.Errorf("interview %d: %w", id, mapErr(err))
	}
	if cancelled.Valid {
		return fmt.Errorf("%w: interview %d was cancelled", ErrConflict, id)
	}
	return nil
}

// interviewIn loads one interview inside a transaction, or ErrNotFound.
func (s *Store) interviewIn(ctx context.Context, q querier, id int64) (Interview, error) {
	ivs, err := s.queryInterviews(ctx, q, `SELECT `+interviewCols+` FROM interviews WHERE id = ?`, id)
	if err != nil {
		return Interview{}, err
	}
	if len(ivs) == 0 {
		return Interview{}, fmt.Errorf("%w: interview %d", ErrNotFound, id)
	}
	return ivs[0], nil
}
