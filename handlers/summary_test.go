package handlers

import (
	"context"
	"testing"
	"time"

	"hirebot/data"
)

func TestVisibleScorecards(t *testing.T) {
	iv := data.Interview{ID: 1, HiringManager: "UHM", RecordedBy: "UREC", Panel: []data.Panelist{
		{UserID: "UDONE", Status: data.PanelSubmitted},
		{UserID: "UOWES", Status: data.PanelPending},
		{UserID: "UGONE", Status: data.PanelAbsent},
	}}
	cards := map[int64][]data.Scorecard{1: {{Author: "UDONE", Strengths: "done's"}, {Author: "UOWES", Strengths: "draft"}}}
	tests := []struct {
		viewer string
		rule   Visibility
		ok     bool
		shown  int
		note   bool
	}{
		{"UHM", VisibleNever, true, 2, false},
		{"UREC", VisibleAfterOwn, true, 2, false},
		{"UDONE", VisibleAfterOwn, true, 2, false},
		{"UOWES", VisibleAfterOwn, true, 1, true},
		{"UOWES", VisibleAlways, true, 2, false},
		{"UDONE", VisibleNever, true, 1, true},
		{"UGONE", VisibleAfterOwn, false, 0, false},
		{"UOUT", VisibleAlways, false, 0, false},
	}
	for _, tt := range tests {
		visible, shown, note := visibleScorecards(tt.viewer, tt.rule, []data.Interview{iv}, cards)
		ok := len(visible) > 0
		if ok != tt.ok || len(shown[1]) != tt.shown || (note != "") != tt.note {
			t.Errorf("%s under %s: ok=%v shown=%d note=%q; want ok=%v shown=%d note=%v",
				tt.viewer, tt.rule, ok, len(shown[1]), note, tt.ok, tt.shown, tt.note)
		}
		for _, sc := range shown[1] {
			if tt.shown == 1 && sc.Author != tt.viewer {
				t.Errorf("%s under %s sees %s's scorecard", tt.viewer, tt.rule, sc.Author)
			}
		}
	}
}

// TestSummaryKeepsNamesakesApart records two candidates called Alex Kim on different teams: each
// hiring manager sees only their own candidate's feedback.
func TestSummaryKeepsNamesakesApart(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t)
	h := newTestFeatures(t, testDeps{store: store})
	for _, team := range []struct{ manager, interviewer, role, note string }{
		{"UHM1", "UINT1", "Backend", "backend notes"},
		{"UHM2", "UINT2", "Data", "data team notes"},
	} {
		iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Alex Kim", Role: team.role, Stage: "technical",
			HiringManager: team.manager, RecordedBy: team.manager, StartsAt: time.Now(), Duration: time.Hour,
			Panel: []data.NewPanelist{{UserID: team.interviewer}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.SubmitScorecard(ctx, data.NewScorecard{InterviewID: iv.ID, Author: team.interviewer, Recommendation: data.Hire,
			Ratings: builtinRatings(3, 3, 3, 3, 3), Scale: builtinScale, Strengths: team.note, Concerns: "none"}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := h.summary(ctx, "UHM1", "alex kim")
	if err != nil {
		t.Fatal(err)
	}
	text := rendered(t, resp.Replies[0])
	assertContains(t, text, "backend notes")
	assertNotContains(t, text, "data team notes")
}
