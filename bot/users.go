package bot

import (
	"context"
	"fmt"
	"sync"
	"time"
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

// Location is the user's time zone from their Slack profile (users.info). A zone the system
// does not know falls back to the profile's UTC offset.
func (b *Bot) Location(ctx context.Context, userID string) (*time.Location, error) {
	now := b.cfg.Now()
	if loc, ok := b.zones.get(userID, now); ok {
		return loc, nil
	}
	u, err := b.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("users.info %s: %w", userID, describe(err))
	}
	loc, err := time.LoadLocation(u.TZ)
	if u.TZ == "" || err != nil {
		loc = time.FixedZone(u.TZLabel, u.TZOffset)
	}
	b.zones.put(userID, loc, now)
	return loc, nil
}
