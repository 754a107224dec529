package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// OutboxStore keeps the messages the bot sends on its own until they are delivered.
type OutboxStore interface {
	ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, owner string) ([]data.QueuedMessage, error)
	OutboxAttempt(ctx context.Context, m data.QueuedMessage, at time.Time, lease time.Duration) error
	OutboxSent(ctx context.Context, m data.QueuedMessage, at time.Time, where data.Posted) error
	OutboxRetry(ctx context.Context, m data.QueuedMessage, at time.Time, counted bool, cause string) error
	OutboxWait(ctx context.Context, m data.QueuedMessage, at time.Time, cause string) error
	OutboxUnsure(ctx context.Context, m data.QueuedMessage, at time.Time, cause string) error
	OutboxFailed(ctx context.Context, m data.QueuedMessage, at time.Time, cause string, notices ...data.OutboxMessage) error
}

// Outbox delivers what the features queued (heads-ups, reminders, escalations, receipts and
// notices): each message once, retried with backoff while Slack cannot take it, waiting out
// Retry-After, and reported to the person it concerns when Slack refuses it for good.
//
// Once means once also across a crash: every attempt is recorded before the message is handed
// to Slack, and the message carries its outbox id (as message metadata). An attempt whose
// outcome was never recorded (the process died mid-send, the send timed out) makes the next one
// look for the message in its conversation first, and a message found there is marked sent
// without posting it again. A private (ephemeral) message cannot be looked up: one cut short
// that way may still be posted twice.
type Outbox struct {
	store   OutboxStore
	sender  Sender
	owner   string
	now     func() time.Time
	logger  *slog.Logger
	metrics OutboxRecorder
}

// OutboxRecorder counts deliveries by outcome ("sent", "retry", "failed"), for monitoring.
type OutboxRecorder interface {
	Delivered(kind, outcome string)
}

type noOutboxMetrics struct{}

func (noOutboxMetrics) Delivered(string, string) {}

// OutboxConfig is what Outbox needs.
type OutboxConfig struct {
	Store   OutboxStore
	Sender  Sender
	Owner   string           // this process, in the claims it takes
	Now     func() time.Time // nil means time.Now
	Logger  *slog.Logger     // nil logs nothing
	Metrics OutboxRecorder   // nil counts nothing
}

// NewOutbox returns the delivery worker.
func NewOutbox(c OutboxConfig) *Outbox {
	o := &Outbox{store: c.Store, sender: c.Sender, owner: c.Owner, now: orNow(c.Now), logger: orDiscard(c.Logger), metrics: c.Metrics}
	if o.metrics == nil {
		o.metrics = noOutboxMetrics{}
	}
	return o
}

// Delivery tuning. A batch is claimed for outboxLease, but its messages are sent one at a time,
// each after a lookup and a send that may take outboxSendTimeout apiece, so later messages may
// come up after the batch's lease ran out. Each attempt therefore first extends its message's
// claim to outboxAttemptLease (the send's timeout and a margin to record the outcome), and a
// message whose claim ran out meanwhile is not sent but left to whoever claims it next: a live
// claim is never taken over mid-send. A crashed process's claims are released when it starts
// again, or by the lease at the latest.
//
// A message Slack cannot take for now (a rate limit, an outage) is tried again after the backoff
// or Slack's Retry-After, whichever is later, and given up only once it is a day old and has
// been tried a few times: however short the Retry-After, a long rate limit cannot use up its
// tries, and a message queued while the bot was down still gets them.
const (
	outboxBatch       = 20
	outboxSendTimeout = 15 * time.Second
	outboxLease       = 30 * time.Second
	// outboxAttemptLease is how long an attempt holds its message: the send's timeout, and a
	// margin for recording what happened.
	outboxAttemptLease = outboxSendTimeout + 15*time.Second
	outboxGiveUpAge    = 24 * time.Hour
	outboxMinAttempts  = 6 // with the backoff, half an hour of trying
	outboxFirstRetry   = 30 * time.Second
	outboxMaxRetry     = 30 * time.Minute
	// outboxTokenWait is how long every message waits while Slack refuses the bot's token.
	outboxTokenWait = 5 * time.Minute
	// outboxLookBack is how far before an unsure attempt's start a lookup searches, for the
	// difference between this machine's clock and Slack's.
	outboxLookBack = 5 * time.Minute
)

// DeliveryReport counts what one delivery run did.
type DeliveryReport struct {
	Sent, Retried, Failed int
}

// Deliver sends every queued message that is due, batch by batch, until none is left or Slack
// asks to wait.
func (o *Outbox) Deliver(ctx context.Context) (DeliveryReport, error) {
	var rep DeliveryReport
	for {
		batch, err := o.store.ClaimOutbox(ctx, o.now(), outboxLease, outboxBatch, o.owner)
		if err != nil {
			return rep, fmt.Errorf("claim outbox: %w", err)
		}
		for i, m := range batch {
			if ctx.Err() != nil {
				// Shutting down: what is left goes back for the next run, uncounted.
				for _, rest := range batch[i:] {
					o.finish(ctx, rest, o.store.OutboxRetry(context.WithoutCancel(ctx), rest, o.now(), false, "not tried before shutdown"))
				}
				return rep, nil
			}
			if wait := o.deliver(ctx, m, &rep); wait > 0 {
				// Slack asked to wait (a rate limit), or cannot take anything (the bot token was
				// refused): the rest of the batch waits too, without counting an attempt.
				for _, rest := range batch[i+1:] {
					o.finish(ctx, rest, o.store.OutboxRetry(ctx, rest, o.now().Add(wait), false, "waiting with the rest of its batch"))
				}
				return rep, nil
			}
		}
		if len(batch) < outboxBatch {
			return rep, nil
		}
	}
}

// deliver sends one claimed message and records what happened; it returns how long Slack asked
// to wait, if it did.
func (o *Outbox) deliver(ctx context.Context, m data.QueuedMessage, rep *DeliveryReport) time.Duration {
	now := o.now()
	log := o.logger.With("outbox", m.ID, "kind", m.Kind, "channel", m.Channel)
	// A send under way finishes, and what happened is recorded, even when ctx ends meanwhile (a
	// shutdown): a message that went out must be marked sent, or it would go out again.
	ctx = context.WithoutCancel(ctx)
	post, err := queuedPost(m)
	if m.Erased {
		o.settleErased(ctx, log, m, post, rep)
		return 0
	}
	var where Sent
	if err == nil {
		if done := o.alreadyThere(ctx, log, m, post, rep); done {
			return 0
		}
		// The lookup may have taken a while, and so may the batch's earlier messages: the
		// claim is checked, and extended for the send, at the time the attempt starts.
		now = o.now()
		if err = o.store.OutboxAttempt(ctx, m, now, outboxAttemptLease); err != nil {
			// Not sent: an attempt that is not on record must not start. A claim that was
			// taken over or ran out meanwhile (ErrConflict) is not this worker's any more:
			// whoever claims it next sends it.
			if errors.Is(err, data.ErrConflict) {
				log.Info("message not sent: its claim ran out or was taken over before the attempt; left to the next claimer")
				return 0
			}
			o.finish(ctx, m, err)
			o.finish(ctx, m, o.store.OutboxRetry(ctx, m, now.Add(backoff(m.Attempts)), false, "attempt not recorded"))
			return 0
		}
		sendCtx, cancel := context.WithTimeout(ctx, outboxSendTimeout)
		where, err = o.sender.Send(sendCtx, post, m.ID)
		cancel()
	}
	var later *RetryLaterError
	var token *TokenRejectedError
	switch {
	case err == nil:
		rep.Sent++
		o.metrics.Delivered(m.Kind, "sent")
		o.finish(ctx, m, o.store.OutboxSent(ctx, m, now, where))
		return 0
	case errors.As(err, &token):
		// Slack refuses the bot's own token (the bot logs which variable to fix, and how):
		// nothing can go out until that is put right, and nothing is wrong with the message, so
		// it waits, the attempt uncounted, and so does the rest of the batch.
		at := now.Add(outboxTokenWait)
		log.Warn("message not delivered: Slack refused the bot token; will retry", "retry_at", at, "err", err)
		rep.Retried++
		o.metrics.Delivered(m.Kind, "retry")
		o.finish(ctx, m, o.store.OutboxWait(ctx, m, at, err.Error()))
		return outboxTokenWait
	case errors.As(err, &later) && !givenUp(m, now):
		at := now.Add(retryAfter(err, backoff(m.Attempts)))
		log.Warn("message not delivered; will retry", "attempt", m.Attempts+1, "retry_at", at, "unsure", later.Unsure, "err", err)
		rep.Retried++
		o.metrics.Delivered(m.Kind, "retry")
		if later.Unsure {
			o.finish(ctx, m, o.store.OutboxUnsure(ctx, m, at, err.Error()))
		} else {
			o.finish(ctx, m, o.store.OutboxRetry(ctx, m, at, true, err.Error()))
		}
		return later.After
	}
	log.Error("message undeliverable", "attempts", m.Attempts+1, "queued", m.CreatedAt, "err", err)
	rep.Failed++
	o.metrics.Delivered(m.Kind, "failed")
	o.finish(ctx, m, o.store.OutboxFailed(ctx, m, now, err.Error(), undeliveredNotices(m, err)...))
	return 0
}

// settleErased settles a message whose candidate was erased while it was being sent: it is not
// sent again, but an earlier attempt may have delivered it, so it is looked for first (by the
// outbox id it carries), and one found is marked sent, which queues it for deletion.
func (o *Outbox) settleErased(ctx context.Context, log *slog.Logger, m data.QueuedMessage, p Post, rep *DeliveryReport) {
	if o.alreadyThere(ctx, log, m, p, rep) {
		return
	}
	log.Info("message about an erased candidate not sent", "unsure", !m.Unsure.IsZero())
	o.finish(ctx, m, o.store.OutboxFailed(ctx, m, o.now(), "candidate erased before delivery"))
}

// alreadyThere settles a message an earlier attempt may have delivered: it asks Slack whether the
// message is in its conversation, and marks it sent when it is. It reports whether the message
// is settled (found, or put back because Slack could not be asked now); when it reports false
// the message is to be sent.
func (o *Outbox) alreadyThere(ctx context.Context, log *slog.Logger, m data.QueuedMessage, p Post, rep *DeliveryReport) bool {
	if m.Unsure.IsZero() || p.PrivateTo != "" {
		return false
	}
	lookCtx, cancel := context.WithTimeout(ctx, outboxSendTimeout)
	where, found, err := o.sender.Delivered(lookCtx, p, m.ID, m.Unsure.Add(-outboxLookBack))
	cancel()
	var later *RetryLaterError
	var token *TokenRejectedError
	switch {
	case err == nil && found:
		log.Info("message found delivered by an earlier attempt; not sent again", "attempt_started", m.Unsure)
		rep.Sent++
		o.metrics.Delivered(m.Kind, "sent")
		o.finish(ctx, m, o.store.OutboxSent(ctx, m, o.now(), where))
		return true
	case err == nil:
		return false
	case errors.As(err, &later) || errors.As(err, &token):
		// Slack cannot say now: ask again later; still no attempt of this run.
		at := o.now().Add(retryAfter(err, backoff(m.Attempts)))
		if token != nil {
			at = o.now().Add(outboxTokenWait)
		}
		log.Warn("could not check whether an earlier attempt delivered the message; will retry", "retry_at", at, "err", err)
		rep.Retried++
		o.metrics.Delivered(m.Kind, "retry")
		o.finish(ctx, m, o.store.OutboxRetry(ctx, m, at, false, "lookup: "+err.Error()))
		return true
	}
	// Slack refused the lookup itself (a scope the app lacks): sending again risks a duplicate,
	// which beats losing the message.
	log.Warn("could not check whether an earlier attempt delivered the message; sending it", "err", err)
	return false
}

// finish logs a failure to record a delivery's outcome; a lost claim (ErrConflict) means
// another worker took over an expired lease, which needs nothing more from this one.
func (o *Outbox) finish(_ context.Context, m data.QueuedMessage, err error) {
	if err != nil && !errors.Is(err, data.ErrConflict) {
		o.logger.Error("outbox state not saved", "outbox", m.ID, "err", err)
	}
}

// givenUp reports whether a message Slack could not take for now at now has been tried long
// enough to give up: queued a day ago or more, and tried at least outboxMinAttempts times.
func givenUp(m data.QueuedMessage, now time.Time) bool {
	return now.Sub(m.CreatedAt) >= outboxGiveUpAge && m.Attempts+1 >= outboxMinAttempts
}

// backoff is the wait before retry n+1: 30 s doubling, at most half an hour.
func backoff(attempts int) time.Duration {
	d := outboxFirstRetry
	for range attempts {
		if d *= 2; d >= outboxMaxRetry {
			return outboxMaxRetry
		}
	}
	return d
}

// queuedPost turns a queued message back into a post.
func queuedPost(m data.QueuedMessage) (Post, error) {
	msg := Message{Text: m.Text}
	if len(m.Blocks) > 0 {
		var blocks slack.Blocks
		if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
			return Post{}, fmt.Errorf("%w: stored blocks: %v", ErrUndeliverable, err)
		}
		msg.Blocks = blocks.BlockSet
	}
	return Post{Channel: m.Channel, PrivateTo: m.PrivateTo, Message: msg}, nil
}

// queue turns a post into an outbox message of kind; about and tell say whom a failure notice
// goes to (see data.OutboxMessage).
func queue(kind string, p Post, about, tell string) data.OutboxMessage {
	m := data.OutboxMessage{Kind: kind, Channel: p.Channel, PrivateTo: p.PrivateTo, Text: p.Message.Text, About: about, Tell: tell}
	if len(p.Message.Blocks) > 0 {
		m.Blocks, _ = json.Marshal(p.Message.Blocks) // blocks built in code always encode
	}
	return m
}

// queueAbout turns a post about the interview iv into an outbox message of kind (see queue).
func queueAbout(kind string, p Post, iv data.Interview, tell string) data.OutboxMessage {
	m := queue(kind, p, iv.Candidate, tell)
	m.InterviewID = iv.ID
	return m
}

// undeliveredNotices tells the right person, in the right words, that Slack refused a message
// for good, or could not take it for a day: a private note in a channel goes to its reader's
// direct messages instead, and a message that cannot be delivered is reported to the person who
// needs to know (a direct message as one, a post in a channel as one).
func undeliveredNotices(m data.QueuedMessage, cause error) []data.OutboxMessage {
	if m.PrivateTo != "" && m.PrivateTo != m.Channel {
		return []data.OutboxMessage{{Kind: m.Kind + "-dm", Channel: m.PrivateTo, Text: m.Text, Blocks: m.Blocks, About: m.About,
			InterviewID: m.InterviewID}}
	}
	if m.Tell == "" || m.Tell == m.Channel {
		return nil
	}
	reason, hint := undeliveredReason(cause), " If it's a channel, invite hirebot to it."
	if errors.As(cause, new(*RetryLaterError)) {
		hint = "" // nothing about the channel was wrong
	}
	var text string
	if isUserID(m.Channel) {
		text = fmt.Sprintf(":warning: I couldn't send <@%s> a direct message (the %s about *%s*): %s. "+
			"Please let them know yourself.", m.Channel, kindName(m.Kind), literal(m.About), reason)
	} else {
		text = fmt.Sprintf(":warning: I couldn't post the %s about *%s* in <#%s>: %s.%s",
			kindName(m.Kind), literal(m.About), m.Channel, reason, hint)
	}
	p := Post{Channel: m.Tell, Message: Message{Text: "A message could not be delivered", Blocks: []slack.Block{section(text)}}}
	notice := queue("delivery-notice", p, m.About, "")
	notice.InterviewID = m.InterviewID
	return []data.OutboxMessage{notice}
}

// undeliveredReason says why a message was given up, after "Slack": refused for good, with its
// reason, or unable to take it for a day.
func undeliveredReason(cause error) string {
	var later *RetryLaterError
	switch {
	case !errors.As(cause, &later):
		return fmt.Sprintf("Slack refused it (%s)", refusalCode(cause))
	case later.Code == "ratelimited":
		return "Slack kept asking me to wait (rate limited) for over a day, so I stopped trying"
	case later.Code != "":
		return fmt.Sprintf("Slack kept failing (%s) for over a day, so I stopped trying", later.Code)
	}
	return "Slack didn't answer for over a day, so I stopped trying"
}

// kindName is what a message of kind is called in a notice about it: "the heads-up about …".
func kindName(kind string) string {
	switch kind {
	case "heads-up", "manager-heads-up":
		return "heads-up"
	case "escalation":
		return "overdue feedback alert"
	case "cancelled":
		return "cancellation notice"
	case "interview-changed":
		return "change notice"
	case "panel-removed":
		return "panel removal notice"
	case "manager-replaced":
		return "hiring manager change notice"
	case "panel-change":
		return "panel change notice"
	case "panel-complete":
		return "scorecards-complete notice"
	case "decision":
		return "decision notice"
	}
	return strings.ReplaceAll(kind, "-", " ")
}

// isUserID reports whether id names a person (a direct message) rather than a conversation.
func isUserID(id string) bool {
	return strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W")
}
