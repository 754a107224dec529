package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"hirebot/handlers"
)

// zoneCache remembers users' time zones for a while: they rarely change, and every heads-up and
// reminder needs one.
type zoneCache struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[string]zoneEntry
}

type zoneEntry struct {
	loc     *time.Location
	fetched time.Time
}

func newZoneCache(ttl time.Duration) *zoneCache {
	return &zoneCache{ttl: ttl, m: make(map[string]zoneEntry)}
}

func (c *zoneCache) get(userID string, now time.Time) (*time.Location, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[userID]
	if !ok || now.Sub(e.fetched) > c.ttl {
		return nil, false
	}
	return e.loc, true
}

func (c *zoneCache) put(userID string, loc *time.Location, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[userID] = zoneEntry{loc: loc, fetched: now}
}

// ErrZoneUnknown marks a time zone Slack did not tell: every error Location returns wraps it.
var ErrZoneUnknown = errors.New("time zone unknown")

// Location is the user's time zone from their Slack profile (users.info). A zone the system
// does not know falls back to the profile's UTC offset.
//
// When Slack does not answer with a zone, Location returns a nil location and an error wrapping
// ErrZoneUnknown; callers fall back to UTC and should say so. A failure that may pass (a rate
// limit, an outage, the context ending while a rate-limited users.info is held) also carries a
// *handlers.RetryLaterError, with Slack's Retry-After when it gave one. Failures are never
// cached: the next call asks Slack again, and the zone it then learns is cached.
func (b *Bot) Location(ctx context.Context, userID string) (*time.Location, error) {
	now := b.cfg.Now()
	if loc, ok := b.zones.get(userID, now); ok {
		return loc, nil
	}
	u, err := b.api.GetUserInfoContext(withOwnDeadline(ctx), userID)
	if err != nil {
		return nil, fmt.Errorf("%w: users.info %s: %w", ErrZoneUnknown, userID, lookupFailure(describe(err)))
	}
	loc, err := time.LoadLocation(u.TZ)
	if u.TZ == "" || err != nil {
		loc = time.FixedZone(u.TZLabel, u.TZOffset)
	}
	b.zones.put(userID, loc, now)
	return loc, nil
}

// lookupFailure marks a failed lookup that may pass with a *handlers.RetryLaterError; one Slack
// refused for good (user_not_found) is returned as it is.
func lookupFailure(err error) error {
	var rl *handlers.RetryLaterError
	if c := classify(err); errors.As(c, &rl) {
		return c
	}
	return err
}
