package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func decisionValues(outcome, reason string, confirm bool) map[string]map[string]fakeslack.Value {
	v := map[string]map[string]fakeslack.Value{
		"dc_outcome": {"value": {Type: "radio_buttons", SelectedOption: &fakeslack.Option{Value: outcome}}},
		"dc_reason":  {"value": {Type: "plain_text_input", Value: reason}},
	}
	if confirm {
		v["dc_confirm"] = map[string]fakeslack.Value{"value": {Type: "checkboxes", SelectedOptions: []fakeslack.Option{{Value: "confirmed"}}}}
	}
	return v
}

// waitPrivate waits for a private reply to user, after cursor, that contains want.
func (h *harness) waitPrivate(cursor uint64, user, want string) fakeslack.Message {
	h.T.Helper()
	m, err := h.Fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool {
		return m.Ephemeral && m.VisibleTo == user && strings.Contains(texts(h.T, m), want)
	})
	if err != nil {
		h.T.Fatalf("no private reply to %s with %q: %v", user, want, err)
	}
	return m
}

// TestPanelCompleteAndDecisionThroughSlack: a decision asked for early needs confirmation naming
// who still owes a scorecard; the last two scorecards race and the hiring manager and the
// recorder each hear once that the panel is complete; from that message they read the summary,
// with the notes for later interviewers, and record a decision, which a later one supersedes.
func TestPanelCompleteAndDecisionThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter

	cursor := fake.Cursor()
	start := h.recordUpcoming(rec, "Jane Doe", i1, i2)
	h.Clock.Set(start.Add(90 * time.Minute))

	// Deciding before the panel is complete asks for confirmation, naming who has not submitted.
	h.Run(hm, slacktest.Hiring, "/feedback", "decide jane doe")
	early := h.WaitView(hm, "decision")
	mustContain(t, string(early.Blocks), "Not every scorecard is in", i1+`\u003e, \u003c@`+i2)
	// The confirmation is a required checkbox: Slack does not submit the form without it.
	if _, err := fake.SubmitView(h.Ctx(), hm, early.ID, decisionValues("advance", "Looks strong", false)); err == nil ||
		!strings.Contains(err.Error(), "dc_confirm") {
		t.Fatalf("a decision before the panel is complete went in unconfirmed: %v", err)
	}
	h.Submit(hm, early, decisionValues("advance", "Looks strong", true))
	mustContain(t, texts(t, h.WaitDM(cursor, hm, "Decision recorded")), "Advance to the next stage")
	h.WaitDM(cursor, rec, "recorded a decision")

	// Somebody else may not decide.
	mustContain(t, texts(t, h.Command(i1, slacktest.Hiring, "/feedback", "decide Jane Doe")), "can't decide")

	// The two last scorecards arrive at once.
	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	card1 := h.WaitView(i1, "scorecard")
	h.Run(i2, slacktest.Hiring, "/feedback", "Jane Doe")
	card2 := h.WaitView(i2, "scorecard")
	mustContain(t, string(card1.Blocks), "Note for later interviewers")
	v1 := scorecardValues("hire", "Clear API design")
	v1["sc_note"] = map[string]fakeslack.Value{"value": {Type: "plain_text_input", Value: "Probe caching next time"}}
	var wg sync.WaitGroup
	for _, s := range []struct {
		user string
		view fakeslack.View
		vals map[string]map[string]fakeslack.Value
	}{{i1, card1, v1}, {i2, card2, scorecardValues("strong-hire", "Great debugging")}} {
		wg.Go(func() {
			env, err := fake.SubmitView(h.Ctx(), s.user, s.view.ID, s.vals)
			if err == nil {
				_, err = env.WaitAck(h.Ctx())
			}
			if err != nil {
				t.Errorf("submit %s: %v", s.user, err)
			}
		})
	}
	wg.Wait()
	h.drainOutbox()
	done := h.WaitDM(cursor, hm, "Every scorecard is in")
	mustContain(t, texts(t, done), "Strong hire: *1*", "Hire: *1*", "View summary", "Record decision")
	h.WaitDM(cursor, rec, "Every scorecard is in")
	for _, u := range []string{hm, rec} {
		if n := h.DMsContaining(u, "Every scorecard is in"); n != 1 {
			t.Fatalf("%s heard %d times that the panel is complete, want once", u, n)
		}
	}

	// View summary: the private reply /feedback summary gives, with the decision and the note.
	cursor = fake.Cursor()
	h.Click(hm, done, "feedback_summary")
	sum := texts(t, h.waitPrivate(cursor, hm, "Feedback · Jane Doe"))
	mustContain(t, sum, "*Decision:* Advance to the next stage", "<@"+hm+">", "Looks strong", "Probe caching next time")

	// Record decision from the message: no confirmation needed now; it supersedes the first.
	h.Click(hm, done, "decision_open")
	form := h.WaitViewAfter(cursor, hm, "decision")
	if strings.Contains(string(form.Blocks), "Not every scorecard") {
		t.Fatal("a complete panel still asks for confirmation")
	}
	mustContain(t, string(form.Blocks), "Standing decision: *Advance to the next stage*")
	h.SubmitOK(hm, form, decisionValues("hire", "Unanimous yes", false))
	h.WaitDM(cursor, hm, "Decision recorded: *Hire*")
	sum = texts(t, h.Command(rec, slacktest.Hiring, "/feedback", "summary Jane Doe"))
	mustContain(t, sum, "*Decision:* Hire", "Unanimous yes", "Superseded: Advance to the next stage")

	// A resubmission does not tell anyone again.
	h.Run(i2, slacktest.Hiring, "/feedback", "Jane Doe")
	h.SubmitOK(i2, h.WaitViewAfter(cursor, i2, "scorecard"), scorecardValues("hire", "Second thoughts"))
	h.drainOutbox()
	if n := h.DMsContaining(hm, "Every scorecard is in"); n != 1 {
		t.Fatalf("a resubmission told the hiring manager again (%d)", n)
	}
}

// TestDecisionAfterARestartIsRecordedOnce loses the ack of a decision and restarts hirebot, so
// Slack delivers it again to the new process: one decision, one confirmation.
func TestDecisionAfterARestartIsRecordedOnce(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{AckTimeout: 300 * time.Millisecond, MaxRetries: 60}) // retries outlast a restart on a busy machine
	h := startBot(t, fake, nil)
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1
	cursor := fake.Cursor()
	h.recordUpcoming(hm, "Rae Redo", i1)

	h.Run(hm, slacktest.Hiring, "/feedback", "decide Rae Redo")
	form := h.WaitView(hm, "decision")
	fake.LoseAcks(1)
	env, err := fake.SubmitView(h.Ctx(), hm, form.ID, decisionValues("reject", "Not a fit", true))
	if err != nil {
		t.Fatal(err)
	}
	release := fake.HoldDeliveries() // its redelivery waits for the restarted process
	h.WaitDM(cursor, hm, "Decision recorded")
	h.restartAndWaitAck(env, release)
	h.drainOutbox()
	if n := h.DMsContaining(hm, "Decision recorded"); n != 1 {
		t.Fatalf("%d confirmations, want 1", n)
	}
	sum := texts(t, h.Command(hm, slacktest.Hiring, "/feedback", "summary Rae Redo"))
	if strings.Contains(sum, "Superseded") {
		t.Fatalf("the redelivered decision was recorded twice:\n%s", sum)
	}
}
