package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FeedbackRecord is one interviewer's part in an interview that ended: when their scorecard
// was due and first submitted, and how hard it had to be chased.
type FeedbackRecord struct {
	InterviewID   int64
	UserID        string
	EndsAt        time.Time
	DueAt         time.Time // the interview's DueAt
	SubmittedAt   time.Time // of the first version; zero while none is in
	RemindersSent int
	Escalated     bool
}

// Submitted reports whether a scorecard is in.
func (r FeedbackRecord) Submitted() bool { return !r.SubmittedAt.IsZero() }

// FeedbackRecords returns a record per interviewer of every interview that ended in
// [from, to), earliest end first: interviews not cancelled, interviewers still on the panel and
// not marked absent. A non-empty userID keeps only that interviewer's records.
func (s *Store) FeedbackRecords(ctx context.Context, from, to time.Time, userID string) ([]FeedbackRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.interview_id, p.user_id, i.ends_at,
			COALESCE(i.feedback_due_at, i.ends_at),
			(SELECT MIN(submitted_at) FROM scorecards s WHERE s.interview_id = p.interview_id AND s.author = p.user_id),
			p.reminders_sent, p.escalated
		FROM interviews i JOIN panelists p ON p.interview_id = i.id
		WHERE i.ends_at >= ?1 AND i.ends_at < ?2 AND i.starts_at < ?2 AND i.cancelled_at IS NULL
			AND p.removed_at IS NULL AND p.status <> 'absent' AND (?3 = '' OR p.user_id = ?3)
		ORDER BY i.ends_at, i.id, p.id`, unix(from), unix(to), userID)
	if err != nil {
		return nil, fmt.Errorf("data: feedback records: %w", err)
	}
	defer rows.Close()
	var out []FeedbackRecord
	for rows.Next() {
		var r FeedbackRecord
		var ends, due int64
		var submitted sql.NullInt64
		if err := rows.Scan(&r.InterviewID, &r.UserID, &ends, &due, &submitted, &r.RemindersSent, &r.Escalated); err != nil {
			return nil, fmt.Errorf("data: feedback records: %w", err)
		}
		r.EndsAt, r.DueAt, r.SubmittedAt = fromUnix(ends), fromUnix(due), fromNullUnix(submitted)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: feedback records: %w", err)
	}
	return out, nil
}

// ManagesHiring reports whether userID is the hiring manager of at least one interview.
func (s *Store) ManagesHiring(ctx context.Context, userID string) (bool, error) {
	var yes bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM interviews WHERE hiring_manager = ?)`, userID).Scan(&yes)
	if err != nil {
		return false, fmt.Errorf("data: manages hiring %s: %w", userID, err)
	}
	return yes, nil
}
