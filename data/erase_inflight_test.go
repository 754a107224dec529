package data

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestErasureKeepsMessagesBeingSent: an erasure that finds messages about the candidate being
// sent keeps their rows, emptied, so that a send that completes queues its message for deletion;
// a sender that has not started does not send; messages sent without a recorded place are
// counted and listed.
func TestErasureKeepsMessagesBeingSent(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	in := sampleInterview("Ada Lovelace", "U1", "U2")
	in.Notify = func(iv Interview) []OutboxMessage {
		var out []OutboxMessage
		for _, u := range []string{"U1", "U2", "U3", "U4", "U5"} {
			out = append(out, OutboxMessage{Kind: "heads-up", Channel: u, Text: "You interview " + iv.Candidate,
				About: iv.Candidate, Tell: "UREC", InterviewID: iv.ID})
		}
		return out
	}
	mustCreateInterview(t, s, in)
	claim := func() QueuedMessage {
		t.Helper()
		ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 1, "me")
		if err != nil || len(ms) != 1 {
			t.Fatalf("claim: %v, %v", ms, err)
		}
		return ms[0]
	}
	// U1's went out before hirebot recorded where (as before migration 15).
	if err := s.OutboxSent(ctx, claim(), t0, Posted{}); err != nil {
		t.Fatal(err)
	}
	// U2's attempt timed out: Slack may have it.
	unsure := claim()
	if err := s.OutboxAttempt(ctx, unsure, t0, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxUnsure(ctx, unsure, t0.Add(time.Hour), "timeout"); err != nil {
		t.Fatal(err)
	}
	// U3's is being sent; U4's is claimed, not yet handed to Slack; U5's waits.
	sending, waiting := claim(), claim()
	if err := s.OutboxAttempt(ctx, sending, t0, time.Minute); err != nil {
		t.Fatal(err)
	}

	want := ErasureCounts{Interviews: 1, Queued: 5, InFlight: 3, Unlocated: 1}
	if plan, err := s.PlanErasure(ctx, "Ada Lovelace"); err != nil || plan != want {
		t.Fatalf("PlanErasure = %+v, %v; want %+v", plan, err, want)
	}
	er, err := s.EraseCandidate(ctx, "Ada Lovelace", "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if er.ErasureCounts != want || len(er.UnlocatedMessages) != 1 || er.UnlocatedMessages[0].Channel != "U1" ||
		er.UnlocatedMessages[0].Kind != "heads-up" || !er.UnlocatedMessages[0].SentAt.Equal(t0) {
		t.Fatalf("EraseCandidate = %+v; want %+v and U1's message listed", er, want)
	}
	if found := mentions(t, s, "Lovelace", candidateKey("Ada Lovelace")); len(found) > 0 {
		t.Fatalf("after the erasure the name is still in %s", strings.Join(found, ", "))
	}

	// The send under way completes: its message is queued for deletion under the erasure.
	if err := s.OutboxSent(ctx, sending, t0, Posted{Channel: "DU3", TS: "3.0001"}); err != nil {
		t.Fatalf("marking the message being sent sent: %v", err)
	}
	pending, err := s.PendingDeletions(ctx, er.ID)
	if err != nil || len(pending) != 1 || pending[0].Channel != "DU3" || pending[0].TS != "3.0001" {
		t.Fatalf("pending deletions %+v, %v; want U3's message", pending, err)
	}
	// The claimed one that had not started is not sent.
	if err := s.OutboxAttempt(ctx, waiting, t0, time.Minute); !errors.Is(err, ErrConflict) {
		t.Fatalf("an attempt at a message about an erased candidate: %v, want ErrConflict", err)
	}
	// The unsure one and the claimed one come back marked erased (to look for, not to send);
	// U5's, never tried, is gone.
	ms, err := s.ClaimOutbox(ctx, t0.Add(2*time.Hour), time.Minute, 10, "me")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s erased=%v unsure=%v text=%q", m.Channel, m.Erased, !m.Unsure.IsZero(), m.Text))
	}
	if strings.Join(got, "; ") != `U2 erased=true unsure=true text=""; U4 erased=true unsure=false text=""` {
		t.Fatalf("claimed after the erasure: %v", got)
	}
	// An earlier attempt did deliver U2's: marking it sent queues it for deletion too.
	if err := s.OutboxSent(ctx, ms[0], t0.Add(2*time.Hour), Posted{Channel: "DU2", TS: "2.0001"}); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.PendingDeletions(ctx, er.ID); len(pending) != 2 || pending[1].TS != "2.0001" {
		t.Fatalf("pending deletions %+v; want U3's and U2's", pending)
	}
	if found := mentions(t, s, "Lovelace", candidateKey("Ada Lovelace")); len(found) > 0 {
		t.Fatalf("after the sends the name is in %s", strings.Join(found, ", "))
	}
}

// A database at version 24 upgrades with its queued messages unmarked by any erasure, and the
// export files of candidates recorded from then on.
func TestErasureInFlightUpgradeFromVersion24(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtSharedVersion(t, path, 24)
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1")
	if _, err := old.db.ExecContext(ctx, `INSERT INTO outbox (kind, channel, text, about, candidate_key, interview_id,
		not_before, created_at) VALUES ('heads-up', 'U1', 'You interview Ada', 'Ada', ?, ?, ?, ?)`,
		candidateKey("Ada"), iv.ID, unix(t0), unix(t0)); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v < 25 {
		t.Fatalf("SchemaVersion = %d, %v; want 25 or later", v, err)
	}
	ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 10, "me")
	if err != nil || len(ms) != 1 || ms[0].Erased || ms[0].Text != "You interview Ada" {
		t.Fatalf("the old message after the upgrade: %+v, %v", ms, err)
	}
	if _, err := s.RecordExportFile(ctx, []int64{iv.ID}, ExportFile{FileID: "F1", Channel: "DADMIN", TS: "1.1"}); err != nil {
		t.Fatal(err)
	}
	if c, err := s.PlanErasure(ctx, "Ada"); err != nil || c.Files != 1 || c.InFlight != 1 {
		t.Fatalf("PlanErasure after the upgrade = %+v, %v; want the export file and the claimed message", c, err)
	}
}
