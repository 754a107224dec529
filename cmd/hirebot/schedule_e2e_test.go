package main

import (
	"testing"
	"time"

	"hirebot/fakeslack/slacktest"
)

// TestScheduleSweepsOnTheClock: the reminder schedule runs on the app's clock. Moving the clock
// past the next cron time sends the reminders; nothing calls the sweep.
func TestScheduleSweepsOnTheClock(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	// Two waits are pending on the clock: the schedule's, and the outbox delivery loop's next
	// round, two days off so that it never falls due here and the count stays two.
	const waits = 2
	h := startBotWith(t, fake, feedbackEnv(map[string]string{"HIREBOT_REMINDER_SCHEDULE": "0 * * * *"}), appOptions{deliverEvery: 48 * time.Hour})
	// The start-up sweep has run once the schedule waits for the next hour on the clock.
	if err := h.Clock.WaitForWaiters(h.Ctx(), waits); err != nil {
		t.Fatal(err)
	}
	me := slacktest.Interviewer1
	cursor := fake.Cursor()
	start := h.Clock.Now().Add(-72 * time.Hour).Truncate(time.Hour) // days ago: feedback is overdue
	h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager), interviewValues("Jane Doe", []string{me}, start, "60"))
	h.WaitDM(cursor, me, "You're on the panel for *Jane Doe*")

	next := h.Clock.Now().Truncate(time.Hour).Add(time.Hour)
	h.Clock.Set(next.Add(-time.Second))
	if n := h.Clock.Waiting(); n != waits || h.DMsContaining(me, "is overdue") != 0 {
		t.Fatalf("before the hour the schedule swept or stopped waiting (%d waiting)", n)
	}
	h.Clock.Set(next)
	mustContain(t, texts(t, h.WaitDM(cursor, me, "is overdue")), "Jane Doe", "Submit feedback")
	if err := h.Clock.WaitForWaiters(h.Ctx(), waits); err != nil { // and waits for the hour after
		t.Fatal(err)
	}
}
