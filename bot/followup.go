package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// followUp tells a post's Then how the post went and shows the view it returns in place of the
// request's modal.
func (b *Bot) followUp(ctx context.Context, log *slog.Logger, o origin, p handlers.Post, channel, ts string, postErr error) {
	var r handlers.PostResult
	switch {
	case postErr != nil:
		log.Error("post failed", "channel", p.Channel, "err", postErr)
		r.ErrCode = "failed"
		var se slack.SlackErrorResponse
		if errors.As(postErr, &se) {
			r.ErrCode = se.Err
		}
	default:
		r.TS = ts
		link, err := b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channel, Ts: ts})
		if err != nil {
			log.Warn("chat.getPermalink failed; the notice names the channel only", "err", describe(err))
		}
		r.Permalink = link
	}
	view := p.Then(ctx, r)
	if view == nil {
		return
	}
	if err := b.updateViewSoon(ctx, *view, o.viewID); err != nil {
		log.Error("views.update after a post failed", "err", describe(err))
		if postErr != nil {
			b.reply(ctx, log, o, []handlers.Message{userErrorMessage(&handlers.UserError{
				Msg: "I couldn't post to <#" + p.Channel + "> (" + slackErrorCode(postErr) + ")."})})
		}
	}
}

// updateViewSoon updates the view with view's external_id (or viewID without one). The ack that
// put that view in place travels over the socket and this update over HTTP, so the update may
// arrive first: it waits briefly until Slack knows the view.
func (b *Bot) updateViewSoon(ctx context.Context, view slack.ModalViewRequest, viewID string) error {
	if view.ExternalID != "" {
		viewID = ""
	}
	var err error
	for range 20 {
		if _, err = b.api.UpdateViewContext(ctx, view, view.ExternalID, "", viewID); err == nil {
			return nil
		}
		var se slack.SlackErrorResponse
		if !errors.As(err, &se) || se.Err != "not_found" || view.ExternalID == "" {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return err
}
