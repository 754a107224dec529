package data

import (
	"context"
	"path/filepath"
	"testing"
)

func TestPreferences(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if p, err := s.Preferences(ctx, "UA"); err != nil || p != DefaultPreferences("UA") {
		t.Fatalf("preferences before any choice = %+v, %v; want the defaults", p, err)
	}
	want := Preferences{UserID: "UA", WorkingHours: "08:00-16:00 Mon-Thu", OutOfOffice: "2025-03-14", StartingSoon: false}
	saved, err := s.SavePreferences(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	want.UpdatedAt = t0
	if saved != want {
		t.Errorf("saved = %+v, want %+v", saved, want)
	}
	if got, err := s.Preferences(ctx, "UA"); err != nil || got != want {
		t.Errorf("read back = %+v, %v; want %+v", got, err, want)
	}
	back := DefaultPreferences("UA")
	if _, err := s.SavePreferences(ctx, back); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Preferences(ctx, "UA"); got.OutOfOffice != "" || got.WorkingHours != "" || !got.StartingSoon {
		t.Errorf("after going back to the defaults: %+v", got)
	}
	_, err = s.SavePreferences(ctx, Preferences{UserID: "UA", OutOfOffice: "next week"})
	wantValidation(t, err, "OutOfOffice")
	_, err = s.SavePreferences(ctx, Preferences{})
	wantValidation(t, err, "UserID")
}

// A database made before notification preferences were kept upgrades, keeping its interviews.
func TestPreferencesUpgradeFromVersion12(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 12)
	iv := mustCreateInterview(t, old, sampleInterview("Jane Doe", "UA"))
	old.Close()
	s := mustOpenAt(t, path)
	if got := mustInterview(t, s, iv.ID); got.Candidate != "Jane Doe" {
		t.Fatalf("after the upgrade interview %d is %+v", iv.ID, got)
	}
	if _, err := s.SavePreferences(ctx, Preferences{UserID: "UA", OutOfOffice: "2025-03-14"}); err != nil {
		t.Fatalf("saving preferences after the upgrade: %v", err)
	}
	if p, err := s.Preferences(ctx, "UA"); err != nil || p.OutOfOffice != "2025-03-14" {
		t.Fatalf("preferences after the upgrade = %+v, %v", p, err)
	}
}
