package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// Send delivers a message the bot sends on its own, and says what went wrong in the handlers'
// terms: handlers.ErrUndeliverable when Slack refused it for good, a *handlers.RetryLaterError
// when it may go through later.
func (b *Bot) Send(ctx context.Context, p handlers.Post) error {
	err := b.Post(ctx, p)
	if err == nil {
		return nil
	}
	return classify(err)
}

// classify turns a Slack failure into a delivery error.
func classify(err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &handlers.RetryLaterError{After: rl.RetryAfter, Err: err}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return &handlers.RetryLaterError{Err: err}
		}
		return &handlers.RefusedError{Code: se.Err, Err: err}
	}
	return &handlers.RetryLaterError{Err: err} // the network or a timeout: may pass
}
