package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
	"hirebot/fakeslack/slacktest"
)

// homeTest is a store, a clock and every feature, for the Home tab's handler tests.
type homeTest struct {
	t     *testing.T
	store *data.Store
	clock *slacktest.Clock
	h     testHandlers
}

func newHomeTest(t *testing.T) *homeTest {
	store := mustStore(t)
	clk := slacktest.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	return &homeTest{t: t, store: store, clock: clk,
		h: newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}})}
}

// interview records an interview of candidate with panel, managed by UHM and recorded by UREC.
func (ht *homeTest) interview(candidate string, starts time.Time, panel ...string) data.Interview {
	ht.t.Helper()
	ps := make([]data.NewPanelist, len(panel))
	for i, u := range panel {
		ps[i] = data.NewPanelist{UserID: u}
	}
	iv, err := ht.store.CreateInterview(context.Background(), data.NewInterview{Candidate: candidate, Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UREC", StartsAt: starts, Duration: time.Hour, Panel: ps})
	if err != nil {
		ht.t.Fatal(err)
	}
	return iv
}

// home is user's Home tab as built now, as JSON.
func (ht *homeTest) home(user string) (string, *slack.HomeTabViewRequest) {
	ht.t.Helper()
	v, err := ht.h.Home.view(context.Background(), user, false)
	if err != nil {
		ht.t.Fatal(err)
	}
	raw, _ := json.Marshal(v)
	return string(raw), v
}

// submit runs the routed form callbackID as user.
func (ht *homeTest) submit(user, callbackID, meta string, values map[string]map[string]slack.BlockAction) Response {
	ht.t.Helper()
	for _, v := range ht.h.Routes().Views {
		if v.CallbackID == callbackID {
			resp, err := v.Handle(context.Background(), Submission{CallbackID: callbackID, PrivateMetadata: meta, UserID: user, Values: values})
			if err != nil || len(resp.ViewErrors) > 0 {
				ht.t.Fatalf("%s: %v %v", callbackID, err, resp.ViewErrors)
			}
			return resp
		}
	}
	ht.t.Fatalf("no view %s", callbackID)
	return Response{}
}

// click runs the routed button actionID as user.
func (ht *homeTest) click(user, actionID, value string) (Response, error) {
	ht.t.Helper()
	for _, a := range ht.h.Routes().Actions {
		if a.ActionID == actionID {
			return a.Handle(context.Background(), Action{ActionID: actionID, UserID: user, Value: value})
		}
	}
	ht.t.Fatalf("no action %s", actionID)
	return Response{}, nil
}

func interviewEditValues(candidate, manager string, panel []string, start time.Time) map[string]map[string]slack.BlockAction {
	v := goldenInterviewValues(candidate, panel, start)
	v[blockManager] = map[string]slack.BlockAction{actionValue: {SelectedUser: manager}}
	return v
}

// TestChangesRefreshTheHomesTheyTouch: every change republishes the Home tabs of the people it
// concerns, also those it takes an interview away from, and nobody else's.
func TestChangesRefreshTheHomesTheyTouch(t *testing.T) {
	ht := newHomeTest(t)
	start := ht.clock.Now().Add(24 * time.Hour)
	iv := ht.interview("Jane Doe", start, "UAA", "UBB")
	id := fmt.Sprint(iv.ID)
	// An edit takes UB off the panel, puts UC on, and hands the interview to UHM2.
	edited := ht.submit("UREC", ViewInterviewEdit, id, interviewEditValues("Jane Doe", "UHM2", []string{"UAA", "UCC"}, start))
	rescheduled := ht.submit("UHM2", ViewInterviewReschedule, id, map[string]map[string]slack.BlockAction{
		blockStart: {actionValue: {SelectedDateTime: start.Add(time.Hour).Unix()}}, blockDuration: {actionValue: {Value: "45"}}})
	// A second edit, after which UB (taken off before) is among those the interview showed up for.
	again := ht.submit("UREC", ViewInterviewEdit, id, interviewEditValues("Jane Doe", "UHM2", []string{"UAA"}, start))
	cancelled := ht.submit("UREC", ViewInterviewCancel, id, map[string]map[string]slack.BlockAction{
		blockCancelReason: {actionValue: {Value: "Withdrew"}}})
	for _, tt := range []struct {
		name string
		resp Response
		want []string
	}{
		{"edit", edited, []string{"UREC", "UAA", "UCC", "UHM2", "UHM", "UBB"}},
		{"reschedule", rescheduled, []string{"UHM2", "UREC", "UAA", "UCC", "UBB"}},
		{"second edit", again, []string{"UREC", "UAA", "UHM2", "UCC", "UBB"}},
		{"cancel", cancelled, []string{"UREC", "UHM2", "UAA", "UCC", "UBB"}},
	} {
		got := slices.Sorted(slices.Values(tt.resp.RefreshHome))
		if want := slices.Sorted(slices.Values(tt.want)); !slices.Equal(got, want) {
			t.Errorf("%s refreshes %v, want %v", tt.name, got, want)
		}
	}
}

// TestDidntAttendAndDecisionRefreshTheManager: "I didn't attend" and a decision change the hiring
// manager's list of candidates waiting, so both republish the manager's Home tab.
func TestDidntAttendAndDecisionRefreshTheManager(t *testing.T) {
	ht := newHomeTest(t)
	iv := ht.interview("Jane Doe", ht.clock.Now().Add(-3*time.Hour), "UAA", "UBB")
	id := fmt.Sprint(iv.ID)
	if resp := ht.submit("UAA", ViewScorecard, id, scorecardForm("hire", allRatings("3"), "Clear", "None")); !slices.Equal(resp.RefreshHome, []string{"UAA", "UHM"}) {
		t.Errorf("a scorecard refreshes %v, want its author and the manager", resp.RefreshHome)
	}
	resp, err := ht.click("UBB", ActionNotAttended, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"UBB", "UHM"}; !slices.Equal(resp.RefreshHome, want) {
		t.Errorf("didn't attend refreshes %v, want %v", resp.RefreshHome, want)
	}
	if home, _ := ht.home("UHM"); !strings.Contains(home, "waiting for your decision") || !strings.Contains(home, `"action_id":"decision_open"`) {
		t.Errorf("the manager's Home does not offer the decision:\n%s", home)
	}
	resp = ht.submit("UREC", ViewDecision, id, decisionForm("hold", "References", false))
	if want := []string{"UREC", "UHM"}; !slices.Equal(resp.RefreshHome, want) {
		t.Errorf("a decision refreshes %v, want %v", resp.RefreshHome, want)
	}
	if home, _ := ht.home("UHM"); strings.Contains(home, "Jane Doe") {
		t.Errorf("a decided candidate is still waiting:\n%s", home)
	}
}

// TestHomeOwedOverdueFirst: of several scorecards owed, the overdue ones come first, the longest
// overdue first, then the others by when they fall due; an interview not yet ended is not owed.
func TestHomeOwedOverdueFirst(t *testing.T) {
	ht := newHomeTest(t)
	now := ht.clock.Now()                                          // the feedback deadline is an hour after the end
	ht.interview("Due Later", now.Add(-70*time.Minute), "UAA")     // due 12:50
	ht.interview("Long Overdue", now.Add(-4*time.Hour), "UAA")     // due 10:00
	ht.interview("Due Soon", now.Add(-90*time.Minute), "UAA")      // due 12:30
	ht.interview("Just Overdue", now.Add(-150*time.Minute), "UAA") // due 11:30
	ht.interview("Not Ended", now.Add(-30*time.Minute), "UAA")     // ends 12:30
	ht.interview("Someone Else's", now.Add(-5*time.Hour), "UBB")   // not UAA's
	_, v := ht.home("UAA")
	var order []string
	for _, b := range v.Blocks.BlockSet {
		if s, ok := b.(*slack.SectionBlock); ok && s.Accessory != nil && s.Accessory.ButtonElement != nil &&
			s.Accessory.ButtonElement.ActionID == ActionOpenScorecard {
			name, _, _ := strings.Cut(strings.TrimPrefix(s.Text.Text, "*"), "*")
			overdue := strings.Contains(s.Text.Text, "*overdue*")
			order = append(order, fmt.Sprintf("%s %v", name, overdue))
		}
	}
	want := []string{"Long Overdue true", "Just Overdue true", "Due Soon false", "Due Later false"}
	if !slices.Equal(order, want) {
		t.Errorf("owed scorecards in the order %q, want %q", order, want)
	}
}

// TestHomeListsEndWithHowManyMore: past what each list shows, the tab says how many more there
// are and which command lists them all.
func TestHomeListsEndWithHowManyMore(t *testing.T) {
	ht := newHomeTest(t)
	now := ht.clock.Now()
	for i := range homeOwedShown + 2 { // ended, owed by UAA; the manager waits on them
		ht.interview(fmt.Sprintf("Past %02d", i), now.Add(-time.Duration(i+2)*time.Hour), "UAA")
	}
	for i := range homeUpcomingShown + 3 {
		ht.interview(fmt.Sprintf("Soon %02d", i), now.Add(time.Duration(i+1)*time.Hour), "UAA")
	}
	owed, v := ht.home("UAA")
	for _, want := range []string{"…and 2 more. `/feedback` lists them all.", "…and 3 more: `/interview list`"} {
		if !strings.Contains(owed, want) {
			t.Errorf("UAA's Home lacks %q:\n%s", want, owed)
		}
	}
	if n := strings.Count(owed, `"action_id":"`+ActionOpenScorecard+`"`); n != homeOwedShown {
		t.Errorf("%d Submit feedback buttons, want %d", n, homeOwedShown)
	}
	if len(v.Blocks.BlockSet) > maxHomeBlocks {
		t.Errorf("%d blocks", len(v.Blocks.BlockSet))
	}
	waiting, _ := ht.home("UHM")
	if want := fmt.Sprintf("…and %d more", homeOwedShown+2-homeWaitingShown); !strings.Contains(waiting, want) {
		t.Errorf("the manager's Home lacks %q:\n%s", want, waiting)
	}
}

// TestCapHomeBlocks: a tab over Slack's 100 blocks keeps the first 99 and ends with a note; one
// within the limit is left alone.
func TestCapHomeBlocks(t *testing.T) {
	many := func(n int) []slack.Block {
		blocks := make([]slack.Block, n)
		for i := range blocks {
			blocks[i] = section(fmt.Sprintf("block %d", i))
		}
		return blocks
	}
	if got := capHomeBlocks(many(maxHomeBlocks)); len(got) != maxHomeBlocks {
		t.Errorf("100 blocks became %d", len(got))
	}
	blocks := many(150)
	got := capHomeBlocks(blocks)
	if len(got) != maxHomeBlocks {
		t.Fatalf("150 blocks capped to %d, want %d", len(got), maxHomeBlocks)
	}
	if s, ok := got[maxHomeBlocks-2].(*slack.SectionBlock); !ok || s.Text.Text != "block 98" {
		t.Errorf("block 99 is %#v, want the 99th of the tab", got[maxHomeBlocks-2])
	}
	raw, _ := json.Marshal(got[maxHomeBlocks-1])
	if !strings.Contains(string(raw), "More than fits here: the commands list everything.") {
		t.Errorf("the last block is %s, want the note", raw)
	}
	if s, ok := blocks[maxHomeBlocks-1].(*slack.SectionBlock); !ok || s.Text.Text != "block 99" {
		t.Error("capping changed the blocks it was given")
	}
}

// TestHomeDraftOpensAndSavingRefreshes: saving a job posting draft republishes its author's
// Home, which lists it with an Open button that opens the draft.
func TestHomeDraftOpensAndSavingRefreshes(t *testing.T) {
	ht := newHomeTest(t)
	resp := ht.submit("UAA", ViewPostingForm, "", postingFormValues())
	if !slices.Equal(resp.RefreshHome, []string{"UAA"}) {
		t.Errorf("saving a draft refreshes %v, want its author's Home", resp.RefreshHome)
	}
	_, v := ht.home("UAA")
	var open *slack.ButtonBlockElement
	for _, b := range v.Blocks.BlockSet {
		if s, ok := b.(*slack.SectionBlock); ok && s.Accessory != nil && s.Accessory.ButtonElement != nil &&
			s.Accessory.ButtonElement.ActionID == ActionPostingOpen {
			open = s.Accessory.ButtonElement
		}
	}
	if open == nil {
		t.Fatal("the Home tab lists no draft with an Open button")
	}
	resp, err := ht.click("UAA", open.ActionID, open.Value)
	if err != nil || resp.OpenView == nil || !strings.Contains(fmt.Sprint(resp.OpenView.PrivateMetadata), open.Value) {
		t.Fatalf("Open from the Home tab: %+v, %v; want the draft's preview", resp.OpenView, err)
	}
	if _, err := ht.click("UBB", open.ActionID, open.Value); err == nil {
		t.Error("somebody else opened the draft from its button")
	}
	if others, _ := ht.home("UBB"); strings.Contains(others, "job posting drafts") {
		t.Error("another person's Home lists the draft")
	}
}

// TestHomeWelcomeLastsUntilATabIsShown: opening the Home tab shows the welcome, and keeps
// showing it, until the bot reports that Slack took a tab the person opened; only then is the
// visit noted, changes republish the tab and the welcome is gone.
func TestHomeWelcomeLastsUntilATabIsShown(t *testing.T) {
	ht := newHomeTest(t)
	ctx := context.Background()
	routes := ht.h.Routes()
	opened := func() (Response, string) {
		t.Helper()
		for _, e := range routes.Events {
			if e.Type == EventAppHomeOpened {
				resp, err := e.Handle(ctx, Event{Type: EventAppHomeOpened, UserID: "UAA", Tab: "home"})
				if err != nil || resp.PublishHome == nil {
					t.Fatalf("opening = %+v, %v", resp, err)
				}
				raw, _ := json.Marshal(resp.PublishHome.View)
				return resp, string(raw)
			}
		}
		t.Fatal("no app_home_opened route")
		return Response{}, ""
	}
	for range 2 { // published, say, but rate limited or refused: not shown yet
		resp, tab := opened()
		if !resp.PublishHome.Opened || !strings.Contains(tab, "Welcome") {
			t.Fatalf("opening published (opened %v) %s, want the welcome", resp.PublishHome.Opened, tab)
		}
		if v, err := routes.Home(ctx, "UAA", false); err != nil || v != nil {
			t.Fatalf("a change rebuilt the tab of someone never shown one: %v, %v", v, err)
		}
	}
	v, err := routes.Home(ctx, "UAA", true) // a retry of the opened tab
	if raw, _ := json.Marshal(v); err != nil || !strings.Contains(string(raw), "Welcome") {
		t.Fatalf("a retry of the opened tab built %s, %v; want the welcome", raw, err)
	}
	if err := routes.HomeShown(ctx, "UAA"); err != nil {
		t.Fatal(err)
	}
	if _, tab := opened(); strings.Contains(tab, "Welcome") {
		t.Errorf("the welcome is shown again after a tab with it was published: %s", tab)
	}
	if v, err := routes.Home(ctx, "UAA", false); err != nil || v == nil {
		t.Errorf("a change did not rebuild the tab: %v, %v", v, err)
	}
}
