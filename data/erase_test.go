package data

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/data/datatest"
)

// mustRecordCandidate records an interview of name with everything that can be stored about a
// candidate: heads-ups (one of them sent), a scorecard, a draft, a note, a decision and audit
// entries, each under a delivery key.
func mustRecordCandidate(t *testing.T, s *Store, name string) Interview {
	t.Helper()
	ctx := context.Background()
	in := sampleInterview(name, "U1", "U2")
	in.DeliveryKey = "view:new:" + hex.EncodeToString([]byte(name)) // Slack ids in real keys: nothing about the person
	in.Notify = func(iv Interview) []OutboxMessage {
		return []OutboxMessage{
			{Kind: "heads-up", Channel: "U1", Text: "You interview " + iv.Candidate, About: iv.Candidate, Tell: "UREC"},
			{Kind: "heads-up", Channel: "U2", Text: "You interview " + iv.Candidate, About: iv.Candidate, Tell: "UREC"},
		}
	}
	iv := mustCreateInterview(t, s, in)
	sc := sampleScorecard(iv.ID, "U1")
	sc.Strengths, sc.DeliveryKey = name+" explained sharding well", "view:sc:"+hex.EncodeToString([]byte(name))
	sc.PanelComplete = func(iv Interview, _ []Scorecard) []OutboxMessage {
		return []OutboxMessage{{Kind: "panel-complete", Channel: "UMGR", Text: "All in for " + iv.Candidate, About: iv.Candidate}}
	}
	mustSubmit(t, s, sc)
	// The other interviewer closed their form half-written: a draft.
	if _, err := s.SaveDraft(ctx, Draft{InterviewID: iv.ID, Author: "U2", Recommendation: Hire,
		Ratings: map[string]int{"python": 3}, Concerns: name + " hesitated on locking"}, "closed:"+hex.EncodeToString([]byte(name))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, NewNote{InterviewID: iv.ID, Author: "U2", Body: "Ping " + name + " about references",
		SourceChannel: "C1", SourceTS: "1.1", DeliveryKey: "view:note:" + hex.EncodeToString([]byte(name))}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordDecision(ctx, NewDecision{InterviewID: iv.ID, Outcome: "advance", Reason: name + " goes on",
		DecidedBy: "UMGR", DeliveryKey: "view:decide:" + hex.EncodeToString([]byte(name))}); err != nil {
		t.Fatal(err)
	}
	// An admin exported them: a file in their direct messages.
	if _, err := s.RecordExportFile(ctx, []int64{iv.ID}, ExportFile{FileID: "F" + hex.EncodeToString([]byte(name))[:8], Channel: "DADMIN"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []AuditAction{AuditRecordedInterview, AuditSubmittedScorecard, AuditViewedSummary} {
		if err := s.Audit(ctx, AuditEntry{Actor: "UMGR", Action: a, Candidate: name, InterviewID: iv.ID}); err != nil {
			t.Fatal(err)
		}
	}
	// The oldest pending message goes out: the first candidate's both, as it happens.
	ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 1, "me")
	if err != nil || len(ms) != 1 {
		t.Fatalf("claim: %v, %v", ms, err)
	}
	if err := s.OutboxSent(ctx, ms[0], t0, Posted{Channel: "D" + ms[0].Channel, TS: fmt.Sprintf("%d.0001", ms[0].ID)}); err != nil {
		t.Fatal(err)
	}
	return iv
}

// mentions lists the TEXT columns of every table that hold any of words (case-insensitively).
func mentions(t *testing.T, s *Store, words ...string) []string {
	t.Helper()
	found, err := datatest.Mentions(context.Background(), s.db, words...)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestErasureLeavesTheNameInNoTable(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	ada := mustRecordCandidate(t, s, "Ada Lovelace")
	grace := mustRecordCandidate(t, s, "Grace Hopper")
	if found := mentions(t, s, "Lovelace"); len(found) == 0 {
		t.Fatal("the walk finds nothing before the erasure: it looks in the wrong places")
	}

	plan, err := s.PlanErasure(ctx, "Ada Lovelace")
	want := ErasureCounts{Interviews: 1, Scorecards: 1, Notes: 1, Decisions: 1, Drafts: 1, Queued: 2, Messages: 2, Audit: 4, Files: 1} // the note is audited too
	if err != nil || plan != want {
		t.Fatalf("PlanErasure = %+v, %v; want %+v", plan, err, want)
	}
	er, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if er.ErasureCounts != want || len(er.Deletions) != 2 || er.Deletions[0].Channel != "DU1" || strings.Join(er.People, " ") != "U1 U2 UMGR UREC" ||
		len(er.Files) != 1 || er.Files[0].FileID != "F"+hex.EncodeToString([]byte("Ada Lovelace"))[:8] {
		t.Fatalf("EraseCandidate = %+v; want %+v, the sent heads-up to delete and the people involved", er, want)
	}
	if found := mentions(t, s, "Lovelace", candidateKey("Ada Lovelace")); len(found) > 0 {
		t.Fatalf("after the erasure the name is still in %s", strings.Join(found, ", "))
	}
	if _, err := s.Interview(ctx, ada.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the erased interview: %v, want not found", err)
	}
	// Everything about the other candidate is there still.
	if found := mentions(t, s, "Grace Hopper"); len(found) < 6 {
		t.Fatalf("the other candidate is mentioned only in %v", found)
	}
	if _, cards, err := s.CandidateScorecards(ctx, "grace hopper"); err != nil || len(cards[grace.ID]) != 1 {
		t.Fatalf("the other candidate's scorecards: %v, %v", cards, err)
	}
	// The audit trail stays whole, under a pseudonym.
	trail, err := s.FindAudit(ctx, AuditFilter{Candidate: er.Pseudonym})
	if err != nil || len(trail) != 5 || trail[0].Action != AuditErased || trail[0].Actor != "UADMIN" {
		t.Fatalf("the pseudonymised trail: %+v, %v", trail, err)
	}
	// The deletions wait for Slack; each is recorded once.
	pending, _ := s.PendingDeletions(ctx, er.ID)
	if len(pending) != 2 {
		t.Fatalf("pending deletions %+v", pending)
	}
	if err := s.DeletionDone(ctx, pending[0].ID, t0, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletionDone(ctx, pending[0].ID, t0, ""); !errors.Is(err, ErrConflict) {
		t.Fatalf("a deletion recorded twice: %v", err)
	}
	if _, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("erasing again: %v, want not found", err)
	}
	// The export file's deletion is recorded once; the other candidate's file stays theirs.
	if err := s.FileDeletionDone(ctx, er.Files[0].ID, t0, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.FileDeletionDone(ctx, er.Files[0].ID, t0, ""); !errors.Is(err, ErrConflict) {
		t.Fatalf("a file deletion recorded twice: %v", err)
	}
	if c, err := s.PlanErasure(ctx, "Grace Hopper"); err != nil || c.Files != 1 {
		t.Fatalf("the other candidate's plan %+v, %v; want their export file", c, err)
	}
}

func TestErasureTakesOneSpellingAtATime(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	mustRecordCandidate(t, s, "Ada Lovelace")
	mustRecordCandidate(t, s, "ada lovelace")
	sp, err := s.CandidateSpellings(ctx, "ADA  LOVELACE")
	if err != nil || len(sp) != 2 {
		t.Fatalf("spellings %+v, %v", sp, err)
	}
	if _, err := s.EraseCandidate(ctx, "ada lovelace", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if sp, _ := s.CandidateSpellings(ctx, "Ada Lovelace"); len(sp) != 1 || sp[0].Name != "Ada Lovelace" {
		t.Fatalf("spellings after erasing one: %+v", sp)
	}
}

func TestLegalHoldsMigrationKeepsInterviews(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 16)
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1")
	old.Close()
	s := mustOpenAt(t, path)
	if got := mustInterview(t, s, iv.ID); got.Candidate != "Ada" {
		t.Fatalf("interview after the upgrade: %+v", got)
	}
	if held, err := heldIn(context.Background(), s.db, candidateKey("Ada")); err != nil || held {
		t.Fatalf("held after the upgrade: %v, %v", held, err)
	}
}

func TestExportHoldsEverythingAboutTheCandidate(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	ada := mustRecordCandidate(t, s, "Ada Lovelace")
	mustRecordCandidate(t, s, "Grace Hopper")
	ex, err := s.ExportCandidate(ctx, "ada lovelace")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Candidate != "Ada Lovelace" || len(ex.Interviews) != 1 || ex.Interviews[0].Interview.ID != ada.ID ||
		len(ex.Interviews[0].Scorecards) != 1 || len(ex.Interviews[0].Notes) != 1 || len(ex.Interviews[0].Decisions) != 1 ||
		len(ex.Interviews[0].Drafts) != 1 ||
		len(ex.Messages) != 2 || len(ex.Audit) != 4 {
		t.Fatalf("export %+v", ex)
	}
	if _, err := s.ExportCandidate(ctx, "Nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("export of nobody: %v", err)
	}
}

func TestALegalHoldStopsErasureUntilReleased(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	mustRecordCandidate(t, s, "Ada Lovelace")
	if err := s.Hold(ctx, "Nobody", "UADMIN"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("holding nobody: %v", err)
	}
	if err := s.Hold(ctx, "ada lovelace", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN"); !errors.Is(err, ErrConflict) {
		t.Fatalf("erasing a held candidate: %v, want a conflict", err)
	}
	if err := s.Release(ctx, "Ada Lovelace", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, "Ada Lovelace", "UADMIN"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("releasing twice: %v", err)
	}
	if _, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if found := mentions(t, s, "Lovelace"); len(found) > 0 {
		t.Fatalf("after hold, release and erasure the name is still in %v", found)
	}
}
