package handlers

import (
	"context"
	"log/slog"
	"time"

	"hirebot/content"
	"hirebot/data"
)

// InterviewStore keeps interviews and their scorecards.
type InterviewStore interface {
	CreateInterview(ctx context.Context, in data.NewInterview) (data.Interview, error)
	UpdateInterview(ctx context.Context, u data.InterviewUpdate) (data.Interview, error)
	CancelInterview(ctx context.Context, id int64, by, reason, deliveryKey string, notify func(data.Interview) []data.OutboxMessage, audit *data.AuditEntry) (data.Interview, error)
	Interview(ctx context.Context, id int64) (data.Interview, error)
	FindInterviews(ctx context.Context, f data.InterviewFilter) ([]data.Interview, error)
	PendingFeedback(ctx context.Context, userID string) ([]data.Interview, error)
	FindInterviewsByCandidate(ctx context.Context, userID, candidate string) ([]data.Interview, error)
	SubmitScorecard(ctx context.Context, sc data.NewScorecard) (data.Scorecard, error)
	LatestScorecard(ctx context.Context, interviewID int64, author string) (data.Scorecard, bool, error)
	CandidateScorecards(ctx context.Context, candidate string) ([]data.Interview, map[int64][]data.Scorecard, error)
	RecordDecision(ctx context.Context, d data.NewDecision) (data.Decision, error)
	Decisions(ctx context.Context, interviewIDs []int64) ([]data.Decision, error)
}

// Interviews records interviews and collects their scorecards: /interview, /feedback, the
// scorecard form and the feedback summary.
type Interviews struct {
	store    InterviewStore
	notes    NoteStore  // nil: no candidate notes (see WithNotes)
	drafts   DraftStore // nil: no scorecard drafts (see WithDrafts)
	stats    *Stats     // nil: no /feedback stats (see WithStats)
	auditor  Auditor    // nil: no audit trail (see WithAudit)
	zones    zones
	settings Settings
	forms    content.Scorecards
	now      func() time.Time
	metrics  Recorder
	logger   *slog.Logger
}

// InterviewsConfig is what Interviews needs.
type InterviewsConfig struct {
	Store    InterviewStore
	Users    UserDirectory // time zones; nil shows every time in UTC
	Settings Settings
	// Scorecards are the scorecard forms; nil means the compiled-in ones.
	Scorecards *content.Scorecards
	Now        func() time.Time // the clock; nil means time.Now
	Metrics    Recorder         // nil counts nothing
	Logger     *slog.Logger     // nil logs nothing
}

func orBuiltinForms(s *content.Scorecards) content.Scorecards {
	if s == nil {
		return content.BuiltinScorecards()
	}
	return *s
}

// NewInterviews returns the interview feature.
func NewInterviews(c InterviewsConfig) *Interviews {
	logger := orDiscard(c.Logger)
	return &Interviews{
		store:    c.Store,
		zones:    zones{users: c.Users, logger: logger},
		settings: c.Settings.withDefaults(),
		forms:    orBuiltinForms(c.Scorecards),
		now:      orNow(c.Now),
		metrics:  orNoMetrics(c.Metrics),
		logger:   logger,
	}
}
