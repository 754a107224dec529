package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"hirebot/data"
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
	done := h.eraseCandidate(admin, "JANE DOE", "Erase Jane Doe?", "1 interviews", "still in Slack")
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

// TestErasureAndExportCoverEveryRecord: a candidate with every kind of record (scorecard
// versions, a draft, a note, a decision, a hold) is exported whole, every change to them is in
// the audit trail, and an erasure leaves them in no table and none of hirebot's messages about
// them in Slack.
func TestErasureAndExportCoverEveryRecord(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	const admin = slacktest.Recruiter
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))

	h.recordWithScorecard("Jane Doe", "Jane explained sharding well")
	card := h.openScorecardForm(i1, "Jane Doe")
	h.SubmitOK(i1, card, scorecardValues("strong-hire", "Jane explained sharding very well"))
	draft := h.openScorecardForm(i2, "Jane Doe")
	h.typeInto(i2, draft, "sc_strengths", fakeslack.Value{Value: "Jane's draft words on caching"})
	h.closeForm(i2, draft, func(d data.Draft) bool { return strings.Contains(d.Strengths, "draft words") })
	_, noteForm := h.openNoteForm(i1, "Jane asked about our on-call rota")
	h.SubmitOK(i1, noteForm, map[string]map[string]fakeslack.Value{
		"cn_interview": {"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: "1"}}},
		"cn_body":      {"value": {Type: "plain_text_input", Value: "Jane asked about our on-call rota"}},
	})
	h.Run(hm, slacktest.Hiring, "/feedback", "decide Jane Doe")
	h.SubmitOK(hm, h.WaitView(hm, "decision"), decisionValues("hire", "Jane was great with the team", true))
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "hold Jane Doe")), "legal hold")
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "release Jane Doe")), "Released *Jane Doe*")
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "hold Jane Doe")), "legal hold")
	h.drainOutbox()

	// The export holds every record.
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "export Jane Doe")), "on its way")
	var ex data.CandidateExport
	for deadline := time.Now().Add(5 * time.Second); ex.Candidate == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, f := range fake.Files() {
			if f.Complete && strings.HasPrefix(f.Name, "candidate-export-") && strings.HasSuffix(f.Name, ".json") {
				if err := json.Unmarshal(f.Content, &ex); err != nil {
					t.Fatalf("the JSON export does not parse: %v", err)
				}
			}
		}
	}
	if len(ex.Interviews) != 1 {
		t.Fatalf("export: %d interviews", len(ex.Interviews))
	}
	// Both files are recorded against the candidate once Slack has them.
	h.waitExportFilesRecorded("jane doe", 2)
	iv := ex.Interviews[0]
	if len(iv.Scorecards) != 2 || len(iv.Drafts) != 1 || len(iv.Notes) != 1 || len(iv.Decisions) != 1 ||
		!ex.LegalHold || ex.HeldBy != admin || ex.HeldAt == nil {
		t.Fatalf("export: %d scorecards, %d drafts, %d notes, %d decisions, hold %v by %q; want 2, 1, 1, 1 and the hold",
			len(iv.Scorecards), len(iv.Drafts), len(iv.Notes), len(iv.Decisions), ex.LegalHold, ex.HeldBy)
	}
	sent := 0
	for _, m := range ex.Messages {
		if m.SentTS != "" && len(m.Blocks) > 0 {
			sent++
		}
	}
	if sent < 3 {
		t.Fatalf("export: %d messages with their blocks and place in Slack, want the heads-ups, receipts and decision: %+v", sent, ex.Messages)
	}

	// Every change is in the audit trail.
	trail := texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit Jane Doe"))
	mustContain(t, trail, "recorded-interview", "submitted-scorecard", "changed-scorecard", "added-note",
		"recorded-decision", "held", "released", "exported")

	// Erase (after lifting the hold): gone from every table and from Slack.
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "release Jane Doe")), "Released *Jane Doe*")
	report := h.eraseCandidate(admin, "Jane Doe", "2 scorecards", "1 unsubmitted scorecard drafts", "1 notes", "1 decisions", "2 export files")
	mustContain(t, texts(t, report), "Deleted 2 of 2 export files")
	h.requireExportFilesDeleted()
	if found := h.mentionsInDB("Jane Doe", "jane doe", "sharding", "draft words", "on-call rota", "great with the team"); len(found) > 0 {
		t.Fatalf("after the erasure the candidate is still in %s", strings.Join(found, ", "))
	}
	for _, u := range []string{hm, i1, i2, admin} {
		for _, m := range fake.Messages(fake.DMChannel(u)) {
			if m.User == fake.BotUserID() && (len(m.Files) > 0 || strings.Contains(texts(t, m), "Jane")) {
				t.Errorf("hirebot's message to %s about the erased candidate is still in Slack: %s", u, texts(t, m))
			}
		}
	}
}

// TestErasureDeletesAMessageBeingSent: a heads-up about the candidate is in Slack but hirebot
// has not heard back when the admin erases them; once the send completes, the scheduled sweep
// deletes it, and nothing about them is left.
func TestErasureDeletesAMessageBeingSent(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	const admin = slacktest.Recruiter
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))

	// Slack takes the heads-up but its answer is held: the send is in flight.
	fake.DelayAnswers("chat.postMessage", 2*time.Second)
	cursor := fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(time.Hour), "60"))
	headsUp := h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")

	// The plan counts the heads-ups and the confirmation, claimed together, as being sent.
	report := h.eraseCandidate(admin, "Jane Doe", "3 messages being sent right now")
	mustContain(t, texts(t, report), "3 messages about them were being sent")
	fake.DelayAnswers("chat.postMessage", 0)

	// Once the send completes (or a later delivery finds the message by its outbox id), the
	// sweep deletes it.
	deleted := func() bool {
		for _, m := range fake.Messages(fake.DMChannel(slacktest.Interviewer1)) {
			if m.TS == headsUp.TS {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(10 * time.Second); !deleted() && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		h.Clock.Advance(11 * time.Minute)
		h.sweep()
	}
	if !deleted() {
		t.Fatalf("the heads-up sent during the erasure is still in Slack\n%s", h.Logs.String())
	}
	if found := h.mentionsInDB("Jane Doe", "jane doe"); len(found) > 0 {
		t.Fatalf("after the erasure the candidate is still in %s", strings.Join(found, ", "))
	}
}

// TestRenamedCandidateStaysHeldAndIsErasedWhole: a held candidate whose summary was read and who
// was exported is renamed in the interview's edit form; the new name is held still, and once
// released, erasing it deletes the export files in Slack and leaves neither spelling anywhere.
func TestRenamedCandidateStaysHeldAndIsErasedWhole(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	const admin = slacktest.Recruiter
	hm := slacktest.HiringManager
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))
	start := h.Clock.Now().Add(-2 * time.Hour)
	h.recordWithScorecard("Jon Smith", "Jon explained sharding well")
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "hold Jon Smith")), "legal hold")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/feedback", "summary Jon Smith")), "Feedback")
	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "export Jon Smith")), "on its way")
	h.waitExportFilesRecorded("jon smith", 2)

	cursor := fake.Cursor()
	edit := h.manage(hm, h.Command(hm, slacktest.Hiring, "/interview", "list"), "edit", "interview_edit")
	h.SubmitOK(hm, edit, interviewValues("John Smith", []string{slacktest.Interviewer1, slacktest.Interviewer2}, start, "60"))
	h.WaitDM(cursor, hm, "Saved: *John Smith*")

	// The hold follows the new name.
	confirm := h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase John Smith")
	cursor = fake.Cursor()
	h.Click(admin, confirm, "admin_erase")
	refused, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool { return strings.Contains(m.Text, "legal hold") })
	if err != nil {
		t.Fatalf("the erasure of the renamed held candidate was not refused: %v", err)
	}
	mustContain(t, texts(t, refused), "`/hirebot-admin release`")

	mustContain(t, texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "release John Smith")), "Released *John Smith*")
	report := h.eraseCandidate(admin, "John Smith", "2 export files")
	mustContain(t, texts(t, report), "Deleted 2 of 2 export files")
	h.requireExportFilesDeleted()
	if found := h.mentionsInDB("Jon Smith", "jon smith", "John Smith", "john smith", "explained sharding"); len(found) > 0 {
		t.Fatalf("after the erasure the candidate is still in %s", strings.Join(found, ", "))
	}
}

// waitExportFilesRecorded waits until want export files are recorded against the candidate key
// (their name in lower case), which happens once Slack has the upload.
func (h *harness) waitExportFilesRecorded(key string, want int) {
	h.T.Helper()
	recorded := func() int {
		n := 0
		for _, f := range h.mentionsInDB(key) {
			if strings.HasPrefix(f, "export_files.candidate_key ") {
				_, _ = fmt.Sscanf(f, "export_files.candidate_key (%d rows", &n)
			}
		}
		return n
	}
	for deadline := time.Now().Add(5 * time.Second); recorded() < want && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
	}
	if n := recorded(); n != want {
		h.T.Fatalf("%d export files recorded against %q, want %d", n, key, want)
	}
}

// eraseCandidate runs /hirebot-admin erase name as admin, checks that the plan it asks to
// confirm says each of plan, confirms it and returns the erasure report.
func (h *harness) eraseCandidate(admin, name string, plan ...string) fakeslack.Message {
	h.T.Helper()
	confirm := h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase "+name)
	mustContain(h.T, texts(h.T, confirm), plan...)
	cursor := h.Fake.Cursor()
	h.Click(admin, confirm, "admin_erase")
	report, err := h.Fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool { return strings.Contains(m.Text, "Candidate erased") })
	if err != nil {
		h.T.Fatalf("no erasure report: %v\n%s", err, h.Logs.String())
	}
	return report
}

// requireExportFilesDeleted fails the test for every candidate export file still in Slack.
func (h *harness) requireExportFilesDeleted() {
	h.T.Helper()
	for _, f := range h.Fake.Files() {
		if strings.HasPrefix(f.Name, "candidate-export-") && !f.Deleted {
			h.T.Errorf("the export file %s about the erased candidate is still in Slack", f.Name)
		}
	}
}
