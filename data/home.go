package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// RecordHomeVisit notes that userID opened the Home tab now (called once Slack has taken the tab
// they opened) and reports whether it was their first visit.
func (s *Store) RecordHomeVisit(ctx context.Context, userID string) (first bool, err error) {
	if userID == "" {
		return false, invalid("UserID", "is required")
	}
	now := unix(s.now())
	var visits int
	if err := s.writes.lock(ctx); err != nil {
		return false, fmt.Errorf("data: record home visit of %s: wait for another write: %w", userID, err)
	}
	defer s.writes.unlock()
	err = s.db.QueryRowContext(ctx, `INSERT INTO home_visits (user_id, visits, first_seen, last_seen) VALUES (?, 1, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET visits = home_visits.visits + 1, last_seen = excluded.last_seen
		RETURNING visits`, userID, now, now).Scan(&visits)
	if err != nil {
		return false, fmt.Errorf("data: record home visit of %s: %w", userID, mapErr(err))
	}
	return visits == 1, nil
}

// HomeVisited reports whether userID has ever opened the Home tab.
func (s *Store) HomeVisited(ctx context.Context, userID string) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM home_visits WHERE user_id = ?`, userID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("data: home visit of %s: %w", userID, err)
	}
	return true, nil
}
