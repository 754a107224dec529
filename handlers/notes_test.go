package handlers

import (
	"testing"

	"hirebot/data"
)

func TestNoteVisibleFollowsTheScorecardRule(t *testing.T) {
	iv := data.Interview{HiringManager: "HM", RecordedBy: "REC", Panel: []data.Panelist{
		{UserID: "DONE", Status: data.PanelSubmitted},
		{UserID: "OWES", Status: data.PanelPending},
		{UserID: "AWAY", Status: data.PanelAbsent},
	}}
	tests := []struct {
		viewer, author string
		rule           Visibility
		want           bool
	}{
		{"HM", "OWES", VisibleNever, true},
		{"REC", "DONE", VisibleNever, true},
		{"OWES", "OWES", VisibleNever, true}, // one's own note
		{"OWES", "DONE", VisibleAfterOwn, false},
		{"DONE", "OWES", VisibleAfterOwn, true},
		{"DONE", "OWES", VisibleNever, false},
		{"OWES", "DONE", VisibleAlways, true},
		{"AWAY", "AWAY", VisibleAlways, false}, // did not attend: nothing of the interview
		{"OUT", "HM", VisibleAlways, false},
	}
	for _, tt := range tests {
		if got := noteVisible(tt.viewer, tt.rule, iv, tt.author); got != tt.want {
			t.Errorf("%s reading %s's note under %s = %v, want %v", tt.viewer, tt.author, tt.rule, got, tt.want)
		}
	}
}
