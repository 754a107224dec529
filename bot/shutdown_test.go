package bot

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// TestShutdownCancelsWorkItGivesUpOn holds a command's post under a long rate limit while the bot
// stops: once the drain gives up, the work is cancelled and has returned before Run does, so the
// database closed after Run is not used under it.
func TestShutdownCancelsWorkItGivesUpOn(t *testing.T) {
	t.Parallel() // waits on real-time deadlines; runs beside the others
	type outcome struct {
		err error
		at  time.Time
	}
	var finished atomic.Pointer[outcome]
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/share": func(context.Context, handlers.Command) (handlers.Response, error) {
			return handlers.Response{Posts: []handlers.Post{{Channel: slacktest.Hiring, Message: handlers.Message{Text: "shared"},
				Then: func(ctx context.Context, _ handlers.PostResult) *slack.ModalViewRequest {
					finished.Store(&outcome{err: ctx.Err(), at: time.Now()}) // where the store would be written
					return nil
				}}}}, nil
		},
	}), func(c *Config) { c.DrainTimeout = 300 * time.Millisecond })
	tb.Fake.RateLimitFor("chat.postMessage", time.Minute)
	ctx := tb.Ctx()
	env, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/share", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	for len(tb.Fake.Calls("chat.postMessage")) == 0 { // the post is being held
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	if err := tb.Stop(); err != nil {
		t.Fatalf("Run returned %v", err)
	}
	returned := time.Now()
	if took := returned.Sub(start); took > 300*time.Millisecond+abortGrace+time.Second {
		t.Errorf("Run took %v to return with a post held under a rate limit", took)
	}
	o := finished.Load()
	switch {
	case o == nil:
		t.Fatal("the held work had not returned when Run did")
	case o.err == nil:
		t.Error("the held work ran on without its context cancelled")
	case o.at.After(returned):
		t.Error("the held work returned after Run")
	}
}

// TestInteractionsDuringShutdownAreAnswered submits a form, clicks a button and runs a global
// shortcut while the bot drains and no longer serves: the form stays open with a note on its
// first input, and the click and the shortcut are acked and their user told privately to try
// again.
func TestInteractionsDuringShutdownAreAnswered(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	routes := formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) {
		t.Error("a submission during shutdown was handled")
		return handlers.Response{}, nil
	})
	routes.Commands = append(routes.Commands,
		handlers.CommandSpec{Name: "/slow", Description: "test", Handle: func(context.Context, handlers.Command) (handlers.Response, error) {
			close(started)
			<-release
			return handlers.Response{}, nil
		}},
		handlers.CommandSpec{Name: "/button", Description: "test", Handle: func(context.Context, handlers.Command) (handlers.Response, error) {
			return handlers.Reply(handlers.Message{Text: "press", Blocks: []slack.Block{slack.NewActionBlock("acts",
				slack.NewButtonBlockElement("press", "1", slack.NewTextBlockObject(slack.PlainTextType, "Press", false, false)))}}), nil
		}})
	routes.Actions = append(routes.Actions, handlers.ActionSpec{ActionID: "press", Handle: func(context.Context, handlers.Action) (handlers.Response, error) {
		t.Error("a click during shutdown was handled")
		return handlers.Response{}, nil
	}})
	tb := startTestBot(t, routes, func(c *Config) { c.ServeWhileDraining = -1 })
	ctx := tb.Ctx()
	_, buttons := tb.command("/button", "")
	formCmd, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/form", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := formCmd.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	form, err := tb.Fake.WaitView(ctx, func(v fakeslack.View) bool { return v.CallbackID == "form" && !v.Closed })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/slow", ""); err != nil {
		t.Fatal(err)
	}
	<-started
	stopped := stopDraining(t, tb)

	sub, err := tb.Fake.SubmitView(ctx, slacktest.Recruiter, form.ID, map[string]map[string]fakeslack.Value{
		"name_block": {"name": {Type: "plain_text_input", Value: "Ada"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.WaitAck(ctx); err != nil {
		t.Fatalf("submission during shutdown: %v", err)
	}
	if v, _ := tb.Fake.View(form.ID); v.Closed || !strings.Contains(v.Errors["name_block"], "restarting") {
		t.Errorf("form after a submission during shutdown: closed %v, errors %v", v.Closed, v.Errors)
	}
	click, err := tb.Fake.ClickButton(ctx, slacktest.Recruiter, buttons, "press")
	if err != nil {
		t.Fatal(err)
	}
	shortcut, err := tb.Fake.GlobalShortcut(ctx, slacktest.Recruiter, "new_interview")
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range []*fakeslack.Envelope{click, shortcut} {
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatalf("%s during shutdown: %v", env.PayloadType, err)
		}
	}
	// The click is answered through its response_url, the shortcut (which has none) by DM.
	if _, err := tb.Fake.WaitMessage(ctx, func(m fakeslack.Message) bool {
		return m.Ephemeral && m.Channel == slacktest.Hiring && strings.Contains(m.Text, "restarting")
	}); err != nil {
		t.Errorf("the click's user was not told: %v", err)
	}
	dm := tb.Fake.DMChannel(slacktest.Recruiter)
	if _, err := tb.Fake.WaitMessage(ctx, func(m fakeslack.Message) bool {
		return m.Channel == dm && strings.Contains(m.Text, "restarting")
	}); err != nil {
		t.Errorf("the shortcut's user was not told: %v", err)
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run returned %v", err)
	}
}

// TestRequestsDuringShutdownAreServedWhileOthersRun sends a command while the bot drains an
// earlier, slow one: the process can still do the work, and with several replicas Slack sends to
// this one until its connection closes, so the command is answered as it would be before.
func TestRequestsDuringShutdownAreServedWhileOthersRun(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	routes := handlers.Routes{Commands: []handlers.CommandSpec{
		{Name: "/slow", Description: "test", Handle: func(context.Context, handlers.Command) (handlers.Response, error) {
			close(started)
			<-release
			return handlers.Response{}, nil
		}},
		{Name: "/quick", Description: "test", Handle: func(context.Context, handlers.Command) (handlers.Response, error) {
			return handlers.Reply(handlers.Message{Text: "quick answer"}), nil
		}},
	}}
	tb := startTestBot(t, routes, func(c *Config) { c.ServeWhileDraining = time.Minute })
	ctx := tb.Ctx()
	if _, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/slow", ""); err != nil {
		t.Fatal(err)
	}
	<-started
	stopped := stopDraining(t, tb)
	quick, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/quick", "")
	if err != nil {
		t.Fatal(err)
	}
	ack, err := quick.WaitAck(ctx)
	if err != nil {
		t.Fatalf("a command during shutdown: %v", err)
	}
	if !strings.Contains(string(ack.Payload), "quick answer") {
		t.Errorf("a command during shutdown was answered %s, want its own answer", ack.Payload)
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run returned %v", err)
	}
}

// stopDraining stops tb in the background and returns once its shutdown waits on the requests
// in flight; the channel gets what the stop returns.
func stopDraining(t *testing.T, tb *testBot) <-chan error {
	t.Helper()
	stopped := make(chan error, 1)
	go func() { stopped <- tb.Stop() }()
	if err := tb.Logs.WaitFor(tb.Ctx(), "shutdown: waiting for in-flight events"); err != nil {
		t.Fatalf("the bot never began to drain: %v", err)
	}
	return stopped
}
