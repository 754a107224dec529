package data

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// OutboxMessage is a message the bot sends on its own, queued in the same transaction as the
// change that calls for it.
type OutboxMessage struct {
	Kind      string // what it is, for logs, metrics and the failure notice: "heads-up", "reminder", …
	Channel   string // a channel id, or a user id for a direct message
	PrivateTo string // set for a message only this user sees in Channel
	Text      string // notification text
	Blocks    []byte // Block Kit JSON; empty for text only
	// About names the candidate the message is about (for the failure notice, and so that an
	// erasure finds the message and deletes it from Slack), and Tell is the user to tell when
	// Slack refuses the message for good; empty tells nobody.
	About, Tell string
	// InterviewID is the interview the message is about, zero for none: an erasure, the
	// retention purge and an export find the message by it even after the candidate's name
	// changed.
	InterviewID int64
	// ShowsFeedback marks a message that shows feedback on the candidate (notes, recommendations)
	// to its recipient, a user: queuing it appends a received-feedback entry, naming them, to the
	// audit trail in the same transaction.
	ShowsFeedback bool
}

// QueuedMessage is an outbox message claimed for delivery.
type QueuedMessage struct {
	ID int64
	OutboxMessage
	Attempts   int // earlier attempts that failed
	CreatedAt  time.Time
	ClaimToken string
	// Unsure is when an earlier attempt whose outcome is not known started (its process
	// stopped mid-send, or the send timed out): Slack may have the message already. Zero when
	// every earlier attempt's outcome is known.
	Unsure time.Time
	// Erased is set when the candidate the message was about was erased while it was being
	// sent: the message is emptied, and is not to be sent again. If an earlier attempt delivered
	// it, marking it sent queues it for deletion.
	Erased bool
}

// enqueue adds msgs to the outbox in tx, due at once.
func enqueue(ctx context.Context, tx *sql.Tx, now time.Time, msgs ...OutboxMessage) error {
	for _, m := range msgs {
		if m.Kind == "" || m.Channel == "" {
			return invalid("OutboxMessage", "needs a kind and a channel")
		}
		var key string
		if m.About != "" {
			key = candidateKey(m.About)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, channel, private_to, text, blocks, about, tell,
			candidate_key, interview_id, not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.Kind, m.Channel, m.PrivateTo, m.Text, string(m.Blocks), m.About, m.Tell, key,
			sql.NullInt64{Int64: m.InterviewID, Valid: m.InterviewID != 0}, unix(now), unix(now)); err != nil {
			return fmt.Errorf("queue %s for %s: %w", m.Kind, m.Channel, mapErr(err))
		}
		if m.ShowsFeedback {
			e := AuditEntry{Actor: m.Channel, Action: AuditReceivedFeedback, Candidate: m.About, InterviewID: m.InterviewID, Detail: m.Kind}
			if err := audit(ctx, tx, now, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// Enqueue queues messages that go with no other change.
func (s *Store) Enqueue(ctx context.Context, msgs ...OutboxMessage) error {
	err := s.inTx(ctx, "enqueue", func(tx *sql.Tx) error { return enqueue(ctx, tx, s.now(), msgs...) })
	if err == nil && len(msgs) > 0 {
		s.queued()
	}
	return err
}

// queued tells the delivery worker there is something new.
func (s *Store) queued() {
	if s.onQueued != nil {
		s.onQueued()
	}
}

// ClaimOutbox claims, in one transaction, up to limit pending messages due at now and not held
// by a live claim, for owner until now+lease; oldest first.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, owner string) ([]QueuedMessage, error) {
	switch {
	case limit <= 0:
		return nil, invalid("limit", "must be positive")
	case lease < time.Second:
		return nil, invalid("lease", "must be at least a second")
	}
	token := rand.Text()
	var out []QueuedMessage
	err := s.inClaimTx(ctx, "claim outbox", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET claim_token = ?1, claim_owner = ?2, claim_until = ?3
			WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND not_before <= ?4
				AND (claim_until IS NULL OR claim_until <= ?4) ORDER BY not_before, id LIMIT ?5`+s.d.skipLocked()+`)
			RETURNING id, kind, channel, private_to, text, blocks, about, tell, COALESCE(interview_id, 0), attempts,
				created_at, attempt_at, erasure <> ''`,
			token, owner, unix(now.Add(lease)), unix(now), limit)
		if err != nil {
			return mapErr(err)
		}
		defer rows.Close()
		for rows.Next() {
			var m QueuedMessage
			var blocks string
			var created int64
			var unsure sql.NullInt64
			if err := rows.Scan(&m.ID, &m.Kind, &m.Channel, &m.PrivateTo, &m.Text, &blocks, &m.About, &m.Tell,
				&m.InterviewID, &m.Attempts, &created, &unsure, &m.Erased); err != nil {
				return err
			}
			m.Blocks, m.CreatedAt, m.ClaimToken, m.Unsure = []byte(blocks), fromUnix(created), token, fromNullUnix(unsure)
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b QueuedMessage) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// outboxClaimed matches m's row only while m's claim holds.
const outboxClaimed = ` WHERE id = ? AND claim_token = ? AND status = 'pending'`

// OutboxAttempt records, before a claimed message is handed to Slack at at, that an attempt
// whose outcome is not yet known has started; an earlier unsure attempt's start is kept. It
// extends the claim to at least at+lease, which is to cover the send and recording its outcome:
// a claim taken for a whole batch may otherwise run out while the message is with Slack, and
// another worker would claim it and send it again.
//
// ErrConflict if the claim no longer holds (taken over, or run out at at even if nobody took it
// yet: another worker may claim it any moment), or the candidate it is about was erased
// meanwhile: then the message must not be sent.
func (s *Store) OutboxAttempt(ctx context.Context, m QueuedMessage, at time.Time, lease time.Duration) error {
	if lease < time.Second {
		return invalid("lease", "must be at least a second")
	}
	until := unix(at.Add(lease))
	return s.execOne(ctx, "outbox attempt", `UPDATE outbox SET attempt_at = COALESCE(attempt_at, ?),
		claim_until = CASE WHEN claim_until > ? THEN claim_until ELSE ? END`+outboxClaimed+` AND erasure = '' AND claim_until > ?`,
		unix(at), until, until, m.ID, m.ClaimToken, unix(at))
}

// Posted is where Slack put a message: the conversation's id (a direct message's D… id for a
// message sent to a user) and the message's ts. Both are empty for a private message, which
// Slack keeps no copy of.
type Posted struct {
	Channel, TS string
}

// OutboxSent marks a claimed message delivered, where Slack says it put it (so that an erasure
// can delete it). A message whose candidate was erased while it was being sent is queued, in
// the same transaction, for deletion under that erasure (see ClaimDeletions). ErrConflict if
// the claim no longer holds.
func (s *Store) OutboxSent(ctx context.Context, m QueuedMessage, at time.Time, where Posted) error {
	return s.inTx(ctx, "outbox sent", func(tx *sql.Tx) error {
		var erasure string
		err := tx.QueryRowContext(ctx, `UPDATE outbox SET status = 'sent', done_at = ?, attempts = attempts + 1,
			sent_channel = ?, sent_ts = ?, attempt_at = NULL, claim_token = NULL, claim_owner = NULL, claim_until = NULL`+outboxClaimed+`
			RETURNING erasure`, unix(at), where.Channel, where.TS, m.ID, m.ClaimToken).Scan(&erasure)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrConflict
		case err != nil:
			return mapErr(err)
		case erasure == "" || where.Channel == "" || where.TS == "":
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO message_deletions (erasure, channel, ts, queued_at) VALUES (?, ?, ?, ?)`,
			erasure, where.Channel, where.TS, unix(at)); err != nil {
			return fmt.Errorf("queue the deletion of a message about an erased candidate: %w", mapErr(err))
		}
		return nil
	})
}

// OutboxRetry puts a claimed message back to be tried again at at. A counted retry is an
// attempt Slack answered with a failure, so the message is known not to be there; an uncounted
// one (waiting out a rate limit another message hit, or a lookup that could not be made) was no
// attempt and leaves what is known as it was.
func (s *Store) OutboxRetry(ctx context.Context, m QueuedMessage, at time.Time, counted bool, cause string) error {
	if !counted {
		return s.execOne(ctx, "outbox retry", `UPDATE outbox SET not_before = ?, last_error = ?,
			claim_token = NULL, claim_owner = NULL, claim_until = NULL`+outboxClaimed, unix(at), cause, m.ID, m.ClaimToken)
	}
	return s.execOne(ctx, "outbox retry", `UPDATE outbox SET not_before = ?, attempts = attempts + 1, last_error = ?,
		attempt_at = NULL, claim_token = NULL, claim_owner = NULL, claim_until = NULL`+outboxClaimed,
		unix(at), cause, m.ID, m.ClaimToken)
}

// OutboxWait puts a claimed message back to be tried again at at after an attempt Slack answered
// without taking it, for a reason that is not the message's (Slack refused the bot's own token):
// the message is known not to be there, and the attempt is not counted.
func (s *Store) OutboxWait(ctx context.Context, m QueuedMessage, at time.Time, cause string) error {
	return s.execOne(ctx, "outbox wait", `UPDATE outbox SET not_before = ?, last_error = ?, attempt_at = NULL,
		claim_token = NULL, claim_owner = NULL, claim_until = NULL`+outboxClaimed, unix(at), cause, m.ID, m.ClaimToken)
}

// OutboxUnsure puts a claimed message back to be tried again at at after an attempt whose
// outcome is not known (the send timed out): the attempt counts, and the next one first looks
// for the message (see QueuedMessage.Unsure).
func (s *Store) OutboxUnsure(ctx context.Context, m QueuedMessage, at time.Time, cause string) error {
	return s.execOne(ctx, "outbox unsure", `UPDATE outbox SET not_before = ?, attempts = attempts + 1, last_error = ?,
		claim_token = NULL, claim_owner = NULL, claim_until = NULL`+outboxClaimed, unix(at), cause, m.ID, m.ClaimToken)
}

// OutboxFailed marks a claimed message undeliverable for good and, in the same transaction,
// queues notices (telling someone it could not be delivered).
func (s *Store) OutboxFailed(ctx context.Context, m QueuedMessage, at time.Time, cause string, notices ...OutboxMessage) error {
	return s.updateThenQueue(ctx, "outbox failed", at, notices, `UPDATE outbox SET status = 'failed', done_at = ?, attempts = attempts + 1,
		last_error = ?, attempt_at = NULL, claim_token = NULL, claim_owner = NULL, claim_until = NULL`+outboxClaimed,
		unix(at), cause, m.ID, m.ClaimToken)
}

// updateThenQueue runs the one-row update query in a transaction and queues notices in the same
// transaction, so that what it records is never left untold; ErrConflict when no row matched
// (another process recorded it first).
func (s *Store) updateThenQueue(ctx context.Context, what string, at time.Time, notices []OutboxMessage, query string, args ...any) error {
	err := s.inTx(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		return enqueue(ctx, tx, at, notices...)
	})
	if err == nil && len(notices) > 0 {
		s.queued()
	}
	return err
}

// doneStatus is how a deletion ended: deleted without a cause, failed with one.
func doneStatus(cause string) string {
	if cause != "" {
		return "failed"
	}
	return "deleted"
}

// OutboxStats counts the outbox's messages by status; Due counts pending ones whose time has
// come (the rest wait for a retry), Claimed pending ones under a live claim. Failed counts the
// messages Slack refused, Dropped those that no longer held before they were delivered (the
// interview was cancelled, …).
type OutboxStats struct {
	Pending, Due, Claimed, Sent, Failed, Dropped int
}

// OutboxStats counts the outbox at now.
func (s *Store) OutboxStats(ctx context.Context, now time.Time) (OutboxStats, error) {
	var st OutboxStats
	err := s.db.QueryRowContext(ctx, `SELECT
		COUNT(*) FILTER (WHERE status = 'pending'),
		COUNT(*) FILTER (WHERE status = 'pending' AND not_before <= ?1),
		COUNT(*) FILTER (WHERE status = 'pending' AND claim_until > ?1),
		COUNT(*) FILTER (WHERE status = 'sent'),
		COUNT(*) FILTER (WHERE status = 'failed' AND NOT (`+outboxDropped+`)),
		COUNT(*) FILTER (WHERE `+outboxDropped+`) FROM outbox`, unix(now)).Scan(&st.Pending, &st.Due, &st.Claimed, &st.Sent, &st.Failed, &st.Dropped)
	if err != nil {
		return st, fmt.Errorf("data: outbox stats: %w", err)
	}
	return st, nil
}

// ReleaseClaims drops every claim owner holds on outbox messages and panel rows: at start-up, a
// process's claims are left over from its previous run, which ended before it finished them.
// It also reports how many claims other owners hold, for the logs.
func (s *Store) ReleaseClaims(ctx context.Context, owner string, now time.Time) (released, heldByOthers int64, err error) {
	err = s.inTx(ctx, "release claims", func(tx *sql.Tx) error {
		for _, q := range []string{
			`UPDATE outbox SET claim_token = NULL, claim_owner = NULL, claim_until = NULL WHERE claim_owner = ?`,
			`UPDATE panelists SET claim_token = NULL, claim_owner = NULL, claim_until = NULL WHERE claim_owner = ?`,
		} {
			res, err := tx.ExecContext(ctx, q, owner)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			released += n
		}
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM outbox WHERE claim_until > ?1) + (SELECT COUNT(*) FROM panelists WHERE claim_until > ?1)`,
			unix(now)).Scan(&heldByOthers)
	})
	return released, heldByOthers, err
}
