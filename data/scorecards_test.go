package data

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestSubmitScorecardKeepsHistory(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))

	first := mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	other := mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))
	revised := sampleScorecard(iv.ID, "U1")
	revised.Recommendation, revised.Ratings, revised.Concerns = StrongHire, fixedRatings(3, 4, 4, 3, 4), ""
	second := mustSubmit(t, s, revised)

	want := Scorecard{ID: second.ID, InterviewID: iv.ID, Author: "U1", Version: 2, Recommendation: StrongHire,
		Ratings: fixedRatings(3, 4, 4, 3, 4), Scale: fixedScale, Offered: BuiltinRecommendations, Fields: BuiltinFields,
		Strengths: "clear reasoning", SubmittedAt: t0}
	if !reflect.DeepEqual(second, want) {
		t.Fatalf("SubmitScorecard =\n%+v\nwant\n%+v", second, want)
	}
	if first.Version != 1 || other.Version != 1 {
		t.Fatalf("first versions = %d, %d; want 1, 1", first.Version, other.Version)
	}

	current, err := s.Scorecards(ctx, iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Scorecard{other, second}; !reflect.DeepEqual(current, want) {
		t.Fatalf("Scorecards =\n%+v\nwant\n%+v", current, want)
	}
	history, err := s.ScorecardHistory(ctx, iv.ID, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Scorecard{first, second}; !reflect.DeepEqual(history, want) {
		t.Fatalf("ScorecardHistory =\n%+v\nwant\n%+v", history, want)
	}
}

func TestSubmitScorecardClearsReminders(t *testing.T) {
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	claimed := mustClaim(t, s, t0, 10)
	mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))

	p := mustPanelist(t, s, iv.ID, "U1")
	if p.Status != PanelSubmitted || !p.NextReminder.IsZero() {
		t.Fatalf("after submit: %+v, want submitted with no reminder", p)
	}
	for _, r := range claimed {
		err := s.ReminderSent(context.Background(), r, t0, t0.Add(24*time.Hour))
		if r.Panelist.UserID == "U1" {
			wantErr(t, "ReminderSent after submit", err, ErrConflict)
		} else {
			wantErr(t, "ReminderSent to U2", err, nil)
		}
	}
	if due := mustClaim(t, s, t0.Add(48*time.Hour), 10); len(due) != 1 || due[0].Panelist.UserID != "U2" {
		t.Fatalf("due after submit = %+v, want only U2", due)
	}
}

func TestSubmitScorecardErrors(t *testing.T) {
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "UGONE"))
	if err := s.MarkAbsent(context.Background(), iv.ID, "UGONE"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*NewScorecard)
		want   error  // a sentinel, or nil with field set
		field  string // the field a *ValidationError must name
	}{
		{"no such interview", func(sc *NewScorecard) { sc.InterviewID = 999 }, ErrNotFound, ""},
		{"not on panel", func(sc *NewScorecard) { sc.Author = "UMGR" }, ErrConflict, ""},
		{"marked absent", func(sc *NewScorecard) { sc.Author = "UGONE" }, ErrConflict, ""},
		{"no author", func(sc *NewScorecard) { sc.Author = "" }, nil, "Author"},
		{"bad recommendation", func(sc *NewScorecard) { sc.Recommendation = "maybe" }, nil, "Recommendation"},
		{"rating too low", func(sc *NewScorecard) { sc.Ratings = fixedRatings(0, 1, 1, 1, 1) }, nil, "Ratings[0]"},
		{"rating too high", func(sc *NewScorecard) { sc.Ratings = fixedRatings(1, 1, 1, 1, 5) }, nil, "Ratings[4]"},
		{"no ratings", func(sc *NewScorecard) { sc.Ratings = nil }, nil, "Ratings"},
		{"competency twice", func(sc *NewScorecard) { sc.Ratings = append(sc.Ratings, sc.Ratings[0]) }, nil, "Ratings[5]"},
		{"no scale", func(sc *NewScorecard) { sc.Scale = nil }, nil, "Scale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := sampleScorecard(iv.ID, "U1")
			tt.change(&sc)
			_, err := s.SubmitScorecard(context.Background(), sc)
			if tt.field != "" {
				wantValidation(t, err, tt.field)
				return
			}
			wantErr(t, "SubmitScorecard", err, tt.want)
		})
	}
	if n := countRows(t, s, "scorecards"); n != 0 {
		t.Fatalf("%d scorecards stored by failed submissions", n)
	}
}

func TestScorecardsOfUnknownInterview(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	if got, err := s.Scorecards(ctx, iv.ID); err != nil || len(got) != 0 {
		t.Fatalf("Scorecards of a fresh interview = %v, %v; want none", got, err)
	}
	if got, err := s.ScorecardHistory(ctx, iv.ID, "U1"); err != nil || len(got) != 0 {
		t.Fatalf("ScorecardHistory of a fresh interview = %v, %v; want none", got, err)
	}
	_, err := s.Scorecards(ctx, 999)
	wantErr(t, "Scorecards(999)", err, ErrNotFound)
	_, err = s.ScorecardHistory(ctx, 999, "U1")
	wantErr(t, "ScorecardHistory(999)", err, ErrNotFound)
}

func TestCandidateScorecards(t *testing.T) {
	s, _ := mustNewStore(t)
	screen := sampleInterview("Ada Lovelace", "U1")
	screen.StartsAt = t0.Add(-96 * time.Hour)
	a := mustCreateInterview(t, s, screen)
	b := mustCreateInterview(t, s, sampleInterview("ada lovelace", "U2", "U3"))
	mustCreateInterview(t, s, sampleInterview("Grace Hopper", "U1"))
	mustSubmit(t, s, sampleScorecard(a.ID, "U1"))
	a2 := mustSubmit(t, s, sampleScorecard(a.ID, "U1"))
	b1 := mustSubmit(t, s, sampleScorecard(b.ID, "U3"))

	ivs, scs, err := s.CandidateScorecards(context.Background(), "ADA LOVELACE")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(ivs); !reflect.DeepEqual(got, []int64{a.ID, b.ID}) {
		t.Fatalf("interviews = %v, want [%d %d]", got, a.ID, b.ID)
	}
	want := map[int64][]Scorecard{a.ID: {a2}, b.ID: {b1}}
	if !reflect.DeepEqual(scs, want) {
		t.Fatalf("scorecards =\n%+v\nwant\n%+v", scs, want)
	}
	ivs, scs, err = s.CandidateScorecards(context.Background(), "Nobody")
	if err != nil || len(ivs) != 0 || len(scs) != 0 {
		t.Fatalf("unknown candidate: %v, %v, %v", ivs, scs, err)
	}
}

func TestConstraintErrorsMapToConflict(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	sc := mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	tests := map[string]string{
		"unique": `INSERT INTO panelists (interview_id, user_id) VALUES (?, 'U1')`,
		"check":  `UPDATE panelists SET status = 'lost' WHERE interview_id = ?`,
		"foreign key": `INSERT INTO scorecards (interview_id, author, version, recommendation, submitted_at)
			VALUES (?, 'UX', 1, 'hire', 0)`,
	}
	for name, q := range tests {
		_, err := s.db.ExecContext(ctx, q, iv.ID)
		if err := mapErr(err); !errors.Is(err, ErrConflict) {
			t.Errorf("%s violation: mapErr = %v, want ErrConflict", name, err)
		}
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM interviews WHERE id = ?`, sc.InterviewID)
	wantErr(t, "deleting an interview with scorecards", mapErr(err), ErrConflict)
	wantErr(t, "no rows", mapErr(s.db.QueryRowContext(ctx, `SELECT 1 WHERE 1 = 0`).Scan(new(int))), ErrNotFound)
}

func countRows(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLatestScorecard(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada Lovelace", "U1", "U2"))
	if _, ok, err := s.LatestScorecard(ctx, iv.ID, "U1"); err != nil || ok {
		t.Fatalf("before any scorecard: found %v, %v", ok, err)
	}
	mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	second := sampleScorecard(iv.ID, "U1")
	second.Strengths = "the second look"
	mustSubmit(t, s, second)
	mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))
	got, ok, err := s.LatestScorecard(ctx, iv.ID, "U1")
	if err != nil || !ok || got.Version != 2 || got.Strengths != "the second look" || got.Author != "U1" || len(got.Ratings) != 5 {
		t.Errorf("LatestScorecard = %+v, %v, %v; want U1's version 2 with its ratings", got, ok, err)
	}
}
