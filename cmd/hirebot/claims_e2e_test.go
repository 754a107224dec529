package main

import (
	"testing"
	"time"

	"hirebot/data"
	"hirebot/fakeslack/slacktest"
)

// TestRemindersClaimedByACrashedSweepGoOutAtRestart: a process that dies mid-sweep leaves its
// reminders claimed; restarted under the same replica id it releases them at start-up, so its
// first sweep sends them rather than waiting for the lease to run out. One claimed by another
// replica waits for its lease.
func TestRemindersClaimedByACrashedSweepGoOutAtRestart(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBotUnscheduled(t, fake, feedbackEnv(map[string]string{"HIREBOT_REPLICA_ID": "replica-a"}))
	h.Clock.Set(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)) // a Tuesday, 11:00 in Berlin
	cursor := h.Fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	h.SubmitOK(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*24*time.Hour), "60"))
	h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")
	form = h.openInterviewForm(slacktest.HiringManager)
	h.SubmitOK(slacktest.HiringManager, form, interviewValues("John Roe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*24*time.Hour+time.Hour), "60")) // due after Jane's, so claimed second
	h.WaitDM(cursor, slacktest.Interviewer1, "John Roe")
	h.drainOutbox()
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}

	// What a sweep that died after claiming leaves behind: Jane's reminder claimed by this
	// replica, John's by another one, both for the full lease.
	claim := func(owner string) {
		s, err := data.Open(h.Ctx(), h.app.Load().cfg.DBPath, data.WithClock(h.Clock.Now), data.WithOwner(owner))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if due, err := s.ClaimDueReminders(h.Ctx(), h.Clock.Now(), time.Hour, 1); err != nil || len(due) != 1 {
			t.Fatalf("claim as %s: %v, %v", owner, due, err)
		}
	}
	claim("replica-a")
	claim("replica-b")

	cursor = h.Fake.Cursor()
	h.Restart()
	if err := h.Logs.WaitFor(h.Ctx(), "claims at start-up"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.Logs.String(), "released_own=1", "held_by_others=1")
	h.sweep()
	h.WaitDM(cursor, slacktest.Interviewer1, "Your scorecard for *Jane Doe*")
	h.drainOutbox()
	if n := h.DMsContaining(slacktest.Interviewer1, "Your scorecard for *John Roe*"); n != 0 {
		t.Fatalf("the reminder another replica holds went out before its lease ended (%d)", n)
	}
	h.Clock.Advance(time.Hour)
	h.sweep()
	h.WaitDM(cursor, slacktest.Interviewer1, "Your scorecard for *John Roe*")
}
