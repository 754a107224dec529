package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
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
func (b *Bot) handleRequest(ctx context.Context, evt socketmode.Event, received time.Time) {
	req := evt.Request
	log := lazyLogger(b.log, func() []slog.Attr { return requestAttrs(evt) })
	d, first := b.seen.Add(dedupeKey(evt))
	e := &envelope{req: req, log: log, received: received}
	if !first {
		b.ackRepeat(ctx, e, d)
		return
	}
	defer d.finish()
	e.delivery = d
	if user, ok := requestUser(evt); ok && !slackUserID.MatchString(user) {
		b.refuseForgedUser(ctx, e, evt, user)
		return
	}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		b.handleCommand(ctx, e, data)
	case slack.InteractionCallback:
		switch data.Type {
		case slack.InteractionTypeBlockActions:
			b.handleBlockActions(ctx, e, data)
		case slack.InteractionTypeViewSubmission:
			b.handleSubmission(ctx, e, data)
		case slack.InteractionTypeViewClosed:
			b.handleViewClosed(ctx, e, data)
		case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
			b.handleShortcut(ctx, e, data)
		default:
			b.ack(e, nil)
		}
	case slackevents.EventsAPIEvent:
		b.handleEvent(ctx, e, data)
	default:
		b.ack(e, nil)
	}
}

// slackUserID is the shape of a real Slack user id. Anything else in a payload's own user field
// is forged or broken, and must never reach a message as a mention (<@<!channel>>).
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// requestUser is the user a request says it comes from, when its kind names one.
func requestUser(evt socketmode.Event) (string, bool) {
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		return data.UserID, true
	case slack.InteractionCallback:
		return data.User.ID, true
	case slackevents.EventsAPIEvent:
		if opened, ok := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
			return opened.User, true
		}
	}
	return "", false
}

// forgedUserText is what the sender of a request without a real user id is told, where there is
// a place to tell them.
const forgedUserText = "Slack sent this without a valid user id, so I can't act on it. Please try again; if it keeps happening, tell your Slack admin."

// refuseForgedUser acks a request whose own user id is not a Slack user id and handles nothing:
// a slash command is answered privately and a modal keeps its input with the answer on top;
// anything else is only acked.
func (b *Bot) refuseForgedUser(ctx context.Context, e *envelope, evt socketmode.Event, user string) {
	e.log.Warn("request refused: its user id is not a Slack user id", "user_id", user)
	b.cfg.Metrics.handlerFailed("user")
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		if raw, err := encodeMessage(userErrorMessage(&handlers.UserError{Msg: forgedUserText})); err == nil && e.req.AcceptsResponsePayload {
			b.ack(e, raw)
			return
		}
	case slack.InteractionCallback:
		if block := firstInputBlock(data.View.Blocks); data.Type == slack.InteractionTypeViewSubmission && block != "" {
			b.ack(e, slack.NewErrorsViewSubmissionResponse(map[string]string{block: forgedUserText}))
			return
		}
	}
	b.ack(e, nil)
}

// requestAttrs are what every line logged about a request says: the envelope, and for a slash
// command or a modal submission what was run and by whom. They are gathered in one slice, when
// a line is first logged (see lazyLogger).
func requestAttrs(evt socketmode.Event) []slog.Attr {
	req := evt.Request
	attrs := make([]slog.Attr, 0, 6)
	attrs = append(attrs, slog.String("envelope", req.EnvelopeID), slog.String("type", req.Type))
	if req.RetryAttempt > 0 {
		attrs = append(attrs, slog.Int("retry_attempt", req.RetryAttempt), slog.String("retry_reason", req.RetryReason))
	}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		attrs = append(attrs, slog.String("command", data.Command), slog.String("user", data.UserID))
	case slack.InteractionCallback:
		if data.Type == slack.InteractionTypeViewSubmission {
			attrs = append(attrs, slog.String("view", data.View.CallbackID), slog.String("user", data.User.ID))
		}
	}
	return attrs
}

// envelope is one request from Slack being handled: the request, its logger, when it arrived
// (for the ack latency metric) and its delivery record, which remembers the first ack for a
// repeat delivery (nil for a repeat, or an envelope turned away at shutdown).
type envelope struct {
	req      *socketmode.Request
	log      *slog.Logger
	received time.Time
	delivery *delivery
}

// ackRepeat answers an envelope Slack delivered again because it never got the first ack: it is
// acked with what the first ack carried (the reply, or a modal's field errors), and not handled
// twice. If the first delivery has not been acked yet, the repeat is acked empty and a reply that
// later rides on the first ack, which Slack no longer takes, is sent through the response_url.
func (b *Bot) ackRepeat(ctx context.Context, e *envelope, d *delivery) {
	// The first delivery acks within AckBudget of its own arrival, so waiting that long (the
	// repeat has its own 3 s) finds its ack unless the handler failed: a modal's repeat must not be
	// acked empty while the first answer is coming, or the form would close.
	d.wait(deliveryAcked, b.cfg.RepeatWait)
	if payload, ok := d.firstAck(); ok {
		e.log.Info("repeat delivery acked like the first, not handled again")
		b.ackEncoded(e, payload)
		return
	}
	e.log.Info("repeat delivery acked, not handled again")
	b.ack(e, nil)
	b.resendAckReply(ctx, e.log, d)
}

// resendAckReply waits for the first delivery of a repeated envelope to finish and, if its
// reply rode on an ack that Slack evidently never got, sends that reply through the response_url.
func (b *Bot) resendAckReply(ctx context.Context, log *slog.Logger, d *delivery) {
	if !d.wait(deliveryDone, b.cfg.HandlerTimeout+b.cfg.AckBudget) {
		return
	}
	if url, payload := d.lostReply(); url != "" && payload != nil {
		log.Info("resending the reply of a lost ack through response_url")
		b.responder.sendEncoded(ctx, log, url, payload)
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
func (b *Bot) handleCommand(ctx context.Context, e *envelope, sc slack.SlashCommand) {
	log := e.log
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
	o := origin{userID: sc.UserID, channelID: sc.ChannelID, triggerID: sc.TriggerID, responseURL: sc.ResponseURL}
	r, inTime := b.callWithBudget(ctx, log, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, cmd) }, func() {
		log.Info("handler slower than the ack budget; replying through response_url")
		b.ack(e, nil)
	})
	if !inTime {
		b.perform(ctx, log, o, r)
		return
	}
	if r.failure != nil {
		r = result{resp: handlers.Reply(userErrorMessage(r.failure))}
	}
	if len(r.resp.Replies) > 0 && b.ackWithReply(e, r.resp.Replies[0], sc.ResponseURL) {
		r.resp.Replies = r.resp.Replies[1:]
	} else {
		b.ack(e, nil)
	}
	b.perform(ctx, log, o, r)
}

// handleBlockActions acks at once (nothing rides on a block_actions ack) and then runs the
// handler of each action.
func (b *Bot) handleBlockActions(ctx context.Context, e *envelope, cb slack.InteractionCallback) {
	b.ack(e, nil)
	log := e.log
	for _, ba := range cb.ActionCallback.BlockActions {
		act := handlers.Action{
			ActionID: ba.ActionID, BlockID: ba.BlockID, Value: actionValue(ba),
			UserID: cb.User.ID, ChannelID: cb.Channel.ID, MessageTS: cb.Container.MessageTs,
			ViewID: cb.View.ID, TriggerID: cb.TriggerID, ResponseURL: cb.ResponseURL,
			DeliveryKey: "envelope:" + e.req.EnvelopeID + ":" + ba.ActionID,
		}
		alog := log.With("action", ba.ActionID, "user", cb.User.ID)
		o := origin{userID: cb.User.ID, channelID: cb.Channel.ID, triggerID: cb.TriggerID, responseURL: cb.ResponseURL, viewID: cb.View.ID, viewHash: cb.View.Hash}
		handle, ok := b.router.Action(ba.ActionID)
		if !ok {
			alog.Warn("no handler for action")
			b.perform(ctx, alog, o, result{failure: &handlers.UserError{
				Msg: "That button no longer does anything. Run the command again for a fresh answer."}})
			continue
		}
		r := b.call(ctx, alog, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, act) })
		b.perform(ctx, alog, o, r)
	}
}

// handleSubmission runs a modal's submission handler and acks with its response_action: errors
// keep the modal open with the user's input, update/push/clear change the stack, nothing closes
// the view. Whatever the handler stores is committed before this ack.
func (b *Bot) handleSubmission(ctx context.Context, e *envelope, cb slack.InteractionCallback) {
	log, req := e.log, e.req
	sub := handlers.Submission{
		CallbackID: cb.View.CallbackID, ViewID: cb.View.ID, PrivateMetadata: cb.View.PrivateMetadata,
		UserID: cb.User.ID, TeamID: cb.Team.ID,
		DeliveryKey: submissionKey(cb.View),
	}
	if cb.View.State != nil {
		sub.Values = cb.View.State.Values
	}
	o := origin{userID: cb.User.ID, viewID: cb.View.ID, firstInput: firstInputBlock(cb.View.Blocks)}
	handle, ok := b.router.View(cb.View.CallbackID)
	if !ok {
		log.Warn("no handler for view")
		b.ack(e, submissionAck(o, result{failure: &handlers.UserError{Msg: "This form is out of date. Close it and run the command again."}}))
		return
	}
	r, inTime := b.callWithBudget(ctx, log, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, sub) }, func() {
		// Too slow for the ack to carry the answer: a "Saving…" placeholder replaces the form (so it
		// cannot be submitted twice) until the answer replaces the placeholder.
		log.Warn("submission slower than the ack budget")
		b.ack(e, slack.NewUpdateViewSubmissionResponse(savingPlaceholder(req.EnvelopeID)))
	})
	if !inTime {
		b.finishLateSubmission(ctx, log, o, req, cb.View, r)
		return
	}
	ack, fits := encodeAck(req.EnvelopeID, submissionAck(o, r))
	large := r.resp.UpdateView
	if large != nil && !fits {
		// Too large to ride on the ack: show a placeholder at once and send the view through the
		// Web API, which takes views up to 250 KB.
		ack, _ = encodeAck(req.EnvelopeID, slack.NewUpdateViewSubmissionResponse(loadingPlaceholder(req.EnvelopeID)))
	} else {
		large = nil
	}
	b.ackEncoded(e, ack)
	if r.failure != nil || len(r.resp.ViewErrors) > 0 {
		return // shown in the modal, which keeps the user's input
	}
	if large != nil {
		if err := b.replacePlaceholder(ctx, req.EnvelopeID, *large); err != nil {
			b.nextViewFailed(ctx, log, o, req, err)
		}
	}
	r.resp.PushView, r.resp.UpdateView = nil, nil // carried by the ack, or just sent
	b.perform(ctx, log, o, r)
}

// handleViewClosed runs the handler of the closed view, if it has one, and acks when it is
// done, so that what it saves (a draft) is committed before Slack stops redelivering the event:
// a process that stops in between gets it again after a restart. A handler slower than the ack
// budget is acked at the budget and finishes afterwards. The modal is gone, so a user error is
// only logged.
func (b *Bot) handleViewClosed(ctx context.Context, e *envelope, cb slack.InteractionCallback) {
	handle, ok := b.router.Closed(cb.View.CallbackID)
	if !ok {
		b.ack(e, nil)
		return
	}
	vc := handlers.ViewClosed{
		CallbackID: cb.View.CallbackID, ViewID: cb.View.ID, PrivateMetadata: cb.View.PrivateMetadata,
		UserID: cb.User.ID, TeamID: cb.Team.ID, Cleared: cb.IsCleared, DeliveryKey: "closed:" + cb.View.ID,
	}
	if cb.View.State != nil {
		vc.Values = cb.View.State.Values
	}
	log := e.log.With("view", cb.View.CallbackID, "user", cb.User.ID)
	r, inTime := b.callWithBudget(ctx, log, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, vc) }, func() {
		log.Warn("closed view slower than the ack budget")
		b.ack(e, nil)
	})
	if inTime {
		b.ack(e, nil)
	}
	if r.failure != nil {
		log.Info("closed view not handled", "msg", r.failure.Msg)
		return
	}
	b.perform(ctx, log, origin{userID: cb.User.ID}, r)
}

// finishLateSubmission puts the late answer to a submission in place of its placeholder: the
// next view, or a "saved" notice; on a failure, the form as the user left it with the problems on
// top, so nothing they typed is lost.
func (b *Bot) finishLateSubmission(ctx context.Context, log *slog.Logger, o origin, req *socketmode.Request, form slack.View, r result) {
	view, problems := r.resp.UpdateView, []string(nil)
	switch {
	case r.failure != nil:
		problems = []string{r.failure.Msg}
	case len(r.resp.ViewErrors) > 0:
		problems = viewErrorsInOrder(form, r.resp.ViewErrors)
	}
	switch {
	case problems != nil:
		view = restoreForm(form, problems)
	case view == nil:
		view = savedNotice()
	}
	if err := b.replacePlaceholder(ctx, req.EnvelopeID, *view); err != nil {
		switch {
		case r.internal:
			b.placeholderFailed(ctx, log, o, err, savingFailed())
		case problems != nil:
			b.placeholderFailed(ctx, log, o, err, notSaved(problems))
		case r.resp.UpdateView != nil:
			b.nextViewFailed(ctx, log, o, req, err)
		default:
			// Saved: what the handler sends (a receipt, a confirmation) still reaches the user.
			log.Info("late submission saved; its placeholder was no longer open", "err", describe(err))
		}
	}
	if problems != nil {
		return
	}
	r.resp.UpdateView, r.resp.PushView, r.resp.ViewErrors = nil, nil, nil
	b.perform(ctx, log, o, r)
}

// encodeAck encodes an ack's payload once, for both the size check and the socket, and reports
// whether it can ride on an ack frame (Slack drops frames of 20 KB or more). A nil payload is an
// empty ack and encodes to nil.
func encodeAck(envelopeID string, payload any) (json.RawMessage, bool) {
	if payload == nil {
		return nil, true
	}
	if raw, ok := payload.(json.RawMessage); ok {
		return raw, ackFrameSize(envelopeID, raw) < maxAckSize
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, false
	}
	return raw, ackFrameSize(envelopeID, raw) < maxAckSize
}

// ackFrameSize is the length of the frame socketmode writes for an ack: {"envelope_id":…,"payload":…}.
func ackFrameSize(envelopeID string, payload json.RawMessage) int {
	const frame = len(`{"envelope_id":"","payload":}`)
	for i := 0; i < len(envelopeID); i++ {
		if c := envelopeID[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			id, _ := json.Marshal(envelopeID) // escaped: let the encoder say how long it is
			return frame - 2 + len(id) + len(payload)
		}
	}
	return frame + len(envelopeID) + len(payload)
}

// placeholder stands in for a view until the Web API delivers it. Its external id names it, so
// the update lands on it and not on the form it replaced.
func placeholder(envelopeID, title, text string) *slack.ModalViewRequest {
	return &slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      slack.NewTextBlockObject(slack.PlainTextType, title, false, false),
		ExternalID: "placeholder-" + envelopeID,
		Blocks:     slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)}},
	}
}

// savingPlaceholder replaces a form whose submission is slower than the ack budget.
func savingPlaceholder(envelopeID string) *slack.ModalViewRequest {
	return placeholder(envelopeID, "Saving", ":hourglass_flowing_sand: Saving…")
}

// loadingPlaceholder stands in for a view too large to ride on the ack.
func loadingPlaceholder(envelopeID string) *slack.ModalViewRequest {
	return placeholder(envelopeID, "One moment", ":hourglass_flowing_sand: Loading…")
}

// notSaved tells a user whose form closed before a late answer could show its problems that
// nothing was saved, and why.
func notSaved(problems []string) handlers.Message {
	return userErrorMessage(&handlers.UserError{Msg: "Your form was not saved: " + strings.Join(problems, " ") + " Open it again to fix that."})
}

// savingFailed tells a user whose form closed before a late answer could say so that saving it
// went wrong on hirebot's side; some of it may have been saved.
func savingFailed() handlers.Message {
	return userErrorMessage(&handlers.UserError{Msg: "Something went wrong while saving your form, and it closed before I could say so. Open it again to see what was saved."})
}

// errPlaceholderGone is replacePlaceholder's answer when Slack shows no placeholder to update.
var errPlaceholderGone = errors.New("the placeholder is not open")

// replacePlaceholder updates the placeholder with the real view. The ack that shows the notice
// travels over the socket and the update over HTTP, so the update may arrive first: it waits
// (briefly) until Slack knows the placeholder, and then reports errPlaceholderGone: the user
// closed it, or Slack took another delivery's ack of the same envelope and never showed it.
func (b *Bot) replacePlaceholder(ctx context.Context, envelopeID string, view slack.ModalViewRequest) error {
	for range 20 {
		_, err := b.api.UpdateViewContext(ctx, view, "placeholder-"+envelopeID, "", "")
		if err == nil {
			return nil
		}
		var se slack.SlackErrorResponse
		if !errors.As(err, &se) || se.Err != "not_found" {
			return fmt.Errorf("views.update of the placeholder: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("views.update of the placeholder: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errPlaceholderGone
}

// nextViewFailed handles a next view that could not replace its placeholder. On a redelivered
// submission whose placeholder is not open, Slack took an earlier delivery's ack of the envelope
// (in this process or another replica), whose answer showed the next view: nothing is missing.
// Otherwise the user is told the form could not go on.
func (b *Bot) nextViewFailed(ctx context.Context, log *slog.Logger, o origin, req *socketmode.Request, err error) {
	if req.RetryAttempt > 0 && errors.Is(err, errPlaceholderGone) {
		log.Warn("next view of a redelivered submission not shown: its placeholder was never open", "err", describe(err))
		return
	}
	b.placeholderFailed(ctx, log, o, err, viewFailed())
}

// placeholderFailed tells the user m when the answer to their submission could not replace its
// placeholder: what they would otherwise miss (that it was not saved, or the next step) must
// reach them, even if an earlier delivery of the same submission showed it already.
func (b *Bot) placeholderFailed(ctx context.Context, log *slog.Logger, o origin, err error, m handlers.Message) {
	log.Error("the answer to a submission could not replace its placeholder", "err", describe(err))
	b.reply(ctx, log, o, []handlers.Message{m})
}

// savedNotice replaces a form whose submission was saved after Slack's deadline.
func savedNotice() *slack.ModalViewRequest {
	text := ":white_check_mark: Saved. It took longer than usual, so there is no need to submit again."
	return &slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  slack.NewTextBlockObject(slack.PlainTextType, "Saved", false, false),
		Close:  slack.NewTextBlockObject(slack.PlainTextType, "Close", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)}},
	}
}

func submissionAck(o origin, r result) *slack.ViewSubmissionResponse {
	switch {
	case r.failure != nil:
		block := r.failure.BlockID
		if block == "" {
			block = o.firstInput
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: r.failure.Msg})
	case len(r.resp.ViewErrors) > 0:
		return slack.NewErrorsViewSubmissionResponse(r.resp.ViewErrors)
	case r.resp.UpdateView != nil:
		return slack.NewUpdateViewSubmissionResponse(r.resp.UpdateView)
	case r.resp.PushView != nil:
		return slack.NewPushViewSubmissionResponse(r.resp.PushView)
	case r.resp.ClearViews:
		return slack.NewClearViewSubmissionResponse()
	}
	return nil
}

func firstInputBlock(blocks slack.Blocks) string {
	for _, blk := range blocks.BlockSet {
		if in, ok := blk.(*slack.InputBlock); ok {
			return in.BlockID
		}
	}
	return ""
}

func actionValue(ba *slack.BlockAction) string {
	if ba.Value != "" {
		return ba.Value
	}
	return ba.SelectedOption.Value
}

// result is a handler's response, or the failure the user is told about instead.
type result struct {
	resp    handlers.Response
	failure *handlers.UserError
	// internal is set when failure is the apology for a panic or an internal error: what was
	// saved before it is unknown.
	internal bool
}

// callWithBudget runs the handler on the envelope's own goroutine. If it is still running when
// the ack budget ends, late runs (once, on a timer's goroutine) to ack without the answer, and
// callWithBudget reports false once both the handler and late have finished: the result must
// then reach the user some other way. A handler within the budget costs a timer, no goroutine.
func (b *Bot) callWithBudget(ctx context.Context, log *slog.Logger, fn func(context.Context) (handlers.Response, error), late func()) (result, bool) {
	const running, finished, overdue = 0, 1, 2
	var state atomic.Int32
	lateDone := make(chan struct{})
	timer := time.AfterFunc(b.cfg.AckBudget, func() {
		if state.CompareAndSwap(running, overdue) {
			defer close(lateDone)
			late()
		}
	})
	r := b.call(ctx, log, fn)
	if state.CompareAndSwap(running, finished) {
		timer.Stop()
		return r, true
	}
	<-lateDone
	return r, false
}

// call runs a handler with a timeout. A panic or an internal error is logged and becomes a short
// apology; a UserError is passed on for the user. Users never see internal error text.
func (b *Bot) call(ctx context.Context, log *slog.Logger, fn func(context.Context) (handlers.Response, error)) (r result) {
	defer func() {
		if p := recover(); p != nil {
			b.cfg.Metrics.panicked()
			log.Error("handler panicked", "panic", p, "stack", string(debug.Stack()))
			r = apology()
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, b.cfg.HandlerTimeout)
	defer cancel()
	resp, err := fn(ctx)
	if err == nil {
		return result{resp: resp}
	}
	if ue, ok := handlers.AsUserError(err); ok {
		b.cfg.Metrics.handlerFailed("user")
		return result{failure: ue}
	}
	b.cfg.Metrics.handlerFailed("internal")
	log.Error("handler failed", "err", err)
	return apology()
}

// apology is the result of a handler that panicked or failed inside: a short apology, never the
// internal error's text.
func apology() result {
	return result{failure: &handlers.UserError{Msg: handlers.ApologyText}, internal: true}
}

// userErrorMessage is how handlers render a user error outside a modal (see
// handlers.UserErrorMessage).
func userErrorMessage(ue *handlers.UserError) handlers.Message { return handlers.UserErrorMessage(ue) }

// ackWithReply acks with m as the slash command's reply if m is a plain reply that fits in an ack
// frame; it reports whether it did. The delivery record keeps responseURL, so that a repeat
// acked before this ack can have the reply sent through it instead.
func (b *Bot) ackWithReply(e *envelope, m handlers.Message, responseURL string) bool {
	if m.ReplaceOriginal || m.DeleteOriginal || !e.req.AcceptsResponsePayload {
		return false
	}
	payload, err := encodeMessage(m)
	if err != nil || ackFrameSize(e.req.EnvelopeID, payload) >= maxAckSize {
		return false
	}
	if e.delivery != nil {
		e.delivery.setReplyURL(responseURL)
	}
	b.ackEncoded(e, payload)
	return true
}

// ack acknowledges the envelope with payload (nil for an empty ack) and remembers the encoded
// payload in its delivery record, for a repeat delivery.
func (b *Bot) ack(e *envelope, payload any) {
	raw, _ := encodeAck(e.req.EnvelopeID, payload)
	b.ackEncoded(e, raw)
}

// ackEncoded acks with a payload already encoded (nil for an empty ack): socketmode writes
// a json.RawMessage as it is. The ack is queued under the socket's own lifetime (ackCtx), not
// the request's, so it takes no context: it acks also when the envelope's work was cancelled at
// shutdown (the socket is open until the work has returned, and an answer beats Slack's error),
// and it costs no timer.
func (b *Bot) ackEncoded(e *envelope, raw json.RawMessage) {
	if e.delivery != nil {
		b.seen.recordAck(e.delivery, raw)
	}
	var payload any // an empty ack has no payload at all, not a null one
	if raw != nil {
		payload = raw
	}
	if err := b.sendAck(b.ackCtx, e.req.EnvelopeID, payload); err != nil {
		e.log.Error("ack failed", "err", err)
		return
	}
	b.cfg.Metrics.acked(e.received)
}

// viewErrorsInOrder lists a submission's field errors in the order the form shows the fields,
// then any for blocks the form does not have, by block id: the same errors always read the same.
func viewErrorsInOrder(form slack.View, errs map[string]string) []string {
	var out []string
	shown := make(map[string]bool, len(errs))
	for _, b := range form.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok {
			if msg, ok := errs[in.BlockID]; ok && !shown[in.BlockID] {
				out = append(out, msg)
				shown[in.BlockID] = true
			}
		}
	}
	rest := make([]string, 0, len(errs))
	for id := range errs {
		if !shown[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		out = append(out, errs[id])
	}
	return out
}

// submissionKey names a view submission for the record of handled deliveries: the view and its
// hash, which change whenever the view does, so the same submission delivered again (under a
// new envelope id, after a crash, or to another process) has the same key.
func submissionKey(v slack.View) string {
	return "view:" + v.ID + ":" + v.Hash
}
