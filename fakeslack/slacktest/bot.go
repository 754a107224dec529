package slacktest

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"hirebot/fakeslack"
)

// StartFunc runs a bot against fake until ctx ends, logging to logs and reading the time from
// clock. Its error is reported when the test ends.
type StartFunc func(ctx context.Context, fake *fakeslack.Server, clock *Clock, logs io.Writer) error

// Bot is a running bot and the fake Slack it is connected to.
type Bot struct {
	T     testing.TB
	Fake  *fakeslack.Server
	Clock *Clock
	Logs  *Logs
	run   StartFunc
	stop  func() error
}

// NewFake starts a fake Slack with the test team; it closes when the test ends.
func NewFake(t testing.TB, opts fakeslack.Options) *fakeslack.Server {
	t.Helper()
	if opts.Now == nil && os.Getenv("HIREBOT_TEST_CLOCK_START") != "" {
		// Slack's own clock runs on from where the bots' clocks start.
		offset := clockStart(t).Sub(time.Now())
		opts.Now = func() time.Time { return time.Now().Add(offset) }
	}
	fake, err := fakeslack.New(opts)
	if err != nil {
		t.Fatalf("start fake Slack: %v", err)
	}
	t.Cleanup(func() { fake.Close() })
	AddTeam(fake)
	return fake
}

// clockStart is where a bot's clock starts: now, or the time HIREBOT_TEST_CLOCK_START gives
// (RFC 3339), to check that the tests hold at any time of day and on any day of the week:
//
//	HIREBOT_TEST_CLOCK_START=2026-12-05T22:30:00Z go test ./cmd/hirebot
func clockStart(t testing.TB) time.Time {
	v := os.Getenv("HIREBOT_TEST_CLOCK_START")
	if v == "" {
		return time.Now().UTC().Truncate(time.Second)
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Fatalf("HIREBOT_TEST_CLOCK_START=%q: want a time like 2026-12-05T22:30:00Z", v)
	}
	return at.UTC()
}

// Start starts the bot with run against fake (see NewFake) and waits until it has a Socket Mode
// connection. The bot is stopped when the test ends; its logs are shown if the test failed, and
// the test fails if they contain a Slack token.
func Start(t testing.TB, fake *fakeslack.Server, run StartFunc) *Bot {
	t.Helper()
	b := &Bot{T: t, Fake: fake, Clock: NewClock(clockStart(t)), Logs: &Logs{}, run: run}
	t.Cleanup(func() {
		if err := b.Stop(); err != nil {
			t.Errorf("the bot stopped with an error: %v", err)
		}
		if logs := b.Logs.String(); strings.Contains(logs, fake.BotToken()) || strings.Contains(logs, fake.AppToken()) {
			t.Error("a Slack token appears in the logs")
		}
		if t.Failed() {
			t.Logf("bot logs:\n%s", b.Logs.String())
		}
	})
	b.Restart()
	return b
}

// Stop stops the bot as a SIGTERM would and returns what it returned; stopping twice is fine.
func (b *Bot) Stop() error {
	if b.stop == nil {
		return nil
	}
	return b.stop()
}

// Restart starts the bot again after Stop (Start starts it the first time) and waits until it
// is connected.
func (b *Bot) Restart() {
	b.T.Helper()
	hellos := b.Fake.Hellos() // the new process's connection is the next hello
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.run(ctx, b.Fake, b.Clock, b.Logs) }()
	var once sync.Once
	var stopErr error
	b.stop = func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	// Wait for this bot's own hello: right after a stop, the fake may not have seen the old
	// connection close yet.
	for b.Fake.Hellos() <= hellos {
		select {
		case <-wctx.Done():
			b.T.Fatalf("the bot did not connect: %v\nlogs:\n%s", wctx.Err(), b.Logs.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := b.Fake.WaitConnected(wctx); err != nil {
		b.T.Fatalf("the bot did not connect: %v\nlogs:\n%s", err, b.Logs.String())
	}
}

// Ctx is a context for one step of a test: it ends after thirty seconds (a bound for a step that
// never comes, generous for a loaded machine running tests side by side), or with the test.
func (b *Bot) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	b.T.Cleanup(cancel)
	return ctx
}

// Command runs a slash command as user in channel and returns the reply the user sees.
func (b *Bot) Command(user, channel, command, text string) fakeslack.Message {
	b.T.Helper()
	_, msg := b.CommandAck(user, channel, command, text)
	return msg
}

// CommandAck runs a slash command as user in channel and returns its ack and the reply the user
// sees (riding on the ack, or through the response_url).
func (b *Bot) CommandAck(user, channel, command, text string) (fakeslack.Ack, fakeslack.Message) {
	b.T.Helper()
	ctx := b.Ctx()
	cursor := b.Fake.Cursor()
	// The reply is a new message: an earlier one changed meanwhile through its own response_url
	// (a click's late "Sharing…") is not it.
	earlier := map[string]bool{}
	for _, m := range b.Fake.Messages(channel) {
		earlier[m.TS] = true
	}
	env, err := b.Fake.SlashCommand(ctx, user, channel, command, text)
	if err != nil {
		b.T.Fatalf("%s %s: %v", command, text, err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		b.T.Fatalf("%s %s was not acked: %v", command, text, err)
	}
	msg, err := b.Fake.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool {
		return m.Channel == channel && m.User == b.Fake.BotUserID() && (m.VisibleTo == user || !m.Ephemeral) &&
			(m.Via == fakeslack.ViaAck || m.Via == fakeslack.ViaResponseURL) && // a reply, not another post
			!earlier[m.TS]
	})
	if err != nil {
		b.T.Fatalf("%s %s: no reply: %v\nlogs:\n%s", command, text, err, b.Logs.String())
	}
	return ack, msg
}

// Run sends a slash command that answers by opening a modal, and waits only for its ack.
func (b *Bot) Run(user, channel, command, text string) {
	b.T.Helper()
	ctx := b.Ctx()
	env, err := b.Fake.SlashCommand(ctx, user, channel, command, text)
	if err != nil {
		b.T.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		b.T.Fatalf("%s %s not acked: %v", command, text, err)
	}
}

// WaitView waits for user's open modal with callbackID.
func (b *Bot) WaitView(user, callbackID string) fakeslack.View {
	b.T.Helper()
	return b.WaitViewAfter(0, user, callbackID)
}

// WaitViewAfter waits for user's open modal with callbackID, opened or changed after cursor.
func (b *Bot) WaitViewAfter(cursor uint64, user, callbackID string) fakeslack.View {
	b.T.Helper()
	v, err := b.Fake.WaitViewAfter(b.Ctx(), cursor, func(v fakeslack.View) bool {
		return v.UserID == user && v.CallbackID == callbackID && !v.Closed
	})
	if err != nil {
		b.T.Fatalf("no %s modal for %s: %v\nlogs:\n%s", callbackID, user, err, b.Logs.String())
	}
	return v
}

// SubmitView submits a modal and returns the ack and the view as it is after the ack.
func (b *Bot) SubmitView(user string, v fakeslack.View, values map[string]map[string]fakeslack.Value) (fakeslack.Ack, fakeslack.View) {
	b.T.Helper()
	ctx := b.Ctx()
	env, err := b.Fake.SubmitView(ctx, user, v.ID, values)
	if err != nil {
		b.T.Fatalf("submit %s: %v", v.CallbackID, err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		b.T.Fatalf("submission of %s not acked: %v\nlogs:\n%s", v.CallbackID, err, b.Logs.String())
	}
	after, _ := b.Fake.View(v.ID)
	return ack, after
}

// Submit submits a modal and returns the ack's payload.
func (b *Bot) Submit(user string, v fakeslack.View, values map[string]map[string]fakeslack.Value) string {
	b.T.Helper()
	ack, _ := b.SubmitView(user, v, values)
	return string(ack.Payload)
}

// SubmitOK submits a modal that Slack must accept, and returns the view after the ack.
func (b *Bot) SubmitOK(user string, v fakeslack.View, values map[string]map[string]fakeslack.Value) fakeslack.View {
	b.T.Helper()
	ack, after := b.SubmitView(user, v, values)
	if len(ack.Errors) > 0 {
		b.T.Fatalf("Slack refused the answer to %s: %v", v.CallbackID, ack.Errors)
	}
	return after
}

// WaitDM waits for a direct message from the bot to user that contains want, posted after
// cursor.
func (b *Bot) WaitDM(cursor uint64, user, want string) fakeslack.Message {
	b.T.Helper()
	return b.WaitDMMatch(cursor, user, func(m fakeslack.Message) bool { return strings.Contains(Texts(b.T, m), want) })
}

// WaitDMMatch waits for a direct message from the bot to user, posted after cursor, that match
// accepts.
func (b *Bot) WaitDMMatch(cursor uint64, user string, match func(fakeslack.Message) bool) fakeslack.Message {
	b.T.Helper()
	dm := b.Fake.DMChannel(user)
	m, err := b.Fake.WaitMessageAfter(b.Ctx(), cursor, func(m fakeslack.Message) bool {
		return m.Channel == dm && m.User == b.Fake.BotUserID() && !m.Deleted && match(m)
	})
	if err != nil {
		b.T.Fatalf("no matching direct message to %s: %v\nlogs:\n%s", user, err, b.Logs.String())
	}
	return m
}

// DMsContaining counts the bot's current direct messages to user that contain want.
func (b *Bot) DMsContaining(user, want string) int {
	n := 0
	for _, m := range b.Fake.Messages(b.Fake.DMChannel(user)) {
		if strings.Contains(Texts(b.T, m), want) {
			n++
		}
	}
	return n
}

// Click clicks a button in a message and waits for the ack.
func (b *Bot) Click(user string, m fakeslack.Message, actionID string) {
	b.T.Helper()
	ctx := b.Ctx()
	env, err := b.Fake.ClickButton(ctx, user, m, actionID)
	if err != nil {
		b.T.Fatalf("click %s: %v", actionID, err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		b.T.Fatalf("click %s not acked: %v", actionID, err)
	}
}

// ClickView clicks a button in user's modal and waits for the ack.
func (b *Bot) ClickView(user string, v fakeslack.View, actionID string) {
	b.T.Helper()
	ctx := b.Ctx()
	env, err := b.Fake.ClickViewButton(ctx, user, v, actionID)
	if err != nil {
		b.T.Fatalf("click %s: %v", actionID, err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		b.T.Fatalf("click %s was not acked: %v", actionID, err)
	}
}

// Texts is every text a message's blocks show, joined after its fallback text, for asserting on
// what the user reads.
func Texts(t testing.TB, m fakeslack.Message) string {
	t.Helper()
	var decoded any
	if len(m.Blocks) > 0 {
		if err := json.Unmarshal(m.Blocks, &decoded); err != nil {
			t.Fatalf("message blocks are not JSON: %v", err)
		}
	}
	var out []string
	Walk(decoded, func(x map[string]any) {
		if s, ok := x["text"].(string); ok {
			out = append(out, s)
		}
	})
	return m.Text + "\n" + strings.Join(out, "\n")
}

// MustContain fails the test for each of wants that text lacks.
func MustContain(t testing.TB, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}
