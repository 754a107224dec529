package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// testBot runs a Bot with the given routes against a fake Slack, through the shared harness,
// until the test ends.
type testBot struct {
	*slacktest.Bot
	bot atomic.Pointer[Bot]
}

func startTestBot(t *testing.T, routes handlers.Routes, tweak func(*Config)) *testBot {
	t.Helper()
	return startTestBotOn(t, slacktest.NewFake(t, fakeslack.Options{AckTimeout: 500 * time.Millisecond}), routes, tweak)
}

// startTestBotOn is startTestBot on a fake Slack of the test's own; several bots on one fake are
// replicas, each on its own connection.
func startTestBotOn(t *testing.T, fake *fakeslack.Server, routes handlers.Routes, tweak func(*Config)) *testBot {
	t.Helper()
	tb := &testBot{}
	tb.Bot = slacktest.Start(t, fake, func(ctx context.Context, fake *fakeslack.Server, clock *slacktest.Clock, logs io.Writer) error {
		cfg := Config{AppToken: fake.AppToken(), BotToken: fake.BotToken(), APIURL: fake.APIURL(), Now: clock.Now,
			Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
		if tweak != nil {
			tweak(&cfg)
		}
		b, err := New(cfg)
		if err != nil {
			return err
		}
		tb.bot.Store(b)
		return b.Run(ctx, NewRouter(routes))
	})
	return tb
}

// command sends a slash command as the recruiter and returns its ack and the reply they see.
func (tb *testBot) command(name, text string) (fakeslack.Ack, fakeslack.Message) {
	tb.T.Helper()
	return tb.CommandAck(slacktest.Recruiter, slacktest.Hiring, name, text)
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
	t.Parallel() // waits on real-time deadlines; runs beside the others
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
		{"dropped socket", tb.Fake.DropConnections},
		{"refresh requested", tb.Fake.RequestRefresh},
	} {
		hellos := tb.Fake.Hellos()
		fault.inject()
		if _, msg := tb.command("/ping", ""); msg.Text != "pong" {
			t.Errorf("after %s the bot answered %q", fault.name, msg.Text)
		}
		if tb.Fake.Hellos() <= hellos {
			t.Errorf("after %s the bot did not open a new connection", fault.name)
		}
	}
}

func TestShutdownLetsInFlightEventsFinish(t *testing.T) {
	t.Parallel() // waits on real-time deadlines; runs beside the others
	started := make(chan struct{})
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/slow": func(context.Context, handlers.Command) (handlers.Response, error) {
			close(started)
			time.Sleep(200 * time.Millisecond)
			return textReply("finished"), nil
		},
	}), func(c *Config) { c.FlushGrace = DefaultFlushGrace }) // the last ack must leave before the socket closes
	ctx := tb.Ctx()
	env, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/slow", "")
	if err != nil {
		t.Fatal(err)
	}
	<-started
	if err := tb.Stop(); err != nil { // as SIGTERM would
		t.Fatalf("Run returned %v", err)
	}
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

// TestAppTokenRejectedAfterStartUpSaysHowToFixIt: when Slack refuses the app token as the bot
// reconnects, the log names SLACK_APP_TOKEN and how to get a good one, never the token.
func TestAppTokenRejectedAfterStartUpSaysHowToFixIt(t *testing.T) {
	var logs strings.Builder
	b, err := New(Config{AppToken: "xapp-SECRET", BotToken: "xoxb-SECRET", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	b.route(socketmode.Event{Type: socketmode.EventTypeInvalidAuth, Data: &slack.InvalidAuthEvent{}})
	got := logs.String()
	for _, want := range []string{"level=ERROR", "SLACK_APP_TOKEN", "connections:write", "App-Level Tokens", "restart hirebot"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "SECRET") {
		t.Errorf("the log shows a token:\n%s", got)
	}
}

func TestPostWaitsOutRateLimits(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	var calls atomic.Int32
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/dm": func(context.Context, handlers.Command) (handlers.Response, error) {
			calls.Add(1)
			return handlers.Response{Posts: []handlers.Post{{Channel: slacktest.Interviewer1,
				Message: handlers.Message{Text: "a reminder"}}}}, nil
		},
	}), nil)
	tb.Fake.RateLimit("chat.postMessage", 1, time.Second)
	ctx := tb.Ctx()
	env, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/dm", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	dm, err := tb.Fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "a reminder" })
	if err != nil {
		t.Fatalf("rate-limited post never arrived: %v", err)
	}
	if dm.Channel != tb.Fake.DMChannel(slacktest.Interviewer1) {
		t.Errorf("post went to %s, want the interviewer's DM", dm.Channel)
	}
	if n := len(tb.Fake.Calls("chat.postMessage")); n < 2 {
		t.Errorf("chat.postMessage called %d times, want a retry after the 429", n)
	}
	if calls.Load() != 1 {
		t.Errorf("handler ran %d times", calls.Load())
	}
}

// TestRepeatDeliveryIsAckedButNotHandledTwice makes Slack give up waiting for an ack and
// deliver the envelope again (retry_attempt 1): the repeat is acked, and the command runs once.
func TestRepeatDeliveryIsAckedButNotHandledTwice(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	var runs atomic.Int32
	release := make(chan struct{})
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/once": func(context.Context, handlers.Command) (handlers.Response, error) {
			runs.Add(1)
			<-release
			return textReply("done"), nil
		},
	}), func(c *Config) {
		c.AckBudget = 5 * time.Second         // longer than the fake's 500 ms ack timeout
		c.RepeatWait = 200 * time.Millisecond // within that timeout, as the default is within Slack's 3 s
	})
	ctx := tb.Ctx()
	env, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/once", "")
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
	msg, err := tb.Fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "done" && m.VisibleTo == slacktest.Recruiter })
	if err != nil {
		t.Fatalf("the user never saw the reply: %v", err)
	}
	if msg.Via != fakeslack.ViaResponseURL {
		t.Errorf("reply arrived via %s, want response_url", msg.Via)
	}
}
