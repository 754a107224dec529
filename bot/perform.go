package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// origin is where a request came from: what its response can use to reach the user.
type origin struct {
	userID, channelID string
	triggerID         string // opens or pushes a modal, for 3 seconds
	responseURL       string // replies to a slash command or a message button
	viewID, viewHash  string // the modal a button or submission belongs to
	firstInput        string // the first input block of a submitted modal
}

// perform carries out a handler's response: views first (trigger ids expire within 3 seconds),
// then replies, then posts, then files. A failure becomes a private reply.
func (b *Bot) perform(ctx context.Context, log *slog.Logger, o origin, r result) {
	resp := r.resp
	if r.failure != nil {
		resp = handlers.Reply(userErrorMessage(r.failure))
	}
	if resp.OpenView != nil {
		if _, err := b.api.OpenViewContext(ctx, o.triggerID, *resp.OpenView); err != nil {
			log.Error("views.open failed", "err", describe(err))
			resp.Replies = append(resp.Replies, userErrorMessage(&handlers.UserError{
				Msg: "I couldn't open the form in time. Please run the command again."}))
		}
	}
	if resp.PushView != nil {
		if _, err := b.api.PushViewContext(ctx, o.triggerID, *resp.PushView); err != nil {
			log.Error("views.push failed", "err", describe(err))
			resp.Replies = append(resp.Replies, viewFailed())
		}
	}
	if resp.UpdateView != nil {
		if _, err := b.api.UpdateViewContext(ctx, *resp.UpdateView, "", o.viewHash, o.viewID); err != nil {
			log.Error("views.update failed", "err", describe(err))
			resp.Replies = append(resp.Replies, viewFailed())
		}
	}
	b.reply(ctx, log, o, resp.Replies)
	for _, p := range resp.Posts {
		b.postOrTell(ctx, log, o, p)
	}
	for _, f := range resp.Files {
		b.upload(ctx, log, o, f)
	}
	b.performHome(ctx, log, resp)
}

// viewFailed tells the user that the modal could not change as they asked.
func viewFailed() handlers.Message {
	return userErrorMessage(&handlers.UserError{Msg: "That form changed or expired before I could update it. Close it and try again."})
}

// postOrTell sends a post. A private note Slack refuses in a channel (the bot is not a member)
// goes to the user's direct messages instead; any other failure is told to the user who asked,
// so nothing is lost silently.
func (b *Bot) postOrTell(ctx context.Context, log *slog.Logger, o origin, p handlers.Post) {
	channel, ts, err := b.post(ctx, p)
	if p.Then != nil {
		b.followUp(ctx, log, o, p, channel, ts, err)
		return
	}
	if err == nil {
		return
	}
	log.Error("post failed", "channel", p.Channel, "err", err)
	if p.PrivateTo != "" {
		dm := handlers.Post{Channel: p.PrivateTo, Message: p.Message}
		if err := b.Post(ctx, dm); err != nil {
			log.Error("direct message fallback failed", "user", p.PrivateTo, "err", err)
		}
		return
	}
	if o.userID != "" && p.Channel != o.userID {
		b.reply(ctx, log, o, []handlers.Message{userErrorMessage(&handlers.UserError{
			Msg: fmt.Sprintf("I couldn't post to <#%s> (%s). If it's a channel, invite hirebot to it and try again.", p.Channel, slackErrorCode(err))})})
	}
}

// slackErrorCode is Slack's short error code for err, or a generic word.
func slackErrorCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return "it did not answer"
}

// reply sends replies through the response_url when the request has one, and as direct
// messages to the user otherwise (a modal submission has no response_url).
func (b *Bot) reply(ctx context.Context, log *slog.Logger, o origin, replies []handlers.Message) {
	if o.responseURL != "" {
		b.responder.send(ctx, log, o.responseURL, replies)
		return
	}
	for _, m := range replies {
		if m.ReplaceOriginal || m.DeleteOriginal {
			continue // nothing to replace without a response_url
		}
		if err := b.Post(ctx, handlers.Post{Channel: o.userID, Message: m}); err != nil {
			log.Error("direct message failed", "user", o.userID, "err", err)
		}
	}
}

// Post sends a message with chat.postMessage, or chat.postEphemeral when it is private to one
// user. A user id as the channel sends a direct message.
func (b *Bot) Post(ctx context.Context, p handlers.Post) error {
	_, _, err := b.post(ctx, p)
	return err
}

// post is Post that also returns the channel and ts of the posted message; extra options
// (message metadata) go with it.
func (b *Bot) post(ctx context.Context, p handlers.Post, extra ...slack.MsgOption) (channel, ts string, err error) {
	opts := []slack.MsgOption{slack.MsgOptionText(p.Message.Text, false)}
	if len(p.Message.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(p.Message.Blocks...))
	}
	opts = append(opts, extra...)
	channel = p.Channel
	if p.PrivateTo != "" {
		ts, err = b.api.PostEphemeralContext(ctx, p.Channel, p.PrivateTo, opts...)
	} else {
		channel, ts, err = b.api.PostMessageContext(ctx, p.Channel, opts...)
	}
	if err != nil {
		return "", "", fmt.Errorf("post to %s: %w", p.Channel, describe(err))
	}
	return channel, ts, nil
}

// describe adds Slack's detailed error messages (such as which block broke which limit) to err.
func describe(err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && len(se.ResponseMetadata.Messages) > 0 {
		return fmt.Errorf("%w: %v", err, se.ResponseMetadata.Messages)
	}
	return err
}
