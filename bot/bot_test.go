package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/handlers"
)

// testBot runs a Bot with the given routes against a fake Slack until the test ends.
type testBot struct {
	t    *testing.T
	fake *fakeslack.Server
	bot  *Bot
	stop context.CancelFunc
	done chan error
}

func startTestBot(t *testing.T, routes handlers.Routes, tweak func(*Config)) *testBot {
	t.Helper()
	fake, err := fakeslack.New(fakeslack.Options{AckTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	cfg := Config{AppToken: fake.AppToken(), BotToken: fake.BotToken(), APIURL: fake.APIURL(),
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if tweak != nil {
		tweak(&cfg)
	}
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tb := &testBot{t: t, fake: fake, bot: b, stop: cancel, done: make(chan error, 1)}
	go func() { tb.done <- b.Run(ctx, NewRouter(routes)) }()
	t.Cleanup(func() { cancel(); <-tb.done })
	if err := fake.WaitConnected(tb.ctx()); err != nil {
		t.Fatalf("bot did not connect: %v", err)
	}
	return tb
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (tb *testBot) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	tb.t.Cleanup(cancel)
	return ctx
}

// command sends a slash command and returns its ack and the reply the user sees.
func (tb *testBot) command(name, text string) (fakeslack.Ack, fakeslack.Message) {
	tb.t.Helper()
	ctx := tb.ctx()
	cursor := tb.fake.Cursor()
	env, err := tb.fake.SlashCommand(ctx, fakeslack.Recruiter, fakeslack.Hiring, name, text)
	if err != nil {
		tb.t.Fatal(err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		tb.t.Fatalf("%s not acked: %v", name, err)
	}
	msg, err := tb.fake.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool {
		return m.User == tb.fake.BotUserID() && m.VisibleTo == fakeslack.Recruiter
	})
	if err != nil {
		tb.t.Fatalf("%s: no reply: %v", name, err)
	}
	return ack, msg
}

func textReply(text string) handlers.Response {
	return handlers.Reply(handlers.Message{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)}})
}

func commandRoutes(cmds map[string]handlers.CommandFunc) handlers.Routes {
	var r handlers.Routes
	for name, fn := range cmds {
		r.Commands = append(r.Commands, handlers.CommandSpec{Name: name, Description: "test", Handle: fn})
	}
	return r
}

func TestPanicIsRecoveredAndTheBotKeepsRunning(t *testing.T) {
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/boom": func(context.Context, handlers.Command) (handlers.Response, error) { panic("kaboom") },
		"/ok": func(context.Context, handlers.Command) (handlers.Response, error) {
			return textReply("still here"), nil
		},
	}), nil)
	_, msg := tb.command("/boom", "")
	if !strings.Contains(msg.Text, "Sorry, something went wrong") || strings.Contains(msg.Text, "kaboom") {
		t.Errorf("user saw %q, want a short apology without internals", msg.Text)
	}
	if _, msg := tb.command("/ok", ""); msg.Text != "still here" {
		t.Errorf("after a panic the bot answered %q", msg.Text)
	}
}

func TestErrorsReachTheUserWithoutInternals(t *testing.T) {
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/user": func(context.Context, handlers.Command) (handlers.Response, error) {
			return handlers.Response{}, &handlers.UserError{Msg: "Try /salary seattle instead."}
		},
		"/internal": func(context.Context, handlers.Command) (handlers.Response, error) {
			return handlers.Response{}, errors.New("database is locked at /var/secret.db")
		},
	}), nil)
	if _, msg := tb.command("/user", ""); msg.Text != "Try /salary seattle instead." {
		t.Errorf("user error shown as %q", msg.Text)
	}
	if _, msg := tb.command("/internal", ""); strings.Contains(msg.Text, "secret") || msg.Text != handlers.ApologyText {
		t.Errorf("internal error shown as %q", msg.Text)
	}
}

func TestSlowCommandRepliesThroughResponseURL(t *testing.T) {
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/slow": func(ctx context.Context, _ handlers.Command) (handlers.Response, error) {
			time.Sleep(300 * time.Millisecond)
			return textReply("worth the wait"), nil
		},
	}), func(c *Config) { c.AckBudget = 50 * time.Millisecond })
	ack, msg := tb.command("/slow", "")
	if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Errorf("slow command acked with payload %s, want an empty ack", ack.Payload)
	}
	if msg.Text != "worth the wait" || msg.Via != fakeslack.ViaResponseURL {
		t.Errorf("reply %q via %s, want it through the response_url", msg.Text, msg.Via)
	}
}

func TestLargeReplyGoesThroughResponseURL(t *testing.T) {
	big := strings.Repeat("x", 2900)
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/big": func(context.Context, handlers.Command) (handlers.Response, error) {
			var blocks []slack.Block
			for range 9 { // 9 sections of 2900 characters: over 20 KB as an ack
				blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, big, false, false), nil, nil))
			}
			return handlers.Reply(handlers.Message{Text: "big", Blocks: blocks}), nil
		},
	}), nil)
	ack, msg := tb.command("/big", "")
	if len(ack.Payload) > 0 && string(ack.Payload) != "null" {
		t.Errorf("an ack of %d bytes was sent; Slack drops acks of 20 KB or more", len(ack.Payload))
	}
	if msg.Via != fakeslack.ViaResponseURL {
		t.Errorf("large reply went via %s, want response_url", msg.Via)
	}
}

func TestReconnectsAfterDropAndRefresh(t *testing.T) {
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/ping": func(context.Context, handlers.Command) (handlers.Response, error) { return textReply("pong"), nil },
	}), nil)
	for _, fault := range []struct {
		name   string
		inject func()
	}{
		{"dropped socket", tb.fake.DropConnections},
		{"refresh requested", tb.fake.RequestRefresh},
	} {
		hellos := tb.fake.Hellos()
		fault.inject()
		if _, msg := tb.command("/ping", ""); msg.Text != "pong" {
			t.Errorf("after %s the bot answered %q", fault.name, msg.Text)
		}
		if tb.fake.Hellos() <= hellos {
			t.Errorf("after %s the bot did not open a new connection", fault.name)
		}
	}
}

func TestShutdownLetsInFlightEventsFinish(t *testing.T) {
	started := make(chan struct{})
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/slow": func(context.Context, handlers.Command) (handlers.Response, error) {
			close(started)
			time.Sleep(200 * time.Millisecond)
			return textReply("finished"), nil
		},
	}), func(c *Config) { c.FlushGrace = DefaultFlushGrace }) // the last ack must leave before the socket closes
	ctx := tb.ctx()
	env, err := tb.fake.SlashCommand(ctx, fakeslack.Recruiter, fakeslack.Hiring, "/slow", "")
	if err != nil {
		t.Fatal(err)
	}
	<-started
	tb.stop() // as SIGTERM would
	if err := <-tb.done; err != nil {
		t.Fatalf("Run returned %v", err)
	}
	tb.done <- nil // for the cleanup
	ack, err := env.WaitAck(ctx)
	if err != nil || !strings.Contains(string(ack.Payload), "finished") {
		t.Errorf("in-flight command was not answered before shutdown: ack %s, %v", ack.Payload, err)
	}
}

func TestWrongTokenStopsWithAnError(t *testing.T) {
	fake, err := fakeslack.New(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	b, err := New(Config{AppToken: fake.AppToken(), BotToken: "xoxb-wrong", APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Run(ctx, NewRouter(handlers.Routes{})); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("Run with a wrong bot token = %v, want invalid_auth", err)
	}
}

func TestPostWaitsOutRateLimits(t *testing.T) {
	var calls atomic.Int32
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/dm": func(context.Context, handlers.Command) (handlers.Response, error) {
			calls.Add(1)
			return handlers.Response{Posts: []handlers.Post{{Channel: fakeslack.Interviewer1,
				Message: handlers.Message{Text: "a reminder"}}}}, nil
		},
	}), nil)
	tb.fake.RateLimit("chat.postMessage", 1, time.Second)
	ctx := tb.ctx()
	env, err := tb.fake.SlashCommand(ctx, fakeslack.Recruiter, fakeslack.Hiring, "/dm", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	dm, err := tb.fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "a reminder" })
	if err != nil {
		t.Fatalf("rate-limited post never arrived: %v", err)
	}
	if dm.Channel != tb.fake.DMChannel(fakeslack.Interviewer1) {
		t.Errorf("post went to %s, want the interviewer's DM", dm.Channel)
	}
	if n := len(tb.fake.Calls("chat.postMessage")); n < 2 {
		t.Errorf("chat.postMessage called %d times, want a retry after the 429", n)
	}
	if calls.Load() != 1 {
		t.Errorf("handler ran %d times", calls.Load())
	}
}

// TestRepeatDeliveryIsAckedButNotHandledTwice makes Slack give up waiting for an ack and
// deliver the envelope again (retry_attempt 1): the repeat is acked, and the command runs once.
func TestRepeatDeliveryIsAckedButNotHandledTwice(t *testing.T) {
	var runs atomic.Int32
	release := make(chan struct{})
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/once": func(context.Context, handlers.Command) (handlers.Response, error) {
			runs.Add(1)
			<-release
			return textReply("done"), nil
		},
	}), func(c *Config) { c.AckBudget = 5 * time.Second }) // longer than the fake's 500 ms ack timeout
	ctx := tb.ctx()
	env, err := tb.fake.SlashCommand(ctx, fakeslack.Recruiter, fakeslack.Hiring, "/once", "")
	if err != nil {
		t.Fatal(err)
	}
	ack, err := env.WaitAck(ctx)
	close(release)
	if err != nil {
		t.Fatalf("the repeat delivery was not acked: %v", err)
	}
	if ack.Attempt < 1 || env.Deliveries() < 2 {
		t.Fatalf("ack came on attempt %d after %d deliveries; the test needs a repeat delivery", ack.Attempt, env.Deliveries())
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("the command ran %d times, want once", n)
	}
	// The reply rode on the first delivery's ack, which Slack no longer took: it must reach the
	// user through the response_url instead.
	msg, err := tb.fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "done" && m.VisibleTo == fakeslack.Recruiter })
	if err != nil {
		t.Fatalf("the user never saw the reply: %v", err)
	}
	if msg.Via != fakeslack.ViaResponseURL {
		t.Errorf("reply arrived via %s, want response_url", msg.Via)
	}
}
