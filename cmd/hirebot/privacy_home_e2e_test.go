package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack/slacktest"
)

// TestErasureRepublishesTheHomeTabs: the Home tab of an interviewer who owes a scorecard of
// the erased candidate is published again without them (tabs are republished for people who
// have opened theirs).
func TestErasureRepublishesTheHomeTabs(t *testing.T) {
	t.Parallel() // mostly waits out the Home tab's publishing debounce
	fake := newFeedbackFake(t)
	const admin = slacktest.Recruiter
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))
	cursor := fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")
	h.drainOutbox()
	mustContain(t, homeTexts(t, h.openHome(slacktest.Interviewer1)), "Jane Doe")
	h.waitHomeIdle() // the refreshes the recording asked for are out
	before := fake.HomePublishes(slacktest.Interviewer1)

	confirm := h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase Jane Doe")
	cursor = fake.Cursor()
	h.Click(admin, confirm, "admin_erase")
	if got := homeTexts(t, h.waitHome(cursor, slacktest.Interviewer1)); strings.Contains(got, "Jane Doe") {
		t.Fatalf("the Home tab after the erasure still shows the candidate:\n%s", got)
	}
	if n := fake.HomePublishes(slacktest.Interviewer1); n != before+1 {
		t.Fatalf("%d Home tabs published after the erasure, want 1", n-before)
	}
}
