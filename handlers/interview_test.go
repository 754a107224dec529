package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

func TestHeadsUpForAPastInterviewAsksForTheScorecardNow(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	h := newTestFeatures(t, testDeps{now: func() time.Time { return now }, settings: Settings{FeedbackDue: time.Hour}})
	iv := data.Interview{ID: 1, Candidate: "Jane Doe", Role: "Backend", Stage: "technical", HiringManager: "UHM", RecordedBy: "UHM",
		Duration: time.Hour, Panel: []data.Panelist{{UserID: "UINT"}}}

	iv.StartsAt = now.Add(-3 * time.Hour) // ended two hours ago
	past := rendered(t, h.headsUp(iv, "UINT", time.UTC))
	if !strings.Contains(past, "already taken place: please submit your scorecard now") || strings.Contains(past, "within") {
		t.Errorf("heads-up for a past interview = %q", past)
	}
	iv.StartsAt = now.Add(time.Hour)
	if future := rendered(t, h.headsUp(iv, "UINT", time.UTC)); !strings.Contains(future, "within 1 hour of the end") {
		t.Errorf("heads-up for a coming interview = %q", future)
	}
}

func TestInterviewFormSaysWhichTimeZoneStartIsIn(t *testing.T) {
	h := newTestFeatures(t, testDeps{users: fixedZones{"U1": "Europe/Berlin"}})
	v := h.interviewModal(context.Background(), "U1", "C1")
	mustBeValidView(t, v)
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == blockStart {
			if !strings.Contains(in.Hint.Text, "In your time zone (Europe/Berlin)") {
				t.Errorf("start hint = %q", in.Hint.Text)
			}
			return
		}
	}
	t.Fatal("no start block")
}

// The stages content may name are the stages the interview form offers.
func TestContentKnowsTheFormsStages(t *testing.T) {
	var slugs []string
	for _, s := range stages {
		slugs = append(slugs, s.slug)
	}
	if !slices.Equal(slugs, content.Stages) {
		t.Errorf("the form offers %v, content checks stages against %v", slugs, content.Stages)
	}
}
