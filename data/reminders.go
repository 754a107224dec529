package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Snooze moves the panelist's next reminder to until. It applies only while their scorecard is
// pending and the interview not cancelled (else ErrConflict) and cancels any sweep's claim on the row, so a reminder in flight
// cannot overwrite the new time. ErrNotFound if the user is not on the interview's panel.
func (s *Store) Snooze(ctx context.Context, interviewID int64, userID string, until time.Time) error {
	_, err := s.SnoozeOnce(ctx, "", interviewID, userID, until)
	return err
}

// SnoozeOnce is Snooze for the click named deliveryKey, recorded in the same transaction: the
// same key again changes nothing and returns, with ErrReplayed, the time the first click set.
// It returns the time it set.
func (s *Store) SnoozeOnce(ctx context.Context, deliveryKey string, interviewID int64, userID string, until time.Time) (time.Time, error) {
	if until.IsZero() {
		return time.Time{}, invalid("until", "is required")
	}
	replayed := false
	err := s.inTx(ctx, "snooze", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, deliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				var at int64
				if at, err = strconv.ParseInt(outcome, 10, 64); err != nil {
					return fmt.Errorf("handled delivery outcome %q: %w", outcome, err)
				}
				until = fromUnix(at)
			}
			return err
		}
		if err := requireStatus(ctx, tx, interviewID, userID, PanelPending); err != nil {
			return err
		}
		if err := requireNotCancelled(ctx, tx, interviewID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE panelists SET next_reminder_at = ?, claim_token = NULL,
			claim_until = NULL, claim_owner = NULL WHERE interview_id = ? AND user_id = ?`, unix(until), interviewID, userID); err != nil {
			return mapErr(err)
		}
		return recordDelivery(ctx, tx, deliveryKey, strconv.FormatInt(unix(until), 10), s.now())
	})
	switch {
	case err != nil:
		return time.Time{}, err
	case replayed:
		return until, ErrReplayed
	}
	return until, nil
}

// MarkAbsent records that the panelist did not attend: no scorecard is expected and no more
// reminders are sent (one still queued for them is dropped, and so is a kit). Marking an absent panelist again does nothing; one who has submitted a
// scorecard cannot be marked absent (ErrConflict). ErrNotFound if the user is not on the panel.
//
// notices (telling the hiring manager) are queued in the same transaction, only when this call
// is what marked the panelist absent: marking again queues nothing.
func (s *Store) MarkAbsent(ctx context.Context, interviewID int64, userID string, notices ...OutboxMessage) error {
	return s.MarkAbsentCompleting(ctx, interviewID, userID, nil, notices...)
}

// MarkAbsentCompleting is MarkAbsent that, when the absence leaves the panel complete (every
// scorecard still expected is in), also queues what complete builds, in the same transaction,
// as SubmitScorecard does for the last scorecard.
func (s *Store) MarkAbsentCompleting(ctx context.Context, interviewID int64, userID string, complete func(Interview, []Scorecard) []OutboxMessage, notices ...OutboxMessage) error {
	return s.MarkAbsentOnce(ctx, "", interviewID, userID, complete, notices...)
}

// MarkAbsentOnce is MarkAbsentCompleting for the click named deliveryKey, recorded in the same
// transaction: the same key again changes and queues nothing and returns ErrReplayed.
func (s *Store) MarkAbsentOnce(ctx context.Context, deliveryKey string, interviewID int64, userID string, complete func(Interview, []Scorecard) []OutboxMessage, notices ...OutboxMessage) error {
	queued, replayed := false, false
	err := s.inTx(ctx, "mark absent", func(tx *sql.Tx) error {
		if _, found, err := handledBefore(ctx, tx, deliveryKey); err != nil || found {
			replayed = found
			return err
		}
		status, err := panelStatus(ctx, tx, interviewID, userID)
		if err != nil {
			return err
		}
		if err := requireStatus(ctx, tx, interviewID, userID, PanelPending, PanelAbsent); err != nil {
			return err
		}
		if status == PanelAbsent {
			return recordDelivery(ctx, tx, deliveryKey, string(PanelAbsent), s.now())
		}
		if _, err = tx.ExecContext(ctx, `UPDATE panelists SET status = 'absent', next_reminder_at = NULL,
			claim_token = NULL, claim_until = NULL, claim_owner = NULL WHERE interview_id = ? AND user_id = ?`,
			interviewID, userID); err != nil {
			return mapErr(err)
		}
		if err := dropQueued(ctx, tx, s.now(), interviewID, userID, droppedAbsent, KindKit, KindReminder); err != nil {
			return err
		}
		if err := auditOwn(ctx, tx, s.now(), userID, AuditMarkedAbsent, interviewID); err != nil {
			return err
		}
		queued = len(notices) > 0 || complete != nil
		if err := enqueue(ctx, tx, s.now(), notices...); err != nil {
			return err
		}
		if err := s.completePanel(ctx, tx, interviewID, s.now(), complete); err != nil {
			return err
		}
		return recordDelivery(ctx, tx, deliveryKey, string(PanelAbsent), s.now())
	})
	switch {
	case err != nil:
		return err
	case replayed:
		return ErrReplayed
	}
	if queued {
		s.queued()
	}
	return nil
}

// requireStatus returns ErrNotFound if userID is not on the interview's panel and ErrConflict
// if their status is not one of allowed.
func requireStatus(ctx context.Context, q querier, interviewID int64, userID string, allowed ...PanelStatus) error {
	status, err := panelStatus(ctx, q, interviewID, userID)
	if err != nil {
		return err
	}
	if status == "" {
		return fmt.Errorf("%w: %s is not on the panel of interview %d", ErrNotFound, userID, interviewID)
	}
	for _, a := range allowed {
		if status == a {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is %s on interview %d", ErrConflict, userID, status, interviewID)
}

// DueReminder is a panel row claimed by a sweep. The sweep reports what it did with it through
// ReminderSent, ReminderDeferred, EscalationSent or ReleaseClaim; until then, or until the lease
// ends, no other sweep claims it.
type DueReminder struct {
	Interview  Interview // with its whole panel
	Panelist   Panelist  // the row claimed
	ClaimToken string
}

// ClaimDueReminders claims, in one transaction, up to limit pending panel rows whose next
// reminder is at or before now and that no live claim holds, leasing them until now+lease.
// Rows come earliest reminder first. The scan reads only rows with a reminder scheduled at or
// before now (a partial index), so its cost follows the number of due rows, not the table.
func (s *Store) ClaimDueReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]DueReminder, error) {
	return s.claim(ctx, "claim due reminders", now, lease, pickDueReminders, limit)
}

// pickDueReminders selects due, unclaimed rows through the partial index panelists_due
// (?3 now, ?4 limit).
const pickDueReminders = `SELECT id FROM panelists
	WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ?3 AND status = 'pending'
		AND (claim_until IS NULL OR claim_until <= ?3)
	ORDER BY next_reminder_at LIMIT ?4`

// pickDueEscalations selects unclaimed rows to escalate through the partial index
// panelists_escalation (?3 now, ?4 limit, ?6 reminders after which to escalate).
const pickDueEscalations = `SELECT id FROM panelists
	WHERE status = 'pending' AND escalated = 0 AND reminders_sent >= ?6
		AND (claim_until IS NULL OR claim_until <= ?3) AND removed_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM interviews WHERE id = interview_id AND cancelled_at IS NOT NULL)
	ORDER BY reminders_sent DESC, id LIMIT ?4`

// ClaimDueEscalations claims, like ClaimDueReminders, up to limit pending panel rows that have
// had at least after reminders and are not escalated yet. The sweep tells the hiring manager
// and then calls EscalationSent, or ReleaseClaim if telling failed, so an escalation is neither
// lost nor sent twice by overlapping sweeps.
func (s *Store) ClaimDueEscalations(ctx context.Context, now time.Time, lease time.Duration, after, limit int) ([]DueReminder, error) {
	if after < 1 {
		return nil, invalid("after", "must be at least 1")
	}
	return s.claim(ctx, "claim due escalations", now, lease, pickDueEscalations, limit, after)
}

// claim leases the panel rows that pick (parameters ?3 now, ?4 limit, ?5 extra) selects and
// loads them with their interviews, all in one transaction.
func (s *Store) claim(ctx context.Context, what string, now time.Time, lease time.Duration, pick string, limit int, extra ...any) ([]DueReminder, error) {
	switch {
	case limit <= 0:
		return nil, invalid("limit", "must be positive")
	case lease < time.Second:
		return nil, invalid("lease", "must be at least a second")
	}
	token := rand.Text()
	var due []DueReminder
	err := s.inClaimTx(ctx, what, func(tx *sql.Tx) error {
		args := append([]any{token, unix(now.Add(lease)), unix(now), limit, s.owner}, extra...)
		rows, err := tx.QueryContext(ctx, `UPDATE panelists SET claim_token = ?1, claim_until = ?2, claim_owner = ?5
			WHERE id IN (`+pick+s.d.skipLocked()+`) RETURNING interview_id, user_id`, args...)
		if err != nil {
			return mapErr(err)
		}
		keys, err := scanKeys(rows)
		if err != nil {
			return err
		}
		due, err = s.loadClaimed(ctx, tx, keys, token)
		return err
	})
	if err != nil {
		return nil, err
	}
	return due, nil
}

type panelKey struct {
	interviewID int64
	userID      string
}

func scanKeys(rows *sql.Rows) ([]panelKey, error) {
	defer rows.Close()
	var keys []panelKey
	for rows.Next() {
		var k panelKey
		if err := rows.Scan(&k.interviewID, &k.userID); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// loadClaimed reads the interviews of the claimed rows and pairs each row with its interview,
// ordered by next reminder, interview and user.
func (s *Store) loadClaimed(ctx context.Context, tx *sql.Tx, keys []panelKey, token string) ([]DueReminder, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.interviewID
	}
	ivs, err := s.queryInterviews(ctx, tx, `SELECT `+interviewCols+` FROM interviews
		WHERE id IN (`+s.d.ids("?")+`)`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("load claimed interviews: %w", err)
	}
	byID := make(map[int64]Interview, len(ivs))
	for _, iv := range ivs {
		byID[iv.ID] = iv
	}
	due := make([]DueReminder, 0, len(keys))
	for _, k := range keys {
		iv := byID[k.interviewID]
		p, _ := iv.Panelist(k.userID)
		due = append(due, DueReminder{Interview: iv, Panelist: p, ClaimToken: token})
	}
	sort.Slice(due, func(i, j int) bool {
		a, b := due[i], due[j]
		if !a.Panelist.NextReminder.Equal(b.Panelist.NextReminder) {
			return a.Panelist.NextReminder.Before(b.Panelist.NextReminder)
		}
		if a.Interview.ID != b.Interview.ID {
			return a.Interview.ID < b.Interview.ID
		}
		return a.Panelist.UserID < b.Panelist.UserID
	})
	return due, nil
}

// claimed is the WHERE clause that matches r's row only while r's claim holds.
const claimed = ` WHERE interview_id = ? AND user_id = ? AND claim_token = ? AND status = 'pending'`

func claimArgs(r DueReminder) []any {
	return []any{r.Interview.ID, r.Panelist.UserID, r.ClaimToken}
}

// ReminderSent records a delivered reminder: one more sent, last reminded at at, the next one
// at next (zero for none), and the claim released. It returns ErrConflict if the claim no
// longer holds: another sweep took over an expired lease, or the panelist submitted, snoozed
// or was marked absent meanwhile. Either way the row needs nothing more from this sweep.
func (s *Store) ReminderSent(ctx context.Context, r DueReminder, at, next time.Time) error {
	return s.execOne(ctx, "reminder sent", `UPDATE panelists SET reminders_sent = reminders_sent + 1,
		last_reminded_at = ?, next_reminder_at = ?, claim_token = NULL, claim_until = NULL, claim_owner = NULL`+claimed,
		append([]any{unix(at), nullUnix(next)}, claimArgs(r)...)...)
}

// ReminderDeferred moves the claimed row's next reminder to until without counting a send
// (outside working hours, or a failed send to retry) and releases the claim. ErrConflict as
// for ReminderSent.
func (s *Store) ReminderDeferred(ctx context.Context, r DueReminder, until time.Time) error {
	if until.IsZero() {
		return invalid("until", "is required")
	}
	return s.execOne(ctx, "reminder deferred", `UPDATE panelists SET next_reminder_at = ?,
		claim_token = NULL, claim_until = NULL, claim_owner = NULL`+claimed, append([]any{unix(until)}, claimArgs(r)...)...)
}

// EscalationSent records that the hiring manager was told about the claimed row and releases
// the claim. ErrConflict as for ReminderSent.
func (s *Store) EscalationSent(ctx context.Context, r DueReminder) error {
	return s.execOne(ctx, "escalation sent", `UPDATE panelists SET escalated = 1,
		claim_token = NULL, claim_until = NULL, claim_owner = NULL`+claimed, claimArgs(r)...)
}

// ReleaseClaim gives up a claim without changing anything else, so the next sweep retries the
// row. ErrConflict as for ReminderSent.
func (s *Store) ReleaseClaim(ctx context.Context, r DueReminder) error {
	return s.execOne(ctx, "release claim", `UPDATE panelists SET claim_token = NULL, claim_until = NULL, claim_owner = NULL`+claimed,
		claimArgs(r)...)
}

// ReminderQueued records a reminder queued for delivery in the outbox, in one transaction with
// queueing msg: one more reminder counted, last reminded at at, the next one at next (zero for
// none), and the claim released. ErrConflict as for ReminderSent, and then nothing is queued.
func (s *Store) ReminderQueued(ctx context.Context, r DueReminder, msg OutboxMessage, at, next time.Time) error {
	err := s.inTx(ctx, "reminder queued", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE panelists SET reminders_sent = reminders_sent + 1,
			last_reminded_at = ?, next_reminder_at = ?, claim_token = NULL, claim_until = NULL, claim_owner = NULL`+claimed,
			append([]any{unix(at), nullUnix(next)}, claimArgs(r)...)...)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		return enqueue(ctx, tx, at, msg)
	})
	if err == nil {
		s.queued()
	}
	return err
}

// EscalationQueued marks the claimed rows of one interview escalated and queues msg, the
// hiring manager's one message about them (due at at), in one transaction. Rows whose claim no longer
// holds are skipped; when none holds, nothing is queued and the result is ErrConflict.
func (s *Store) EscalationQueued(ctx context.Context, rows []DueReminder, msg OutboxMessage, at time.Time) error {
	err := s.inTx(ctx, "escalation queued", func(tx *sql.Tx) error {
		var held int64
		for _, r := range rows {
			res, err := tx.ExecContext(ctx, `UPDATE panelists SET escalated = 1,
				claim_token = NULL, claim_until = NULL, claim_owner = NULL`+claimed, claimArgs(r)...)
			if err != nil {
				return mapErr(err)
			}
			n, _ := res.RowsAffected()
			held += n
		}
		if held == 0 {
			return ErrConflict
		}
		return enqueue(ctx, tx, at, msg)
	})
	if err == nil {
		s.queued()
	}
	return err
}

// FillZone stores tz, an IANA zone name, as userID's time zone on every panel row that has none
// (Slack could not tell it when the row was written, under a rate limit or an outage), so that
// what reads the stored zone later (an escalation's away note) has it. Rows with a zone keep it.
func (s *Store) FillZone(ctx context.Context, userID, tz string) (int64, error) {
	if tz == "" {
		return 0, invalid("tz", "is required")
	}
	res, err := s.exec(ctx, `UPDATE panelists SET tz = ? WHERE user_id = ? AND tz = ''`, tz, userID)
	if err != nil {
		return 0, fmt.Errorf("data: fill time zone of %s: %w", userID, mapErr(err))
	}
	return res.RowsAffected()
}
