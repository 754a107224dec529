package data

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestClaimDueReminders(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	late := sampleInterview("Ada", "U1", "U2")
	late.FirstReminderAt = t0.Add(-time.Hour)
	a := mustCreateInterview(t, s, late)
	b := mustCreateInterview(t, s, sampleInterview("Bob", "U3")) // due exactly at t0
	future := sampleInterview("Cy", "U4")
	future.FirstReminderAt = t0.Add(time.Hour)
	mustCreateInterview(t, s, future)
	none := sampleInterview("Di", "U5")
	none.FirstReminderAt = time.Time{}
	mustCreateInterview(t, s, none)

	due := mustClaim(t, s, t0, 10)
	var got []string
	for _, r := range due {
		got = append(got, fmt.Sprintf("%d/%s", r.Interview.ID, r.Panelist.UserID))
		if r.ClaimToken == "" || len(r.Interview.Panel) == 0 || r.Panelist.Status != PanelPending {
			t.Fatalf("incomplete claim %+v", r)
		}
	}
	want := fmt.Sprintf("[%d/U1 %d/U2 %d/U3]", a.ID, a.ID, b.ID)
	if fmt.Sprint(got) != want {
		t.Fatalf("claimed %v, want %s", got, want)
	}
	if again := mustClaim(t, s, t0.Add(59*time.Second), 10); len(again) != 0 {
		t.Fatalf("claimed rows were claimed again within their lease: %d", len(again))
	}

	// U1 was reminded, U2's send failed and is retried later, U3's claim lapses.
	next := t0.Add(24 * time.Hour)
	wantErr(t, "ReminderSent", s.ReminderSent(ctx, due[0], t0, next), nil)
	wantErr(t, "ReminderDeferred", s.ReminderDeferred(ctx, due[1], t0.Add(time.Hour)), nil)
	wantPanelist(t, s, a.ID, "U1", Panelist{UserID: "U1", TZ: "Europe/Berlin", Status: PanelPending,
		RemindersSent: 1, NextReminder: next, LastReminded: t0})
	wantPanelist(t, s, a.ID, "U2", Panelist{UserID: "U2", TZ: "Europe/Berlin", Status: PanelPending,
		NextReminder: t0.Add(time.Hour)})

	reclaimed := mustClaim(t, s, t0.Add(time.Minute), 10)
	if len(reclaimed) != 1 || reclaimed[0].Panelist.UserID != "U3" || reclaimed[0].ClaimToken == due[2].ClaimToken {
		t.Fatalf("after the lease: claimed %+v, want U3 under a new token", reclaimed)
	}
	wantErr(t, "ReminderSent with a stale token", s.ReminderSent(ctx, due[2], t0, next), ErrConflict)
	wantErr(t, "ReminderSent twice", s.ReminderSent(ctx, due[0], t0, next), ErrConflict)
	wantErr(t, "ReminderDeferred with a stale token", s.ReminderDeferred(ctx, due[2], next), ErrConflict)
	wantErr(t, "ReminderSent with the live token", s.ReminderSent(ctx, reclaimed[0], t0, time.Time{}), nil)
	if p := mustPanelist(t, s, b.ID, "U3"); p.RemindersSent != 1 || !p.NextReminder.IsZero() {
		t.Fatalf("U3 = %+v, want one reminder and none scheduled", p)
	}
}

func TestClaimDueRemindersLimitAndArguments(t *testing.T) {
	s, _ := mustNewStore(t)
	for i := range 5 {
		in := sampleInterview("Ada", "U1")
		in.FirstReminderAt = t0.Add(-time.Duration(i) * time.Minute)
		mustCreateInterview(t, s, in)
	}
	first := mustClaim(t, s, t0, 2)
	if len(first) != 2 || !first[0].Panelist.NextReminder.Equal(t0.Add(-4*time.Minute)) {
		t.Fatalf("want the 2 earliest, got %+v", first)
	}
	if rest := mustClaim(t, s, t0, 10); len(rest) != 3 {
		t.Fatalf("claimed %d of the remaining 3", len(rest))
	}
	_, err := s.ClaimDueReminders(context.Background(), t0, time.Minute, 0)
	wantValidation(t, err, "limit")
	_, err = s.ClaimDueReminders(context.Background(), t0, 0, 1)
	wantValidation(t, err, "lease")
}

func TestSnooze(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	due := mustClaim(t, s, t0, 10)
	later := t0.Add(3 * time.Hour)

	wantErr(t, "Snooze", s.Snooze(ctx, iv.ID, "U1", later), nil)
	if p := mustPanelist(t, s, iv.ID, "U1"); !p.NextReminder.Equal(later) {
		t.Fatalf("NextReminder = %v, want %v", p.NextReminder, later)
	}
	wantErr(t, "ReminderSent after a snooze", s.ReminderSent(ctx, due[0], t0, t0.Add(time.Hour)), ErrConflict)
	wantErr(t, "ReminderSent to U2", s.ReminderSent(ctx, due[1], t0, t0.Add(48*time.Hour)), nil)
	if got := mustClaim(t, s, later.Add(-time.Second), 10); len(got) != 0 {
		t.Fatalf("snoozed row claimed early: %+v", got)
	}
	if got := mustClaim(t, s, later, 10); len(got) != 1 || got[0].Panelist.UserID != "U1" {
		t.Fatalf("snoozed row not due at its new time: %+v", got)
	}

	mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))
	wantErr(t, "Snooze after submit", s.Snooze(ctx, iv.ID, "U2", later), ErrConflict)
	wantErr(t, "Snooze off the panel", s.Snooze(ctx, iv.ID, "UX", later), ErrNotFound)
	wantErr(t, "Snooze unknown interview", s.Snooze(ctx, 999, "U1", later), ErrNotFound)
	wantValidation(t, s.Snooze(ctx, iv.ID, "U1", time.Time{}), "until")
}

func TestMarkAbsentStopsReminders(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	due := mustClaim(t, s, t0, 10)

	wantErr(t, "MarkAbsent", s.MarkAbsent(ctx, iv.ID, "U1"), nil)
	wantErr(t, "MarkAbsent again", s.MarkAbsent(ctx, iv.ID, "U1"), nil)
	wantPanelist(t, s, iv.ID, "U1", Panelist{UserID: "U1", TZ: "Europe/Berlin", Status: PanelAbsent})
	wantErr(t, "ReminderSent after absent", s.ReminderSent(ctx, due[0], t0, t0.Add(time.Hour)), ErrConflict)
	if got := mustClaim(t, s, t0.Add(time.Hour), 10); len(got) != 1 || got[0].Panelist.UserID != "U2" {
		t.Fatalf("claimed %+v, want only U2", got)
	}

	mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))
	wantErr(t, "MarkAbsent after submit", s.MarkAbsent(ctx, iv.ID, "U2"), ErrConflict)
	wantErr(t, "MarkAbsent off the panel", s.MarkAbsent(ctx, iv.ID, "UX"), ErrNotFound)
	wantErr(t, "MarkAbsent unknown interview", s.MarkAbsent(ctx, 999, "U1"), ErrNotFound)
}

func TestConcurrentClaimsNeverOverlap(t *testing.T) {
	_, path := mustNewStore(t)
	handles := []*Store{mustOpenAt(t, path), mustOpenAt(t, path)}
	const interviews, panel = 100, 3
	for i := range interviews {
		mustCreateInterview(t, handles[0], sampleInterview(fmt.Sprint("C", i), "U1", "U2", "U3"))
	}
	var (
		mu      sync.Mutex
		claimed = map[string]int{}
		wg      sync.WaitGroup
	)
	for g := range 8 {
		wg.Go(func() {
			s := handles[g%2]
			for {
				due := mustClaim(t, s, t0, 7)
				if len(due) == 0 {
					return
				}
				mu.Lock()
				for _, r := range due {
					claimed[fmt.Sprintf("%d/%s", r.Interview.ID, r.Panelist.UserID)]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claimed) != interviews*panel {
		t.Fatalf("claimed %d distinct rows, want %d", len(claimed), interviews*panel)
	}
	for k, n := range claimed {
		if n != 1 {
			t.Errorf("%s claimed %d times", k, n)
		}
	}
}

func TestEscalations(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2", "U3"))
	for round := range 2 { // two reminders each, after which U3 has none scheduled
		for _, r := range mustClaim(t, s, t0.Add(48*time.Hour), 10) {
			next := t0
			if round == 1 && r.Panelist.UserID == "U3" {
				next = time.Time{}
			}
			wantErr(t, "ReminderSent", s.ReminderSent(ctx, r, t0, next), nil)
		}
	}
	mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))

	claim := func(now time.Time) []DueReminder {
		t.Helper()
		due, err := s.ClaimDueEscalations(ctx, now, time.Minute, 2, 10)
		if err != nil {
			t.Fatal(err)
		}
		return due
	}
	due := claim(t0)
	slices.SortFunc(due, func(a, b DueReminder) int { return strings.Compare(a.Panelist.UserID, b.Panelist.UserID) })
	if len(due) != 2 || due[0].Panelist.UserID != "U1" || due[1].Panelist.UserID != "U3" {
		t.Fatalf("escalations = %+v, want U1 and U3 (U2 submitted)", due)
	}
	if again := claim(t0); len(again) != 0 {
		t.Fatalf("escalations claimed twice: %+v", again)
	}
	wantErr(t, "EscalationSent", s.EscalationSent(ctx, due[0]), nil)
	wantErr(t, "ReleaseClaim", s.ReleaseClaim(ctx, due[1]), nil)
	wantErr(t, "ReleaseClaim twice", s.ReleaseClaim(ctx, due[1]), ErrConflict)
	if retry := claim(t0); len(retry) != 1 || retry[0].Panelist.UserID != "U3" {
		t.Fatalf("after a released claim: %+v, want U3 again", retry)
	}
	if p := mustPanelist(t, s, iv.ID, "U1"); !p.Escalated {
		t.Fatalf("U1 not escalated: %+v", p)
	}
	_, err := s.ClaimDueEscalations(ctx, t0, time.Minute, 0, 10)
	wantValidation(t, err, "after")
}

// TestSweepQueriesUsePartialIndexes checks the plans, so a schema change cannot quietly turn
// the sweep into a table scan.
func TestSweepQueriesUsePartialIndexes(t *testing.T) {
	sqliteOnly(t) // PostgreSQL's planner scans a table this small whatever the indexes
	s, _ := mustNewStore(t)
	for query, index := range map[string]string{
		pickDueReminders:   "panelists_due",
		pickDueEscalations: "panelists_escalation",
	} {
		plan := queryPlan(t, s, query, nil, nil, t0.Unix(), 100, nil, 2)
		if !strings.Contains(plan, "USING INDEX "+index) {
			t.Errorf("plan does not use %s:\n%s", index, plan)
		}
	}
}

func queryPlan(t testing.TB, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}

func wantPanelist(t testing.TB, s *Store, id int64, userID string, want Panelist) {
	t.Helper()
	if got := mustPanelist(t, s, id, userID); got != want {
		t.Fatalf("panelist %s =\n%+v\nwant\n%+v", userID, got, want)
	}
}

func TestFillZoneOnlyFillsWhatIsMissing(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	in := sampleInterview("Ada", "U1", "U2")
	in.Panel[1].TZ = "Asia/Kolkata"
	iv := mustCreateInterview(t, s, in)
	missing := sampleInterview("Bo", "U2", "U1")
	missing.Panel[0].TZ = "" // Slack could not tell it
	other := mustCreateInterview(t, s, missing)

	n, err := s.FillZone(ctx, "U2", "Europe/Berlin")
	if err != nil || n != 1 {
		t.Fatalf("FillZone = %d, %v; want the one row without a zone", n, err)
	}
	if got := mustPanelist(t, s, iv.ID, "U2").TZ; got != "Asia/Kolkata" {
		t.Errorf("a stored zone was overwritten: %q", got)
	}
	if got := mustPanelist(t, s, other.ID, "U2").TZ; got != "Europe/Berlin" {
		t.Errorf("the missing zone is %q, want Europe/Berlin", got)
	}
	if got := mustPanelist(t, s, other.ID, "U1").TZ; got != "Europe/Berlin" {
		t.Errorf("another panelist's zone changed: %q", got)
	}
	wantValidation(t, func() error { _, err := s.FillZone(ctx, "U1", ""); return err }(), "tz")
}
