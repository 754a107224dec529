package data

import (
	"context"
	"path/filepath"
	"testing"
)

func TestHomeVisits(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if seen, err := s.HomeVisited(ctx, "UA"); err != nil || seen {
		t.Fatalf("HomeVisited before any visit = %v, %v; want false", seen, err)
	}
	for i, want := range []bool{true, false, false} {
		first, err := s.RecordHomeVisit(ctx, "UA")
		if err != nil || first != want {
			t.Fatalf("visit %d: first = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if seen, err := s.HomeVisited(ctx, "UA"); err != nil || !seen {
		t.Fatalf("HomeVisited after visits = %v, %v; want true", seen, err)
	}
	if first, err := s.RecordHomeVisit(ctx, "UB"); err != nil || !first {
		t.Fatalf("another person's first visit = %v, %v; want true", first, err)
	}
	if _, err := s.RecordHomeVisit(ctx, ""); err == nil {
		t.Fatal("a visit without a user id was recorded")
	}
}

// A database made before Home visits were kept upgrades, keeping its interviews.
func TestHomeVisitsUpgradeFromVersion7(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 7)
	iv := mustCreateInterview(t, old, sampleInterview("Jane Doe", "UA"))
	old.Close()
	s := mustOpenAt(t, path)
	if got := mustInterview(t, s, iv.ID); got.Candidate != "Jane Doe" {
		t.Fatalf("after the upgrade interview %d is %+v", iv.ID, got)
	}
	if first, err := s.RecordHomeVisit(ctx, "UA"); err != nil || !first {
		t.Fatalf("first visit after the upgrade = %v, %v; want true", first, err)
	}
}
