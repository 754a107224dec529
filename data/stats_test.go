package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestFeedbackRecords(t *testing.T) {
	ctx := context.Background()
	now := t0
	s, err := Open(ctx, location(t, filepath.Join(t.TempDir(), "hirebot.db")), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := sampleInterview("Jane Doe", "UA", "UB", "UC") // ends at t0-25h
	early := mustCreateInterview(t, s, in)
	late := sampleInterview("John Roe", "UA")
	late.StartsAt = t0.Add(-2 * time.Hour)
	second := mustCreateInterview(t, s, late)
	cancelled := mustCreateInterview(t, s, sampleInterview("Gone Away", "UA"))
	if _, err := s.CancelInterview(ctx, cancelled.ID, "UMGR", "", "", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkAbsent(ctx, early.ID, "UC"); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(-20 * time.Hour) // UA submits 5 hours after the end, then again later
	mustSubmit(t, s, sampleScorecard(early.ID, "UA"))
	now = t0
	mustSubmit(t, s, sampleScorecard(early.ID, "UA"))

	all, err := s.FeedbackRecords(ctx, t0.Add(-48*time.Hour), t0, "")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id        int64
		user      string
		submitted time.Time
	}
	var got []row
	for _, r := range all {
		got = append(got, row{r.InterviewID, r.UserID, r.SubmittedAt})
	}
	want := []row{{early.ID, "UA", t0.Add(-20 * time.Hour)}, {early.ID, "UB", time.Time{}}, {second.ID, "UA", time.Time{}}}
	if len(got) != len(want) {
		t.Fatalf("records = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if r := all[0]; !r.EndsAt.Equal(t0.Add(-25*time.Hour)) || !r.DueAt.Equal(t0) || !r.Submitted() {
		t.Errorf("first record = %+v", r)
	}

	mine, err := s.FeedbackRecords(ctx, t0.Add(-48*time.Hour), t0.Add(-24*time.Hour), "UB")
	if err != nil || len(mine) != 1 || mine[0].UserID != "UB" || mine[0].Submitted() {
		t.Fatalf("UB's records of the first day = %+v, %v", mine, err)
	}
	for user, want := range map[string]bool{"UMGR": true, "UA": false} {
		if got, err := s.ManagesHiring(ctx, user); err != nil || got != want {
			t.Errorf("ManagesHiring(%s) = %v, %v; want %v", user, got, err, want)
		}
	}
}
