package handlers

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

func TestDraftOfKeepsWhatTheStateDoesNotReport(t *testing.T) {
	form := content.BuiltinScorecards().Form("technical")
	shown := data.Draft{Recommendation: data.Hire, Ratings: map[string]int{"python": 3, "apis": 2},
		Strengths: "clear", Concerns: "slow", Note: "ask about SQL"}
	values := map[string]map[string]slack.BlockAction{
		blockRecommendation: {actionValue: {SelectedOption: slack.OptionBlockObject{Value: "strong-hire"}}},
		"sc_apis":           {actionValue: {}},                                                    // cleared
		"sc_testing":        {actionValue: {SelectedOption: slack.OptionBlockObject{Value: "9"}}}, // off the scale
		"sc_databases":      {actionValue: {SelectedOption: slack.OptionBlockObject{Value: "4"}}},
		blockConcerns:       {actionValue: {Value: "  "}},
		blockStrengths:      {actionValue: {Value: strings.Repeat("x", maxScorecardNote+10)}},
	}
	got := draftOf(form, values, shown)
	want := data.Draft{Recommendation: data.StrongHire, Ratings: map[string]int{"python": 3, "databases": 4},
		Strengths: strings.Repeat("x", maxScorecardNote), Note: "ask about SQL"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("draftOf = %+v\nwant %+v", got, want)
	}
}

func TestClosingTheScorecardKeepsADraft(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t)
	iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UHM", StartsAt: time.Now(), Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UINT"}}})
	if err != nil {
		t.Fatal(err)
	}
	h := newTestFeatures(t, testDeps{store: store})
	meta := strconv.FormatInt(iv.ID, 10)
	closeWith := func(user, key string, values map[string]map[string]slack.BlockAction) {
		t.Helper()
		if _, err := h.saveDraft(ctx, ViewClosed{CallbackID: ViewScorecard, PrivateMetadata: meta, UserID: user,
			Values: values, DeliveryKey: key}); err != nil {
			t.Fatalf("close as %s: %v", user, err)
		}
	}
	open := func() string {
		t.Helper()
		resp, err := h.openScorecard(ctx, "UINT", iv)
		if err != nil || resp.OpenView == nil || !resp.OpenView.NotifyOnClose {
			t.Fatalf("open: %+v, %v; want a form that tells when it is closed", resp.OpenView, err)
		}
		mustBeValidView(t, resp.OpenView)
		raw, _ := resp.OpenView.Blocks.MarshalJSON()
		return string(raw)
	}
	if strings.Contains(open(), "Restored") {
		t.Fatal("a form never closed says it restored a draft")
	}
	closeWith("UINT", "closed:V1", map[string]map[string]slack.BlockAction{blockStrengths: {actionValue: {Value: "Clear API design"}}})
	// Closed again untouched, or closed by someone not on the panel: the draft stays as it was.
	closeWith("UINT", "closed:V2", nil)
	closeWith("UOUT", "closed:V3", map[string]map[string]slack.BlockAction{blockStrengths: {actionValue: {Value: "mine"}}})
	if _, err := store.Draft(ctx, iv.ID, "UOUT"); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a draft for someone not on the panel: %v", err)
	}
	assertContains(t, open(), "Restored your unsaved draft from", "Clear API design")

	if _, err := h.submitScorecard(ctx, Submission{CallbackID: ViewScorecard, UserID: "UINT", PrivateMetadata: meta,
		Values: scorecardForm("hire", allRatings("3"), "Solid", "none")}); err != nil {
		t.Fatal(err)
	}
	if form := open(); strings.Contains(form, "Restored") || !strings.Contains(form, "Solid") {
		t.Fatalf("after submitting, the form shows %s", form)
	}
}
