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
	if _, ok, err := s.ClaimShare(ctx, k, time.Hour, 0); err != nil || !ok {
		t.Fatalf("first claim = %v, %v; want claimed", ok, err)
	}
	if _, ok, err := s.ClaimShare(ctx, k, time.Hour, 0); err != nil || ok {
		t.Fatalf("second claim = %v, %v; want refused", ok, err)
	}
	other := k
	other.User = "U2"
	if _, ok, _ := s.ClaimShare(ctx, other, time.Hour, 0); !ok {
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
	sh, ok, err := s.ClaimShare(ctx, k, time.Hour, 0)
	if err != nil || ok || sh.SharedTS != "1700000001.000200" || sh.Permalink != "https://x/p1" {
		t.Errorf("after a restart: %+v, %v, %v; want the recorded share", sh, ok, err)
	}
	now = now.Add(2 * time.Hour)
	if _, ok, _ := s.ClaimShare(ctx, k, time.Hour, 0); !ok {
		t.Error("a claim older than the window still refuses")
	}
	if err := s.ReleaseShare(ctx, k); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ClaimShare(ctx, k, time.Hour, 0); !ok {
		t.Error("a released claim still refuses")
	}
}

// TestClaimShareLeaseFreesAnUnpostedClaim: with a lease, a claim whose post was never recorded
// (its process stopped before posting) is claimed again after the lease; a recorded post holds
// for the whole window.
func TestClaimShareLeaseFreesAnUnpostedClaim(t *testing.T) {
	ctx := context.Background()
	now := t0
	s, err := Open(ctx, location(t, t.TempDir()+"/hirebot.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k := ShareKey{Channel: "C1", Source: "job-posting:1:1", User: "U1"}
	if _, ok, err := s.ClaimShare(ctx, k, 10*time.Minute, time.Minute); err != nil || !ok {
		t.Fatalf("first claim = %v, %v; want claimed", ok, err)
	}
	now = now.Add(59 * time.Second)
	if sh, ok, _ := s.ClaimShare(ctx, k, 10*time.Minute, time.Minute); ok || sh.SharedTS != "" {
		t.Fatalf("inside the lease: %+v, %v; want the unposted claim to hold", sh, ok)
	}
	now = now.Add(time.Second)
	if _, ok, _ := s.ClaimShare(ctx, k, 10*time.Minute, time.Minute); !ok {
		t.Fatal("an unposted claim past its lease still refuses")
	}
	if err := s.SharePosted(ctx, k, "1700000001.000200", ""); err != nil {
		t.Fatal(err)
	}
	now = now.Add(9 * time.Minute)
	if sh, ok, _ := s.ClaimShare(ctx, k, 10*time.Minute, time.Minute); ok || sh.SharedTS != "1700000001.000200" {
		t.Errorf("a posted share past the lease: %+v, %v; want it to hold for the window", sh, ok)
	}
}
