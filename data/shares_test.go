package data

import (
	"context"
	"testing"
	"time"
)

func TestClaimShareOncePerWindow(t *testing.T) {
	ctx := context.Background()
	now := t0
	path := t.TempDir() + "/hirebot.db"
	s, err := Open(ctx, location(t, path), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	k := ShareKey{Channel: "C1", Source: "1700000000.000100", User: "U1"}
	if _, ok, err := s.ClaimShare(ctx, k, time.Hour); err != nil || !ok {
		t.Fatalf("first claim = %v, %v; want claimed", ok, err)
	}
	if _, ok, err := s.ClaimShare(ctx, k, time.Hour); err != nil || ok {
		t.Fatalf("second claim = %v, %v; want refused", ok, err)
	}
	other := k
	other.User = "U2"
	if _, ok, _ := s.ClaimShare(ctx, other, time.Hour); !ok {
		t.Error("another person's share of the same message was refused")
	}
	if err := s.SharePosted(ctx, k, "1700000001.000200", "https://x/p1"); err != nil {
		t.Fatal(err)
	}
	// The claim holds across a restart.
	s.Close()
	s, err = Open(ctx, location(t, path), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sh, ok, err := s.ClaimShare(ctx, k, time.Hour)
	if err != nil || ok || sh.SharedTS != "1700000001.000200" || sh.Permalink != "https://x/p1" {
		t.Errorf("after a restart: %+v, %v, %v; want the recorded share", sh, ok, err)
	}
	now = now.Add(2 * time.Hour)
	if _, ok, _ := s.ClaimShare(ctx, k, time.Hour); !ok {
		t.Error("a claim older than the window still refuses")
	}
	if err := s.ReleaseShare(ctx, k); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ClaimShare(ctx, k, time.Hour); !ok {
		t.Error("a released claim still refuses")
	}
}
