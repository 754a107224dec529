package handlers

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"hirebot/data"
)

// UserDirectory answers questions about Slack users.
type UserDirectory interface {
	// Location is the user's time zone from their Slack profile (UTC when unknown).
	Location(ctx context.Context, userID string) (*time.Location, error)
}

// zoneLookupBudget bounds the time zone lookups a modal submission waits for, so the submission
// is acknowledged well within Slack's three seconds; a zone not known by then is UTC.
const zoneLookupBudget = time.Second

// zones looks up people's time zones, falling back when Slack cannot tell.
type zones struct {
	users  UserDirectory // nil: everybody is in the fallback zone
	logger *slog.Logger
}

// unknownZone is UTC shown for someone whose time zone Slack did not give (a rate limit, an
// outage): times formatted in it say so, so nobody mistakes them for their own clock. The next
// lookup asks Slack again.
var unknownZone = time.FixedZone("UTC", 0)

// location is the user's time zone, or UTC, marked as a fallback, when Slack cannot tell.
func (z zones) location(ctx context.Context, userID string) *time.Location {
	return z.locationOr(ctx, userID, unknownZone)
}

// locationOr is the user's time zone from Slack (which may have changed since it was stored),
// or fallback when Slack cannot tell.
func (z zones) locationOr(ctx context.Context, userID string, fallback *time.Location) *time.Location {
	if z.users == nil {
		return fallback
	}
	loc, err := z.users.Location(ctx, userID)
	if err != nil {
		z.logger.Warn("time zone lookup failed", "user", userID, "fallback", fallback.String(), "err", err)
		return fallback
	}
	return loc
}

// locations looks up several users' time zones at once.
func (z zones) locations(ctx context.Context, users []string) map[string]*time.Location {
	ctx, cancel := context.WithTimeout(ctx, zoneLookupBudget)
	defer cancel()
	found := make(map[string]*time.Location, len(users))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			loc := z.location(ctx, u)
			mu.Lock()
			defer mu.Unlock()
			found[u] = loc
		})
	}
	wg.Wait()
	return found
}

// zoneName is the IANA name to store for loc; empty for UTC or a zone that cannot be loaded back.
func zoneName(loc *time.Location) string {
	if loc == nil || loc == time.UTC || loc == unknownZone {
		return ""
	}
	if _, err := time.LoadLocation(loc.String()); err != nil {
		return ""
	}
	return loc.String()
}

// zoneOf loads a stored zone name; UTC, marked as a fallback, when it is empty (the zone was not
// known when it was stored) or cannot be loaded.
func zoneOf(name string) *time.Location {
	if loc, err := time.LoadLocation(name); name != "" && err == nil {
		return loc
	}
	return unknownZone
}

// zoneFiller stores a time zone learnt late: for a panelist whose zone Slack could not tell when
// the interview was recorded. A store without it keeps looking the zone up live.
type zoneFiller interface {
	FillZone(ctx context.Context, userID, tz string) (int64, error)
}

// panelistZone is a panelist's time zone from Slack, or the stored one when Slack cannot tell.
// A zone missing from the store (Slack could not tell it before) is stored once Slack does.
func (z zones) panelistZone(ctx context.Context, store any, p data.Panelist) *time.Location {
	stored := zoneOf(p.TZ)
	loc := z.locationOr(ctx, p.UserID, stored)
	if p.TZ != "" || loc == stored {
		return loc
	}
	if f, ok := store.(zoneFiller); ok {
		if name := zoneName(loc); name != "" {
			if _, err := f.FillZone(ctx, p.UserID, name); err != nil {
				z.logger.Warn("storing a time zone learnt late failed", "user", p.UserID, "err", err)
			}
		}
	}
	return loc
}
