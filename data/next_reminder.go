package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// UpcomingReminder is a pending panel row with a reminder scheduled, and its interview.
type UpcomingReminder struct {
	Interview Interview // with its whole panel
	Panelist  Panelist  // the row whose reminder it is
}

// pickNextReminder selects the pending row whose reminder comes first, through the partial
// index panelists_due. With ?1 set, rows a sweep holds a live claim on at ?1 are skipped.
const pickNextReminder = `SELECT interview_id, user_id FROM panelists
	WHERE next_reminder_at IS NOT NULL AND status = 'pending'
		AND (CAST(?1 AS BIGINT) IS NULL OR claim_until IS NULL OR claim_until <= ?1)
	ORDER BY next_reminder_at, id LIMIT 1`

// NextReminder returns the reminder the sweep will send first: the pending panel row with the
// earliest next reminder, with its interview. ErrNotFound when no reminder is scheduled.
func (s *Store) NextReminder(ctx context.Context) (UpcomingReminder, error) {
	next, err := s.nextReminder(ctx, s.db, nil)
	if err != nil {
		return UpcomingReminder{}, fmt.Errorf("data: next reminder: %w", err)
	}
	return next, nil
}

// MakeNextReminderDue is the playground's demo control, "Fast-forward to the next reminder":
// it moves the earliest scheduled reminder that no sweep holds to now, unless it is due
// already, so that the next sweep sends it. It returns that reminder as it is now scheduled,
// or ErrNotFound when none is. The bot never calls it: reminders keep the schedule they were
// given.
func (s *Store) MakeNextReminderDue(ctx context.Context, now time.Time) (UpcomingReminder, error) {
	var next UpcomingReminder
	err := s.inTx(ctx, "make next reminder due", func(tx *sql.Tx) error {
		var err error
		next, err = s.nextReminder(ctx, tx, unix(now))
		if err != nil || !next.Panelist.NextReminder.After(now) {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE panelists SET next_reminder_at = ? WHERE interview_id = ? AND user_id = ?`,
			unix(now), next.Interview.ID, next.Panelist.UserID)
		if err != nil {
			return mapErr(err)
		}
		next.Panelist.NextReminder = fromUnix(unix(now))
		for i, p := range next.Interview.Panel {
			if p.UserID == next.Panelist.UserID {
				next.Interview.Panel[i] = next.Panelist
			}
		}
		return nil
	})
	return next, err
}

// nextReminder reads the row pickNextReminder selects (unclaimed at now, when now is not nil)
// and its interview.
func (s *Store) nextReminder(ctx context.Context, q querier, now any) (UpcomingReminder, error) {
	var k panelKey
	err := q.QueryRowContext(ctx, pickNextReminder, now).Scan(&k.interviewID, &k.userID)
	if errors.Is(err, sql.ErrNoRows) {
		return UpcomingReminder{}, fmt.Errorf("%w: no reminder is scheduled", ErrNotFound)
	}
	if err != nil {
		return UpcomingReminder{}, mapErr(err)
	}
	// The panel row references the interview, so within one transaction it exists; read
	// without one, it may have been deleted in between.
	ivs, err := s.queryInterviews(ctx, q, `SELECT `+interviewCols+` FROM interviews WHERE id = ?`, k.interviewID)
	if err != nil {
		return UpcomingReminder{}, fmt.Errorf("interview %d: %w", k.interviewID, err)
	}
	if len(ivs) == 0 {
		return UpcomingReminder{}, fmt.Errorf("interview %d: %w", k.interviewID, ErrNotFound)
	}
	p, _ := ivs[0].Panelist(k.userID)
	return UpcomingReminder{Interview: ivs[0], Panelist: p}, nil
}
