package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestEveryFeedbackReadIsAudited: every way feedback reaches someone is in the audit trail: the
// panel-complete message to the hiring manager, its View summary button, and an interview kit
// carrying an earlier interviewer's note.
func TestEveryFeedbackReadIsAudited(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	const admin = slacktest.Recruiter
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))
	now := h.Clock.Now()

	// A phone screen; interviewer 1 leaves a note for later interviewers, interviewer 2
	// completes the panel.
	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), withStage(interviewValues("Jane Doe", []string{i1, i2}, now.Add(-3*time.Hour), "30"), "phone-screen"))
	h.WaitDM(cursor, i2, "You're on the panel")
	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	card := scorecardValues("hire", "Good fundamentals")
	card["sc_note"] = map[string]fakeslack.Value{"value": {Type: "plain_text_input", Value: "Probe how she would shard the data"}}
	h.SubmitOK(i1, h.WaitView(i1, "scorecard"), card)
	h.Run(i2, slacktest.Hiring, "/feedback", "Jane Doe")
	h.SubmitOK(i2, h.WaitView(i2, "scorecard"), scorecardValues("strong-hire", "Great debugging"))
	h.drainOutbox()
	done := h.WaitDM(cursor, hm, "Every scorecard is in")

	// The hiring manager clicks View summary.
	cursor = fake.Cursor()
	h.Click(hm, done, "feedback_summary")
	mustContain(t, texts(t, h.waitPrivate(cursor, hm, "Feedback · Jane Doe")), "Probe how she would shard the data")

	// A system design interview: its kit carries interviewer 1's note to interviewer 2.
	start := now.Truncate(time.Hour).Add(2 * time.Hour)
	h.SubmitOK(hm, h.openInterviewForm(hm), withStage(interviewValues("Jane Doe", []string{i2}, start, "60"), "system-design"))
	h.WaitDM(cursor, i2, "You're on the panel for *Jane Doe*")
	h.Clock.Set(start.Add(-14 * time.Minute))
	if rep := h.sweep(); rep.Kits != 1 {
		t.Fatalf("%d kits 14 minutes before the start, want 1", rep.Kits)
	}
	mustContain(t, texts(t, h.WaitDM(cursor, i2, "Interview kit")), "Probe how she would shard the data")

	trail := texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit jane doe"))
	count := func(who, action string) int {
		n := 0
		for _, line := range strings.Split(trail, "\n") {
			if strings.Contains(line, "<@"+who+"> · "+action) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		who, action string
		want        int
	}{
		{hm, "received-feedback", 1}, // the panel-complete message
		{hm, "viewed-summary", 1},    // the View summary button
		{i2, "received-feedback", 1}, // the kit, with interviewer 1's note
		{i1, "received-feedback", 0}, // nothing of anybody else's reached them
	} {
		if got := count(c.who, c.action); got != c.want {
			t.Errorf("%d %s entries by %s, want %d; the trail:\n%s", got, c.action, c.who, c.want, trail)
		}
	}
}
