package data

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An export whose upload finishes after its candidate was erased records its file naming
// nobody, as a deletion to make now; the sweep finds it again if that fails.
func TestExportFileRecordedAfterTheErasureIsDeleted(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustRecordCandidate(t, s, "Jane Doe")
	if _, err := s.EraseCandidate(ctx, "Jane Doe", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	late, err := s.RecordExportFile(ctx, []int64{iv.ID}, ExportFile{FileID: "F9", Channel: "DADMIN"})
	if err != nil || late == nil || late.FileID != "F9" || late.Channel != "DADMIN" || late.ID == 0 {
		t.Fatalf("RecordExportFile after the erasure = %+v, %v; want the file to delete", late, err)
	}
	if found := mentions(t, s, "Jane Doe", candidateKey("Jane Doe")); len(found) > 0 {
		t.Fatalf("the late export file keeps the name in %s", strings.Join(found, ", "))
	}
	// The caller is deleting it: the sweep leaves it alone for a while, then takes it.
	if fs, err := s.ClaimFileDeletions(ctx, t0, 10*time.Minute, 10); err != nil || len(fs) != 0 {
		t.Fatalf("claimed at once: %+v, %v", fs, err)
	}
	fs, err := s.ClaimFileDeletions(ctx, t0.Add(10*time.Minute), 10*time.Minute, 10)
	if err != nil || len(fs) != 2 || fs[1].ID != late.ID { // and the file the erasure queued
		t.Fatalf("claimed later: %+v, %v; want the late file", fs, err)
	}
}

// Export-file deletions an erasure left (the process stopped, Slack did not answer) are claimed
// by the sweep once idle, counted, and done once.
func TestClaimFileDeletions(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	mustRecordCandidate(t, s, "Ada Lovelace")
	er, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN")
	if err != nil || len(er.Files) != 1 {
		t.Fatalf("EraseCandidate = %+v, %v; want an export file", er, err)
	}
	const idle = 10 * time.Minute
	if fs, err := s.ClaimFileDeletions(ctx, t0.Add(idle-time.Second), idle, 10); err != nil || len(fs) != 0 {
		t.Fatalf("claimed while the erasure deletes it: %+v, %v", fs, err)
	}
	at := t0.Add(idle)
	fs, err := s.ClaimFileDeletions(ctx, at, idle, 10)
	if err != nil || len(fs) != 1 || fs[0].ID != er.Files[0].ID || fs[0].Attempts != 0 {
		t.Fatalf("claim %+v, %v", fs, err)
	}
	if again, _ := s.ClaimFileDeletions(ctx, at, idle, 10); len(again) != 0 {
		t.Fatalf("claimed twice: %+v", again)
	}
	if err := s.FileDeletionDeferred(ctx, fs[0].ID, at, "ratelimited"); err != nil {
		t.Fatal(err)
	}
	fs, err = s.ClaimFileDeletions(ctx, at.Add(idle), idle, 10)
	if err != nil || len(fs) != 1 || fs[0].Attempts != 1 {
		t.Fatalf("claim after a deferral %+v, %v", fs, err)
	}
	notice := OutboxMessage{Kind: "deletion-failed", Channel: "UADMIN", Text: "delete it by hand"}
	if err := s.FileDeletionDone(ctx, fs[0].ID, at.Add(idle), "Slack did not answer", notice); err != nil {
		t.Fatal(err)
	}
	if err := s.FileDeletionDone(ctx, fs[0].ID, at.Add(idle), ""); !errors.Is(err, ErrConflict) {
		t.Fatalf("a file deletion recorded twice: %v", err)
	}
	if fs, _ := s.ClaimFileDeletions(ctx, at.Add(time.Hour), idle, 10); len(fs) != 0 {
		t.Fatalf("a failed deletion claimed again: %+v", fs)
	}
	ms, err := s.ClaimOutbox(ctx, at.Add(time.Hour), time.Minute, 100, "me")
	if err != nil {
		t.Fatal(err)
	}
	var told bool
	for _, m := range ms {
		told = told || (m.Kind == "deletion-failed" && m.Channel == "UADMIN")
	}
	if !told {
		t.Fatalf("the admins were not told: %+v", ms)
	}
}

// A database at version 25 upgrades with the export-file deletions an erasure left pending
// claimable at once.
func TestExportFileRetriesUpgradeFromVersion25(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtSharedVersion(t, path, 25)
	if _, err := old.db.ExecContext(ctx, `INSERT INTO export_files (file_id, channel, created_at, erasure, status)
		VALUES ('F1', 'DADMIN', ?, 'e1', 'pending'), ('F2', 'DADMIN', ?, 'e1', 'deleted')`, unix(t0), unix(t0)); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v < 26 {
		t.Fatalf("SchemaVersion = %d, %v; want 26 or later", v, err)
	}
	fs, err := s.ClaimFileDeletions(ctx, t0, 10*time.Minute, 10)
	if err != nil || len(fs) != 1 || fs[0].FileID != "F1" || fs[0].Channel != "DADMIN" || fs[0].Attempts != 0 {
		t.Fatalf("ClaimFileDeletions after the upgrade = %+v, %v; want F1", fs, err)
	}
}

// An export holds every spelling recorded under the candidate's name, and an erasure removes
// one: a file of it that reaches Slack after one of its interviews was erased holds erased data,
// and is deleted, though another spelling is still recorded.
func TestExportFileOfOneSpellingErasedIsDeleted(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	upper := mustCreateInterview(t, s, sampleInterview("JANE DOE", "U1"))
	iv := mustCreateInterview(t, s, sampleInterview("Jane Doe", "U2"))
	ex, err := s.ExportCandidate(ctx, "Jane Doe")
	if err != nil || len(ex.Interviews) != 2 {
		t.Fatalf("export %+v, %v; want both spellings", ex, err)
	}
	if _, err := s.EraseCandidate(ctx, "Jane Doe", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	late, err := s.RecordExportFile(ctx, []int64{upper.ID, iv.ID}, ExportFile{FileID: "F9", Channel: "DADMIN"})
	if err != nil || late == nil || late.FileID != "F9" {
		t.Fatalf("RecordExportFile after erasing one spelling = %+v, %v; want the file to delete", late, err)
	}
	var kept int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM export_files WHERE status = 'kept'`).Scan(&kept); err != nil || kept != 0 {
		t.Fatalf("%d export files kept, %v; want none", kept, err)
	}
}

// A candidate renamed while their export was being uploaded is not erased: the file is kept,
// under their new name, so that erasing them by it deletes the file.
func TestExportFileOfACandidateRenamedMeanwhileIsKept(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Jon Smith", "U1"))
	u := updateOf(iv, "U1")
	u.Candidate = "John Smith"
	if _, err := s.UpdateInterview(ctx, u); err != nil {
		t.Fatal(err)
	}
	late, err := s.RecordExportFile(ctx, []int64{iv.ID}, ExportFile{FileID: "F9", Channel: "DADMIN"})
	if err != nil || late != nil {
		t.Fatalf("RecordExportFile after a rename = %+v, %v; want the file kept", late, err)
	}
	er, err := s.EraseCandidate(ctx, "John Smith", "UADMIN")
	if err != nil || len(er.Files) != 1 || er.Files[0].FileID != "F9" {
		t.Fatalf("erasing the new name = %+v, %v; want the export file deleted", er, err)
	}
}
