package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hirebot/data"
)

// Sender delivers a message on its own (a direct message when Channel is a user id). Package bot
// implements it; its errors say what happened in these terms, not in Slack's.
type Sender interface {
	// Send posts p, marked with outboxID (when not zero) so that Delivered can find it later,
	// and says where Slack put it.
	Send(ctx context.Context, p Post, outboxID int64) (Sent, error)
	// Delivered reports whether p, marked with outboxID, was posted since about since (the
	// outcome of an attempt that was cut short), and where. A private (ephemeral) post cannot be
	// looked up and is reported not delivered.
	Delivered(ctx context.Context, p Post, outboxID int64, since time.Time) (Sent, bool, error)
}

// Sent is where Slack put a message: its conversation's id and its ts (empty for a private
// message, which Slack keeps no copy of).
type Sent = data.Posted

// ErrUndeliverable marks a message refused for good (a deactivated account, a channel the bot
// cannot post in): sending it again will not help.
var ErrUndeliverable = errors.New("message refused for good")

// RefusedError is a delivery refused for good, with the receiving side's short reason
// ("account_inactive"); it is ErrUndeliverable.
type RefusedError struct {
	Code string
	Err  error
}

func (e *RefusedError) Error() string { return fmt.Sprintf("refused for good (%s): %v", e.Code, e.Err) }

func (e *RefusedError) Unwrap() []error { return []error{ErrUndeliverable, e.Err} }

// refusalCode is the short reason a delivery was refused for, when the error says.
func refusalCode(err error) string {
	var re *RefusedError
	if errors.As(err, &re) && re.Code != "" {
		return re.Code
	}
	return "no reason given"
}

// RetryLaterError is a delivery that failed for now (a rate limit, an outage); After, when set,
// is how long the receiving side asked us to wait. Unsure marks a failure that says nothing of
// whether the message went through (a timeout, a broken connection): the receiving side may
// have it. Code is the receiving side's short reason ("ratelimited"), when it gave one.
type RetryLaterError struct {
	After  time.Duration
	Unsure bool
	Code   string
	Err    error
}

func (e *RetryLaterError) Error() string {
	if e.After > 0 {
		return fmt.Sprintf("retry after %s: %v", e.After, e.Err)
	}
	return fmt.Sprintf("retry later: %v", e.Err)
}

func (e *RetryLaterError) Unwrap() error { return e.Err }

// TokenRejectedError is a delivery the receiving side refused because it no longer accepts the
// bot's own credentials (a revoked or expired token, a deactivated app): nothing can be delivered
// until an operator puts that right, and nothing about the message itself is wrong, so it waits.
// Code is the receiving side's reason ("token_revoked").
type TokenRejectedError struct {
	Code string
	Err  error
}

func (e *TokenRejectedError) Error() string {
	return fmt.Sprintf("the bot's credentials were refused (%s): %v", e.Code, e.Err)
}

func (e *TokenRejectedError) Unwrap() error { return e.Err }

// retryAfter is how long to wait before sending again: what the receiving side asked for, or the
// backoff when that is later (a short Retry-After answered again and again must not use up a
// message's retries in a minute).
func retryAfter(err error, backoff time.Duration) time.Duration {
	var rl *RetryLaterError
	if errors.As(err, &rl) {
		return max(rl.After, backoff)
	}
	return backoff
}
