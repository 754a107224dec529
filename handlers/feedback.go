package handlers

import (
	"context"
	"time"

	"hirebot/data"
)

// FeedbackStore keeps interviews, scorecards and reminder state.
type FeedbackStore interface {
	CreateInterview(ctx context.Context, in data.NewInterview) (data.Interview, error)
	Interview(ctx context.Context, id int64) (data.Interview, error)
	FindInterviews(ctx context.Context, f data.InterviewFilter) ([]data.Interview, error)
	PendingFeedback(ctx context.Context, userID string) ([]data.Interview, error)
	FindInterviewsByCandidate(ctx context.Context, userID, candidate string) ([]data.Interview, error)
	SubmitScorecard(ctx context.Context, sc data.NewScorecard) (data.Scorecard, error)
	Scorecards(ctx context.Context, interviewID int64) ([]data.Scorecard, error)
	ScorecardHistory(ctx context.Context, interviewID int64, author string) ([]data.Scorecard, error)
	CandidateScorecards(ctx context.Context, candidate string) ([]data.Interview, map[int64][]data.Scorecard, error)
	Snooze(ctx context.Context, interviewID int64, userID string, until time.Time) error
	MarkAbsent(ctx context.Context, interviewID int64, userID string) error
	ClaimDueReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]data.DueReminder, error)
	ReminderSent(ctx context.Context, r data.DueReminder, at, next time.Time) error
	ReminderDeferred(ctx context.Context, r data.DueReminder, until time.Time) error
	ClaimDueEscalations(ctx context.Context, now time.Time, lease time.Duration, after, limit int) ([]data.DueReminder, error)
	EscalationSent(ctx context.Context, r data.DueReminder) error
	ReleaseClaim(ctx context.Context, r data.DueReminder) error
}

// UserDirectory answers questions about Slack users.
type UserDirectory interface {
	// Location is the user's time zone from their Slack profile (UTC when unknown).
	Location(ctx context.Context, userID string) (*time.Location, error)
}
