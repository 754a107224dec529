package data

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

func TestDraftIsPrivateAndReplacedByTheNextClose(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	first := Draft{InterviewID: iv.ID, Author: "U1", Recommendation: Hire, Ratings: map[string]int{"python": 4},
		Strengths: "clear", Note: "ask about SQL"}
	if _, err := s.SaveDraft(ctx, first, "closed:V1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Draft(ctx, iv.ID, "U1")
	first.SavedAt = t0
	if err != nil || !reflect.DeepEqual(got, first) {
		t.Fatalf("Draft = %+v, %v; want %+v", got, err, first)
	}
	if _, err := s.Draft(ctx, iv.ID, "U2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another panelist's draft: %v, want not found", err)
	}

	// The form is closed again with less in it: the draft is what it held last.
	second := Draft{InterviewID: iv.ID, Author: "U1", Concerns: "slow"}
	if _, err := s.SaveDraft(ctx, second, "closed:V2"); err != nil {
		t.Fatal(err)
	}
	// A late repeat of the first close changes nothing.
	if _, err := s.SaveDraft(ctx, first, "closed:V1"); !errors.Is(err, ErrReplayed) {
		t.Fatalf("repeat of a close: %v, want ErrReplayed", err)
	}
	if got, _ := s.Draft(ctx, iv.ID, "U1"); got.Concerns != "slow" || got.Recommendation != "" || len(got.Ratings) != 0 {
		t.Fatalf("after the repeat the draft is %+v", got)
	}
}

func TestDraftNeedsAPlaceOnThePanel(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	for _, tt := range []struct {
		d    Draft
		want error
	}{
		{Draft{InterviewID: iv.ID, Author: "UOUT", Strengths: "x"}, ErrConflict},
		{Draft{InterviewID: iv.ID + 100, Author: "U1", Strengths: "x"}, ErrNotFound},
	} {
		if _, err := s.SaveDraft(ctx, tt.d, ""); !errors.Is(err, tt.want) {
			t.Errorf("SaveDraft(%+v) = %v, want %v", tt.d, err, tt.want)
		}
	}
	_, err := s.SaveDraft(ctx, Draft{InterviewID: iv.ID, Author: "U1", Recommendation: "maybe"}, "")
	wantValidation(t, err, "Recommendation")
}

// A draft is not a scorecard: the panelist still owes one, nobody sees it in the scorecards, and
// submitting deletes it in the scorecard's transaction.
func TestDraftNeverCountsAndGoesOnSubmit(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	if _, err := s.SaveDraft(ctx, Draft{InterviewID: iv.ID, Author: "U1", Recommendation: StrongHire,
		Ratings: map[string]int{"python": 4, "apis": 4}}, ""); err != nil {
		t.Fatal(err)
	}
	if owed, err := s.PendingFeedback(ctx, "U1"); err != nil || len(owed) != 1 {
		t.Fatalf("with a draft, pending feedback = %v, %v; want the interview", ids(owed), err)
	}
	if cards, err := s.Scorecards(ctx, iv.ID); err != nil || len(cards) != 0 {
		t.Fatalf("with a draft, scorecards = %+v, %v; want none", cards, err)
	}
	if p := mustPanelist(t, s, iv.ID, "U1"); p.Status != PanelPending {
		t.Fatalf("with a draft the panelist is %s", p.Status)
	}
	mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	if _, err := s.Draft(ctx, iv.ID, "U1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("draft after submitting: %v, want not found", err)
	}
}

func TestDraftsMigrationKeepsInterviews(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 16)
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1")
	old.Close()
	s := mustOpenAt(t, path)
	if got := mustInterview(t, s, iv.ID); got.Candidate != "Ada" {
		t.Fatalf("interview after the upgrade: %+v", got)
	}
	if _, err := s.Draft(ctx, iv.ID, "U1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a draft after the upgrade: %v", err)
	}
	if _, err := s.SaveDraft(ctx, Draft{InterviewID: iv.ID, Author: "U1", Strengths: "kept"}, ""); err != nil {
		t.Fatal(err)
	}
}
