// Package bot connects hirebot to Slack over Socket Mode: it receives envelopes, acks them within
// Slack's three seconds, dispatches them to package handlers and performs the Slack I/O their
// responses ask for.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/handlers"
)

// Defaults for Config's timing fields.
const (
	DefaultAckBudget      = 2 * time.Second
	DefaultHandlerTimeout = 15 * time.Second
	DefaultDrainTimeout   = 20 * time.Second
	DefaultPerformTimeout = 30 * time.Second
	// DefaultServeWhileDraining is how long shutdown goes on serving new requests while earlier
	// ones finish (see Config.ServeWhileDraining).
	DefaultServeWhileDraining = 5 * time.Second
	// DefaultFlushGrace is how long shutdown waits for the last acks to leave: an ack call only
	// queues the frame for the socket's writer.
	DefaultFlushGrace = 250 * time.Millisecond
	// abortGrace is how long shutdown waits, once the drain gave up and cancelled the work still
	// running, for that work to return: Slack calls and rate-limit waits end with their context.
	abortGrace = 2 * time.Second
)

// Config holds what the bot needs to reach Slack.
type Config struct {
	AppToken string // xapp-…, opens Socket Mode connections
	BotToken string // xoxb-…, calls the Web API
	APIURL   string // Web API base URL ending in "/"; empty means Slack's own
	Logger   *slog.Logger

	// AckBudget is how long a slash command may take before the bot acks it empty and sends the
	// reply through the response_url instead. It must stay well under Slack's 3 s.
	AckBudget time.Duration
	// RepeatWait is how long a repeat delivery waits for the first delivery's ack, to ack the
	// same; zero means AckBudget and a little more, within the repeat's own 3 s.
	RepeatWait time.Duration
	// HandlerTimeout bounds one handler run.
	HandlerTimeout time.Duration
	// PerformTimeout bounds, beside HandlerTimeout, the Slack calls that carry out a response
	// (views, replies, posts, follow-ups, Home tabs), rate-limit waits included: an envelope's
	// work ends at HandlerTimeout+PerformTimeout at the latest.
	PerformTimeout time.Duration
	// DrainTimeout bounds how long shutdown waits for in-flight events; then their work is
	// cancelled.
	DrainTimeout time.Duration
	// ServeWhileDraining is how long, once shutdown begins, requests that arrive are still
	// served while earlier ones are running (DefaultServeWhileDraining when zero; negative turns
	// them away at once). The process can still do the work, and with several replicas Slack
	// sends to this one until its connection closes. After it, or once nothing is running, new
	// requests are turned away until the drain ends (see turnAway).
	ServeWhileDraining time.Duration
	// FlushGrace is how long shutdown waits, after the last event, for queued acks to leave
	// before the connection closes (DefaultFlushGrace in production; zero waits not at all).
	FlushGrace time.Duration
	// HomeDebounce is how long a Home tab refresh waits for more changes before it is published
	// (DefaultHomeDebounce when zero).
	HomeDebounce time.Duration
	// Now is the clock (time zone cache ages); nil means time.Now.
	Now func() time.Time
	// AfterFunc runs f in its own goroutine after d, like time.AfterFunc (the default when nil);
	// it times the Home tab's debounce, so that a test can drive it.
	AfterFunc func(d time.Duration, f func()) Timer
	// RateLimitClock times how long a rate-limited method is held (see rateGate): the wall clock
	// when nil, as slack-go's own waits are; a test may hand its clock over to drive the holds.
	RateLimitClock Clock
	// HTTPClient is used for the Web API and response URLs; nil means a client with a timeout. The
	// bot uses a copy whose transport holds rate-limited methods (see rateGate) and counts calls.
	HTTPClient *http.Client
	// APIRetries is how many times a rate-limited Web API call is retried in place, after
	// Retry-After, before its caller hears of the 429 (slack-go's own retries): zero means
	// DefaultAPIRetries, a negative number none (for a test that counts the outbox's retries).
	APIRetries int
	// Metrics, when set, records events, ack latency, failures and Slack calls.
	Metrics *Metrics
}

// DefaultAPIRetries is how many times a rate-limited call is retried in place by default.
const DefaultAPIRetries = 3

// Bot is a running Socket Mode connection plus dispatch.
type Bot struct {
	cfg       Config
	log       *slog.Logger
	router    *Router
	api       *slack.Client
	socket    *socketmode.Client
	responder *responder
	seen      *seenSet
	zones     *zoneCache
	home      *homePublisher
	inflight  sync.WaitGroup
	busy      atomic.Int64   // requests being handled, as inflight counts them
	idle      chan struct{}  // a signal, when busy falls to zero
	notices   sync.WaitGroup // users told, during shutdown, that hirebot is restarting
	// abort is the parent of every envelope's work and every Home refresh; it is cancelled when
	// shutdown stops waiting for them, so that nothing runs on once Run has returned.
	abort     context.Context
	abortWork context.CancelFunc
	connected atomic.Bool
	// sendAck queues an ack frame on the socket; benchmarks replace it to stop at the bytes.
	sendAck func(ctx context.Context, envelopeID string, payload any) error
	// ackCtx bounds the wait to queue an ack: the socket's lifetime, set by Run before the first
	// request. An ack waits out a reconnect, as slack-go's own Ack does (Slack delivers again what
	// it missed), and gives up when the socket client stops or gives up.
	ackCtx context.Context
}

// New checks the configuration and prepares a bot with its Web API client; Run connects it.
func New(cfg Config) (*Bot, error) {
	if cfg.AppToken == "" || cfg.BotToken == "" {
		return nil, errors.New("bot: both an app token and a bot token are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.AckBudget = orDefault(cfg.AckBudget, DefaultAckBudget)
	cfg.HandlerTimeout = orDefault(cfg.HandlerTimeout, DefaultHandlerTimeout)
	cfg.PerformTimeout = orDefault(cfg.PerformTimeout, DefaultPerformTimeout)
	cfg.DrainTimeout = orDefault(cfg.DrainTimeout, DefaultDrainTimeout)
	if cfg.ServeWhileDraining == 0 {
		cfg.ServeWhileDraining = DefaultServeWhileDraining
	}
	cfg.HomeDebounce = orDefault(cfg.HomeDebounce, DefaultHomeDebounce)
	cfg.RepeatWait = orDefault(cfg.RepeatWait, min(cfg.AckBudget+200*time.Millisecond, 2500*time.Millisecond))
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AfterFunc == nil {
		cfg.AfterFunc = func(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	cfg.HTTPClient = withTransport(cfg.HTTPClient, cfg.Logger, cfg.Metrics, cfg.RateLimitClock)
	if cfg.APIRetries == 0 {
		cfg.APIRetries = DefaultAPIRetries
	}
	opts := []slack.Option{
		slack.OptionHTTPClient(cfg.HTTPClient),
		slack.OptionAppLevelToken(cfg.AppToken),
		slack.OptionRetry(cfg.APIRetries), // waits out 429 Retry-After, then tries again; none when negative
	}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	api := slack.New(cfg.BotToken, opts...)
	socket := socketmode.New(api,
		socketmode.OptionLog(slog.NewLogLogger(cfg.Logger.With("component", "socketmode").Handler(), slog.LevelDebug)),
	)
	b := &Bot{
		cfg:       cfg,
		idle:      make(chan struct{}, 1),
		log:       cfg.Logger,
		api:       api,
		socket:    socket,
		responder: &responder{client: cfg.HTTPClient},
		seen:      newSeenSet(seenLimit, seenMaxAge, seenMaxBytes, cfg.Now),
		zones:     newZoneCache(time.Hour),
	}
	b.abort, b.abortWork = context.WithCancel(context.Background())
	b.sendAck = socket.AckCtx
	b.ackCtx = context.Background()
	b.home = newHomePublisher(b)
	return b, nil
}

// withTransport copies client with its transport wrapped: calls are counted (with metrics) as they
// go out, and a rate-limited method is held for every caller (rateGate).
func withTransport(client *http.Client, log *slog.Logger, metrics *Metrics, clock Clock) *http.Client {
	next := client.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	if metrics != nil {
		next = countingTransport{next: next, metrics: metrics}
	}
	wrapped := *client
	wrapped.Transport = newRateGate(next, log, clock)
	return &wrapped
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Connected reports whether the bot has a live Socket Mode connection.
func (b *Bot) Connected() bool { return b.connected.Load() }

// Run connects to Slack and serves events with router until ctx is cancelled, then lets
// in-flight events finish (bounded by DrainTimeout, after which their work is cancelled) before
// it returns. It returns an error only when Slack refuses the tokens or the connection cannot be
// kept.
func (b *Bot) Run(ctx context.Context, router *Router) error {
	b.router = router
	if _, err := b.api.AuthTestContext(ctx); err != nil {
		return fmt.Errorf("check bot token with auth.test: %w", err)
	}
	// The socket outlives ctx so that in-flight events can still ack while draining.
	socketCtx, stopSocket := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSocket()
	b.ackCtx = socketCtx
	runErr := make(chan error, 1)
	go func() {
		err := b.socket.RunContext(socketCtx)
		stopSocket() // a socket client that gave up takes no more acks: nobody waits to queue one
		runErr <- err
	}()

	err := b.serve(ctx, runErr)
	b.drain()
	b.notices.Wait()
	b.abortWork()
	// An ack call only queues the frame; give the socket's writer a moment to send the last ones
	// before the connection closes.
	time.Sleep(b.cfg.FlushGrace)
	stopSocket()
	b.connected.Store(false)
	return err
}

// serve reads events until ctx ends or the socket client gives up.
func (b *Bot) serve(ctx context.Context, runErr <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-runErr:
			if err == nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt, ok := <-b.socket.Events:
			if !ok {
				return errors.New("socket mode: event stream closed")
			}
			b.route(evt)
		}
	}
}

// drain waits for in-flight events, and then for the Home refresh being published, to finish;
// after DrainTimeout it cancels their work and waits abortGrace more for it to return. It keeps reading the socket's event stream meanwhile: the
// socket client blocks (and so stops sending acks) when nobody reads it. Requests arriving now
// are turned away (see turnAway).
func (b *Bot) drain() {
	b.log.Info("shutdown: waiting for in-flight events")
	began := time.Now()
	b.serveWhileBusy(min(b.cfg.ServeWhileDraining, b.cfg.DrainTimeout))
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		b.home.stop() // after the events: they may schedule refreshes
		close(done)
	}()
	if b.turnAwayUntil(done, b.cfg.DrainTimeout-time.Since(began)) {
		return
	}
	b.log.Warn("shutdown: gave up waiting for in-flight events; cancelling them", "timeout", b.cfg.DrainTimeout)
	b.abortWork()
	if b.turnAwayUntil(done, abortGrace) {
		return
	}
	b.log.Error("shutdown: in-flight events still running after they were cancelled", "grace", abortGrace)
}

// serveWhileBusy goes on serving the requests that arrive, as before shutdown, while earlier
// ones are running, for up to window. It returns once nothing runs or window has passed; the
// requests it started are in inflight before drain waits on it.
func (b *Bot) serveWhileBusy(window time.Duration) {
	if window <= 0 {
		return
	}
	timer := time.NewTimer(window)
	defer timer.Stop()
	for b.busy.Load() > 0 {
		select {
		case <-b.idle: // then look again: a signal may be older than the last request
		case <-timer.C:
			return
		case evt := <-b.socket.Events:
			b.route(evt)
		}
	}
}

// started counts a request in, before its goroutine starts; finished counts it out.
func (b *Bot) started() {
	b.inflight.Add(1)
	b.busy.Add(1)
}

func (b *Bot) finished() {
	if b.busy.Add(-1) == 0 {
		select {
		case b.idle <- struct{}{}:
		default:
		}
	}
	b.inflight.Done()
}

// turnAwayUntil turns away the requests that arrive until done closes (it reports true) or
// timeout passes (false).
func (b *Bot) turnAwayUntil(done <-chan struct{}, timeout time.Duration) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case <-done:
			return true
		case <-timer.C:
			return false
		case evt := <-b.socket.Events:
			b.turnAway(evt)
		}
	}
}

// restartingText is what a request arriving during shutdown is answered.
const restartingText = "hirebot is restarting. Please try again in a few seconds."

// turnAway answers a request that arrives during shutdown. A slash command is told to try again;
// a form submission keeps its modal open with the same note on its first input; a button click or
// shortcut is acked and its user told privately. Slack retries only Events API envelopes: an
// interaction left unacked would show the user "trouble connecting" and be lost. An event, and a
// closed modal, are left unacked for Slack to deliver again once hirebot is back.
func (b *Bot) turnAway(evt socketmode.Event) {
	if evt.Request == nil {
		return
	}
	e := &envelope{req: evt.Request, log: b.log.With("envelope", evt.Request.EnvelopeID), received: time.Now()}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		b.ack(e, newMessageBody(userErrorMessage(&handlers.UserError{Msg: restartingText})))
	case slack.InteractionCallback:
		switch data.Type {
		case slack.InteractionTypeViewClosed:
			return
		case slack.InteractionTypeViewSubmission:
			if block := firstInputBlock(data.View.Blocks); block != "" {
				b.ack(e, slack.NewErrorsViewSubmissionResponse(map[string]string{
					block: "hirebot is restarting. Please submit again in a few seconds."}))
				return
			}
		}
		b.ack(e, nil)
		b.tellRestarting(e.log, origin{userID: data.User.ID, responseURL: data.ResponseURL})
	}
}

// tellRestarting tells the user whose request was turned away, privately, to try again. It runs
// beside the drain, bounded by a short timeout of its own (the drain may have cancelled the
// work's), and Run waits for it before the connection closes.
func (b *Bot) tellRestarting(log *slog.Logger, o origin) {
	b.notices.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.reply(ctx, log, o, []handlers.Message{userErrorMessage(&handlers.UserError{Msg: restartingText})})
	})
}

// workContext is the context of one envelope's work: cancelled when shutdown gives up on it, and
// ended after the handler's and the response's time limits in any case.
func (b *Bot) workContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.abort, b.cfg.HandlerTimeout+b.cfg.PerformTimeout)
}

// appTokenRejected is logged when Slack refuses the app token while (re)connecting: it names
// the variable and the fix, as start-up does for a missing or refused token.
const appTokenRejected = "Slack rejected the app token (SLACK_APP_TOKEN) when opening a Socket Mode connection: " +
	"it was revoked, or the app was deleted or reinstalled. Create an app-level token with connections:write under " +
	"Basic Information → App-Level Tokens (xapp-…), set SLACK_APP_TOKEN to it and restart hirebot."

// route handles connection events inline and starts a goroutine per request, so the socket's
// reader is never held up (a stalled reader misses Slack's pings and drops the connection).
func (b *Bot) route(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.connected.Store(false) // also a reconnect after a ping timeout, which reports nothing else
		b.log.Debug("connecting to Slack")
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.log.Info("connected to Slack")
	case socketmode.EventTypeHello:
		b.connected.Store(true)
	case socketmode.EventTypeConnectionError:
		b.connected.Store(false)
		b.log.Warn("Slack connection failed; retrying", "err", evt.Data)
	case socketmode.EventTypeDisconnect:
		b.connected.Store(false)
		b.log.Info("Slack asked to reconnect")
	case socketmode.EventTypeInvalidAuth:
		b.log.Error(appTokenRejected)
	case socketmode.EventTypeErrorBadMessage:
		bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
		if !ok {
			return
		}
		b.cfg.Metrics.eventReceived(string(evt.Type))
		b.started()
		go func() {
			defer b.finished()
			ctx, cancel := b.workContext()
			defer cancel()
			b.ackUndecodable(ctx, bad)
		}()
	case socketmode.EventTypeErrorWriteFailed:
		// Only the cause: the response it failed to write carries what users typed.
		if wf, ok := evt.Data.(*socketmode.ErrorWriteFailed); ok {
			var envelopeID string
			if wf.Response != nil {
				envelopeID = wf.Response.EnvelopeID
			}
			b.log.Warn("socket mode write failed", "envelope", envelopeID, "err", wf.Cause)
		}
	case socketmode.EventTypeIncomingError:
		b.log.Warn("socket mode error", "type", evt.Type, "detail", evt.Data)
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		b.cfg.Metrics.eventReceived(string(evt.Type))
		received := time.Now()
		b.started()
		go func() {
			defer b.finished()
			ctx, cancel := b.workContext()
			defer cancel()
			b.handleRequest(ctx, evt, received)
		}()
	}
}
