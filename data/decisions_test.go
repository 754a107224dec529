package data

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

// completeNotice counts the panel-complete messages built, one per call.
func completeNotice(calls *int, mu *sync.Mutex) func(Interview, []Scorecard) []OutboxMessage {
	return func(iv Interview, cards []Scorecard) []OutboxMessage {
		mu.Lock()
		*calls++
		mu.Unlock()
		return []OutboxMessage{{Kind: "panel-complete", Channel: iv.HiringManager, Text: "all in"}}
	}
}

func TestPanelCompletesOnceWithTheLastExpectedScorecard(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2", "U3"))
	var calls int
	var mu sync.Mutex
	submit := func(author string) {
		t.Helper()
		sc := sampleScorecard(iv.ID, author)
		sc.PanelComplete = completeNotice(&calls, &mu)
		mustSubmit(t, s, sc)
	}
	submit("U1")
	if err := s.MarkAbsentCompleting(ctx, iv.ID, "U3", completeNotice(&calls, &mu)); err != nil {
		t.Fatal(err)
	}
	if calls != 0 || !mustInterview(t, s, iv.ID).PanelCompleteAt.IsZero() {
		t.Fatalf("complete with U2 still owing a scorecard (calls %d)", calls)
	}
	submit("U2")
	got := mustInterview(t, s, iv.ID)
	if calls != 1 || !got.PanelCompleteAt.Equal(t0) || len(got.Outstanding()) != 0 {
		t.Fatalf("after the last scorecard: calls %d, complete at %v, outstanding %v", calls, got.PanelCompleteAt, got.Outstanding())
	}
	submit("U2") // a resubmission completes nothing again
	if calls != 1 {
		t.Fatalf("a resubmission told the manager again (%d calls)", calls)
	}
}

func TestPanelCompletesByAnAbsenceAndNeverWhenCancelled(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	var calls int
	var mu sync.Mutex
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	if err := s.MarkAbsentCompleting(ctx, iv.ID, "U2", completeNotice(&calls, &mu)); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("the absence of the last panelist owing a scorecard completed the panel %d times, want 1", calls)
	}

	gone := mustCreateInterview(t, s, sampleInterview("Bo", "U1", "U2"))
	mustSubmit(t, s, sampleScorecard(gone.ID, "U1"))
	if _, err := s.CancelInterview(ctx, gone.ID, "UMGR", "", "", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkAbsentCompleting(ctx, gone.ID, "U2", completeNotice(&calls, &mu)); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || !mustInterview(t, s, gone.ID).PanelCompleteAt.IsZero() {
		t.Fatal("a cancelled interview's panel completed")
	}
}

// Two last scorecards racing: the panel completes once.
func TestPanelCompletesOnceWhenScorecardsRace(t *testing.T) {
	s, _ := mustNewStore(t)
	var calls int
	var mu sync.Mutex
	for round := range 5 {
		iv := mustCreateInterview(t, s, sampleInterview("Race", "U1", "U2", "U3"))
		var wg sync.WaitGroup
		for _, u := range []string{"U1", "U2", "U3"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sc := sampleScorecard(iv.ID, u)
				sc.PanelComplete = completeNotice(&calls, &mu)
				if _, err := s.SubmitScorecard(context.Background(), sc); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if calls != round+1 {
			t.Fatalf("round %d: the panel completed %d times in all, want %d", round, calls, round+1)
		}
	}
}

// Someone added to a complete panel reopens it: it completes again when they submit.
func TestAddedPanelistReopensACompletePanel(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	var calls int
	var mu sync.Mutex
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	sc := sampleScorecard(iv.ID, "U1")
	sc.PanelComplete = completeNotice(&calls, &mu)
	mustSubmit(t, s, sc)
	if _, err := s.UpdateInterview(ctx, updateOf(mustInterview(t, s, iv.ID), "U1", "U2")); err != nil {
		t.Fatal(err)
	}
	if !mustInterview(t, s, iv.ID).PanelCompleteAt.IsZero() {
		t.Fatal("the panel stayed complete with U2 owing a scorecard")
	}
	sc = sampleScorecard(iv.ID, "U2")
	sc.PanelComplete = completeNotice(&calls, &mu)
	mustSubmit(t, s, sc)
	if calls != 2 {
		t.Fatalf("completed %d times, want 2", calls)
	}
}

func TestDecisionsKeepTheirHistoryAndAreRecordedOncePerDelivery(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	d := NewDecision{InterviewID: iv.ID, Outcome: OutcomeHold, Reason: "waiting on references", DecidedBy: "UMGR",
		DeliveryKey: "view:1", Notify: func(iv Interview, d Decision) []OutboxMessage {
			return []OutboxMessage{{Kind: "decision", Channel: d.DecidedBy, Text: string(d.Outcome)}}
		}}
	first, err := s.RecordDecision(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.RecordDecision(ctx, d)
	if !errors.Is(err, ErrReplayed) || again.ID != first.ID {
		t.Fatalf("replay: %v, id %d want %d", err, again.ID, first.ID)
	}
	d.Outcome, d.Reason, d.DeliveryKey = OutcomeHire, "references are in", "view:2"
	if _, err := s.RecordDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Decisions(ctx, []int64{iv.ID})
	if err != nil || len(ds) != 2 || ds[0].Outcome != OutcomeHold || ds[1].Outcome != OutcomeHire || ds[1].DecidedBy != "UMGR" {
		t.Fatalf("decisions = %+v, %v; want hold then hire", ds, err)
	}
	if st, _ := s.OutboxStats(ctx, t0); st.Pending != 2 {
		t.Fatalf("%d messages queued, want one per decision", st.Pending)
	}
	_, err = s.RecordDecision(ctx, NewDecision{InterviewID: iv.ID, Outcome: "maybe", Reason: "x", DecidedBy: "UMGR"})
	wantValidation(t, err, "Outcome")
	_, err = s.RecordDecision(ctx, NewDecision{InterviewID: iv.ID, Outcome: OutcomeHire, Reason: " ", DecidedBy: "UMGR"})
	wantValidation(t, err, "Reason")
	_, err = s.RecordDecision(ctx, NewDecision{InterviewID: 999, Outcome: OutcomeHire, Reason: "x", DecidedBy: "UMGR"})
	wantErr(t, "decide on a missing interview", err, ErrNotFound)
	if _, err := s.CancelInterview(ctx, iv.ID, "UMGR", "", "", nil, nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.RecordDecision(ctx, NewDecision{InterviewID: iv.ID, Outcome: OutcomeHire, Reason: "x", DecidedBy: "UMGR"})
	wantErr(t, "decide on a cancelled interview", err, ErrConflict)
}

// A database at version 7 upgrades with its scorecards as they were, no notes, and panels that
// were already complete marked so, their managers not told again.
func TestDecisionsMigrationKeepsScorecards(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 7)
	done := mustInsertOldInterview(t, old, "Ada", t0, "U1")
	open := mustInsertOldInterview(t, old, "Bo", t0, "U1", "U2")
	for _, id := range []int64{done.ID, open.ID} {
		if _, err := old.db.ExecContext(ctx, `INSERT INTO scorecards (interview_id, author, version, recommendation,
			rating_python, rating_apis, rating_databases, rating_testing, rating_communication, strengths, concerns,
			submitted_at) VALUES (?, 'U1', 1, 'hire', 4, 3, 2, 1, 4, 'sharp', 'slow', ?)`, id, unix(t0.Add(-time.Hour))); err != nil {
			t.Fatal(err)
		}
		if _, err := old.db.ExecContext(ctx, `UPDATE panelists SET status = 'submitted', next_reminder_at = NULL
			WHERE interview_id = ? AND user_id = 'U1'`, id); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	s := mustOpenAt(t, path)
	cards, err := s.Scorecards(ctx, done.ID)
	if err != nil || len(cards) != 1 {
		t.Fatalf("scorecards after the upgrade: %+v, %v", cards, err)
	}
	want := Scorecard{ID: cards[0].ID, InterviewID: done.ID, Author: "U1", Version: 1, Recommendation: Hire,
		Ratings: fixedRatings(4, 3, 2, 1, 4), Scale: fixedScale, Offered: BuiltinRecommendations, Fields: BuiltinFields, Strengths: "sharp",
		Concerns: "slow", SubmittedAt: t0.Add(-time.Hour)}
	if !reflect.DeepEqual(cards[0], want) {
		t.Fatalf("scorecard after the upgrade\n got %+v\nwant %+v", cards[0], want)
	}
	if got := mustInterview(t, s, done.ID).PanelCompleteAt; !got.Equal(t0.Add(-time.Hour)) {
		t.Fatalf("a complete panel came out complete at %v, want its last scorecard's time", got)
	}
	if got := mustInterview(t, s, open.ID).PanelCompleteAt; !got.IsZero() {
		t.Fatalf("an incomplete panel came out complete at %v", got)
	}
	var calls int
	var mu sync.Mutex
	sc := sampleScorecard(done.ID, "U1")
	sc.PanelComplete = completeNotice(&calls, &mu)
	mustSubmit(t, s, sc)
	sc = sampleScorecard(open.ID, "U2")
	sc.PanelComplete = completeNotice(&calls, &mu)
	mustSubmit(t, s, sc)
	if calls != 1 {
		t.Fatalf("%d panel-complete messages after the upgrade, want 1 (the panel completed since)", calls)
	}
	if ds, err := s.Decisions(ctx, []int64{done.ID}); err != nil || len(ds) != 0 {
		t.Fatalf("decisions after the upgrade: %v, %v", ds, err)
	}
}
