package data

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestNextReminder(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if _, err := s.NextReminder(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v, want ErrNotFound", err)
	}

	later := sampleInterview("Ada", "U1")
	later.FirstReminderAt = t0.Add(3 * time.Hour)
	mustCreateInterview(t, s, later)
	sooner := sampleInterview("Bob", "U2", "U3")
	sooner.FirstReminderAt = t0.Add(2 * time.Hour)
	b := mustCreateInterview(t, s, sooner)
	none := sampleInterview("Cy", "U4")
	none.FirstReminderAt = time.Time{}
	mustCreateInterview(t, s, none)
	if err := s.MarkAbsent(ctx, b.ID, "U2"); err != nil { // absent: no reminder, though it came first
		t.Fatal(err)
	}

	next, err := s.NextReminder(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if next.Interview.Candidate != "Bob" || next.Panelist.UserID != "U3" || !next.Panelist.NextReminder.Equal(t0.Add(2*time.Hour)) || len(next.Interview.Panel) != 2 {
		t.Errorf("next reminder: %+v, want U3's about Bob at t0+2h with the whole panel", next)
	}
}

func TestMakeNextReminderDue(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if _, err := s.MakeNextReminderDue(ctx, t0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v, want ErrNotFound", err)
	}
	later := sampleInterview("Ada", "U1")
	later.FirstReminderAt = t0.Add(3 * time.Hour)
	a := mustCreateInterview(t, s, later)
	sooner := sampleInterview("Bob", "U2")
	sooner.FirstReminderAt = t0.Add(2 * time.Hour)
	b := mustCreateInterview(t, s, sooner)

	// The earliest moves to now; the sweep then claims it, and it alone.
	got, err := s.MakeNextReminderDue(ctx, t0)
	if err != nil || got.Panelist.UserID != "U2" || !got.Panelist.NextReminder.Equal(t0) {
		t.Fatalf("MakeNextReminderDue: %+v %v, want U2's reminder at t0", got.Panelist, err)
	}
	due := mustClaim(t, s, t0, 10)
	if len(due) != 1 || due[0].Interview.ID != b.ID {
		t.Fatalf("after fast-forwarding, the sweep claimed %+v, want Bob's reminder only", due)
	}

	// A claimed row is the sweep's; the next one moves instead.
	got, err = s.MakeNextReminderDue(ctx, t0)
	if err != nil || got.Interview.ID != a.ID {
		t.Fatalf("with Bob's reminder claimed: %+v %v, want Ada's", got.Panelist, err)
	}
	if p := mustPanelist(t, s, a.ID, "U1"); !p.NextReminder.Equal(t0) {
		t.Errorf("Ada's reminder is at %v, want t0", p.NextReminder)
	}

	// A reminder already due stays where it is.
	if err := s.ReminderSent(ctx, due[0], t0, t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err = s.MakeNextReminderDue(ctx, t0.Add(time.Minute))
	if err != nil || got.Interview.ID != a.ID || !got.Panelist.NextReminder.Equal(t0) {
		t.Errorf("with Ada's reminder due: %+v %v, want it left at t0", got.Panelist, err)
	}
}
