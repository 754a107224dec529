package handlers

import (
	"context"
	"time"

	"hirebot/data"
)

// ShareStore remembers shares, so that clicking share again (or three times quickly) posts once.
type ShareStore interface {
	ClaimShare(ctx context.Context, k data.ShareKey, window, lease time.Duration) (data.Share, bool, error)
	SharePosted(ctx context.Context, k data.ShareKey, ts, permalink string) error
	ReleaseShare(ctx context.Context, k data.ShareKey) error
}

// shareWindow is how long a share of one message by one person stays done: a repeated click
// within it posts nothing more.
const shareWindow = 10 * time.Minute

// shareLease is how long a share whose post is not recorded yet holds: longer than a request's
// work may take (its handler's and its response's time limits), so a share still posting is
// never posted again, while one whose process stopped before posting can be shared again soon.
const shareLease = time.Minute

// WithShares makes the "Share in channel" button post once per message and person, remembered
// in s.
func (l *Lookups) WithShares(s ShareStore) *Lookups {
	l.shares = s
	return l
}
