package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
)

// DeleteMessage deletes a message the bot posted (chat.delete). A message that is gone already
// counts as deleted; other failures are classified as Send's are.
func (b *Bot) DeleteMessage(ctx context.Context, channel, ts string) error {
	_, _, err := b.api.DeleteMessageContext(ctx, channel, ts)
	if err == nil {
		return nil
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "message_not_found" {
		return nil
	}
	return classify(fmt.Errorf("delete %s in %s: %w", ts, channel, describe(err)))
}

// DeleteFile deletes a file hirebot uploaded, with files.delete; a file already gone
// (file_not_found, file_deleted) counts as deleted.
func (b *Bot) DeleteFile(ctx context.Context, fileID string) error {
	err := b.api.DeleteFileContext(ctx, fileID)
	if err == nil {
		return nil
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "file_not_found" || se.Err == "file_deleted") {
		return nil
	}
	return classify(fmt.Errorf("delete file %s: %w", fileID, describe(err)))
}
