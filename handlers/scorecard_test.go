package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// builtinScale is the compiled-in form's rating scale.
var builtinScale = []string{"Weak", "Mixed", "Good", "Excellent"}

// builtinRatings are ratings on the compiled-in form's five competencies, in its order.
func builtinRatings(python, apis, databases, testing, communication int) []data.Rating {
	return []data.Rating{
		{Competency: "python", Label: "Python", Value: python}, {Competency: "apis", Label: "APIs and system design", Value: apis},
		{Competency: "databases", Label: "Databases", Value: databases},
		{Competency: "testing", Label: "Testing and code quality", Value: testing},
		{Competency: "communication", Label: "Communication", Value: communication},
	}
}

// failingStore fails every scorecard submission, as a full disk would.
type failingStore struct{ *data.Store }

func (failingStore) SubmitScorecard(context.Context, data.NewScorecard) (data.Scorecard, error) {
	return data.Scorecard{}, errors.New("disk I/O error")
}

func scorecardForm(rec string, ratings map[string]string, strengths, concerns string) map[string]map[string]slack.BlockAction {
	v := map[string]map[string]slack.BlockAction{
		blockRecommendation: {actionValue: {SelectedOption: slack.OptionBlockObject{Value: rec}}},
		blockStrengths:      {actionValue: {Value: strengths}},
		blockConcerns:       {actionValue: {Value: concerns}},
	}
	for block, n := range ratings {
		v[block] = map[string]slack.BlockAction{actionValue: {SelectedOption: slack.OptionBlockObject{Value: n}}}
	}
	return v
}

func allRatings(n string) map[string]string {
	return map[string]string{"sc_python": n, "sc_apis": n, "sc_databases": n, "sc_testing": n, "sc_communication": n}
}

func TestParseScorecard(t *testing.T) {
	tests := []struct {
		name       string
		values     map[string]map[string]slack.BlockAction
		wantErrors []string
	}{
		{"complete", scorecardForm("hire", allRatings("3"), "good", "none"), nil},
		{"no recommendation", scorecardForm("", allRatings("3"), "good", "none"), []string{blockRecommendation}},
		{"made-up recommendation", scorecardForm("maybe", allRatings("3"), "good", "none"), []string{blockRecommendation}},
		{"rating out of range", scorecardForm("hire", map[string]string{"sc_python": "5", "sc_apis": "0", "sc_databases": "2", "sc_testing": "2", "sc_communication": "x"}, "good", "none"),
			[]string{"sc_python", "sc_apis", "sc_communication"}},
		{"blank notes", scorecardForm("hire", allRatings("2"), "  ", ""), []string{blockStrengths, blockConcerns}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseScorecard(content.BuiltinScorecards().Form("technical"), tt.values)
			if len(errs) != len(tt.wantErrors) {
				t.Errorf("errors %v, want on %v", errs, tt.wantErrors)
			}
			for _, b := range tt.wantErrors {
				if errs[b] == "" {
					t.Errorf("no error on %s (got %v)", b, errs)
				}
			}
		})
	}
}

// TestScorecardStorageFailureKeepsTheForm checks that when the database fails, the user is told
// in the form (which keeps their input) instead of the scorecard being silently lost.
func TestScorecardStorageFailureKeepsTheForm(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t)
	iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UHM", StartsAt: time.Now(), Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UINT"}}})
	if err != nil {
		t.Fatal(err)
	}
	h := newTestFeatures(t, testDeps{interviews: failingStore{store}})
	_, err = h.submitScorecard(ctx, Submission{CallbackID: ViewScorecard, UserID: "UINT", PrivateMetadata: strconv.FormatInt(iv.ID, 10),
		Values: scorecardForm("hire", allRatings("3"), "good", "none")})
	ue, ok := AsUserError(err)
	if !ok || ue.BlockID == "" || ue.Msg != scorecardSavedFailed {
		t.Fatalf("error = %v, want a form error on an input block saying the input is kept", err)
	}
}

func TestScorecardModalFitsSlack(t *testing.T) {
	iv := data.Interview{ID: 7, Candidate: "Jo <@U1>", Role: "Backend", Stage: "technical", StartsAt: time.Now()}
	previous := &data.Scorecard{Version: 3, Recommendation: data.StrongHire, Ratings: builtinRatings(4, 3, 2, 1, 4), Scale: builtinScale,
		Strengths: "s", Concerns: "c"}
	for _, prev := range []*data.Scorecard{nil, previous} {
		mustBeValidView(t, scorecardModal(iv, content.BuiltinScorecards().Form(iv.Stage), prev, nil, "Mon 1 Dec 2026, 10:00 UTC"))
	}
	h := newTestHandlers(t)
	mustBeValidView(t, h.interviewModal(context.Background(), "U1", "C1"))
}

// TestLongListsStayWithinSlackLimits records far more interviews than a message can hold: the
// lists still fit, and say how many they leave out.
func TestLongListsStayWithinSlackLimits(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t)
	now := time.Now()
	h := newTestFeatures(t, testDeps{store: store, now: func() time.Time { return now }})
	long := strings.TrimSpace(strings.Repeat("Very Long Candidate Name ", 4))
	for i := range 60 {
		if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: fmt.Sprintf("%s %d", long, i), Role: strings.Repeat("Role ", 19),
			Stage: "onsite", HiringManager: "UHM", RecordedBy: "UHM", StartsAt: now.Add(time.Duration(i-30) * time.Hour), Duration: time.Hour,
			Panel: []data.NewPanelist{{UserID: "UINT"}}}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := h.listInterviews(ctx, "UHM", "")
	if err != nil {
		t.Fatal(err)
	}
	mustBeValidMessage(t, list.Replies[0])
	assertContains(t, rendered(t, list.Replies[0]), "…and 14 more", "…and 16 more", long+" 31*") // the soonest upcoming is shown
	owed, err := h.pendingFeedback(ctx, "UINT")
	if err != nil {
		t.Fatal(err)
	}
	mustBeValidMessage(t, owed.Replies[0])
	assertContains(t, rendered(t, owed.Replies[0]), "…and 40 more")
}
