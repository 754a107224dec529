package data

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// mustInsertOldInterview records an interview the way the schema of version 1 to 6 could hold
// it: no due time, no cancellation, nobody removed. Its panel is chased from next.
func mustInsertOldInterview(t testing.TB, s *Store, candidate string, next time.Time, panel ...string) Interview {
	t.Helper()
	ctx := context.Background()
	starts := t0.Add(-26 * time.Hour)
	var id int64
	if err := s.db.QueryRowContext(ctx, `INSERT INTO interviews (candidate, candidate_key, role, stage,
		hiring_manager, recorded_by, starts_at, ends_at, created_at) VALUES (?, ?, 'Backend Engineer', 'technical',
		'UMGR', 'UREC', ?, ?, ?) RETURNING id`, candidate, candidateKey(candidate), unix(starts),
		unix(starts.Add(time.Hour)), unix(t0)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, u := range panel {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO panelists (interview_id, user_id, tz, next_reminder_at)
			VALUES (?, ?, 'Europe/Berlin', ?)`, id, u, unix(next)); err != nil {
			t.Fatal(err)
		}
	}
	return Interview{ID: id, Candidate: candidate, StartsAt: starts, Duration: time.Hour}
}

func updateOf(iv Interview, panel ...string) InterviewUpdate {
	u := InterviewUpdate{ID: iv.ID, Candidate: iv.Candidate, Role: iv.Role, Stage: iv.Stage,
		HiringManager: iv.HiringManager, StartsAt: iv.StartsAt, Duration: iv.Duration, FeedbackDue: time.Hour}
	for _, p := range panel {
		u.Panel = append(u.Panel, NewPanelist{UserID: p})
	}
	return u
}

func userIDs(panel []Panelist) []string {
	var out []string
	for _, p := range panel {
		out = append(out, p.UserID)
	}
	return out
}

// An interview at version 6 upgrades with nothing lost: it is not cancelled, its panel is whole,
// its scorecards are due at its end and its reminders still go out.
func TestLifecycleMigrationKeepsInterviews(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 6)
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1", "U2")
	old.Close()

	s := mustOpenAt(t, path)
	got := mustInterview(t, s, iv.ID)
	switch {
	case got.Cancelled() || got.CancelReason != "" || len(got.Removed) != 0:
		t.Fatalf("an old interview came out cancelled or with removals: %+v", got)
	case !slices.Equal(userIDs(got.Panel), []string{"U1", "U2"}):
		t.Fatalf("panel %v", userIDs(got.Panel))
	case !got.FeedbackDueAt.IsZero() || !got.DueAt().Equal(got.EndsAt()):
		t.Fatalf("due %v, want the end %v", got.DueAt(), got.EndsAt())
	}
	if due := mustClaim(t, s, t0, 10); len(due) != 2 {
		t.Fatalf("claimed %d reminders after the upgrade, want 2", len(due))
	}
	if _, err := s.Interview(ctx, iv.ID); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateInterviewMovesRemovesAndAdds(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2", "U3"))
	mustSubmit(t, s, sampleScorecard(iv.ID, "U3"))

	u := updateOf(iv, "U1", "U4")
	u.StartsAt = t0.Add(24 * time.Hour)
	u.DeliveryKey = "view:1"
	var ch InterviewChange
	u.Notify = func(c InterviewChange) []OutboxMessage {
		ch = c
		return []OutboxMessage{{Kind: "notice", Channel: "U2", Text: "removed"}}
	}
	got, err := s.UpdateInterview(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Moved() || !slices.Equal(ch.Added, []string{"U4"}) || !slices.Equal(ch.Removed, []string{"U2", "U3"}) || !slices.Equal(ch.Kept, []string{"U1"}) {
		t.Fatalf("change = moved %v, added %v, removed %v, kept %v", ch.Moved(), ch.Added, ch.Removed, ch.Kept)
	}
	wantDue := t0.Add(26 * time.Hour)
	if !got.DueAt().Equal(wantDue) {
		t.Fatalf("due %v, want the new end plus an hour, %v", got.DueAt(), wantDue)
	}
	if !slices.Equal(userIDs(got.Panel), []string{"U1", "U4"}) || !slices.Equal(userIDs(got.Removed), []string{"U2", "U3"}) {
		t.Fatalf("panel %v, removed %v", userIDs(got.Panel), userIDs(got.Removed))
	}
	for _, p := range got.Panel {
		if !p.NextReminder.Equal(wantDue) {
			t.Errorf("%s is next chased at %v, want %v", p.UserID, p.NextReminder, wantDue)
		}
	}
	// Nobody is due now; the removed pending panelist is never chased, not even when due.
	if due := mustClaim(t, s, t0.Add(48*time.Hour), 10); !slices.Equal(claimedUsers(due), []string{"U1", "U4"}) {
		t.Fatalf("claimed %v after the due time, want U1 and U4", claimedUsers(due))
	}
	// U3's scorecard is kept; U2 can no longer submit.
	if cards, _ := s.Scorecards(ctx, iv.ID); len(cards) != 1 || cards[0].Author != "U3" {
		t.Fatalf("scorecards after the edit: %+v", cards)
	}
	_, err = s.SubmitScorecard(ctx, sampleScorecard(iv.ID, "U2"))
	wantErr(t, "a removed panelist submits", err, ErrConflict)

	// The same delivery again changes and queues nothing.
	u.Panel = u.Panel[:1]
	again, err := s.UpdateInterview(ctx, u)
	wantErr(t, "replay", err, ErrReplayed)
	if len(again.Panel) != 2 {
		t.Fatalf("a replayed update changed the panel: %v", userIDs(again.Panel))
	}

	// Putting U2 back makes them pending again, chased from the due time.
	back, err := s.UpdateInterview(ctx, updateOf(got, "U1", "U4", "U2"))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := back.Panelist("U2"); !ok || p.Status != PanelPending || !p.NextReminder.Equal(wantDue) {
		t.Fatalf("U2 back on the panel: %+v, %v", p, ok)
	}
}

func claimedUsers(due []DueReminder) []string {
	var out []string
	for _, r := range due {
		out = append(out, r.Panelist.UserID)
	}
	slices.Sort(out)
	return out
}

func TestCancelInterviewStopsEverything(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))
	queued := 0
	notify := func(Interview) []OutboxMessage {
		queued++
		return []OutboxMessage{{Kind: "cancelled", Channel: "U1", Text: "cancelled"}}
	}
	got, err := s.CancelInterview(ctx, iv.ID, "UMGR", " candidate withdrew ", "view:9", notify, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Cancelled() || got.CancelledBy != "UMGR" || got.CancelReason != "candidate withdrew" {
		t.Fatalf("cancelled interview: %+v", got)
	}
	if _, err := s.CancelInterview(ctx, iv.ID, "UMGR", "", "view:9", notify, nil); !errors.Is(err, ErrReplayed) || queued != 1 {
		t.Fatalf("replayed cancel: %v, queued %d times", err, queued)
	}
	_, err = s.CancelInterview(ctx, iv.ID, "UREC", "", "view:10", notify, nil)
	wantErr(t, "cancel twice", err, ErrConflict)
	if due := mustClaim(t, s, t0.Add(72*time.Hour), 10); len(due) != 0 {
		t.Fatalf("a cancelled interview is still chased: %v", claimedUsers(due))
	}
	wantErr(t, "snooze a cancelled interview", s.Snooze(ctx, iv.ID, "U1", t0.Add(time.Hour)), ErrConflict)
	_, err = s.SubmitScorecard(ctx, sampleScorecard(iv.ID, "U1"))
	wantErr(t, "submit to a cancelled interview", err, ErrConflict)
	_, err = s.UpdateInterview(ctx, updateOf(iv, "U1"))
	wantErr(t, "edit a cancelled interview", err, ErrConflict)
	if cards, _ := s.Scorecards(ctx, iv.ID); len(cards) != 1 {
		t.Fatalf("the submitted scorecard was not kept: %+v", cards)
	}
	if pending, _ := s.PendingFeedback(ctx, "U1"); len(pending) != 0 {
		t.Fatalf("a cancelled interview still waits for feedback: %v", ids(pending))
	}
}

// Escalations leave out removed panelists and cancelled interviews, however many reminders they had.
func TestEscalationsSkipRemovedAndCancelled(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	a := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	b := mustCreateInterview(t, s, sampleInterview("Bob", "U3"))
	if _, err := s.db.ExecContext(ctx, `UPDATE panelists SET reminders_sent = 5`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateInterview(ctx, updateOf(a, "U1")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelInterview(ctx, b.ID, "UMGR", "", "", nil, nil); err != nil {
		t.Fatal(err)
	}
	due, err := s.ClaimDueEscalations(ctx, t0, time.Minute, 2, 10)
	if err != nil || !slices.Equal(claimedUsers(due), []string{"U1"}) {
		t.Fatalf("escalations: %v, %v; want only U1", claimedUsers(due), err)
	}
}

// Moving an interview starts its chase over: pending panelists reminded twice and escalated
// are neither escalated again nor counted on from their old reminders; a panelist who submitted
// keeps their row as it was.
func TestMovingAnInterviewRestartsTheChase(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
	for range 2 {
		for _, r := range mustClaim(t, s, t0.Add(48*time.Hour), 10) {
			wantErr(t, "ReminderSent", s.ReminderSent(ctx, r, t0.Add(time.Hour), t0), nil)
		}
	}
	due, err := s.ClaimDueEscalations(ctx, t0, time.Minute, 2, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("escalations before the move: %v, %v", claimedUsers(due), err)
	}
	wantErr(t, "EscalationSent", s.EscalationSent(ctx, due[0]), nil)
	wantErr(t, "ReleaseClaim", s.ReleaseClaim(ctx, due[1]), nil)
	mustSubmit(t, s, sampleScorecard(iv.ID, "U2"))

	u := updateOf(iv, "U1", "U2")
	u.StartsAt = iv.StartsAt.Add(72 * time.Hour)
	moved, err := s.UpdateInterview(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := moved.Panelist("U1")
	if p.RemindersSent != 0 || p.Escalated || !p.LastReminded.IsZero() || !p.NextReminder.Equal(moved.DueAt()) {
		t.Fatalf("U1 after the move: %+v, want no reminders, not escalated, next at %v", p, moved.DueAt())
	}
	if done, _ := moved.Panelist("U2"); done.RemindersSent != 2 {
		t.Fatalf("U2, who submitted, after the move: %+v, want their 2 reminders kept", done)
	}
	if due, err := s.ClaimDueEscalations(ctx, moved.DueAt().Add(time.Hour), time.Minute, 2, 10); err != nil || len(due) != 0 {
		t.Fatalf("escalations right after the move: %v, %v; want none", claimedUsers(due), err)
	}
	// A change that does not move the interview leaves the count alone.
	r := mustClaim(t, s, moved.DueAt(), 10)
	if len(r) != 1 {
		t.Fatalf("claimed %v at the new due time, want U1", claimedUsers(r))
	}
	wantErr(t, "ReminderSent", s.ReminderSent(ctx, r[0], moved.DueAt(), moved.DueAt().Add(time.Hour)), nil)
	u = updateOf(moved, "U1", "U2")
	u.Role = "Data Engineer"
	renamed, err := s.UpdateInterview(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := renamed.Panelist("U1"); p.RemindersSent != 1 {
		t.Fatalf("U1 after a retitle: %+v, want the reminder counted", p)
	}
}

func TestRemovingTheLastPendingPanelistCompletesThePanel(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "UA", "UB"))
	mustSubmit(t, s, sampleScorecard(iv.ID, "UA"))

	var built []Interview
	complete := func(iv Interview, cards []Scorecard) []OutboxMessage {
		built = append(built, iv)
		if len(cards) != 1 || cards[0].Author != "UA" {
			t.Errorf("the complete panel's scorecards: %+v", cards)
		}
		return []OutboxMessage{{Kind: "panel-complete", Channel: "UMGR", Text: "All in", About: iv.Candidate, InterviewID: iv.ID}}
	}
	// A change that leaves UB owing a scorecard completes nothing.
	u := updateOf(iv, "UA", "UB")
	u.Stage = string(StageOnsite)
	u.PanelComplete = complete
	if got, err := s.UpdateInterview(ctx, u); err != nil || !got.PanelCompleteAt.IsZero() || len(built) != 0 {
		t.Fatalf("an edit with UB pending: complete at %v, built %d, %v", got.PanelCompleteAt, len(built), err)
	}
	u = updateOf(iv, "UA")
	u.PanelComplete = complete
	got, err := s.UpdateInterview(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if got.PanelCompleteAt.IsZero() || len(built) != 1 || len(built[0].Panel) != 1 {
		t.Fatalf("after taking UB off: complete at %v, built for %+v", got.PanelCompleteAt, built)
	}
	ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 10, "me")
	if err != nil || len(ms) != 1 || ms[0].Kind != "panel-complete" || ms[0].InterviewID != iv.ID {
		t.Fatalf("queued %+v, %v; want the panel-complete notice", ms, err)
	}
	// Once: a later edit queues no second notice.
	u.Role = "Staff Engineer"
	if _, err := s.UpdateInterview(ctx, u); err != nil || len(built) != 1 {
		t.Fatalf("a later edit built %d notices, %v", len(built), err)
	}
}
