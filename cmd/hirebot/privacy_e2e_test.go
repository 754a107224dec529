package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestAdminErasesACandidateEverywhere: feedback reads land in the audit trail; only admins run
// /hirebot-admin; an export reaches the admin as files; an erasure asks first, removes the
// candidate's records and deletes the messages hirebot posted about them.
func TestAdminErasesACandidateEverywhere(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": slacktest.Recruiter + ", UNOBODY"}))
	const admin = slacktest.Recruiter

	cursor := fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	start := h.Clock.Now().Add(-3 * time.Hour)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1, slacktest.Interviewer2}, start, "60"))
	headsUp := h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")
	h.WaitDM(cursor, slacktest.Interviewer2, "Jane Doe")
	h.drainOutbox()

	// Every feedback read is audited.
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary jane doe")), "Feedback")
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane  Doe")), "Feedback")

	// Not an admin: a plain private refusal.
	no := h.Command(slacktest.HiringManager, slacktest.Hiring, "/hirebot-admin", "erase Jane Doe")
	if !no.Ephemeral {
		t.Fatal("the refusal was public")
	}
	mustContain(t, texts(t, no), "only for hirebot's admins")

	trail := h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit jane doe")
	got := texts(t, trail)
	if !trail.Ephemeral || strings.Count(got, "viewed-summary") != 2 || !strings.Contains(got, "recorded-interview") {
		t.Fatalf("the audit trail of Jane Doe (private %v):\n%s", trail.Ephemeral, got)
	}
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit <@"+slacktest.HiringManager+"> 7d")), "viewed-summary")

	// Export: JSON and Markdown files, in the admin's direct messages.
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "export jane doe")), "on its way")
	var exported []string
	for deadline := time.Now().Add(5 * time.Second); len(exported) < 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		exported = nil
		for _, f := range fake.Files() {
			if f.Complete && strings.HasPrefix(f.Name, "candidate-export-") && strings.Contains(string(f.Content), "Jane Doe") {
				exported = append(exported, f.Name[strings.LastIndex(f.Name, "."):])
			}
		}
	}
	if len(exported) != 2 {
		t.Fatalf("exported files %v, want a .json and a .md mentioning the candidate", exported)
	}
	h.WaitDMMatch(cursor, admin, func(m fakeslack.Message) bool { return len(m.Files) > 0 })

	// Erasure asks first, listing what goes.
	confirm := h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase JANE DOE")
	mustContain(t, texts(t, confirm), "Erase Jane Doe?", "1 interviews", "still in Slack")
	cursor = fake.Cursor()
	h.Click(admin, confirm, "admin_erase")
	done, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool {
		return strings.Contains(m.Text, "Candidate erased")
	})
	if err != nil {
		t.Fatalf("no erasure report: %v\n%s", err, h.Logs.String())
	}
	mustContain(t, texts(t, done), "Erased: 1 interviews", "candidate-")
	for _, m := range fake.Messages(fake.DMChannel(slacktest.Interviewer1)) {
		if m.TS == headsUp.TS {
			t.Fatalf("the heads-up about the erased candidate is still in Slack: %s", texts(t, m))
		}
	}
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane Doe")), "No interviews are recorded")
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase Jane Doe")), "No interviews are recorded")
	if got := texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit")); strings.Contains(got, "Jane") || !strings.Contains(got, "erased") {
		t.Fatalf("the audit trail after the erasure:\n%s", got)
	}
}
