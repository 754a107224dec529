package data

import (
	"context"
	"testing"
	"time"
)

// TestClicksRecordTheirDelivery: each state-changing click records its delivery key in its own
// transaction, so the same click delivered again changes nothing and returns what the first
// one did, with ErrReplayed.
func TestClicksRecordTheirDelivery(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))

	later := t0.Add(3 * time.Hour)
	got, err := s.SnoozeOnce(ctx, "envelope:E1:snooze", iv.ID, "U1", later)
	wantErr(t, "SnoozeOnce", err, nil)
	if !got.Equal(later) {
		t.Fatalf("SnoozeOnce set %v, want %v", got, later)
	}
	got, err = s.SnoozeOnce(ctx, "envelope:E1:snooze", iv.ID, "U1", later.Add(time.Hour))
	wantErr(t, "SnoozeOnce again", err, ErrReplayed)
	if p := mustPanelist(t, s, iv.ID, "U1"); !got.Equal(later) || !p.NextReminder.Equal(later) {
		t.Fatalf("a repeated snooze returned %v and set %v, want the first time, %v", got, p.NextReminder, later)
	}

	before, err := s.OutboxStats(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	notice := OutboxMessage{Channel: "UHM", Kind: "panel-change", Text: "off"}
	wantErr(t, "MarkAbsentOnce", s.MarkAbsentOnce(ctx, "envelope:E2:absent", iv.ID, "U2", nil, notice), nil)
	wantErr(t, "MarkAbsentOnce again", s.MarkAbsentOnce(ctx, "envelope:E2:absent", iv.ID, "U2", nil, notice), ErrReplayed)
	after, err := s.OutboxStats(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	if after.Pending != before.Pending+1 {
		t.Fatalf("%d notices queued for one absence, want 1", after.Pending-before.Pending)
	}

	p := mustCreatePosting(t, s, samplePosting("U1"))
	wantErr(t, "DeletePostingOnce", s.DeletePostingOnce(ctx, "envelope:E3:delete", p.ID, "U1"), nil)
	wantErr(t, "DeletePostingOnce again", s.DeletePostingOnce(ctx, "envelope:E3:delete", p.ID, "U1"), ErrReplayed)
	wantErr(t, "DeletePostingOnce, another click", s.DeletePostingOnce(ctx, "envelope:E4:delete", p.ID, "U1"), ErrNotFound)

	er, err := s.EraseCandidateOnce(ctx, "envelope:E5:erase", "Ada", "UADMIN")
	wantErr(t, "EraseCandidateOnce", err, nil)
	again, err := s.EraseCandidateOnce(ctx, "envelope:E5:erase", "Ada", "UADMIN")
	wantErr(t, "EraseCandidateOnce again", err, ErrReplayed)
	if again.Pseudonym != er.Pseudonym || again.ErasureCounts != er.ErasureCounts {
		t.Fatalf("a repeated erasure returned %+v, want the first one's %+v", again, er)
	}
	_, err = s.EraseCandidateOnce(ctx, "envelope:E6:erase", "Ada", "UADMIN")
	wantErr(t, "EraseCandidateOnce, another click", err, ErrNotFound)
}
