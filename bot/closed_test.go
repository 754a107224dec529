package bot

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// closingRoutes is a command that opens a form Slack tells the bot about when it is closed, and
// close, the handler of that.
func closingRoutes(close handlers.ClosedFunc) handlers.Routes {
	r := formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) { return handlers.Response{}, nil })
	open := r.Commands[0].Handle
	r.Commands[0].Handle = func(ctx context.Context, c handlers.Command) (handlers.Response, error) {
		resp, err := open(ctx, c)
		resp.OpenView.NotifyOnClose = true
		return resp, err
	}
	r.Closes = []handlers.CloseSpec{{CallbackID: "form", Handle: close}}
	return r
}

// closeForm opens the form and presses Cancel; it returns the view_closed envelope.
func (tb *testBot) closeForm() *fakeslack.Envelope {
	tb.T.Helper()
	ctx := tb.Ctx()
	cmd, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/form", "")
	if err != nil {
		tb.T.Fatal(err)
	}
	if _, err := cmd.WaitAck(ctx); err != nil {
		tb.T.Fatal(err)
	}
	v, err := tb.Fake.WaitView(ctx, func(v fakeslack.View) bool { return v.CallbackID == "form" && !v.Closed })
	if err != nil {
		tb.T.Fatalf("form did not open: %v", err)
	}
	env, err := tb.Fake.CloseView(ctx, slacktest.Recruiter, v.ID)
	if err != nil || env == nil {
		tb.T.Fatalf("close the form: %v (envelope %v)", err, env)
	}
	return env
}

// TestClosedViewIsAckedAfterItsHandlerSaved: what the handler of a closed form saves is saved
// before Slack hears that the event was handled, so a stop in between loses nothing (Slack sends
// it again); a handler slower than the ack budget is acked at the budget and still finishes.
func TestClosedViewIsAckedAfterItsHandlerSaved(t *testing.T) {
	t.Parallel() // waits on real-time deadlines; runs beside the others
	for _, tt := range []struct {
		name      string
		budget    time.Duration
		wantSaved bool // saved when the ack arrives
	}{
		{"in time", time.Minute, true},
		{"slower than the ack budget", 20 * time.Millisecond, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			entered, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
			var saved atomic.Bool
			tb := startTestBot(t, closingRoutes(func(context.Context, handlers.ViewClosed) (handlers.Response, error) {
				close(entered)
				<-release
				saved.Store(true)
				close(done)
				return handlers.Response{}, nil
			}), func(c *Config) { c.AckBudget = tt.budget })
			env := tb.closeForm()
			<-entered
			if tt.wantSaved {
				// While the handler saves, Slack has no ack: it would send the event again.
				wait, cancel := context.WithTimeout(tb.Ctx(), 200*time.Millisecond)
				_, err := env.WaitAck(wait)
				cancel()
				if err == nil {
					t.Fatal("view_closed was acked before its handler had saved")
				}
				close(release)
			}
			if _, err := env.WaitAck(tb.Ctx()); err != nil {
				t.Fatalf("view_closed not acked: %v", err)
			}
			if got := saved.Load(); got != tt.wantSaved {
				t.Errorf("saved when the ack arrived: %v, want %v", got, tt.wantSaved)
			}
			if !tt.wantSaved {
				close(release)
			}
			<-done
			if n := env.Deliveries(); n != 1 {
				t.Errorf("view_closed delivered %d times, want once", n)
			}
		})
	}
}
