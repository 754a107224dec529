package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"hirebot/handlers"
)

// DefaultHomeDebounce is how long a Home tab refresh waits for more changes before it is published:
// a burst of changes (an interview recorded, its heads-ups, a scorecard) costs one views.publish,
// which Slack limits per app (Tier 4).
const DefaultHomeDebounce = time.Second

// handleEvent acks an Events API event at once (nothing rides on its ack) and runs its handler.
// A failure is logged: nobody asked for anything, so nobody is told.
func (b *Bot) handleEvent(ctx context.Context, e *envelope, ev slackevents.EventsAPIEvent) {
	b.ack(e, nil)
	he := handlers.Event{Type: ev.InnerEvent.Type}
	if opened, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
		he.UserID, he.ChannelID, he.Tab = opened.User, opened.Channel, opened.Tab
	}
	log := e.log.With("event", he.Type, "user", he.UserID)
	handle, ok := b.router.Event(he.Type)
	if !ok {
		log.Debug("no handler for event")
		return
	}
	r := b.call(ctx, log, func(ctx context.Context) (handlers.Response, error) { return handle(ctx, he) })
	if r.failure != nil {
		log.Warn("event handler failed", "err", r.failure.Msg)
		return
	}
	b.perform(ctx, log, origin{userID: he.UserID}, r)
}

// performHome publishes a response's Home tab now and schedules the refreshes it asks for.
func (b *Bot) performHome(ctx context.Context, log *slog.Logger, resp handlers.Response) {
	if tab := resp.PublishHome; tab != nil {
		b.home.publish(ctx, log, tab.UserID, tab.View, tab.Opened)
	}
	for _, user := range resp.RefreshHome {
		b.home.schedule(user, b.cfg.HomeDebounce)
	}
}

// Timer is a pending call from Config.AfterFunc; Stop cancels it and reports whether it had not
// run yet.
type Timer interface{ Stop() bool }

// homePublisher publishes Home tabs: at once when a user opens theirs, and after a change
// debounced per user, so that a burst of changes publishes once. Publishes for one user go out
// one at a time, in order. A publish Slack rate limits is tried again after its Retry-After
// (besides the SDK's own retries and the rate gate, which holds views.publish for every caller),
// built again as it was: a tab the user opened still as opened, so a first visitor's welcome
// survives. Slack's taking a tab the user opened is reported to the handlers (Routes.HomeShown).
type homePublisher struct {
	b *Bot

	mu      sync.Mutex
	timers  map[string]Timer       // user → the scheduled refresh
	reopen  map[string]bool        // user → their scheduled refresh retries a tab they opened
	locks   map[string]*sync.Mutex // user → held while building and publishing their tab
	stopped bool
	busy    int            // scheduled and running refreshes
	wg      sync.WaitGroup // the same, to wait for at shutdown
}

func newHomePublisher(b *Bot) *homePublisher {
	return &homePublisher{b: b, timers: map[string]Timer{}, reopen: map[string]bool{}, locks: map[string]*sync.Mutex{}}
}

// schedule refreshes user's Home tab after delay, unless a refresh is already scheduled: that
// one will show this change too.
func (p *homePublisher) schedule(user string, delay time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || p.timers[user] != nil || p.b.router == nil || p.b.router.Home() == nil {
		return
	}
	p.wg.Add(1)
	p.busy++
	p.timers[user] = p.b.cfg.AfterFunc(delay, func() {
		defer p.done()
		p.refresh(user)
	})
}

// done ends a scheduled refresh.
func (p *homePublisher) done() {
	p.mu.Lock()
	p.busy--
	p.mu.Unlock()
	p.wg.Done()
}

// idle reports whether no refresh is scheduled or running.
func (p *homePublisher) idle() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.busy == 0
}

// refresh builds user's Home tab again and publishes it, if they have one. It builds while
// holding the user's lock, so a tab they opened that is being published meanwhile has been
// noted as shown by then.
func (p *homePublisher) refresh(user string) {
	ctx, cancel := context.WithTimeout(p.b.abort, p.b.cfg.HandlerTimeout+p.b.cfg.PerformTimeout)
	defer cancel()
	log := p.b.log.With("home", user)
	lock := p.lock(user)
	defer lock.Unlock()
	p.mu.Lock()
	delete(p.timers, user)
	opened := p.reopen[user]
	delete(p.reopen, user)
	p.mu.Unlock()
	view, err := p.b.router.Home()(ctx, user, opened)
	switch {
	case err != nil:
		log.Error("building the Home tab failed", "err", err)
		return
	case view == nil:
		return // never shown: nothing to keep up to date
	}
	p.send(ctx, log, user, *view, opened)
}

// publish sends user's Home tab with views.publish; opened marks a tab they opened.
func (p *homePublisher) publish(ctx context.Context, log *slog.Logger, user string, view slack.HomeTabViewRequest, opened bool) {
	defer p.lock(user).Unlock()
	p.send(ctx, log, user, view, opened)
}

// lock takes user's lock and returns it.
func (p *homePublisher) lock(user string) *sync.Mutex {
	p.mu.Lock()
	lock := p.locks[user]
	if lock == nil {
		lock = &sync.Mutex{}
		p.locks[user] = lock
	}
	p.mu.Unlock()
	lock.Lock()
	return lock
}

// send calls views.publish, with user's lock held. Once Slack has taken a tab the user opened,
// the handlers hear of it; a rate-limited publish is scheduled again, still as opened if it was.
func (p *homePublisher) send(ctx context.Context, log *slog.Logger, user string, view slack.HomeTabViewRequest, opened bool) {
	_, err := p.b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
	if err == nil {
		if shown := p.b.router.HomeShown(); opened && shown != nil {
			if err := shown(ctx, user); err != nil {
				log.Error("noting the Home tab shown failed", "err", err)
			}
		}
		return
	}
	var limited *slack.RateLimitedError
	if errors.As(err, &limited) {
		log.Warn("views.publish rate limited; trying again later", "retry_after", limited.RetryAfter)
		if opened {
			p.mu.Lock()
			p.reopen[user] = true
			p.mu.Unlock()
		}
		p.schedule(user, max(limited.RetryAfter, p.b.cfg.HomeDebounce))
		return
	}
	log.Error("views.publish failed", "err", describe(err))
}

// stop cancels the scheduled refreshes and waits for running ones.
func (p *homePublisher) stop() {
	p.mu.Lock()
	p.stopped = true
	for user, t := range p.timers {
		if t.Stop() {
			p.busy--
			p.wg.Done()
		}
		delete(p.timers, user)
	}
	clear(p.reopen)
	p.mu.Unlock()
	p.wg.Wait()
}

// HomeIdle reports whether no request is being handled (its response may still ask for a
// refresh) and no Home tab refresh is waiting out its debounce or being published: then every
// change so far is on the tabs. A request counts until its response is carried out, and the
// requests are looked at first, so a refresh one asked for is seen.
func (b *Bot) HomeIdle() bool { return b.busy.Load() == 0 && b.home.idle() }
