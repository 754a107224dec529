package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"hirebot/data"
)

// RetentionStore is what the retention purge changes.
type RetentionStore interface {
	RunRetention(ctx context.Context, r data.RetentionRun) (data.RetentionReport, error)
}

// Retention is the retention purge: interviews whose last activity is older than the retention
// period are anonymised, once a day, from the scheduled sweep, and the admins are told.
type Retention struct {
	store  RetentionStore
	period time.Duration
	admins Admins
	now    func() time.Time
	logger *slog.Logger
}

// RetentionConfig is what Retention needs.
type RetentionConfig struct {
	Store  RetentionStore
	Period time.Duration // zero turns the purge off
	Admins Admins        // told by direct message what a purge did
	Now    func() time.Time
	Logger *slog.Logger
}

// NewRetention returns the retention purge.
func NewRetention(c RetentionConfig) *Retention {
	return &Retention{store: c.Store, period: c.Period, admins: orNoAdmins(c.Admins), now: orNow(c.Now), logger: orDiscard(c.Logger)}
}

// Run purges what is past the retention period, unless the purge is off or ran today already
// (Ran is false then).
func (r *Retention) Run(ctx context.Context) (data.RetentionReport, error) {
	if r == nil || r.period <= 0 {
		return data.RetentionReport{}, nil
	}
	admins := adminList(ctx, r.admins, r.logger)
	notify := func(rep data.RetentionReport) []data.OutboxMessage { return retentionNotices(rep, admins) }
	rep, err := r.store.RunRetention(ctx, data.RetentionRun{Cutoff: r.now().Add(-r.period), Notify: notify})
	if err != nil {
		return rep, fmt.Errorf("retention: %w", err)
	}
	if rep.Ran {
		r.logger.Info("retention purge", "anonymised", rep.Interviews, "candidates", rep.Candidates, "held", rep.Held, "cutoff", rep.Cutoff)
	}
	return rep, nil
}

// retentionNotices tell each admin what a purge anonymised; a purge that anonymised nothing
// tells nobody (the audit trail has every run).
func retentionNotices(rep data.RetentionReport, admins []string) []data.OutboxMessage {
	if rep.Interviews == 0 {
		return nil
	}
	text := retentionText(rep)
	msgs := make([]data.OutboxMessage, len(admins))
	for i, admin := range admins {
		msgs[i] = data.OutboxMessage{Kind: "retention-report", Channel: admin, Text: text}
	}
	return msgs
}

// retentionText is what the admins read about a purge.
func retentionText(rep data.RetentionReport) string {
	text := fmt.Sprintf(":broom: Retention: %s of %s anonymised", count(rep.Interviews, "interview", "interviews"), count(rep.Candidates, "candidate", "candidates"))
	if rep.Held > 0 {
		text += fmt.Sprintf("; %s on legal hold kept", count(rep.Held, "candidate", "candidates"))
	}
	return text + fmt.Sprintf(".\nTheir last activity was before %s: names and everything written about them are gone; "+
		"ratings and recommendations stay as anonymous statistics. `/hirebot-admin audit` lists every run.", rep.Cutoff.Format(time.DateOnly))
}
