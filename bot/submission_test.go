package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// formRoutes is a command that opens a one-field form, and that form's submission handler.
func formRoutes(submit handlers.SubmissionFunc) handlers.Routes {
	return handlers.Routes{
		Commands: []handlers.CommandSpec{{Name: "/form", Description: "test", Handle: func(context.Context, handlers.Command) (handlers.Response, error) {
			input := slack.NewInputBlock("name_block", slack.NewTextBlockObject(slack.PlainTextType, "Name", false, false), nil,
				slack.NewPlainTextInputBlockElement(nil, "name"))
			return handlers.Response{OpenView: &slack.ModalViewRequest{
				Type: slack.VTModal, CallbackID: "form", Title: slack.NewTextBlockObject(slack.PlainTextType, "Form", false, false),
				Submit: slack.NewTextBlockObject(slack.PlainTextType, "Save", false, false),
				Blocks: slack.Blocks{BlockSet: []slack.Block{input}},
			}}, nil
		}}},
		Views: []handlers.ViewSpec{{CallbackID: "form", Handle: submit}},
	}
}

// submitForm opens the form, types name and submits; it returns the ack payload and the view.
func (tb *testBot) submitForm(name string) (map[string]any, fakeslack.View) {
	tb.T.Helper()
	ctx := tb.Ctx()
	env, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/form", "")
	if err != nil {
		tb.T.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		tb.T.Fatal(err)
	}
	v, err := tb.Fake.WaitView(ctx, func(v fakeslack.View) bool { return v.CallbackID == "form" && !v.Closed })
	if err != nil {
		tb.T.Fatalf("form did not open: %v", err)
	}
	sub, err := tb.Fake.SubmitView(ctx, slacktest.Recruiter, v.ID, map[string]map[string]fakeslack.Value{
		"name_block": {"name": {Type: "plain_text_input", Value: name}}})
	if err != nil {
		tb.T.Fatal(err)
	}
	ack, err := sub.WaitAck(ctx)
	if err != nil {
		tb.T.Fatal(err)
	}
	var payload map[string]any
	if len(ack.Payload) > 0 {
		_ = json.Unmarshal(ack.Payload, &payload)
	}
	after, _ := tb.Fake.View(v.ID)
	return payload, after
}

func TestSubmissionOutcomes(t *testing.T) {
	tests := []struct {
		name        string
		submit      handlers.SubmissionFunc
		wantError   string // shown under the input; "" means the form closes
		wantVisible bool
	}{
		{"saved", func(context.Context, handlers.Submission) (handlers.Response, error) {
			return handlers.Response{}, nil
		}, "", false},
		{"field errors", func(_ context.Context, s handlers.Submission) (handlers.Response, error) {
			return handlers.Response{ViewErrors: map[string]string{"name_block": "Too short: " + s.Values["name_block"]["name"].Value}}, nil
		}, "Too short: Al", true},
		{"user error without a block", func(context.Context, handlers.Submission) (handlers.Response, error) {
			return handlers.Response{}, &handlers.UserError{Msg: "That name is taken."}
		}, "That name is taken.", true},
		{"panic", func(context.Context, handlers.Submission) (handlers.Response, error) {
			panic("oops")
		}, handlers.ApologyText, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := startTestBot(t, formRoutes(tt.submit), nil)
			payload, v := tb.submitForm("Al")
			if tt.wantError == "" {
				if payload != nil || !v.Closed {
					t.Errorf("ack %v, closed=%v; want an empty ack that closes the form", payload, v.Closed)
				}
				return
			}
			if got := v.Errors["name_block"]; got != tt.wantError {
				t.Errorf("form shows error %q, want %q (ack %v)", got, tt.wantError, payload)
			}
			if v.Closed || v.State["name_block"]["name"].Value != "Al" {
				t.Errorf("the form closed or lost its input: closed=%v state=%v", v.Closed, v.State)
			}
			if strings.Contains(v.Errors["name_block"], "oops") {
				t.Error("internal panic text reached the user")
			}
		})
	}
}

// TestLateSubmissionIsNeverSubmittedTwiceOrLost: a submission answered after the ack budget
// shows "Saving…" at once (the form cannot be sent twice); a success then shows a notice, a
// failure brings the form back as the user left it, with the problem on top.
func TestLateSubmissionIsNeverSubmittedTwiceOrLost(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	tests := []struct {
		name      string
		resp      handlers.Response
		err       error
		wantTitle string
		wantText  string
	}{
		{"saved", handlers.Response{}, nil, "Saved", "no need to submit again"},
		{"field errors", handlers.Response{ViewErrors: map[string]string{"name_block": "Too short"}}, nil, "Form", "Too short"},
		{"user error", handlers.Response{}, &handlers.UserError{Msg: "Name taken"}, "Form", "Name taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var runs atomic.Int32
			tb := startTestBot(t, formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) {
				runs.Add(1)
				time.Sleep(300 * time.Millisecond)
				return tt.resp, tt.err
			}), func(c *Config) { c.AckBudget = 50 * time.Millisecond })
			payload, v := tb.submitForm("Al")
			if !strings.Contains(fmt.Sprint(payload), "Saving") {
				t.Errorf("a slow submission was acked with %v, want the Saving placeholder", payload)
			}
			got, err := tb.Fake.WaitView(tb.Ctx(), func(u fakeslack.View) bool { return u.ID == v.ID && u.Title == tt.wantTitle })
			if err != nil {
				t.Fatalf("the placeholder was not replaced by %q: %v", tt.wantTitle, err)
			}
			if !strings.Contains(string(got.Blocks), tt.wantText) {
				t.Errorf("view %q lacks %q: %s", got.Title, tt.wantText, got.Blocks)
			}
			if tt.wantTitle == "Form" {
				if initial := fakeslack.InitialState(got); initial["name_block"]["name"].Value != "Al" {
					t.Errorf("the restored form lost the input: %v", initial)
				}
			}
			if runs.Load() != 1 {
				t.Errorf("handled %d times", runs.Load())
			}
		})
	}
}

// TestPrivateNoteFallsBackToADirectMessage: a private note to a channel the bot is not in goes
// to the user's direct messages instead of being lost.
func TestPrivateNoteFallsBackToADirectMessage(t *testing.T) {
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/note": func(_ context.Context, c handlers.Command) (handlers.Response, error) {
			return handlers.Response{Posts: []handlers.Post{{Channel: c.ChannelID, PrivateTo: c.UserID,
				Message: handlers.Message{Text: "recorded"}}}}, nil
		},
	}), nil)
	tb.Fake.AddChannel(fakeslack.Channel{ID: "C0PRIVATE", Name: "secret", Members: []string{slacktest.Recruiter}})
	ctx := tb.Ctx()
	env, err := tb.Fake.SlashCommand(ctx, slacktest.Recruiter, "C0PRIVATE", "/note", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	dm := tb.Fake.DMChannel(slacktest.Recruiter) // not inside the match: it runs under the fake's lock
	if _, err := tb.Fake.WaitMessage(ctx, func(m fakeslack.Message) bool {
		return m.Channel == dm && m.Text == "recorded"
	}); err != nil {
		t.Errorf("the note never reached the user: %v", err)
	}
}

// TestLargeViewAfterSubmissionGoesThroughTheWebAPI: a view too large to ride on the submission's
// ack is shown through views.update instead of being dropped.
func TestLargeViewAfterSubmissionGoesThroughTheWebAPI(t *testing.T) {
	big := strings.Repeat("y", 2900)
	tb := startTestBot(t, formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) {
		var blocks []slack.Block
		for range 9 {
			blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, big, false, false), nil, nil))
		}
		return handlers.Response{UpdateView: &slack.ModalViewRequest{Type: slack.VTModal, CallbackID: "preview",
			Title: slack.NewTextBlockObject(slack.PlainTextType, "Preview", false, false), Blocks: slack.Blocks{BlockSet: blocks}}}, nil
	}), nil)
	_, v := tb.submitForm("Al")
	got, err := tb.Fake.WaitView(tb.Ctx(), func(u fakeslack.View) bool { return u.ID == v.ID && u.CallbackID == "preview" })
	if err != nil {
		t.Fatalf("the large view never arrived: %v", err)
	}
	if !strings.Contains(string(got.Blocks), big) {
		t.Error("the view arrived without its content")
	}
}

// TestRepeatedSubmissionKeepsItsErrors: when Slack delivers a submission again (it missed the
// first ack), the repeat is acked with the same field errors instead of closing the form.
func TestRepeatedSubmissionKeepsItsErrors(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	var runs atomic.Int32
	tb := startTestBot(t, formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) {
		runs.Add(1)
		time.Sleep(700 * time.Millisecond) // past the fake's 500 ms ack timeout: Slack delivers again
		return handlers.Response{ViewErrors: map[string]string{"name_block": "Too short"}}, nil
	}), func(c *Config) { c.AckBudget = 5 * time.Second })
	_, v := tb.submitForm("Al")
	if v.Closed || v.Errors["name_block"] != "Too short" {
		t.Errorf("after a repeated submission the form closed=%v with errors %v; want it open with the error", v.Closed, v.Errors)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("the submission was handled %d times, want once", n)
	}
}

// TestLatePlaceholderGone: when a late answer finds no "Saving…" placeholder to replace, the user
// hears of it only where they would otherwise miss something. A saved form needs no word (what
// its handler sends confirms it), also when it was a redelivery answered late on another replica
// after an earlier delivery's answer closed the form; a failure is always told, for the form was
// not saved.
func TestLatePlaceholderGone(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	next := &slack.ModalViewRequest{Type: slack.VTModal, CallbackID: "next",
		Title:  slack.NewTextBlockObject(slack.PlainTextType, "Next step", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Step two", false, false), nil, nil)}}}
	for _, tt := range []struct {
		name    string
		resp    handlers.Response
		err     error
		wantDM  string // "" for none
		quietly string // what the replica with the late answer logs instead of telling the user
	}{
		{"saved", handlers.Response{}, nil, "", "placeholder was no longer open"},
		{"failed", handlers.Response{}, &handlers.UserError{Msg: "That name is taken."}, "Your form was not saved: That name is taken.", ""},
		// The first delivery's ack showed the next view: the late one has nothing to add.
		{"next view", handlers.Response{UpdateView: next}, nil, "", "its placeholder was never open"},
	} {
		t.Run("redelivered to another replica, "+tt.name, func(t *testing.T) {
			t.Parallel()
			fake := slacktest.NewFake(t, fakeslack.Options{AckTimeout: 500 * time.Millisecond})
			var runs atomic.Int32
			redelivered := make(chan struct{})
			routes := formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) {
				if runs.Add(1) == 1 {
					// Unacked until Slack has delivered the submission again, to the other replica;
					// then answered within the budget, so this ack is the one Slack keeps.
					select {
					case <-redelivered:
					case <-time.After(10 * time.Second):
					}
					return tt.resp, tt.err
				}
				close(redelivered)
				time.Sleep(2500 * time.Millisecond) // late: acked with a placeholder Slack ignores
				return tt.resp, tt.err
			})
			budget := func(c *Config) { c.AckBudget = 1500 * time.Millisecond }
			tb := startTestBotOn(t, fake, routes, budget)
			other := startTestBotOn(t, fake, routes, budget)
			tb.submitForm("Al")
			ctx := tb.Ctx()
			dm := fake.DMChannel(slacktest.Recruiter)
			toUser := func(m fakeslack.Message) bool { return m.Channel == dm || m.VisibleTo == slacktest.Recruiter }
			if tt.wantDM != "" {
				if _, err := fake.WaitMessage(ctx, toUser); err != nil {
					t.Fatalf("the user was never told the form was not saved: %v", err)
				}
			} else {
				settled := make(chan error, 2)
				for _, b := range []*testBot{tb, other} {
					go func() { settled <- b.Logs.WaitFor(ctx, tt.quietly) }()
				}
				if err := <-settled; err != nil {
					t.Fatalf("the redelivery's late answer was never settled: %v", err)
				}
			}
			if tt.resp.UpdateView != nil {
				if _, err := fake.WaitView(ctx, func(v fakeslack.View) bool { return v.CallbackID == "next" }); err != nil {
					t.Errorf("the next view never replaced the form: %v", err)
				}
			}
			if n := runs.Load(); n != 2 {
				t.Errorf("handled %d times, want twice (once per replica)", n)
			}
			var told []string
			for _, m := range fake.Messages(dm) {
				told = append(told, m.Text)
			}
			switch {
			case tt.wantDM == "" && len(told) > 0:
				t.Errorf("the user was told %q about a form that was saved", told)
			case tt.wantDM != "" && (len(told) != 1 || !strings.Contains(told[0], tt.wantDM)):
				t.Errorf("the user was told %q, want once %q", told, tt.wantDM)
			}
		})
	}

	tests := []struct {
		name   string
		err    error
		wantDM string // "" for none
	}{
		{"saved", nil, ""},
		{"failed", &handlers.UserError{Msg: "That name is taken."}, "Your form was not saved: That name is taken."},
		{"failed inside", errors.New("database is locked"), "Something went wrong while saving your form"},
	}
	for _, tt := range tests {
		t.Run("placeholder closed, "+tt.name, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			tb := startTestBot(t, formRoutes(func(context.Context, handlers.Submission) (handlers.Response, error) {
				<-release
				return handlers.Response{Replies: []handlers.Message{{Text: "Saved your name."}}}, tt.err
			}), func(c *Config) { c.AckBudget = 50 * time.Millisecond })
			payload, v := tb.submitForm("Al")
			if !strings.Contains(fmt.Sprint(payload), "Saving") {
				t.Fatalf("a slow submission was acked with %v, want the Saving placeholder", payload)
			}
			ctx := tb.Ctx()
			if _, err := tb.Fake.CloseView(ctx, slacktest.Recruiter, v.ID); err != nil { // no notify_on_close: no envelope
				t.Fatal(err)
			}
			cursor := tb.Fake.Cursor()
			close(release)
			want := tt.wantDM
			if want == "" {
				want = "Saved your name."
			}
			dm := tb.Fake.DMChannel(slacktest.Recruiter)
			m, err := tb.Fake.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool {
				return m.Channel == dm || m.VisibleTo == slacktest.Recruiter
			})
			if err != nil {
				t.Fatalf("the user heard nothing: %v", err)
			}
			if !strings.Contains(m.Text, want) {
				t.Errorf("the user was told %q, want %q", m.Text, want)
			}
		})
	}
}
