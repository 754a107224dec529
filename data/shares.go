package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ShareKey names one share: a person sharing one message (or draft version) into one channel.
type ShareKey struct {
	Channel string
	Source  string // the message ts, or what else identifies what is shared
	User    string
}

// Share is a recorded share.
type Share struct {
	ShareKey
	SharedTS  string // the posted copy's ts; "" until known
	Permalink string // a link to the posted copy; "" until known
	ClaimedAt time.Time
}

func (k ShareKey) validate() error {
	if k.Channel == "" || k.Source == "" || k.User == "" {
		return invalid("ShareKey", "needs a channel, a source and a user")
	}
	return nil
}

// ClaimShare records that k's share starts now, unless it was claimed within window: then it
// returns that claim and false, and the caller should not post again. With a positive lease, a
// claim whose post was never recorded (SharePosted) holds only for lease: after it the share is
// claimed again, as the process that claimed it stopped before posting. A caller that never
// records its post passes zero: its claims hold for the whole window.
func (s *Store) ClaimShare(ctx context.Context, k ShareKey, window, lease time.Duration) (Share, bool, error) {
	if err := k.validate(); err != nil {
		return Share{}, false, err
	}
	now := s.now()
	var out Share
	claimed := false
	err := s.inTx(ctx, "claim share", func(tx *sql.Tx) error {
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT shared_ts, permalink, claimed_at FROM shares
			WHERE channel = ? AND source = ? AND user_id = ?`, k.Channel, k.Source, k.User).Scan(&out.SharedTS, &out.Permalink, &at)
		holds := lease <= 0 || out.SharedTS != "" || now.Before(fromUnix(at).Add(lease))
		switch {
		case err == nil && now.Before(fromUnix(at).Add(window)) && holds:
			out.ShareKey, out.ClaimedAt = k, fromUnix(at)
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return mapErr(err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO shares (channel, source, user_id, claimed_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (channel, source, user_id) DO UPDATE SET shared_ts = '', permalink = '', claimed_at = excluded.claimed_at`,
			k.Channel, k.Source, k.User, now.Unix())
		out, claimed = Share{ShareKey: k, ClaimedAt: fromUnix(now.Unix())}, true
		return mapErr(err)
	})
	if err != nil {
		return Share{}, false, err
	}
	return out, claimed, nil
}

// SharePosted records where k's share was posted.
func (s *Store) SharePosted(ctx context.Context, k ShareKey, ts, permalink string) error {
	return s.execOne(ctx, "share posted", `UPDATE shares SET shared_ts = ?, permalink = ?
		WHERE channel = ? AND source = ? AND user_id = ?`, ts, permalink, k.Channel, k.Source, k.User)
}

// ReleaseShare forgets k's claim, so that a share that failed can be tried again at once.
func (s *Store) ReleaseShare(ctx context.Context, k ShareKey) error {
	if _, err := s.exec(ctx, `DELETE FROM shares WHERE channel = ? AND source = ? AND user_id = ?`,
		k.Channel, k.Source, k.User); err != nil {
		return fmt.Errorf("data: release share: %w", mapErr(err))
	}
	return nil
}
