package handlers

import (
	"testing"

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
		shown, note, ok := visibleScorecards(tt.viewer, tt.rule, []data.Interview{iv}, cards)
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
