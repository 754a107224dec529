package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"hirebot/handlers"
)

// maxAckSize is the largest ack frame Slack accepts over Socket Mode; at 20 KB or more it drops it.
const maxAckSize = 20 * 1024

// handleRequest acks and dispatches one envelope. Slack may deliver an envelope again when an ack
// was lost (for example on a dropped socket); a repeat is acked but not acted on twice.
func (b *Bot) handleRequest(ctx context.Context, evt socketmode.Event) {
	req := evt.Request
	log := b.log.With("envelope", req.EnvelopeID, "type", req.Type)
	if req.RetryAttempt > 0 {
		log = log.With("retry_attempt", req.RetryAttempt, "retry_reason", req.RetryReason)
	}
	if !b.seen.Add(dedupeKey(evt)) {
		log.Info("repeat delivery acked, not handled again")
		b.ack(ctx, log, req, nil)
		return
	}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		b.handleCommand(ctx, log, req, data)
	case slack.InteractionCallback:
		b.handleInteraction(ctx, log, req, data)
	default:
		b.ack(ctx, log, req, nil)
	}
}

// dedupeKey is the Events API event_id where there is one (Slack may resend an event under a new
// envelope id) and the envelope id otherwise.
func dedupeKey(evt socketmode.Event) string {
	if e, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
		if cb, ok := e.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
			return "event:" + cb.EventID
		}
	}
	return "envelope:" + evt.Request.EnvelopeID
}

// handleCommand runs a slash command. A reply ready within the ack budget rides on the ack itself
// when it fits; otherwise the bot acks empty and posts the reply through the response_url.
func (b *Bot) handleCommand(ctx context.Context, log *slog.Logger, req *socketmode.Request, sc slack.SlashCommand) {
	log = log.With("command", sc.Command, "user", sc.UserID)
	cmd := handlers.Command{
		Name: sc.Command, Text: sc.Text, UserID: sc.UserID, ChannelID: sc.ChannelID,
		TeamID: sc.TeamID, TriggerID: sc.TriggerID, ResponseURL: sc.ResponseURL,
	}
	handle, ok := b.router.Command(sc.Command)
	if !ok {
		log.Warn("no handler for command")
		handle = func(context.Context, handlers.Command) (handlers.Response, error) {
			return handlers.Response{}, &handlers.UserError{Msg: fmt.Sprintf("hirebot does not know %s yet.", sc.Command)}
		}
	}
	result := make(chan handlers.Response, 1)
	go func() {
		result <- b.call(ctx, log, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, cmd) })
	}()
	timer := time.NewTimer(b.cfg.AckBudget)
	defer timer.Stop()
	select {
	case resp := <-result:
		replies := resp.Replies
		if len(replies) > 0 && b.ackWithReply(ctx, log, req, replies[0]) {
			replies = replies[1:]
		} else {
			b.ack(ctx, log, req, nil)
		}
		b.responder.send(ctx, log, cmd.ResponseURL, replies)
	case <-timer.C:
		log.Info("handler slower than the ack budget; replying through response_url")
		b.ack(ctx, log, req, nil)
		resp := <-result
		b.responder.send(ctx, log, cmd.ResponseURL, resp.Replies)
	}
}

// handleInteraction acks at once (nothing rides on a block_actions ack) and then runs the handler
// of each action, replying through the response_url.
func (b *Bot) handleInteraction(ctx context.Context, log *slog.Logger, req *socketmode.Request, cb slack.InteractionCallback) {
	b.ack(ctx, log, req, nil)
	if cb.Type != slack.InteractionTypeBlockActions {
		log.Debug("interaction ignored", "interaction", cb.Type)
		return
	}
	for _, ba := range cb.ActionCallback.BlockActions {
		act := handlers.Action{
			ActionID: ba.ActionID, BlockID: ba.BlockID, Value: actionValue(ba),
			UserID: cb.User.ID, ChannelID: cb.Channel.ID, MessageTS: cb.Container.MessageTs,
			ViewID: cb.View.ID, TriggerID: cb.TriggerID, ResponseURL: cb.ResponseURL,
		}
		alog := log.With("action", ba.ActionID, "user", cb.User.ID)
		handle, ok := b.router.Action(ba.ActionID)
		if !ok {
			alog.Warn("no handler for action")
			b.responder.send(ctx, alog, cb.ResponseURL, []handlers.Message{userErrorMessage(&handlers.UserError{
				Msg: "That button no longer does anything. Run the command again for a fresh answer."})})
			continue
		}
		resp := b.call(ctx, alog, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, act) })
		b.responder.send(ctx, alog, cb.ResponseURL, resp.Replies)
	}
}

func actionValue(ba *slack.BlockAction) string {
	if ba.Value != "" {
		return ba.Value
	}
	return ba.SelectedOption.Value
}

// call runs a handler with a timeout, turning a panic or an error into a private reply: the user
// sees their UserError message or a short apology, never an internal error.
func (b *Bot) call(ctx context.Context, log *slog.Logger, fn func(context.Context) (handlers.Response, error)) (resp handlers.Response) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("handler panicked", "panic", r, "stack", string(debug.Stack()))
			resp = handlers.Reply(handlers.Apology())
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, b.cfg.HandlerTimeout)
	defer cancel()
	resp, err := fn(ctx)
	if err == nil {
		return resp
	}
	if ue, ok := handlers.AsUserError(err); ok {
		return handlers.Reply(userErrorMessage(ue))
	}
	log.Error("handler failed", "err", err)
	return handlers.Reply(handlers.Apology())
}

func userErrorMessage(ue *handlers.UserError) handlers.Message {
	return handlers.Message{Text: ue.Msg, Blocks: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, ":warning: "+ue.Msg, false, false), nil, nil),
	}}
}

// ackWithReply acks with m as the slash command's reply if m is a plain reply that fits in an ack
// frame; it reports whether it did.
func (b *Bot) ackWithReply(ctx context.Context, log *slog.Logger, req *socketmode.Request, m handlers.Message) bool {
	if m.ReplaceOriginal || m.DeleteOriginal || !req.AcceptsResponsePayload {
		return false
	}
	payload := newMessageBody(m)
	frame, err := json.Marshal(socketmode.Response{EnvelopeID: req.EnvelopeID, Payload: payload})
	if err != nil || len(frame) >= maxAckSize {
		return false
	}
	b.ack(ctx, log, req, payload)
	return true
}

func (b *Bot) ack(ctx context.Context, log *slog.Logger, req *socketmode.Request, payload any) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := b.socket.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		log.Error("ack failed", "err", err)
	}
}
