package bot

import (
	"context"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// handleShortcut acks a global or message shortcut at once (its trigger_id lets the handler open
// a modal afterwards) and runs its handler. A message shortcut's replies go through its
// response_url, to the message's channel, privately; a global shortcut's come as direct messages.
func (b *Bot) handleShortcut(ctx context.Context, e *envelope, cb slack.InteractionCallback) {
	b.ack(e, nil)
	log := e.log.With("shortcut", cb.CallbackID, "user", cb.User.ID)
	sc := handlers.Shortcut{
		CallbackID: cb.CallbackID, UserID: cb.User.ID, TriggerID: cb.TriggerID, ResponseURL: cb.ResponseURL,
		ChannelID: cb.Channel.ID, MessageTS: cb.MessageTs, MessageText: cb.Message.Text, MessageUser: cb.Message.User,
	}
	o := origin{userID: cb.User.ID, channelID: cb.Channel.ID, triggerID: cb.TriggerID, responseURL: cb.ResponseURL}
	handle, ok := b.router.Shortcut(cb.CallbackID)
	if !ok {
		log.Warn("no handler for shortcut")
		b.perform(ctx, log, o, result{failure: &handlers.UserError{Msg: "hirebot no longer offers that shortcut."}})
		return
	}
	b.perform(ctx, log, o, b.call(ctx, log, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, sc) }))
}
