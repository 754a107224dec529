package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Preferences are one person's notification settings. The zero value but for StartingSoon is
// what a person who never chose gets: the team's working hours, in the office, and the
// "starting soon" message.
type Preferences struct {
	UserID       string
	WorkingHours string // like "09:00-17:00 Mon-Fri", in their time zone; "" for the team's
	OutOfOffice  string // the last day away, "2006-01-02" in their time zone; "" when not away
	StartingSoon bool   // whether they want the "starting soon" message before an interview
	UpdatedAt    time.Time
}

// DefaultPreferences are the preferences of someone who never chose any.
func DefaultPreferences(userID string) Preferences {
	return Preferences{UserID: userID, StartingSoon: true}
}

func (p Preferences) validate() error {
	if p.UserID == "" {
		return invalid("UserID", "is required")
	}
	if p.OutOfOffice != "" {
		if _, err := time.Parse(time.DateOnly, p.OutOfOffice); err != nil {
			return invalid("OutOfOffice", "must be a date like 2006-01-02")
		}
	}
	return nil
}

// Preferences returns userID's notification settings, or DefaultPreferences when they never
// chose any.
func (s *Store) Preferences(ctx context.Context, userID string) (Preferences, error) {
	p := Preferences{UserID: userID}
	var updated int64
	err := s.db.QueryRowContext(ctx, `SELECT working_hours, out_of_office, starting_soon, updated_at
		FROM notification_preferences WHERE user_id = ?`, userID).Scan(&p.WorkingHours, &p.OutOfOffice, &p.StartingSoon, &updated)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return DefaultPreferences(userID), nil
	case err != nil:
		return Preferences{}, fmt.Errorf("data: preferences of %s: %w", userID, err)
	}
	p.UpdatedAt = fromUnix(updated)
	return p, nil
}

// SavePreferences stores p as its person's notification settings, replacing any before.
func (s *Store) SavePreferences(ctx context.Context, p Preferences) (Preferences, error) {
	if err := p.validate(); err != nil {
		return Preferences{}, err
	}
	p.UpdatedAt = fromUnix(s.now().Unix())
	_, err := s.exec(ctx, `INSERT INTO notification_preferences (user_id, working_hours, out_of_office, starting_soon, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET working_hours = excluded.working_hours, out_of_office = excluded.out_of_office,
			starting_soon = excluded.starting_soon, updated_at = excluded.updated_at`,
		p.UserID, p.WorkingHours, p.OutOfOffice, flag(p.StartingSoon), unix(p.UpdatedAt))
	if err != nil {
		return Preferences{}, fmt.Errorf("data: save preferences of %s: %w", p.UserID, mapErr(err))
	}
	return p, nil
}
