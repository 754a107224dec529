package data

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mustRecordThenRename records "Jon Smith" with a heads-up each for U1 and U2 (U1's sent) and
// audit rows, then corrects the name to "John Smith", which queues a notice of the change.
func mustRecordThenRename(t *testing.T, s *Store) Interview {
	t.Helper()
	ctx := context.Background()
	in := sampleInterview("Jon Smith", "U1", "U2")
	in.Notify = func(iv Interview) []OutboxMessage {
		return []OutboxMessage{
			{Kind: "heads-up", Channel: "U1", Text: "You interview " + iv.Candidate, About: iv.Candidate, InterviewID: iv.ID},
			{Kind: "heads-up", Channel: "U2", Text: "You interview " + iv.Candidate, About: iv.Candidate, InterviewID: iv.ID},
		}
	}
	iv := mustCreateInterview(t, s, in)
	if err := s.Audit(ctx, AuditEntry{Actor: "UREC", Action: AuditRecordedInterview, Candidate: iv.Candidate, InterviewID: iv.ID}); err != nil {
		t.Fatal(err)
	}
	ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 1, "me")
	if err != nil || len(ms) != 1 || ms[0].InterviewID != iv.ID {
		t.Fatalf("claim: %+v, %v; want the first heads-up, about interview %d", ms, err, iv.ID)
	}
	if err := s.OutboxSent(ctx, ms[0], t0, Posted{Channel: "DU1", TS: "1.0001"}); err != nil {
		t.Fatal(err)
	}
	u := updateOf(iv, "U1", "U2")
	u.Candidate = "John Smith"
	u.Notify = func(ch InterviewChange) []OutboxMessage {
		return []OutboxMessage{{Kind: "interview-changed", Channel: "U1", Text: ch.Before.Candidate + " is now " + ch.After.Candidate,
			About: ch.After.Candidate, InterviewID: ch.After.ID}}
	}
	if _, err := s.UpdateInterview(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, AuditEntry{Actor: "UREC", Action: AuditChangedInterview, Candidate: "John Smith", InterviewID: iv.ID}); err != nil {
		t.Fatal(err)
	}
	return iv
}

func TestErasureAfterARenameFindsWhatTheOldNameNamed(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	mustRecordThenRename(t, s)
	if found := mentions(t, s, "Jon Smith"); len(found) == 0 {
		t.Fatal("the walk finds nothing of the old name before the erasure: it looks in the wrong places")
	}
	want := ErasureCounts{Interviews: 1, Queued: 3, Messages: 1, Audit: 2}
	if plan, err := s.PlanErasure(ctx, "John Smith"); err != nil || plan != want {
		t.Fatalf("PlanErasure = %+v, %v; want %+v", plan, err, want)
	}
	er, err := s.EraseCandidate(ctx, "John Smith", "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if er.ErasureCounts != want || len(er.Deletions) != 1 || er.Deletions[0].TS != "1.0001" {
		t.Fatalf("EraseCandidate = %+v; want %+v and the heads-up sent under the old name to delete", er, want)
	}
	if found := mentions(t, s, "Jon Smith", "John Smith"); len(found) > 0 {
		t.Fatalf("after the erasure a spelling is still in %s", strings.Join(found, ", "))
	}
	trail, err := s.FindAudit(ctx, AuditFilter{Candidate: er.Pseudonym})
	if err != nil || len(trail) != 3 {
		t.Fatalf("the pseudonymised trail: %+v, %v; want both entries and the erasure", trail, err)
	}
}

func TestRetentionAfterARenameAnonymisesWhatTheOldNameNamed(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	mustRecordThenRename(t, s)
	if rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: t0.Add(24 * time.Hour)}); err != nil || rep.Interviews != 1 {
		t.Fatalf("RunRetention = %+v, %v", rep, err)
	}
	if found := mentions(t, s, "Jon Smith", "John Smith"); len(found) > 0 {
		t.Fatalf("after the purge a spelling is still in %s", strings.Join(found, ", "))
	}
}

func TestExportAfterARenameHoldsWhatTheOldNameNamed(t *testing.T) {
	s, _ := mustNewStore(t)
	mustRecordThenRename(t, s)
	ex, err := s.ExportCandidate(context.Background(), "John Smith")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Messages) != 3 || len(ex.Audit) != 2 {
		t.Fatalf("export holds %d messages and %d audit entries; want 3 and 2", len(ex.Messages), len(ex.Audit))
	}
}

func TestOutboxInterviewIDMigrationKeepsMessages(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 21)
	if _, err := old.db.ExecContext(ctx, `INSERT INTO outbox (kind, channel, text, about, candidate_key, not_before, created_at)
		VALUES ('heads-up', 'U1', 'You interview Ada', 'Ada', 'ada', ?1, ?1)`, unix(t0)); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s := mustOpenAt(t, path)
	ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 10, "me")
	if err != nil || len(ms) != 1 || ms[0].About != "Ada" || ms[0].InterviewID != 0 {
		t.Fatalf("messages after the upgrade: %+v, %v", ms, err)
	}
}

// TestRenameCarriesTheHoldExportFilesAndAudit: a candidate held, read, exported, then renamed in
// the edit form stays held under the new name (erasure refused, the purge skips them); once
// released, erasing the new name deletes the export file and leaves neither spelling anywhere.
func TestRenameCarriesTheHoldExportFilesAndAudit(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Jon Smith", "U1"))
	if err := s.Hold(ctx, "Jon Smith", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	for _, e := range []AuditEntry{
		{Actor: "UMGR", Action: AuditViewedSummary, Candidate: "Jon Smith", InterviewID: iv.ID},
		{Actor: "UADMIN", Action: AuditExported, Candidate: "Jon Smith", InterviewID: iv.ID},
		{Actor: "UOLD", Action: AuditViewedSummary, Candidate: "Jon Smith"}, // written before entries named an interview
	} {
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if late, err := s.RecordExportFile(ctx, []int64{iv.ID}, ExportFile{FileID: "F1", Channel: "DADMIN"}); err != nil || late != nil {
		t.Fatalf("RecordExportFile = %+v, %v; want it kept", late, err)
	}
	u := updateOf(iv, "U1")
	u.Candidate = "John Smith"
	if _, err := s.UpdateInterview(ctx, u); err != nil {
		t.Fatal(err)
	}
	// The old name stays only in the audit trail, which a rename does not change.
	for _, f := range mentions(t, s, "Jon Smith") {
		if !strings.HasPrefix(f, "audit_log.") {
			t.Errorf("after the rename the old name is still in %s", f)
		}
	}
	var old int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE candidate = 'Jon Smith'`).Scan(&old); err != nil || old != 4 {
		t.Fatalf("%d audit rows keep the old name (%v); want all 4: the rename rewrites none", old, err)
	}
	if _, err := s.EraseCandidate(ctx, "John Smith", "UADMIN"); !errors.Is(err, ErrConflict) {
		t.Fatalf("erasing the renamed held candidate: %v; want the hold to refuse", err)
	}
	if rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: t0.Add(24 * time.Hour)}); err != nil || rep.Interviews != 0 || rep.Held != 1 {
		t.Fatalf("RunRetention = %+v, %v; want the held candidate kept", rep, err)
	}
	if plan, err := s.PlanErasure(ctx, "John Smith"); err != nil || plan.Files != 1 {
		t.Fatalf("PlanErasure = %+v, %v; want the export file made under the old name", plan, err)
	}
	if err := s.Release(ctx, "John Smith", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	er, err := s.EraseCandidate(ctx, "John Smith", "UADMIN")
	if err != nil || len(er.Files) != 1 || er.Files[0].FileID != "F1" {
		t.Fatalf("EraseCandidate = %+v, %v; want the export file to delete", er, err)
	}
	if found := mentions(t, s, "John Smith", candidateKey("John Smith")); len(found) > 0 {
		t.Fatalf("after the erasure the new name is still in %s", strings.Join(found, ", "))
	}
	// Of the old name, only the entry that names no interview is left (written before entries
	// did, it is found by no interview).
	var left []string
	rows, err := s.db.QueryContext(ctx, `SELECT actor FROM audit_log WHERE candidate = 'Jon Smith' OR candidate_key = ?`, candidateKey("Jon Smith"))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var actor string
		if err := rows.Scan(&actor); err != nil {
			t.Fatal(err)
		}
		left = append(left, actor)
	}
	rows.Close()
	if strings.Join(left, " ") != "UOLD" {
		t.Fatalf("audit rows left with the old name by %v; want only the one that names no interview", left)
	}
	for _, f := range mentions(t, s, "Jon Smith", candidateKey("Jon Smith")) {
		if !strings.HasPrefix(f, "audit_log.") {
			t.Errorf("after the erasure the old name is still in %s", f)
		}
	}
	trail, err := s.FindAudit(ctx, AuditFilter{Candidate: er.Pseudonym})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range trail {
		actions = append(actions, string(e.Action))
	}
	// Newest first: the erasure, the release, the hold carried to the new name, the export and
	// the read, and the hold.
	want := "erased released held exported viewed-summary held"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("the trail under %s: %s; want %s", er.Pseudonym, got, want)
	}
}

// TestRenameOfOneOfTwoInterviewsKeepsBothHeld: a held candidate with two interviews, one of them
// renamed, is held under both names; the export files stay with the name still recorded.
func TestRenameOfOneOfTwoInterviewsKeepsBothHeld(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	first := mustCreateInterview(t, s, sampleInterview("Jon Smith", "U1"))
	second := mustCreateInterview(t, s, sampleInterview("Jon Smith", "U2"))
	if err := s.Hold(ctx, "Jon Smith", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordExportFile(ctx, []int64{first.ID, second.ID}, ExportFile{FileID: "F1"}); err != nil {
		t.Fatal(err)
	}
	u := updateOf(first, "U1")
	u.Candidate = "John Smith"
	if _, err := s.UpdateInterview(ctx, u); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Jon Smith", "John Smith"} {
		if _, err := s.EraseCandidate(ctx, name, "UADMIN"); !errors.Is(err, ErrConflict) {
			t.Errorf("erasing %s: %v; want the hold to refuse", name, err)
		}
	}
	if plan, err := s.PlanErasure(ctx, "Jon Smith"); err != nil || plan.Files != 1 {
		t.Fatalf("PlanErasure(Jon Smith) = %+v, %v; want the export file", plan, err)
	}
}
