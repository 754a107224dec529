package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// upload sends a file through Slack's external upload (files.getUploadURLExternal, the bytes to
// the upload URL, files.completeUploadExternal) and shares it in its channel, or in the
// requesting user's direct messages. A failure is told to the user.
func (b *Bot) upload(ctx context.Context, log *slog.Logger, o origin, f handlers.File) {
	if f.Then != nil {
		var id string
		if f.Content != "" { // an empty file is one that could not be made: the reply goes without it
			var err error
			if id, err = b.uploadPrivate(ctx, f); err != nil {
				log.Error("file upload failed; replying without it", "file", f.Name, "err", err)
			}
		}
		b.reply(ctx, log, o, f.Then(id))
		return
	}
	shared, err := b.Upload(ctx, f, o.userID)
	if err == nil {
		if f.Shared != nil {
			if err := f.Shared(context.WithoutCancel(ctx), shared); err != nil {
				log.Error("file upload not recorded", "file", f.Name, "id", shared.FileID, "err", err)
			}
		}
		return
	}
	log.Error("file upload failed", "file", f.Name, "err", err)
	if o.userID != "" {
		b.reply(ctx, log, o, []handlers.Message{userErrorMessage(&handlers.UserError{
			Msg: fmt.Sprintf("I couldn't send you %s (%s). Please try again in a moment.", f.Name, slackErrorCode(err))})})
	}
}

// Upload uploads f and shares it in f.Channel, or in user's direct messages when f.Channel is
// empty, and says where.
func (b *Bot) Upload(ctx context.Context, f handlers.File, user string) (handlers.SharedFile, error) {
	channel := f.Channel
	if channel == "" {
		channel = user
	}
	if strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W") {
		im, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{channel}})
		if err != nil {
			return handlers.SharedFile{}, fmt.Errorf("open a direct message with %s: %w", channel, describe(err))
		}
		channel = im.ID
	}
	sum, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: f.Name, Title: f.Title, Content: f.Content, FileSize: len(f.Content),
		Channel: channel, InitialComment: f.Comment,
	})
	if err != nil {
		return handlers.SharedFile{}, fmt.Errorf("upload %s to %s: %w", f.Name, channel, describe(err))
	}
	return handlers.SharedFile{FileID: sum.ID, Channel: channel}, nil
}

// uploadPrivate uploads f without sharing it anywhere and returns its id, for a message to show
// it in an image block.
func (b *Bot) uploadPrivate(ctx context.Context, f handlers.File) (string, error) {
	sum, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: f.Name, Title: f.Title, Content: f.Content, FileSize: len(f.Content),
	})
	if err != nil {
		return "", fmt.Errorf("upload %s: %w", f.Name, describe(err))
	}
	return sum.ID, nil
}
