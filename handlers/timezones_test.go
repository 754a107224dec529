package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// flakyZones answers from a table, and fails for the users in down, as Slack does under a
// rate limit.
type flakyZones struct {
	zones map[string]string
	down  map[string]bool
}

func (f flakyZones) Location(_ context.Context, userID string) (*time.Location, error) {
	if f.down[userID] {
		return nil, &RetryLaterError{Err: errors.New("ratelimited")}
	}
	return time.LoadLocation(f.zones[userID])
}

func TestUnknownTimeZonesFallBackVisibly(t *testing.T) {
	dir := flakyZones{zones: map[string]string{"UA": "Europe/Berlin"}, down: map[string]bool{"UB": true}}
	z := zones{users: dir, logger: slog.New(slog.DiscardHandler)}
	at := time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for _, tc := range []struct {
		user, want string
		fallback   bool
	}{
		{"UA", "Tue 1 Dec 2026, 14:00 CET", false},
		{"UB", "Tue 1 Dec 2026, 13:00 UTC", true},
	} {
		got := formatTime(at, z.location(ctx, tc.user))
		if !strings.HasPrefix(got, tc.want) || strings.Contains(got, "couldn't read your time zone") != tc.fallback {
			t.Errorf("%s: %q, want %q with the fallback said: %v", tc.user, got, tc.want, tc.fallback)
		}
	}
	// Once Slack answers again, the zone is the person's own.
	dir.down["UB"], dir.zones["UB"] = false, "Asia/Kolkata"
	if got := formatTime(at, z.location(ctx, "UB")); got != "Tue 1 Dec 2026, 18:30 IST" {
		t.Errorf("after the rate limit: %q", got)
	}
	// A zone stored empty, and unknown now, says so too; UTC itself is a real zone.
	if got := formatTime(at, zoneOf("")); !strings.Contains(got, "couldn't read") {
		t.Errorf("stored empty zone: %q", got)
	}
	if got := formatTime(at, time.UTC); got != "Tue 1 Dec 2026, 13:00 UTC" {
		t.Errorf("UTC: %q", got)
	}
	dir.down["UC"] = true
	if name := zoneName(z.location(ctx, "UC")); name != "" {
		t.Errorf("an unknown zone is stored as %q, want empty so it is looked up again", name)
	}
}
