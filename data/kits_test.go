package data

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func kitUsers(ks []DueKit) []string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Panelist.UserID)
	}
	return out
}

func mustDueKits(t testing.TB, s *Store, now time.Time) []DueKit {
	t.Helper()
	ks, err := s.DueKits(context.Background(), now, 15*time.Minute, 50)
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func kitMsg(k DueKit) OutboxMessage {
	return OutboxMessage{Kind: "kit", Channel: k.Panelist.UserID, Text: "kit"}
}

func TestKitsAreDueOncePerStartAndNeverWhenCancelled(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	in := sampleInterview("Ada", "U1", "U2", "U3")
	in.StartsAt = t0.Add(time.Hour)
	iv := mustCreateInterview(t, s, in)
	if err := s.MarkAbsent(ctx, iv.ID, "U3"); err != nil {
		t.Fatal(err)
	}
	if ks := mustDueKits(t, s, t0); len(ks) != 0 {
		t.Fatalf("kits due an hour before the start: %v", kitUsers(ks))
	}
	at := t0.Add(50 * time.Minute)
	ks := mustDueKits(t, s, at)
	if !slices.Equal(kitUsers(ks), []string{"U1", "U2"}) {
		t.Fatalf("due kits %v, want U1 and U2 (U3 is absent)", kitUsers(ks))
	}
	for _, k := range ks {
		if err := s.KitQueued(ctx, k, kitMsg(k)); err != nil {
			t.Fatal(err)
		}
		// A second sweep that read the same row queues nothing.
		wantErr(t, "kit queued twice", s.KitQueued(ctx, k, kitMsg(k)), ErrConflict)
	}
	if ks := mustDueKits(t, s, at); len(ks) != 0 {
		t.Fatalf("kits due again: %v", kitUsers(ks))
	}
	if st, _ := s.OutboxStats(ctx, at); st.Pending != 2 {
		t.Fatalf("%d kits queued, want 2", st.Pending)
	}

	// Moved: a new kit for the new start. Then cancelled: none.
	u := updateOf(mustInterview(t, s, iv.ID), "U1", "U2")
	u.StartsAt = t0.Add(3 * time.Hour)
	if _, err := s.UpdateInterview(ctx, u); err != nil {
		t.Fatal(err)
	}
	stale := ks[0] // read before the move
	wantErr(t, "kit for the old start", s.KitQueued(ctx, stale, kitMsg(stale)), ErrConflict)
	if ks := mustDueKits(t, s, t0.Add(2*time.Hour+50*time.Minute)); !slices.Equal(kitUsers(ks), []string{"U1", "U2"}) {
		t.Fatalf("after the move, due kits %v, want U1 and U2 again", kitUsers(ks))
	}
	if _, err := s.CancelInterview(ctx, iv.ID, "UMGR", "", "", nil, nil); err != nil {
		t.Fatal(err)
	}
	if ks := mustDueKits(t, s, t0.Add(2*time.Hour+50*time.Minute)); len(ks) != 0 {
		t.Fatalf("a cancelled interview has due kits: %v", kitUsers(ks))
	}
}

func TestEarlierNotesComeFromEarlierInterviewsOfTheCandidate(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	first := mustCreateInterview(t, s, sampleInterview("Ada Lovelace", "U1", "U2"))
	sc := sampleScorecard(first.ID, "U1")
	sc.Note = "Ask about caching"
	mustSubmit(t, s, sc)
	sc.Note = "Ask about caching and queues" // the current version counts
	mustSubmit(t, s, sc)
	mustSubmit(t, s, sampleScorecard(first.ID, "U2")) // no note
	other := mustCreateInterview(t, s, sampleInterview("Bo", "U1"))
	sc = sampleScorecard(other.ID, "U1")
	sc.Note = "not about Ada"
	mustSubmit(t, s, sc)

	in := sampleInterview("ada  lovelace", "U3")
	in.StartsAt, in.Stage = t0.Add(time.Hour), string(StageSystemDesign)
	next := mustCreateInterview(t, s, in)
	notes, err := s.EarlierNotes(ctx, next)
	if err != nil || len(notes) != 1 || notes[0].Text != "Ask about caching and queues" || notes[0].Author != "U1" || notes[0].Stage != "technical" {
		t.Fatalf("notes = %+v, %v", notes, err)
	}
	if notes, _ := s.EarlierNotes(ctx, first); len(notes) != 0 {
		t.Fatalf("the first interview has earlier notes: %+v", notes)
	}
	// Another hiring process for someone of the same name sees none of them.
	namesake := sampleInterview("Ada Lovelace", "U4")
	namesake.StartsAt, namesake.HiringManager = t0.Add(2*time.Hour), "UOTHERMGR"
	if notes, _ := s.EarlierNotes(ctx, mustCreateInterview(t, s, namesake)); len(notes) != 0 {
		t.Fatalf("a namesake in another hiring process gets the notes: %+v", notes)
	}
}

// A database at version 10 upgrades with no kit sent: upcoming interviews get theirs.
func TestKitsMigrationKeepsPanels(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 10)
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1")
	if _, err := old.db.ExecContext(ctx, `UPDATE interviews SET starts_at = ?, ends_at = ? WHERE id = ?`,
		unix(t0.Add(10*time.Minute)), unix(t0.Add(70*time.Minute)), iv.ID); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s := mustOpenAt(t, path)
	ks := mustDueKits(t, s, t0)
	if !slices.Equal(kitUsers(ks), []string{"U1"}) {
		t.Fatalf("due kits after the upgrade %v, want U1", kitUsers(ks))
	}
	if err := s.KitQueued(ctx, ks[0], kitMsg(ks[0])); err != nil {
		t.Fatal(err)
	}
	if p := mustPanelist(t, s, iv.ID, "U1"); p.Status != PanelPending || !p.NextReminder.Equal(t0) {
		t.Fatalf("panel row after the upgrade: %+v", p)
	}
	if err := s.KitQueued(ctx, ks[0], kitMsg(ks[0])); !errors.Is(err, ErrConflict) {
		t.Fatalf("second kit: %v", err)
	}
}

// TestADroppedKitIsOwedAgain: a kit still waiting in the outbox when the interview's end moves,
// or when its panelist is taken off, is dropped; the panelist is owed a kit again (for a start
// that did not change), so the next sweep sends one that holds, and a panelist put back gets one.
func TestADroppedKitIsOwedAgain(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	in := sampleInterview("Ada", "U1", "U2")
	in.StartsAt = t0.Add(10 * time.Minute)
	iv := mustCreateInterview(t, s, in)
	queue := func() {
		t.Helper()
		for _, k := range mustDueKits(t, s, t0) {
			m := kitMsg(k)
			m.InterviewID = iv.ID
			if err := s.KitQueued(ctx, k, m); err != nil {
				t.Fatal(err)
			}
		}
		if due := mustDueKits(t, s, t0); len(due) != 0 {
			t.Fatalf("kits still due after queuing: %v", kitUsers(due))
		}
	}
	queue()

	// Only the duration changes: the queued kits (which gave the old length) are dropped and owed.
	longer := updateOf(iv, "U1", "U2")
	longer.Duration = 90 * time.Minute
	if _, err := s.UpdateInterview(ctx, longer); err != nil {
		t.Fatal(err)
	}
	if got := kitUsers(mustDueKits(t, s, t0)); !slices.Equal(got, []string{"U1", "U2"}) {
		t.Fatalf("after the end moved, kits due for %v, want U1 and U2 again", got)
	}
	queue()

	// U2 is taken off while their kit waits, then put back: they are owed one.
	iv, _ = s.Interview(ctx, iv.ID)
	if _, err := s.UpdateInterview(ctx, updateOf(iv, "U1")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateInterview(ctx, updateOf(iv, "U1", "U2")); err != nil {
		t.Fatal(err)
	}
	if got := kitUsers(mustDueKits(t, s, t0)); !slices.Equal(got, []string{"U2"}) {
		t.Fatalf("after U2 was put back, kits due for %v, want U2 alone", got)
	}
}
