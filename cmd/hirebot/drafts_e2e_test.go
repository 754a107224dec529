package main

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"hirebot/data"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// openScorecardForm runs /feedback for the candidate as user and returns the form that opened.
func (h *harness) openScorecardForm(user, candidate string) fakeslack.View {
	h.T.Helper()
	cursor := h.Fake.Cursor()
	h.Run(user, slacktest.Hiring, "/feedback", candidate)
	return h.WaitViewAfter(cursor, user, "scorecard")
}

// typeInto sets what user typed or picked in the form's input block, as Slack keeps it in the
// view's state without telling the app.
func (h *harness) typeInto(user string, v fakeslack.View, block string, val fakeslack.Value) {
	h.T.Helper()
	if _, err := h.Fake.SetViewBlockValue(h.Ctx(), user, v.ID, block, "value", val); err != nil {
		h.T.Fatalf("type into %s: %v", block, err)
	}
}

// closeForm presses Cancel on the form and waits until the bot holds the draft it leaves.
func (h *harness) closeForm(user string, v fakeslack.View, wantDraft func(data.Draft) bool) {
	h.T.Helper()
	env, err := h.Fake.CloseView(h.Ctx(), user, v.ID)
	if err != nil || env == nil {
		h.T.Fatalf("closing the form sent no view_closed: %v", err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		h.T.Fatalf("view_closed not acked: %v", err)
	}
	id, _ := strconv.ParseInt(v.PrivateMetadata, 10, 64)
	ctx := h.Ctx()
	for {
		d, err := h.app.Load().store.Draft(ctx, id, user)
		if err == nil && wantDraft(d) {
			return
		}
		if err != nil && !errors.Is(err, data.ErrNotFound) {
			h.T.Fatal(err)
		}
		select {
		case <-ctx.Done():
			h.T.Fatalf("no draft saved after closing the form (last: %+v, %v)\nlogs:\n%s", d, err, h.Logs.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// shown is what the form says and holds before the user touches it.
func shown(v fakeslack.View) (text string, state map[string]map[string]fakeslack.Value) {
	return string(v.Blocks), fakeslack.InitialState(v)
}

// TestScorecardDraftSurvivesCloseAndRestart: a half-written scorecard closed with Cancel comes
// back when the form opens again, also after the bot restarts; submitting it ends the draft.
func TestScorecardDraftSurvivesCloseAndRestart(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	h.Clock.Set(time.Date(2026, 12, 1, 13, 5, 0, 0, time.UTC)) // 14:05 in Berlin
	me := slacktest.Interviewer1
	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{me, slacktest.Interviewer2},
		h.Clock.Now().Add(-3*time.Hour), "60"))

	// Type, close: the draft is kept. Reopen: restored, and said so.
	card := h.openScorecardForm(me, "Jane Doe")
	if !card.NotifyOnClose {
		t.Fatal("the scorecard form does not ask to be told when it closes")
	}
	h.typeInto(me, card, "sc_recommendation", fakeslack.Value{SelectedOption: &fakeslack.Option{Value: "hire"}})
	h.typeInto(me, card, "sc_python", fakeslack.Value{SelectedOption: &fakeslack.Option{Value: "4"}})
	h.typeInto(me, card, "sc_strengths", fakeslack.Value{Value: "Clear API design, and"})
	h.closeForm(me, card, func(d data.Draft) bool { return d.Strengths == "Clear API design, and" })

	text, state := shown(h.openScorecardForm(me, "Jane Doe"))
	mustContain(t, text, "Restored your unsaved draft from Tue 1 Dec, 14:05")
	if state["sc_recommendation"]["value"].SelectedOption == nil || state["sc_recommendation"]["value"].SelectedOption.Value != "hire" ||
		state["sc_python"]["value"].SelectedOption == nil || state["sc_python"]["value"].SelectedOption.Value != "4" ||
		state["sc_strengths"]["value"].Value != "Clear API design, and" {
		t.Fatalf("the restored form holds %v", state)
	}
	// Nobody else sees it, and it is not a scorecard: the summary has none yet.
	if other, _ := shown(h.openScorecardForm(slacktest.Interviewer2, "Jane Doe")); strings.Contains(other, "Restored") {
		t.Fatal("another panelist's form restored someone's draft")
	}
	summary := h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane Doe")
	if s := texts(t, summary); strings.Contains(s, "Clear API design") || strings.Contains(s, "Hire ·") {
		t.Fatalf("the summary shows the draft: %s", s)
	}

	// Submit: the draft is gone; the form shows the submitted version, without the draft line.
	h.Clock.Advance(10 * time.Minute)
	card = h.openScorecardForm(me, "Jane Doe")
	if ack := h.Submit(me, card, scorecardValues("hire", "Clear API design, and calm")); strings.Contains(ack, "errors") {
		t.Fatalf("scorecard refused: %s", ack)
	}
	text, state = shown(h.openScorecardForm(me, "Jane Doe"))
	if strings.Contains(text, "Restored") || state["sc_strengths"]["value"].Value != "Clear API design, and calm" {
		t.Fatalf("after submitting the form shows %s with %v", text, state["sc_strengths"])
	}
	mustContain(t, text, "You submitted version 1")

	// Edit the submitted version, close, restart the bot: the draft is still there.
	card = h.openScorecardForm(me, "Jane Doe")
	h.typeInto(me, card, "sc_concerns", fakeslack.Value{Value: "On second thought: light on testing"})
	h.closeForm(me, card, func(d data.Draft) bool { return strings.HasPrefix(d.Concerns, "On second thought") })
	if err := h.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	h.Restart()
	text, state = shown(h.openScorecardForm(me, "Jane Doe"))
	mustContain(t, text, "Restored your unsaved draft from Tue 1 Dec, 14:15", "You submitted version 1")
	if state["sc_concerns"]["value"].Value != "On second thought: light on testing" ||
		state["sc_strengths"]["value"].Value != "Clear API design, and calm" {
		t.Fatalf("after a restart the form holds %v", state)
	}
}
