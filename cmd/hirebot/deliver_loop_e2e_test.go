package main

import (
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestOutboxRetriesOnTheClock: a message Slack failed to take goes out again once the app's clock
// passes its retry time, sent by the delivery loop alone (nothing in the test delivers). The
// loop's rounds are an hour apart on the clock, so only a wait on the clock can send it within
// the test: an hour of the wall clock never comes.
func TestOutboxRetriesOnTheClock(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBotWith(t, fake, feedbackEnv(nil), appOptions{noSchedule: true, deliverEvery: time.Hour})
	hm, me := slacktest.HiringManager, slacktest.Interviewer1
	fake.FailNext("chat.postMessage", 100, "internal_error") // every post fails until lifted

	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Jane Doe", []string{me}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.waitOutboxIdle() // each message tried once and waiting for its retry
	for _, u := range []string{hm, me} {
		if got := fake.Messages(fake.DMChannel(u)); len(got) != 0 {
			t.Fatalf("%s got %d messages while every post failed", u, len(got))
		}
	}
	fake.FailNext("chat.postMessage", 0, "")

	// The loop waits on the clock for its next round; moving the clock past it, and past the
	// first retry (30 s), sends what waited.
	if err := h.Clock.WaitForWaiters(h.Ctx(), 1); err != nil {
		t.Fatal(err)
	}
	h.Clock.Advance(time.Hour)
	h.WaitDM(cursor, me, "You're on the panel for *Jane Doe*")
	h.waitOutboxSent()
	if n := h.DMsContaining(me, "You're on the panel for *Jane Doe*"); n != 1 {
		t.Errorf("the interviewer got %d heads-ups, want one", n)
	}
	if got := fake.Messages(fake.DMChannel(hm)); len(got) == 0 {
		t.Error("the hiring manager's messages never went out")
	}
	for _, e := range fake.UserErrors() {
		t.Errorf("a user saw an error: %+v", e)
	}
}

// waitOutboxSent waits, without delivering anything itself, until the outbox holds nothing
// pending or in flight.
func (h *harness) waitOutboxSent() {
	h.T.Helper()
	a, ctx := h.app.Load(), h.Ctx()
	for {
		st, err := a.store.OutboxStats(ctx, h.Clock.Now())
		if err != nil {
			h.T.Fatal(err)
		}
		if st.Pending == 0 && st.Claimed == 0 {
			return
		}
		select {
		case <-ctx.Done():
			h.T.Fatalf("the outbox never emptied: %+v\nlogs:\n%s", st, h.Logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
