package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/data/datatest"
	"hirebot/fakeslack/slacktest"
)

// mentionsInDB lists the columns of every table of the bot's database that hold any of words.
func (h *harness) mentionsInDB(words ...string) []string {
	h.T.Helper()
	db, err := datatest.Open(h.app.Load().cfg.DBPath)
	if err != nil {
		h.T.Fatal(err)
	}
	defer db.Close()
	found, err := datatest.Mentions(h.Ctx(), db, words...)
	if err != nil {
		h.T.Fatal(err)
	}
	return found
}

// recordWithScorecard records an interview of candidate that ended an hour ago, and interviewer
// 1's scorecard of it with strengths.
func (h *harness) recordWithScorecard(candidate, strengths string) {
	h.T.Helper()
	cursor := h.Fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues(candidate, []string{slacktest.Interviewer1, slacktest.Interviewer2}, h.Clock.Now().Add(-2*time.Hour), "60"))
	headsUp := h.WaitDM(cursor, slacktest.Interviewer1, candidate)
	h.Click(slacktest.Interviewer1, headsUp, "feedback_open")
	card := h.WaitView(slacktest.Interviewer1, "scorecard")
	if ack := h.Submit(slacktest.Interviewer1, card, scorecardValues("hire", strengths)); strings.Contains(ack, "errors") {
		h.T.Fatalf("scorecard refused: %s", ack)
	}
	h.WaitDM(cursor, slacktest.Interviewer1, "Your scorecard for *"+candidate+"*")
	h.drainOutbox()
}

// TestRetentionAnonymisesOldInterviews: once the retention period has passed, the daily purge
// leaves the candidate's name in no table, keeps a held candidate whole, tells the admins, and
// does not run twice a day, not even across a restart.
func TestRetentionAnonymisesOldInterviews(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	const admin = slacktest.Recruiter
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin, "HIREBOT_RETENTION": "400d"}))
	h.recordWithScorecard("Jane Doe", "Jane explained sharding well")
	h.recordWithScorecard("Grace Hopper", "Grace explained compilers well")
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "hold Grace Hopper")), "legal hold")
	if found := h.mentionsInDB("Jane Doe", "explained sharding"); len(found) == 0 {
		t.Fatal("the walk finds nothing before the purge: it looks in the wrong places")
	}

	// A year and more later, the day's first sweep purges.
	cursor := fake.Cursor()
	h.Clock.Advance(401 * 24 * time.Hour)
	h.sweep()
	report := h.WaitDM(cursor, admin, "Retention:")
	mustContain(t, texts(t, report), "Retention: 1 interview of 1 candidate anonymised; 1 candidate on legal hold kept.")
	if found := h.mentionsInDB("Jane Doe", "jane doe", "explained sharding"); len(found) > 0 {
		t.Fatalf("after the purge the candidate is still in %s", strings.Join(found, ", "))
	}
	if found := h.mentionsInDB("Grace Hopper", "explained compilers"); len(found) < 3 {
		t.Fatalf("the held candidate is mentioned only in %v", found)
	}
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane Doe")), "No interviews are recorded")
	trail := texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit"))
	mustContain(t, trail, "hirebot · retention-run", "1 interviews of 1 candidates anonymised")
	if strings.Contains(trail, "Jane") {
		t.Fatalf("the audit trail still names the candidate:\n%s", trail)
	}

	// Later the same day (a UTC day, whatever the time the test starts at), and after a
	// restart, the purge does not run again.
	now := h.Clock.Now().UTC()
	h.Clock.Advance(time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC).Sub(now) / 2)
	h.sweep()
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}
	h.Restart()
	h.sweep()
	if n := h.DMsContaining(admin, "Retention:"); n != 1 {
		t.Fatalf("the admin got %d retention reports, want 1", n)
	}
	if trail := texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit")); strings.Count(trail, "retention-run") != 2 {
		// The start-up sweep ran one purge the first day, with nothing to anonymise; the second
		// day's is the one above.
		t.Fatalf("the audit trail has %d retention runs, want 2:\n%s", strings.Count(trail, "retention-run"), trail)
	}
}
