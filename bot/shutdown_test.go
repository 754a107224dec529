package bot

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// TestShutdownCancelsWorkItGivesUpOn holds a command's post under a long rate limit while the bot
// stops: once the drain gives up, the work is cancelled and has returned before Run does, so the
// database closed after Run is not used under it.
func TestShutdownCancelsWorkItGivesUpOn(t *testing.T) {
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
