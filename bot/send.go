package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// outboxEventType is the metadata event_type of every message the outbox posts; its payload's
// "id" is the outbox id, as a string.
const outboxEventType = "hirebot_outbox"

// Send delivers a message the bot sends on its own, marked with outboxID as message metadata
// (unless it is zero, or the message is ephemeral, which has none), and says what went wrong in
// the handlers' terms: handlers.ErrUndeliverable when Slack refused it for good, a
// *handlers.RetryLaterError when it may go through later.
func (b *Bot) Send(ctx context.Context, p handlers.Post, outboxID int64) (handlers.Sent, error) {
	ctx = withOwnDeadline(ctx) // a rate limit past the deadline is a retry, not a timeout
	var extra []slack.MsgOption
	if outboxID != 0 && p.PrivateTo == "" {
		extra = append(extra, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType:    outboxEventType,
			EventPayload: map[string]any{"id": strconv.FormatInt(outboxID, 10)},
		}))
	}
	channel, ts, err := b.post(ctx, p, extra...)
	if err != nil {
		return handlers.Sent{}, b.classify(err)
	}
	if p.PrivateTo != "" {
		return handlers.Sent{}, nil // Slack keeps no copy to find again
	}
	return handlers.Sent{Channel: channel, TS: ts}, nil
}

// Lookup bounds: a page of history, and how many pages before giving up and answering "not
// there" (hundreds of messages in one conversation within minutes of an attempt).
const (
	lookupPage     = 100
	lookupMaxPages = 5
)

// Delivered reports whether the bot posted the outbox message outboxID to p's conversation
// since since, by reading the conversation's history (conversations.history with its metadata,
// after conversations.open for a direct message). An ephemeral post is never there: Slack keeps
// no history of them. Errors are classified as Send's are.
func (b *Bot) Delivered(ctx context.Context, p handlers.Post, outboxID int64, since time.Time) (handlers.Sent, bool, error) {
	if p.PrivateTo != "" {
		return handlers.Sent{}, false, nil
	}
	ctx = withOwnDeadline(ctx)
	channel := p.Channel
	if strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W") {
		c, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{channel}})
		if err != nil {
			return handlers.Sent{}, false, b.classify(fmt.Errorf("open the direct message with %s: %w", channel, err))
		}
		channel = c.ID
	}
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: lookupPage, IncludeAllMetadata: true,
		Oldest: fmt.Sprintf("%d.000000", since.Unix())}
	want := strconv.FormatInt(outboxID, 10)
	for range lookupMaxPages {
		h, err := b.api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return handlers.Sent{}, false, b.classify(fmt.Errorf("history of %s: %w", channel, err))
		}
		for _, m := range h.Messages {
			if isOutboxMessage(m, want) {
				return handlers.Sent{Channel: channel, TS: m.Timestamp}, true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			return handlers.Sent{}, false, nil
		}
		params.Cursor = h.ResponseMetaData.NextCursor
	}
	return handlers.Sent{}, false, nil
}

// isOutboxMessage reports whether m was posted by an app (people cannot attach metadata) with the
// outbox's metadata for id.
func isOutboxMessage(m slack.Message, id string) bool {
	md := m.Metadata
	return m.BotID != "" && md.EventType == outboxEventType && fmt.Sprint(md.EventPayload["id"]) == id
}

// botTokenRejected is logged when Slack refuses the bot token after start-up (start-up itself
// checks it with auth.test): it names the variable and the fix, as appTokenRejected does for the
// app token. Messages wait in the outbox until the token is put right.
const botTokenRejected = "Slack rejected the bot token (SLACK_BOT_TOKEN): it was revoked or has expired, or the app or " +
	"workspace was deactivated, uninstalled or reinstalled. Install the app to the workspace again if needed, copy the " +
	"Bot User OAuth Token (xoxb-…) from OAuth & Permissions, set SLACK_BOT_TOKEN to it and restart hirebot. " +
	"Messages wait in the outbox meanwhile and go out once Slack takes the token."

// tokenRefusals are Slack's answers to a call whose token it no longer takes.
var tokenRefusals = map[string]bool{
	"invalid_auth": true, "not_authed": true, "token_revoked": true, "token_expired": true, "account_inactive": true,
}

// classify turns a Slack failure into a delivery error, and logs a refused bot token.
func (b *Bot) classify(err error) error {
	err = classify(err)
	var token *handlers.TokenRejectedError
	if errors.As(err, &token) {
		b.log.Error(botTokenRejected, "code", token.Code)
	}
	return err
}

// classify turns a Slack failure into a delivery error.
func classify(err error) error {
	var held *rateHeldError
	if errors.As(err, &held) {
		// Held back by the rate gate: not sent, so nothing for the caller to be unsure of.
		return &handlers.RetryLaterError{After: held.Remaining, Code: "ratelimited", Err: err}
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &handlers.RetryLaterError{After: rl.RetryAfter, Code: "ratelimited", Err: err}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch {
		case tokenRefusals[se.Err]:
			// About the bot's own token, not the message: every message would be refused alike.
			return &handlers.TokenRejectedError{Code: se.Err, Err: err}
		case se.Err == "ratelimited", se.Err == "internal_error", se.Err == "fatal_error", se.Err == "service_unavailable",
			se.Err == "request_timeout":
			return &handlers.RetryLaterError{Code: se.Err, Err: err}
		}
		return &handlers.RefusedError{Code: se.Err, Err: err}
	}
	// A 429 without Retry-After comes as a bare status: nothing was posted.
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return &handlers.RetryLaterError{Code: "ratelimited", Err: err}
	}
	// The network or a timeout: may pass, and may have passed already.
	return &handlers.RetryLaterError{Unsure: true, Err: err}
}
