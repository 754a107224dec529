package data

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// mustOpenWithClock opens the database at path with the clock *now and closes it at cleanup.
func mustOpenWithClock(t *testing.T, path string, now *time.Time) *Store {
	t.Helper()
	return mustOpenLocation(t, path, WithClock(func() time.Time { return *now }))
}

func retentionNotice(rep RetentionReport) []OutboxMessage {
	if rep.Interviews == 0 {
		return nil
	}
	return []OutboxMessage{{Kind: "retention-report", Channel: "UADMIN", Text: rep.String()}}
}

func TestRetentionAnonymisesOldInterviewsAndKeepsHeldOnes(t *testing.T) {
	ctx := context.Background()
	now := t0
	path := filepath.Join(t.TempDir(), "hirebot.db")
	s := mustOpenWithClock(t, path, &now)
	ada := mustRecordCandidate(t, s, "Ada Lovelace")
	mustRecordCandidate(t, s, "Grace Hopper")
	if err := s.Hold(ctx, "Grace Hopper", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(48 * time.Hour)
	in := sampleInterview("Linus Torvalds", "U1")
	in.StartsAt = now.Add(-time.Hour)
	mustCreateInterview(t, s, in)
	statsBefore, err := s.FeedbackRecords(ctx, t0.Add(-72*time.Hour), now, "")
	if err != nil {
		t.Fatal(err)
	}

	rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: t0.Add(24 * time.Hour), Notify: retentionNotice})
	want := RetentionReport{Ran: true, Cutoff: t0.Add(24 * time.Hour), Interviews: 1, Candidates: 1, Held: 1}
	if err != nil || rep != want {
		t.Fatalf("RunRetention = %+v, %v; want %+v", rep, err, want)
	}
	if found := mentions(t, s, "Lovelace", candidateKey("Ada Lovelace")); len(found) > 0 {
		t.Fatalf("after the purge the candidate is still in %s", strings.Join(found, ", "))
	}
	stable, err := s.Pseudonym(ctx, "Ada Lovelace")
	if err != nil {
		t.Fatal(err)
	}
	// The interview gets a random alias, not the pseudonym its name always gives: the
	// statistics cannot be linked to the candidate.
	iv := mustInterview(t, s, ada.ID)
	alias := iv.Candidate
	if !strings.HasPrefix(alias, "anonymous-") || iv.Role != "Backend Engineer" || len(iv.Panel) != 2 {
		t.Fatalf("the anonymised interview %+v, want a random alias, its role and panel", iv)
	}
	if found := mentions(t, s, stable); len(found) != 2 || !strings.HasPrefix(found[0], "audit_log.") || !strings.HasPrefix(found[1], "audit_log.") {
		t.Fatalf("the stable pseudonym %s is in %v, want the audit trail only", stable, found)
	}
	// Ratings, recommendations and outcomes stay as anonymous statistics.
	_, cards, err := s.CandidateScorecards(ctx, alias)
	if err != nil || len(cards[ada.ID]) != 1 || cards[ada.ID][0].Recommendation == "" || len(cards[ada.ID][0].Ratings) != 5 ||
		cards[ada.ID][0].Strengths != "" {
		t.Fatalf("the anonymised scorecards %+v, %v", cards, err)
	}
	if statsAfter, err := s.FeedbackRecords(ctx, t0.Add(-72*time.Hour), now, ""); err != nil || len(statsAfter) != len(statsBefore) {
		t.Fatalf("feedback records %d after the purge, %d before (%v)", len(statsAfter), len(statsBefore), err)
	}
	// The held candidate and the recent one are whole.
	if found := mentions(t, s, "Grace Hopper"); len(found) < 6 {
		t.Fatalf("the held candidate is mentioned only in %v", found)
	}
	if sp, _ := s.CandidateSpellings(ctx, "linus torvalds"); len(sp) != 1 {
		t.Fatalf("the recent candidate: %+v", sp)
	}
	// The audit trail keeps its rows about them under the pseudonym, and records the run.
	if trail, err := s.FindAudit(ctx, AuditFilter{Candidate: stable}); err != nil || len(trail) != 4 {
		t.Fatalf("the pseudonymised trail %+v, %v", trail, err)
	}
	runs, err := s.FindAudit(ctx, AuditFilter{Actor: AuditSystem})
	if err != nil || len(runs) != 1 || runs[0].Action != AuditRetention ||
		!strings.Contains(runs[0].Detail, "1 interviews of 1 candidates anonymised") || !strings.Contains(runs[0].Detail, "1 candidates on legal hold kept") {
		t.Fatalf("the retention runs in the trail %+v, %v", runs, err)
	}
	// What is left can be erased under the alias, with the messages and the export file still in Slack.
	if er, err := s.EraseCandidate(ctx, alias, "UADMIN"); err != nil || er.Interviews != 1 || len(er.Deletions) != 2 || len(er.Files) != 1 {
		t.Fatalf("erasing the anonymised candidate: %+v, %v", er, err)
	}
	var reports int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind = 'retention-report' AND status = 'pending'`).Scan(&reports); err != nil || reports != 1 {
		t.Fatalf("%d reports to the admins queued (%v), want 1", reports, err)
	}
}

func TestRetentionRunsOncePerDay(t *testing.T) {
	ctx := context.Background()
	now := t0
	path := filepath.Join(t.TempDir(), "hirebot.db")
	s := mustOpenWithClock(t, path, &now)
	other := mustOpenWithClock(t, path, &now) // a second process on the same database
	mustRecordCandidate(t, s, "Ada Lovelace")
	mustRecordCandidate(t, s, "Grace Hopper")
	if err := s.Hold(ctx, "Grace Hopper", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	cutoff := t0.Add(24 * time.Hour)
	now = t0.Add(48 * time.Hour)

	if rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: cutoff}); err != nil || !rep.Ran || rep.Interviews != 1 {
		t.Fatalf("first run %+v, %v", rep, err)
	}
	if err := s.Release(ctx, "Grace Hopper", "UADMIN"); err != nil { // released: due, but today's run is done
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	for _, st := range []*Store{s, other} {
		if rep, err := st.RunRetention(ctx, RetentionRun{Cutoff: cutoff}); err != nil || rep.Ran {
			t.Fatalf("a second run the same day %+v, %v", rep, err)
		}
	}
	if sp, _ := s.CandidateSpellings(ctx, "Grace Hopper"); len(sp) != 1 {
		t.Fatalf("a skipped run anonymised %+v", sp)
	}
	now = now.Add(24 * time.Hour)
	if rep, err := other.RunRetention(ctx, RetentionRun{Cutoff: cutoff}); err != nil || !rep.Ran || rep.Interviews != 1 {
		t.Fatalf("the next day's run %+v, %v", rep, err)
	}
	if day, err := s.RetentionLastRun(ctx); err != nil || day != now.Format(time.DateOnly) {
		t.Fatalf("last run %q, %v", day, err)
	}
	if runs, _ := s.FindAudit(ctx, AuditFilter{Actor: AuditSystem}); len(runs) != 2 {
		t.Fatalf("audited runs %+v, want 2", runs)
	}
}

func TestRetentionKeepsTheNameOfACandidateStillInterviewing(t *testing.T) {
	ctx := context.Background()
	now := t0
	s := mustOpenWithClock(t, filepath.Join(t.TempDir(), "hirebot.db"), &now)
	old := mustRecordCandidate(t, s, "Ada Lovelace")
	now = t0.Add(48 * time.Hour)
	in := sampleInterview("Ada Lovelace", "U1")
	in.StartsAt = now.Add(-time.Hour)
	recent := mustCreateInterview(t, s, in)
	if err := s.Audit(ctx, AuditEntry{Actor: "UMGR", Action: AuditViewedSummary, Candidate: "Ada Lovelace", InterviewID: recent.ID}); err != nil {
		t.Fatal(err)
	}

	if rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: t0.Add(24 * time.Hour)}); err != nil || rep.Interviews != 1 {
		t.Fatalf("run %+v, %v", rep, err)
	}
	if got := mustInterview(t, s, old.ID); !strings.HasPrefix(got.Candidate, "anonymous-") {
		t.Fatalf("the old interview's candidate %q, want a random alias", got.Candidate)
	}
	if got := mustInterview(t, s, recent.ID); got.Candidate != "Ada Lovelace" {
		t.Fatalf("the recent interview's candidate %q", got.Candidate)
	}
	if trail, _ := s.FindAudit(ctx, AuditFilter{Candidate: "Ada Lovelace"}); len(trail) != 1 || trail[0].InterviewID != recent.ID {
		t.Fatalf("the trail under the name %+v, want only the recent interview's entry", trail)
	}
	if found := mentions(t, s, "explained sharding", "about references", " goes on"); len(found) > 0 {
		t.Fatalf("the old interview's free text is still in %v", found)
	}
}

func TestRetentionMigrationKeepsInterviews(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 16)
	iv := mustInsertOldInterview(t, old, "Ada Lovelace", t0, "U1")
	old.Close()
	now := t0.Add(400 * 24 * time.Hour)
	s := mustOpenWithClock(t, path, &now)
	if got := mustInterview(t, s, iv.ID); got.Candidate != "Ada Lovelace" {
		t.Fatalf("interview after the upgrade: %+v", got)
	}
	if rep, err := s.RunRetention(context.Background(), RetentionRun{Cutoff: now.AddDate(0, 0, -365)}); err != nil || rep.Interviews != 1 {
		t.Fatalf("retention after the upgrade %+v, %v", rep, err)
	}
	// "Lovelace" holds letters no hex key or pseudonym can, so a hit is the name itself.
	if found := mentions(t, s, "Lovelace"); len(found) > 0 {
		t.Fatalf("after the purge the name is in %v", found)
	}
}

// Entries about the candidate as a whole (held, released, exported) stay under their name while
// an interview of theirs is left, even those an earlier version tied to their first interview;
// they are pseudonymised with the last interview.
func TestRetentionKeepsCandidateWideEntriesUntilTheLastInterview(t *testing.T) {
	ctx := context.Background()
	now := t0
	s := mustOpenWithClock(t, filepath.Join(t.TempDir(), "hirebot.db"), &now)
	old := mustRecordCandidate(t, s, "Ada Lovelace")
	now = t0.Add(48 * time.Hour)
	in := sampleInterview("Ada Lovelace", "U1")
	in.StartsAt = now.Add(-time.Hour)
	mustCreateInterview(t, s, in)
	if err := s.Hold(ctx, "Ada Lovelace", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, "Ada Lovelace", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	// As written before export entries named the newest interview.
	if err := s.Audit(ctx, AuditEntry{Actor: "UADMIN", Action: AuditExported, Candidate: "Ada Lovelace", InterviewID: old.ID}); err != nil {
		t.Fatal(err)
	}

	if rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: t0.Add(24 * time.Hour)}); err != nil || rep.Interviews != 1 {
		t.Fatalf("run %+v, %v", rep, err)
	}
	trail, err := s.FindAudit(ctx, AuditFilter{Candidate: "Ada Lovelace"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []AuditAction
	for _, e := range trail {
		actions = append(actions, e.Action)
	}
	for _, want := range []AuditAction{AuditHeld, AuditReleased, AuditExported} {
		if !slices.Contains(actions, want) {
			t.Fatalf("the trail under the name %v lacks %s", actions, want)
		}
	}

	now = t0.Add(30 * 24 * time.Hour)
	if rep, err := s.RunRetention(ctx, RetentionRun{Cutoff: now.Add(-24 * time.Hour)}); err != nil || rep.Interviews != 1 {
		t.Fatalf("second run %+v, %v", rep, err)
	}
	if found := mentions(t, s, "Ada Lovelace", candidateKey("Ada Lovelace")); len(found) > 0 {
		t.Fatalf("the name is still in %s once the last interview went", strings.Join(found, ", "))
	}
}
