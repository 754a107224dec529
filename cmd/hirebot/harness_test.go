package main

import (
	"context"
	"io"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"hirebot/data/datatest"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// harness is hirebot, wired as run wires it, against the fake Slack through the shared
// slacktest harness, with its clock in the test's hands.
type harness struct {
	*slacktest.Bot
	app atomic.Pointer[app]
}

func newFake(t testing.TB, opts fakeslack.Options) *fakeslack.Server {
	t.Helper()
	return slacktest.NewFake(t, opts)
}

// startBot starts hirebot against fake with the given extra environment and waits until it has
// a Socket Mode connection. The bot is stopped (as by SIGTERM) when the test ends. Its database
// is a new SQLite file, or with HIREBOT_TEST_STORE=postgres a new PostgreSQL schema, so that
// `HIREBOT_TEST_STORE=postgres go test ./cmd/hirebot` runs the end-to-end tests on PostgreSQL.
func startBot(t testing.TB, fake *fakeslack.Server, extra map[string]string) *harness {
	t.Helper()
	return startBotWith(t, fake, extra, appOptions{})
}

// startBotUnscheduled is startBot without the reminder schedule, and so without the sweep at
// start-up, which on a slow start may run after the test has recorded its interviews: only the
// test's own sweeps (harness.sweep) run.
func startBotUnscheduled(t testing.TB, fake *fakeslack.Server, extra map[string]string) *harness {
	t.Helper()
	return startBotWith(t, fake, extra, appOptions{noSchedule: true})
}

// startBotWith is startBot with opts (its clock and debounce set by the harness).
func startBotWith(t testing.TB, fake *fakeslack.Server, extra map[string]string, opts appOptions) *harness {
	t.Helper()
	db := filepath.Join(t.TempDir(), "hirebot.db")
	if datatest.OnPostgres() {
		db = datatest.PostgresURL(t)
	}
	env := map[string]string{
		"SLACK_APP_TOKEN":   fake.AppToken(),
		"SLACK_BOT_TOKEN":   fake.BotToken(),
		"SLACK_API_URL":     fake.APIURL(),
		"HIREBOT_DB":        db,
		"HIREBOT_LOG_LEVEL": "debug",
		// The schedule runs on the test clock: a sweep at every start-up, then one for each day the
		// clock moves; tests also sweep when they say so (harness.sweep).
		"HIREBOT_REMINDER_SCHEDULE": "@every 24h",
	}
	for k, v := range extra {
		env[k] = v
	}
	h := &harness{}
	h.Bot = slacktest.Start(t, fake, func(ctx context.Context, _ *fakeslack.Server, clock *slacktest.Clock, logs io.Writer) error {
		cfg, err := parseConfig(nil, func(k string) string { return env[k] }, logs)
		if err != nil {
			return err
		}
		opts.clock, opts.homeDebounce = clock, 50*time.Millisecond
		a, err := newApp(ctx, cfg, newLogger(cfg, logs), opts)
		if err != nil {
			return err
		}
		h.app.Store(a)
		return a.run(ctx, nil)
	})
	h.waitCaughtUp()
	return h
}

// Restart starts the bot again after Stop and waits until it is connected and its start-up
// sweep is over.
func (h *harness) Restart() {
	h.T.Helper()
	h.Bot.Restart()
	h.waitCaughtUp()
}

// waitCaughtUp waits until the running app's start-up sweep is over, so that it never runs in
// the middle of a test's steps (on a slow start, it could send what a test's own sweep counts).
func (h *harness) waitCaughtUp() {
	h.T.Helper()
	select {
	case <-h.app.Load().caughtUp:
	case <-h.Ctx().Done():
		h.T.Fatalf("the start-up sweep never ended\nlogs:\n%s", h.Logs.String())
	}
}

// sweep runs the reminder sweep now, at the harness clock's time, and waits until the outbox
// has delivered what it queued. Like the app's own sweep it takes the replicas' job lock; while
// another sweep holds it (on PostgreSQL, the start-up sweep of a slow start) it waits for its
// turn instead of passing, so the test's sweep always runs.
func (h *harness) sweep() handlers.SweepReport {
	h.T.Helper()
	a, ctx := h.app.Load(), h.Ctx()
	var rep handlers.SweepReport
	for {
		ran, err := a.store.Alone(ctx, "sweep", func(ctx context.Context) error {
			var err error
			rep, err = a.sweepNow(ctx)
			return err
		})
		if err != nil {
			h.T.Fatalf("reminder sweep: %v", err)
		}
		if ran {
			break
		}
		select {
		case <-ctx.Done():
			h.T.Fatal("the reminder sweep never got its turn")
		case <-time.After(5 * time.Millisecond):
		}
	}
	h.drainOutbox()
	return rep
}

// drainOutbox delivers the outbox and waits until nothing in it is due or in flight; messages
// waiting for a later retry are left to wait.
func (h *harness) drainOutbox() {
	h.T.Helper()
	a, ctx := h.app.Load(), h.Ctx()
	for {
		if _, err := a.deliver(ctx); err != nil {
			h.T.Fatalf("outbox delivery: %v", err)
		}
		st, err := a.store.OutboxStats(ctx, h.Clock.Now())
		if err != nil {
			h.T.Fatal(err)
		}
		if st.Claimed == 0 && st.Due == 0 {
			// What is left waits for a retry time the clock has not reached. One more run sets
			// the outbox gauges from what is now there: the delivery loop's own run may have
			// sent the last message and not yet set them.
			if _, err := a.deliver(ctx); err != nil {
				h.T.Fatalf("outbox delivery: %v", err)
			}
			return
		}
		select {
		case <-ctx.Done():
			h.T.Fatalf("the outbox still holds %d due messages (%d in flight)", st.Due, st.Claimed)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func texts(t testing.TB, m fakeslack.Message) string {
	t.Helper()
	return slacktest.Texts(t, m)
}

// countMessages counts the messages in channel that match.
func countMessages(fake *fakeslack.Server, channel string, match func(fakeslack.Message) bool) int {
	n := 0
	for _, m := range fake.Messages(channel) {
		if match(m) {
			n++
		}
	}
	return n
}

func mustContain(t testing.TB, text string, wants ...string) {
	t.Helper()
	slacktest.MustContain(t, text, wants...)
}
