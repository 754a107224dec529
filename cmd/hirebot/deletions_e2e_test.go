package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/data/datatest"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// deletionStatuses counts the message deletions in the bot's database by status.
func (h *harness) deletionStatuses() map[string]int {
	h.T.Helper()
	db, err := datatest.Open(h.app.Load().cfg.DBPath)
	if err != nil {
		h.T.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(h.Ctx(), `SELECT status, COUNT(*) FROM message_deletions GROUP BY status`)
	if err != nil {
		h.T.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			h.T.Fatal(err)
		}
		out[status] = n
	}
	return out
}

func (h *harness) inSlack(m fakeslack.Message) bool {
	for _, got := range h.Fake.Messages(m.Channel) {
		if got.TS == m.TS && !got.Deleted {
			return true
		}
	}
	return false
}

// TestSweepFinishesAnErasureThatStopped: the process stopped after the erasure committed,
// having deleted one message from Slack without recording it and no export file; the sweep
// deletes the rest, and the message already gone counts as deleted.
func TestSweepFinishesAnErasureThatStopped(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	// Only the test's sweeps: one at start-up, running late, would remind the panel of the past
	// interview, and its reminders would be erased too.
	h := startBotUnscheduled(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": slacktest.Recruiter}))
	cursor := fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1, slacktest.Interviewer2}, h.Clock.Now().Add(-3*time.Hour), "60"))
	first := h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")
	second := h.WaitDM(cursor, slacktest.Interviewer2, "Jane Doe")
	h.WaitDM(cursor, slacktest.HiringManager, "You recorded an interview") // with the menu that changes it
	h.drainOutbox()
	mustContain(t, texts(t, h.Command(slacktest.Recruiter, slacktest.Hiring, "/hirebot-admin", "export Jane Doe")), "on its way")
	exportFiles := func(status string) int {
		db, err := datatest.Open(h.app.Load().cfg.DBPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		// status is one of this test's words; no placeholder, as the two databases spell them apart.
		if err := db.QueryRowContext(h.Ctx(), `SELECT COUNT(*) FROM export_files WHERE status = '`+status+`'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(5 * time.Second); exportFiles("kept") < 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
	}
	inSlack := func() int {
		n := 0
		for _, f := range fake.Files() {
			if strings.HasPrefix(f.Name, "candidate-export-") && !f.Deleted {
				n++
			}
		}
		return n
	}
	if n := inSlack(); n != 2 || exportFiles("kept") != 2 {
		t.Fatalf("%d export files in Slack, %d recorded; want 2", n, exportFiles("kept"))
	}

	a := h.app.Load()
	if _, err := a.store.EraseCandidate(h.Ctx(), "Jane Doe", slacktest.Recruiter); err != nil {
		t.Fatal(err)
	}
	if err := a.bot.DeleteMessage(h.Ctx(), first.Channel, first.TS); err != nil {
		t.Fatal(err)
	}
	if got := h.deletionStatuses(); got["pending"] != 3 {
		t.Fatalf("deletions %v, want 3 pending (two heads-ups and the hiring manager's message)", got)
	}

	h.sweep() // too soon: the erasure may still be deleting them itself
	if !h.inSlack(second) || inSlack() != 2 {
		t.Fatal("the sweep deleted a message or a file the erasure had just queued")
	}
	h.Clock.Advance(11 * time.Minute)
	h.sweep()
	if h.inSlack(second) {
		t.Fatalf("the heads-up about the erased candidate is still in Slack: %s", texts(t, second))
	}
	if got := h.deletionStatuses(); got["deleted"] != 3 || len(got) != 1 {
		t.Fatalf("deletions %v, want 3 deleted", got)
	}
	if n := inSlack(); n != 0 || exportFiles("deleted") != 2 {
		t.Fatalf("%d export files about the erased candidate still in Slack, %d recorded deleted; want none, 2", n, exportFiles("deleted"))
	}
}
