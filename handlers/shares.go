package handlers

import (
	"context"
	"time"

	"hirebot/data"
)

// ShareStore remembers shares, so that clicking share again (or three times quickly) posts once.
type ShareStore interface {
	ClaimShare(ctx context.Context, k data.ShareKey, window time.Duration) (data.Share, bool, error)
	SharePosted(ctx context.Context, k data.ShareKey, ts, permalink string) error
	ReleaseShare(ctx context.Context, k data.ShareKey) error
}

// shareWindow is how long a share of one message by one person stays done: a repeated click
// within it posts nothing more.
const shareWindow = 10 * time.Minute

// WithShares makes the "Share in channel" button post once per message and person, remembered
// in s.
func (l *Lookups) WithShares(s ShareStore) *Lookups {
	l.shares = s
	return l
}
