package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// outboxRows lists the outbox as "kind→channel status", in the order queued.
func outboxRows(t testing.TB, s *Store) []string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), `SELECT kind, channel, status, last_error FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, channel, status, cause string
		if err := rows.Scan(&kind, &channel, &status, &cause); err != nil {
			t.Fatal(err)
		}
		if status == "failed" && cause != "" {
			status += " (" + cause + ")"
		}
		out = append(out, fmt.Sprintf("%s→%s %s", kind, channel, status))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Cancelling, moving or taking someone off the panel drops what was queued for the interview as
// planned and not yet delivered: of the interview's messages of the kinds that no longer hold
// (to the removed panelist only), a pending one, held back by a retry or claimed by a worker
// that has not started its attempt; not one whose attempt may have reached Slack, not another
// interview's, not another kind.
func TestChangesDropWhatNoLongerHolds(t *testing.T) {
	const (
		cancelled = "failed (" + droppedCancelled + ")"
		removed   = "failed (" + droppedRemoved + ")"
		moved     = "failed (" + droppedMoved + ")"
	)
	// Queued, in this order: two reminders to U2 (the first claimed by a worker that has not
	// started its attempt, the second being sent: Slack may have it already), the escalation, a
	// receipt, U1's reminder about another interview, and, held back by a rate limit, the
	// heads-ups, the kit and U1's reminder; then what the change queues.
	for _, tc := range []struct {
		name        string
		change      func(s *Store, iv Interview) error
		want        []string
		dropped     int
		claimedGone bool // the first reminder to U2 was dropped from under its worker's claim
	}{{
		name: "cancelled",
		change: func(s *Store, iv Interview) error {
			notify := func(Interview) []OutboxMessage {
				return []OutboxMessage{{Kind: "cancelled", Channel: "U1", Text: "cancelled", InterviewID: iv.ID}}
			}
			_, err := s.CancelInterview(context.Background(), iv.ID, "UMGR", "", "", notify, nil)
			return err
		},
		want: []string{
			"reminder→U2 " + cancelled, "reminder→U2 pending", "escalation→UMGR " + cancelled, "receipt→U2 pending",
			"reminder→U1 pending", "heads-up→U1 " + cancelled, "manager-heads-up→UMGR " + cancelled, "kit→U1 " + cancelled,
			"reminder→U1 " + cancelled, "cancelled→U1 pending",
		},
		dropped: 6, claimedGone: true,
	}, {
		name: "panelist removed",
		change: func(s *Store, iv Interview) error {
			u := updateOf(iv, "U2")
			u.Notify = func(InterviewChange) []OutboxMessage {
				return []OutboxMessage{{Kind: "panel-removed", Channel: "U1", Text: "removed", InterviewID: iv.ID}}
			}
			_, err := s.UpdateInterview(context.Background(), u)
			return err
		},
		want: []string{
			"reminder→U2 pending", "reminder→U2 pending", "escalation→UMGR pending", "receipt→U2 pending",
			"reminder→U1 pending", "heads-up→U1 " + removed, "manager-heads-up→UMGR pending", "kit→U1 " + removed,
			"reminder→U1 " + removed, "panel-removed→U1 pending",
		},
		dropped: 3,
	}, {
		name: "moved",
		change: func(s *Store, iv Interview) error {
			u := updateOf(iv, "U1", "U2")
			u.StartsAt = iv.StartsAt.Add(48 * time.Hour)
			_, err := s.UpdateInterview(context.Background(), u)
			return err
		},
		want: []string{
			"reminder→U2 " + moved, "reminder→U2 pending", "escalation→UMGR " + moved, "receipt→U2 pending",
			"reminder→U1 pending", "heads-up→U1 pending", "manager-heads-up→UMGR pending", "kit→U1 " + moved,
			"reminder→U1 " + moved,
		},
		dropped: 4, claimedGone: true,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := mustNewStore(t)
			iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
			other := mustCreateInterview(t, s, sampleInterview("Bob", "U1"))
			msg := func(kind, to string, id int64) OutboxMessage {
				return OutboxMessage{Kind: kind, Channel: to, Text: kind, About: "Ada", InterviewID: id}
			}
			if err := s.Enqueue(ctx, msg(KindReminder, "U2", iv.ID), msg(KindReminder, "U2", iv.ID)); err != nil {
				t.Fatal(err)
			}
			claimed, err := s.ClaimOutbox(ctx, t0, time.Minute, 10, "worker")
			if err != nil || len(claimed) != 2 {
				t.Fatalf("claim: %d, %v", len(claimed), err)
			}
			wantErr(t, "OutboxAttempt", s.OutboxAttempt(ctx, claimed[1], t0, time.Minute), nil)
			if err := s.Enqueue(ctx, msg(KindEscalation, "UMGR", iv.ID), msg("receipt", "U2", iv.ID), msg(KindReminder, "U1", other.ID)); err != nil {
				t.Fatal(err)
			}
			if err := s.Enqueue(ctx, msg(KindHeadsUp, "U1", iv.ID), msg(KindManagerHeadsUp, "UMGR", iv.ID),
				msg(KindKit, "U1", iv.ID), msg(KindReminder, "U1", iv.ID)); err != nil {
				t.Fatal(err)
			}
			held, err := s.ClaimOutbox(ctx, t0, time.Minute, 10, "worker")
			if err != nil || len(held) != 7 {
				t.Fatalf("claim: %d, %v", len(held), err)
			}
			for _, m := range held[3:] {
				wantErr(t, "OutboxAttempt", s.OutboxAttempt(ctx, m, t0, time.Minute), nil)
				wantErr(t, "OutboxRetry", s.OutboxRetry(ctx, m, t0.Add(time.Hour), true, "ratelimited"), nil)
			}
			for _, m := range held[:3] {
				wantErr(t, "OutboxRetry", s.OutboxRetry(ctx, m, t0, false, "waiting out a rate limit"), nil)
			}

			if err := tc.change(s, iv); err != nil {
				t.Fatal(err)
			}
			if got := outboxRows(t, s); !slices.Equal(got, tc.want) {
				t.Errorf("outbox after the change:\n got %q\nwant %q", got, tc.want)
			}
			// The worker whose claimed message was dropped does not start its attempt.
			if err := s.OutboxAttempt(ctx, claimed[0], t0, time.Minute); tc.claimedGone != errors.Is(err, ErrConflict) {
				t.Errorf("attempt at the claimed reminder: %v, want ErrConflict %v", err, tc.claimedGone)
			}
			st, err := s.OutboxStats(ctx, t0.Add(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if st.Dropped != tc.dropped || st.Failed != 0 {
				t.Errorf("stats %+v: want %d dropped, none failed", st, tc.dropped)
			}
		})
	}
}

// A panelist who answers (submits their scorecard, or says they did not attend) is not sent the
// reminder or kit still queued for them; the others' messages go on.
func TestAnsweringDropsWhatWasQueuedForThem(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2", "U3"))
	msg := func(kind, to string) OutboxMessage {
		return OutboxMessage{Kind: kind, Channel: to, Text: kind, About: "Ada", InterviewID: iv.ID}
	}
	if err := s.Enqueue(ctx, msg(KindReminder, "U1"), msg(KindKit, "U1"), msg(KindReminder, "U2"), msg(KindReminder, "U3"),
		msg(KindEscalation, "UMGR")); err != nil {
		t.Fatal(err)
	}
	mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	wantErr(t, "MarkAbsent", s.MarkAbsent(ctx, iv.ID, "U2"), nil)
	want := []string{
		"reminder→U1 failed (" + droppedSubmitted + ")", "kit→U1 failed (" + droppedSubmitted + ")",
		"reminder→U2 failed (" + droppedAbsent + ")", "reminder→U3 pending", "escalation→UMGR pending",
	}
	if got := outboxRows(t, s); !slices.Equal(got, want) {
		t.Errorf("outbox:\n got %q\nwant %q", got, want)
	}
	if st, _ := s.OutboxStats(ctx, t0); st.Dropped != 3 || st.Failed != 0 || st.Pending != 2 {
		t.Errorf("stats %+v: want 3 dropped, 2 pending", st)
	}
}
