package data

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestUnfinishedDeletionsAreClaimedForARetry(t *testing.T) {
	ctx := context.Background()
	now := t0
	s := mustOpenWithClock(t, filepath.Join(t.TempDir(), "hirebot.db"), &now)
	mustRecordCandidate(t, s, "Ada Lovelace")
	er, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN")
	if err != nil || len(er.Deletions) != 1 {
		t.Fatalf("erasure %+v, %v", er, err)
	}
	const idle = 10 * time.Minute
	// The erasure deletes them itself first: no sweep takes them meanwhile.
	if ds, err := s.ClaimDeletions(ctx, now, idle, 10); err != nil || len(ds) != 0 {
		t.Fatalf("claimed at once %+v, %v", ds, err)
	}
	now = now.Add(idle)
	ds, err := s.ClaimDeletions(ctx, now, idle, 10)
	if err != nil || len(ds) != 1 || ds[0] != er.Deletions[0] {
		t.Fatalf("claimed %+v, %v; want %+v", ds, err, er.Deletions)
	}
	if again, _ := s.ClaimDeletions(ctx, now, idle, 10); len(again) != 0 {
		t.Fatalf("claimed twice %+v", again)
	}
	if err := s.DeletionDeferred(ctx, ds[0].ID, now, "ratelimited"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(idle)
	retry, err := s.ClaimDeletions(ctx, now, idle, 10)
	if err != nil || len(retry) != 1 || retry[0].ID != ds[0].ID || retry[0].Attempts != 1 {
		t.Fatalf("the retry claimed %+v, %v", retry, err)
	}
	if err := s.DeletionDone(ctx, retry[0].ID, now, ""); err != nil {
		t.Fatal(err)
	}
	now = now.Add(idle)
	if left, _ := s.ClaimDeletions(ctx, now, idle, 10); len(left) != 0 {
		t.Fatalf("done deletions claimed again %+v", left)
	}
	if pending, _ := s.PendingDeletions(ctx, er.ID); len(pending) != 0 {
		t.Fatalf("pending %+v", pending)
	}
}

func TestDeletionRetriesMigrationKeepsPendingDeletions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 18)
	if _, err := old.db.Exec(`INSERT INTO message_deletions (erasure, channel, ts, queued_at) VALUES ('e1', 'D1', '1.1', ?)`, unix(t0)); err != nil {
		t.Fatal(err)
	}
	old.Close()
	now := t0.Add(time.Hour)
	s := mustOpenWithClock(t, path, &now)
	ds, err := s.ClaimDeletions(context.Background(), now, 10*time.Minute, 10)
	if err != nil || len(ds) != 1 || ds[0].Channel != "D1" || ds[0].Attempts != 0 {
		t.Fatalf("after the upgrade %+v, %v", ds, err)
	}
}

// TestAFailedDeletionIsToldInItsTransaction records a deletion given up on together with the
// admins' notice: the notice is queued exactly when the failure is recorded, and only once.
func TestAFailedDeletionIsToldInItsTransaction(t *testing.T) {
	ctx := context.Background()
	now := t0
	s := mustOpenWithClock(t, filepath.Join(t.TempDir(), "hirebot.db"), &now)
	mustRecordCandidate(t, s, "Ada Lovelace")
	er, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN")
	if err != nil || len(er.Deletions) != 1 {
		t.Fatalf("erasure %+v, %v", er, err)
	}
	before, _ := s.OutboxStats(ctx, now)
	notice := OutboxMessage{Kind: "deletion-failed", Channel: "UADMIN", Text: "delete it by hand"}
	if err := s.DeletionDone(ctx, er.Deletions[0].ID, now, "cant_delete_message", notice); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletionDone(ctx, er.Deletions[0].ID, now, "cant_delete_message", notice); !errors.Is(err, ErrConflict) {
		t.Fatalf("recording it again: %v, want a conflict", err)
	}
	if after, _ := s.OutboxStats(ctx, now); after.Pending != before.Pending+1 {
		t.Errorf("%d notices queued, want exactly 1", after.Pending-before.Pending)
	}
}
