package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
	"hirebot/fakeslack/blockkit"
	"hirebot/fakeslack/golden"
	"hirebot/fakeslack/slacktest"
	"hirebot/fakeslack/slacktypes"
)

// goldenRun drives every feature through its routes, the way the router would, and keeps each
// message and view a response carries as a golden file under testdata/: a change to what users
// see is a reviewable diff (rerun with -update to accept it). Every golden file is then
// type-checked against Slack's own TypeScript definitions.
type goldenRun struct {
	t      *testing.T
	h      testHandlers
	routes Routes
	clock  *slacktest.Clock
	mu     sync.Mutex
	posts  []Post // what the outbox delivered and no step kept yet
	seen   map[string]bool
	forms  map[string][]byte // the last modal kept for each callback_id, as JSON: what a submission's errors point into
	sent   int               // messages Slack has taken, for their ts
	delete func(channel, ts string) error
}

// goldenGone is a person whose account is deactivated: Slack refuses every message to them.
const goldenGone = "U0GONE"

// Send takes a post as Slack would, at a made-up ts in a made-up direct message channel, or
// refuses it for goldenGone.
func (g *goldenRun) Send(_ context.Context, p Post, _ int64) (Sent, error) {
	if p.Channel == goldenGone {
		return Sent{}, &RefusedError{Code: "user_disabled", Err: ErrUndeliverable}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.posts = append(g.posts, p)
	if p.PrivateTo != "" {
		return Sent{}, nil // Slack keeps no copy of a private message
	}
	g.sent++
	channel := p.Channel
	if isUserID(channel) {
		channel = "D" + channel[1:]
	}
	return Sent{Channel: channel, TS: fmt.Sprintf("1764000000.%06d", g.sent)}, nil
}

// Delivered finds nothing: no attempt in the golden run is ever cut short.
func (g *goldenRun) Delivered(context.Context, Post, int64, time.Time) (Sent, bool, error) {
	return Sent{}, false, nil
}

// DeleteMessage deletes a message from Slack as g.delete says; every one is deleted when it is nil.
func (g *goldenRun) DeleteMessage(_ context.Context, channel, ts string) error {
	if g.delete == nil {
		return nil
	}
	return g.delete(channel, ts)
}

func (g *goldenRun) DeleteFile(context.Context, string) error { return nil }

func newGoldenRun(t *testing.T) *goldenRun {
	g := &goldenRun{t: t, clock: slacktest.NewClock(time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)), seen: map[string]bool{}, forms: map[string][]byte{}}
	hours, err := ParseWorkingHours("always")
	if err != nil {
		t.Fatal(err)
	}
	store, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(g.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	g.h = newTestFeatures(t, testDeps{
		store:     store,
		now:       g.clock.Now,
		users:     fixedZones{slacktest.HiringManager: "America/Los_Angeles", slacktest.Interviewer1: "Europe/Berlin", slacktest.Interviewer2: "Asia/Kolkata"},
		settings:  Settings{WorkingHours: hours, RemindEvery: time.Hour, EscalateAfter: 2},
		sender:    g,
		deleter:   g,
		admins:    []string{slacktest.HiringManager}, // the welcome names /hirebot-admin for them
		retention: 365 * 24 * time.Hour,
	})
	g.h.Interviews.WithAudit(store)
	g.routes = g.h.Routes()
	return g
}

// keep writes one response's messages and views as golden files named after step.
func (g *goldenRun) keep(step string, resp Response) {
	g.t.Helper()
	var msgs []Message
	msgs = append(msgs, resp.Replies...)
	for _, p := range resp.Posts {
		msgs = append(msgs, p.Message)
	}
	for i, f := range resp.Files {
		if f.Then != nil { // the replies that show an uploaded file, as if Slack gave it this id
			msgs = append(msgs, f.Then("F0GOLDEN")...)
		}
		if f.Shared != nil { // as if Slack took it and shared it in a direct message
			if err := f.Shared(context.Background(), SharedFile{FileID: fmt.Sprintf("F0GOLDEN%d", i+1), Channel: "D0GOLDEN"}); err != nil {
				g.t.Fatalf("%s: recording a shared file: %v", step, err)
			}
		}
	}
	for _, p := range g.delivered() {
		msgs = append(msgs, p.Message)
	}
	for i, m := range msgs {
		g.write(fmt.Sprintf("%s-%d.message", step, i+1), goldenMessage(m))
	}
	if resp.PublishHome != nil {
		g.write(step+".home", resp.PublishHome.View)
	}
	for i, v := range []*slack.ModalViewRequest{resp.OpenView, resp.PushView, resp.UpdateView} {
		if v != nil {
			g.forms[v.CallbackID] = g.write(fmt.Sprintf("%s-%s.modal", step, []string{"open", "push", "update"}[i]), v)
		}
	}
	switch refused := strings.HasSuffix(step, "-errors"); {
	case refused && len(resp.ViewErrors) == 0:
		g.t.Errorf("%s: the form was accepted, want field errors", step)
	case !refused && len(resp.ViewErrors) > 0:
		g.t.Errorf("%s: the form was refused with %v; a step that expects it ends in -errors", step, resp.ViewErrors)
	}
}

// keepErrors keeps the field errors a submission of the form callbackID was refused with, as the
// bot acks them (response_action errors), and checks each names an input block of the form the
// run last showed for callbackID.
func (g *goldenRun) keepErrors(step, callbackID string, resp Response) {
	g.t.Helper()
	if len(resp.ViewErrors) == 0 {
		return
	}
	raw := g.write(step+".errors", slack.NewErrorsViewSubmissionResponse(resp.ViewErrors))
	form, ok := g.forms[callbackID]
	if !ok {
		g.t.Errorf("%s: no step showed the form %s, so its errors can't be checked against it", step, callbackID)
	}
	for _, p := range blockkit.ValidateViewSubmissionResponse(raw, form) {
		g.t.Errorf("%s: Slack would not show these errors: %s", step, p)
	}
}

// goldenMessage is what a golden file records of a message: its text and blocks, and whether it
// replaces or deletes the message its button was on.
func goldenMessage(m Message) any {
	v := map[string]any{"text": m.Text}
	if len(m.Blocks) > 0 {
		v["blocks"] = m.Blocks
	}
	if m.ReplaceOriginal {
		v["replace_original"] = true
	}
	if m.DeleteOriginal {
		v["delete_original"] = true
	}
	return v
}

// delivered runs the outbox and returns what it sent since the last call: the messages a step
// queued.
func (g *goldenRun) delivered() []Post {
	g.t.Helper()
	if _, err := g.h.Deliver(context.Background()); err != nil {
		g.t.Fatal(err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	posts := g.posts
	g.posts = nil
	return posts
}

// pseudonym is what an erased candidate is called in the audit trail.
var pseudonym = regexp.MustCompile(`candidate-[0-9a-f]{8}`)

// write keeps v as the golden file for name and returns its JSON.
func (g *goldenRun) write(name string, v any) []byte {
	g.t.Helper()
	if g.seen[name] {
		g.t.Fatalf("golden file %s written twice", name)
	}
	g.seen[name] = true
	raw, err := json.Marshal(v)
	if err != nil {
		g.t.Fatal(err)
	}
	raw = pseudonym.ReplaceAll(raw, []byte("candidate-0a1b2c3d")) // an erasure's pseudonym is random
	// What Slack itself would refuse (limits, a stray control sequence) fails here, before the
	// golden file can record it.
	var problems []string
	switch kind := name[strings.LastIndex(name, ".")+1:]; kind {
	case "message":
		problems = blockkit.ValidateMessage(raw)
	case "modal", "home":
		problems = blockkit.ValidateView(raw)
	case "errors":
		problems = blockkit.ValidateViewSubmissionResponse(raw, nil) // keepErrors checks the keys against the form
	default:
		g.t.Fatalf("golden file %s: unknown kind %q", name, kind)
	}
	for _, p := range problems {
		g.t.Errorf("%s: Slack would refuse it: %s", name, p)
	}
	golden.Assert(g.t, filepath.Join("testdata", "golden", name+".golden.json"), raw)
	return raw
}

func (g *goldenRun) command(step, user, name, text string) Response {
	g.t.Helper()
	for _, c := range g.routes.Commands {
		if c.Name == name {
			resp, err := c.Handle(context.Background(), Command{Name: name, Text: text, UserID: user, ChannelID: slacktest.Hiring})
			g.keepOrError(step, resp, err)
			return resp
		}
	}
	g.t.Fatalf("no command %s", name)
	return Response{}
}

func (g *goldenRun) action(step, user, actionID, value string) Response {
	g.t.Helper()
	for _, a := range g.routes.Actions {
		if a.ActionID == actionID {
			resp, err := a.Handle(context.Background(), Action{ActionID: actionID, Value: value, UserID: user, ChannelID: slacktest.Hiring, ViewID: "V1"})
			g.keepOrError(step, resp, err)
			return resp
		}
	}
	g.t.Fatalf("no action %s", actionID)
	return Response{}
}

func (g *goldenRun) submit(step, user, callbackID, meta string, values map[string]map[string]slack.BlockAction) Response {
	g.t.Helper()
	for _, v := range g.routes.Views {
		if v.CallbackID == callbackID {
			resp, err := v.Handle(context.Background(), Submission{CallbackID: callbackID, ViewID: "V1", PrivateMetadata: meta, UserID: user, Values: values})
			g.keepOrError(step, resp, err)
			g.keepErrors(step, callbackID, resp)
			return resp
		}
	}
	g.t.Fatalf("no view %s", callbackID)
	return Response{}
}

// shortcut runs a message shortcut on a message in the hiring channel that says text.
func (g *goldenRun) shortcut(step, user, callbackID, text string) Response {
	g.t.Helper()
	for _, sc := range g.routes.Shortcuts {
		if sc.CallbackID == callbackID {
			resp, err := sc.Handle(context.Background(), Shortcut{CallbackID: callbackID, UserID: user, TriggerID: "T1",
				ChannelID: slacktest.Hiring, MessageTS: "1764000000.000001", MessageText: text, MessageUser: slacktest.Recruiter})
			g.keepOrError(step, resp, err)
			return resp
		}
	}
	g.t.Fatalf("no shortcut %s", callbackID)
	return Response{}
}

// quietCommand runs a command without keeping what it answers: setup for a later step.
func (g *goldenRun) quietCommand(user, name, text string) {
	g.t.Helper()
	for _, c := range g.routes.Commands {
		if c.Name == name {
			if _, err := c.Handle(context.Background(), Command{Name: name, Text: text, UserID: user, ChannelID: slacktest.Hiring}); err != nil {
				g.t.Fatal(err)
			}
			g.delivered()
			return
		}
	}
	g.t.Fatalf("no command %s", name)
}

// homeOpened opens user's Home tab, as app_home_opened would, and keeps the tab published.
func (g *goldenRun) homeOpened(step, user string) Response {
	g.t.Helper()
	for _, e := range g.routes.Events {
		if e.Type == EventAppHomeOpened {
			resp, err := e.Handle(context.Background(), Event{Type: EventAppHomeOpened, UserID: user, Tab: "home"})
			g.keepOrError(step, resp, err)
			if resp.PublishHome == nil || !resp.PublishHome.Opened {
				g.t.Fatalf("%s: opening the Home tab published nothing, or not as opened", step)
			}
			if err := g.routes.HomeShown(context.Background(), user); err != nil { // Slack took it
				g.t.Fatal(err)
			}
			return resp
		}
	}
	g.t.Fatalf("no event %s", EventAppHomeOpened)
	return Response{}
}

// homeRefreshed keeps user's Home tab as a refresh after a change builds it.
func (g *goldenRun) homeRefreshed(step, user string) *slack.HomeTabViewRequest {
	g.t.Helper()
	v, err := g.routes.Home(context.Background(), user, false)
	if err != nil || v == nil {
		g.t.Fatalf("%s: refresh = %v, %v", step, v, err)
	}
	g.write(step+".home", v)
	return v
}

// quietly runs a submission without keeping what it shows: setup for a later step.
func (g *goldenRun) quietly(user, callbackID, meta string, values map[string]map[string]slack.BlockAction) {
	g.t.Helper()
	for _, v := range g.routes.Views {
		if v.CallbackID == callbackID {
			resp, err := v.Handle(context.Background(), Submission{CallbackID: callbackID, PrivateMetadata: meta, UserID: user, Values: values})
			if err != nil {
				g.t.Fatal(err)
			}
			if len(resp.ViewErrors) > 0 {
				g.t.Fatalf("%s: the form was refused: %v", callbackID, resp.ViewErrors)
			}
			g.delivered()
			return
		}
	}
	g.t.Fatalf("no view %s", callbackID)
}

// closed closes a modal unsubmitted, as view_closed would, with what it held; it shows nothing.
func (g *goldenRun) closed(user, callbackID, meta string, values map[string]map[string]slack.BlockAction) {
	g.t.Helper()
	for _, c := range g.routes.Closes {
		if c.CallbackID == callbackID {
			if _, err := c.Handle(context.Background(), ViewClosed{CallbackID: callbackID, ViewID: "V1", PrivateMetadata: meta,
				UserID: user, Values: values, DeliveryKey: "closed:V1"}); err != nil {
				g.t.Fatal(err)
			}
			return
		}
	}
	g.t.Fatalf("no closed view %s", callbackID)
}

// keepOrError keeps a response, or a user error as the private message the bot shows for it.
func (g *goldenRun) keepOrError(step string, resp Response, err error) {
	g.t.Helper()
	if ue, ok := AsUserError(err); ok {
		resp = Reply(UserErrorMessage(ue))
	} else if err != nil {
		g.t.Fatalf("%s: %v", step, err)
	}
	g.keep(step, resp)
}

func goldenInterviewValues(candidate string, panel []string, start time.Time) map[string]map[string]slack.BlockAction {
	v := func(a slack.BlockAction) map[string]slack.BlockAction {
		return map[string]slack.BlockAction{actionValue: a}
	}
	return map[string]map[string]slack.BlockAction{
		blockCandidate: v(slack.BlockAction{Value: candidate}),
		blockRole:      v(slack.BlockAction{Value: "Senior Python Backend Developer"}),
		blockStage:     v(slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: "technical"}}),
		blockPanel:     v(slack.BlockAction{SelectedUsers: panel}),
		blockManager:   v(slack.BlockAction{SelectedUser: slacktest.HiringManager}),
		blockStart:     v(slack.BlockAction{SelectedDateTime: start.Unix()}),
		blockDuration:  v(slack.BlockAction{Value: "60"}),
	}
}

func TestGoldenPayloads(t *testing.T) {
	t.Parallel() // runs tsc; beside the other tests
	g := newGoldenRun(t)
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2

	// Lookups, in their main variants.
	for _, c := range []struct{ step, name, text string }{
		{"salary-overview", "/salary", ""},
		{"salary-location-level", "/salary", "seattle senior"},
		{"salary-unknown", "/salary", "gotham"},
		{"salary-help", "/salary", "help"},
		{"salary-location", "/salary", "seattle"},
		{"salary-compare", "/salary", "compare"},
		{"salary-compare-level", "/salary", "compare senior"},
		{"questions-overview", "/interview-questions", ""},
		{"questions-technical", "/interview-questions", "technical"},
		{"questions-all", "/interview-questions", "all"},
		{"questions-behavioral", "/interview-questions", "behavioral"},
		{"questions-random", "/interview-questions", "random"},
		{"questions-unknown", "/interview-questions", "knitting"},
		{"faq-index", "/hiring-faq", ""},
		{"faq-answer", "/hiring-faq", "degree"},
		{"faq-no-match", "/hiring-faq", "knitting patterns"},
	} {
		g.command(c.step, hm, c.name, c.text)
	}
	g.action("salary-shared", hm, ActionShare, "/salary seattle senior")
	g.action("salary-compare-shared", hm, ActionShare, "/salary compare senior")

	// Interviews and feedback: record, heads-up, lists, the scorecard form, the summary.
	g.command("interview-help", hm, "/interview", "help")
	g.command("interview-form", hm, "/interview", "")
	g.submit("interview-form-errors", hm, ViewInterview, slacktest.Hiring, goldenInterviewValues("", nil, time.Time{}))
	start := g.clock.Now().Add(-3 * time.Hour)
	g.submit("interview-recorded", hm, ViewInterview, slacktest.Hiring, goldenInterviewValues("Jane Doe", []string{i1, i2}, start))
	g.quietly(hm, ViewInterview, "", goldenInterviewValues("John Roe", []string{i1}, g.clock.Now().Add(26*time.Hour)))
	g.homeOpened("home-first-visit", i1)
	g.command("interview-list", hm, "/interview", "list")
	g.command("feedback-owed", i1, "/feedback", "")
	g.command("feedback-caught-up", hm, "/feedback", "")
	g.command("feedback-help", i1, "/feedback", "help")
	g.command("scorecard-form", i1, "/feedback", "Jane Doe")
	g.submit("scorecard-errors", i1, ViewScorecard, "1", scorecardForm("", nil, "", ""))
	g.closed(i1, ViewScorecard, "1", map[string]map[string]slack.BlockAction{
		blockRecommendation: {actionValue: {SelectedOption: slack.OptionBlockObject{Value: "hire"}}},
		"sc_python":         {actionValue: {SelectedOption: slack.OptionBlockObject{Value: "4"}}},
		blockStrengths:      {actionValue: {Value: "Clear API design, half-written"}},
	})
	g.command("scorecard-form-restored", i1, "/feedback", "Jane Doe")
	saved := scorecardForm("hire", allRatings("3"), "Clear API design", "Light on testing")
	saved[blockNote] = map[string]slack.BlockAction{actionValue: {Value: "Probe how she would shard the data"}}
	g.submit("scorecard-saved", i1, ViewScorecard, "1", saved)
	g.homeRefreshed("home-after-scorecard", i1)
	g.homeOpened("home-manager-first-visit", hm)
	g.command("scorecard-form-again", i1, "/feedback", "Jane Doe")
	g.command("summary-manager", hm, "/feedback", "summary Jane Doe")
	g.command("summary-panel-pending", i2, "/feedback", "summary Jane Doe")

	// Reminders: the sweep's reminder and escalation, and the reminder's buttons.
	var reminder, escalation bool
	for range 2 {
		if _, err := g.h.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, p := range g.delivered() {
			switch {
			case !reminder && strings.Contains(p.Message.Text, "Reminder"):
				reminder = true
				g.keep("reminder", Response{Posts: []Post{p}})
			case !escalation && strings.Contains(p.Message.Text, "Feedback overdue"):
				escalation = true
				g.keep("escalation", Response{Posts: []Post{p}})
			}
		}
		g.clock.Advance(time.Hour)
	}
	if !reminder || !escalation {
		t.Fatalf("the sweep sent no reminder (%v) or no escalation (%v)", reminder, escalation)
	}
	// Feedback insights: the team's figures for the hiring manager, a refusal, one's own.
	g.command("stats-team", hm, "/feedback", "stats")
	g.command("stats-refused", i2, "/feedback", "stats 30d")
	g.command("stats-me", i1, "/feedback", "stats me")
	g.action("reminder-snoozed", i2, ActionSnoozeHour, "1")
	g.action("reminder-not-attended", i2, ActionNotAttended, "1") // the last owed: the panel is complete
	g.homeRefreshed("home-manager-decision-waiting", hm)

	// Deciding: the form from the panel-complete message, the decision, the summary that shows it.
	g.action("decision-form", hm, ActionRecordDecision, "1")
	g.submit("decision-errors", hm, ViewDecision, "1", map[string]map[string]slack.BlockAction{})
	g.submit("decision-recorded", hm, ViewDecision, "1", decisionForm("hold", "Waiting on references", false))
	g.homeRefreshed("home-manager-decided", hm)
	g.action("summary-button", hm, ActionViewSummary, "1")
	g.command("decision-not-yours", i1, "/feedback", "decide Jane Doe")

	// Changing an interview: the menu's forms, then what a reschedule, an edit and a cancel send.
	g.action("interview-edit-form", hm, ActionManageInterview, "edit:1")
	g.action("interview-reschedule-form", hm, ActionManageInterview, "reschedule:1")
	g.action("interview-cancel-form", hm, ActionManageInterview, "cancel:1")
	g.action("interview-manage-not-yours", i1, ActionManageInterview, "edit:1")
	later := g.clock.Now().Add(48 * time.Hour)
	g.submit("interview-rescheduled", hm, ViewInterviewReschedule, "1", map[string]map[string]slack.BlockAction{
		blockStart:    {actionValue: {SelectedDateTime: later.Unix()}},
		blockDuration: {actionValue: {Value: "45"}},
	})
	g.submit("interview-edited", hm, ViewInterviewEdit, "1", goldenInterviewValues("Jane Doe", []string{i1, hm}, later))
	g.command("decision-form-early", hm, "/feedback", "decide Jane Doe") // the hiring manager now owes a scorecard
	g.submit("decision-unconfirmed-errors", hm, ViewDecision, "1:confirmed", decisionForm("advance", "Strong so far", false))
	g.submit("interview-cancelled", hm, ViewInterviewCancel, "1", map[string]map[string]slack.BlockAction{
		blockCancelReason: {actionValue: {Value: "The candidate accepted another offer"}},
	})
	g.command("interview-list-cancelled", hm, "/interview", "list cancelled")

	// The kit before the next interview with the same candidate: a system design one.
	next := goldenInterviewValues("Jane Doe", []string{i2, i1}, g.clock.Now().Add(10*time.Minute))
	next[blockStage] = map[string]slack.BlockAction{actionValue: {SelectedOption: slack.OptionBlockObject{Value: "system-design"}}}
	g.submit("kit-interview-recorded", hm, ViewInterview, slacktest.Hiring, next)

	// Notes: the message shortcut's form and what saving it says; the kit and the summary show it.
	g.shortcut("note-form", i2, ShortcutAddNote, "Jane asked sharp questions about our on-call rota.")
	g.submit("note-added", i2, ViewCandidateNote, `{"c":"C0HIRING","ts":"1764000000.000001"}`, map[string]map[string]slack.BlockAction{
		blockNoteInterview: {actionValue: {SelectedOption: slack.OptionBlockObject{Value: "3"}}},
		blockNoteBody:      {actionValue: {Value: "Jane asked sharp questions about our on-call rota."}},
	})
	if _, err := g.h.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range g.delivered() {
		if p.Channel == i2 && strings.HasPrefix(p.Message.Text, "Interview kit") {
			g.keep("kit", Response{Posts: []Post{p}})
		}
	}
	g.command("summary-notes", hm, "/feedback", "summary Jane Doe")

	// Job postings: the form, the preview, sharing, export, the list and delete.
	g.command("posting-help", hm, "/job-posting", "help")
	g.command("posting-form", hm, "/job-posting", "")
	g.submit("posting-form-errors", hm, ViewPostingForm, "", map[string]map[string]slack.BlockAction{})
	g.submit("posting-saved", hm, ViewPostingForm, "", postingFormValues())
	g.homeOpened("home-manager-drafts", hm)
	g.action("home-record-interview", i1, ActionHomeRecordInterview, "new")
	g.action("home-new-posting", i1, ActionHomeNewPosting, "new")
	g.action("home-salary", i1, ActionHomeSalary, "lookup")
	g.action("home-notification-settings", i1, ActionHomeNotifications, "open")
	g.submit("notification-settings-errors", i1, ViewNotificationSettings, "", map[string]map[string]slack.BlockAction{
		blockPrefHours: {actionValue: {Value: "nine to five"}},
		blockPrefAway:  {actionValue: {SelectedDate: "2026-01-05"}}})
	g.submit("notification-settings-saved", i1, ViewNotificationSettings, "", map[string]map[string]slack.BlockAction{
		blockPrefHours: {actionValue: {Value: "08:00-16:00"}},
		blockPrefAway:  {actionValue: {SelectedDate: "2026-12-07"}}})
	g.action("home-notification-settings-again", i1, ActionHomeNotifications, "open")
	g.submit("home-salary-answer", i1, ViewSalaryLookup, "", map[string]map[string]slack.BlockAction{
		blockSalaryQuery: {actionValue: {Value: "seattle senior"}}})
	id := "1"
	g.action("posting-open", hm, ActionPostingOpen, id)
	g.action("posting-edit", hm, ActionPostingEdit, id)
	g.action("posting-share-form", hm, ActionPostingShare, id)
	g.submit("posting-shared", hm, ViewPostingShare, id, map[string]map[string]slack.BlockAction{
		blockPostingChannel: {postingInput: {SelectedConversation: slacktest.Hiring}}})
	g.action("posting-export", hm, ActionPostingExport, id)
	g.command("posting-list", hm, "/job-posting", "list")
	g.action("posting-deleted", hm, ActionPostingDelete, id)
	g.command("posting-list-empty", hm, "/job-posting", "list")

	// A message Slack refuses for good: the person who recorded the interview hears.
	g.quietly(hm, ViewInterview, slacktest.Hiring, goldenInterviewValues("Sam Poe", []string{goldenGone}, g.clock.Now().Add(2*time.Hour)))
	g.keep("delivery-notice", Response{})

	// /hirebot-admin, for its admins only: help, export, legal holds, the audit trail, erasure.
	g.command("admin-help", hm, "/hirebot-admin", "")
	g.command("admin-refused", i1, "/hirebot-admin", "erase Jane Doe")
	g.command("admin-which-candidate", hm, "/hirebot-admin", "export")
	g.command("admin-export", hm, "/hirebot-admin", "export Jane Doe")
	g.command("admin-hold", hm, "/hirebot-admin", "hold John Roe")
	g.command("admin-released", hm, "/hirebot-admin", "release John Roe")
	g.command("admin-not-held", hm, "/hirebot-admin", "release John Roe")
	g.quietCommand(hm, "/hirebot-admin", "hold John Roe") // kept by the retention purge below
	g.command("admin-audit", hm, "/hirebot-admin", "audit Jane Doe")
	g.command("admin-audit-none", hm, "/hirebot-admin", "audit Nobody Here")
	g.command("admin-erase-unknown", hm, "/hirebot-admin", "erase Nobody Here")
	g.command("admin-erase-plan", hm, "/hirebot-admin", "erase Jane Doe")
	g.action("admin-erase-cancelled", hm, ActionAdminCancel, "")
	// Slack deletes the messages about her but two: one it refuses, one it does not answer.
	deletes := 0
	g.delete = func(string, string) error {
		switch deletes++; deletes {
		case 1:
			return &RefusedError{Code: "cant_delete_message", Err: ErrUndeliverable}
		case 2:
			return errors.New("slack did not answer")
		}
		return nil
	}
	g.action("admin-erased", hm, ActionAdminErase, "Jane Doe")
	g.delete = func(string, string) error { return &RefusedError{Code: "message_not_found", Err: ErrUndeliverable} }
	g.clock.Advance(deletionIdle + time.Minute)
	if rep, err := g.h.admin.RetryDeletions(context.Background()); err != nil || rep.Failed != 1 {
		t.Fatalf("retrying deletions = %+v, %v; want one given up", rep, err)
	}
	g.keep("deletion-failed", Response{})

	// A year on, the retention purge anonymises what is left but the candidate on hold.
	g.clock.Advance(400 * 24 * time.Hour)
	if rep, err := g.h.retention.Run(context.Background()); err != nil || rep.Interviews == 0 {
		t.Fatalf("retention = %+v, %v; want interviews anonymised", rep, err)
	}
	g.keep("retention-report", Response{})

	g.noStaleFiles()
	slacktypes.CheckFiles(t, filepath.Join("testdata", "golden", "*.golden.json"))
}

// noStaleFiles fails for a golden file no step wrote: what it showed is gone, so it must go too.
func (g *goldenRun) noStaleFiles() {
	g.t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.golden.json"))
	if err != nil {
		g.t.Fatal(err)
	}
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".golden.json"); !g.seen[name] {
			g.t.Errorf("%s: no step shows this any more; delete it", f)
		}
	}
}

func decisionForm(outcome, reason string, confirmed bool) map[string]map[string]slack.BlockAction {
	v := map[string]map[string]slack.BlockAction{
		blockOutcome:        {actionValue: {SelectedOption: slack.OptionBlockObject{Value: outcome}}},
		blockDecisionReason: {actionValue: {Value: reason}},
	}
	if confirmed {
		v[blockDecisionConfirm] = map[string]slack.BlockAction{actionValue: {SelectedOptions: []slack.OptionBlockObject{{Value: decisionConfirmed}}}}
	}
	return v
}
