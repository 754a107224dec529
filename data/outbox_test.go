package data

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSubmissionsAreStoredOncePerDeliveryKey(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	in := sampleInterview("Ada", "U1")
	in.DeliveryKey = "view:V1:h1"
	in.Notify = func(iv Interview) []OutboxMessage {
		return []OutboxMessage{{Kind: "heads-up", Channel: "U1", Text: "heads-up"}}
	}
	first, err := s.CreateInterview(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.CreateInterview(ctx, in)
	if !errors.Is(err, ErrReplayed) || again.ID != first.ID {
		t.Fatalf("replay: %+v, %v; want interview %d and ErrReplayed", again.ID, err, first.ID)
	}

	sc := sampleScorecard(first.ID, "U1")
	sc.DeliveryKey = "view:V2:h1"
	sc.Notify = func(Scorecard) []OutboxMessage {
		return []OutboxMessage{{Kind: "receipt", Channel: "U1", Text: "thanks"}}
	}
	saved, err := s.SubmitScorecard(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := s.SubmitScorecard(ctx, sc)
	if !errors.Is(err, ErrReplayed) || replayed.ID != saved.ID || replayed.Version != 1 {
		t.Fatalf("replay: %+v, %v; want scorecard %d version 1 and ErrReplayed", replayed, err, saved.ID)
	}
	sc.DeliveryKey = "view:V2:h2" // the same form submitted again after an edit: a new version
	if next, err := s.SubmitScorecard(ctx, sc); err != nil || next.Version != 2 {
		t.Fatalf("a new submission: %+v, %v; want version 2", next, err)
	}
	st, err := s.OutboxStats(ctx, time.Now())
	if err != nil || st.Pending != 3 {
		t.Errorf("outbox %+v, %v: want one heads-up and two receipts queued", st, err)
	}
}

func TestOutboxClaimsDeliversAndRetries(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "notice", Channel: "U1", Text: "a"}, OutboxMessage{Kind: "notice", Channel: "U2", Text: "b"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second) // Enqueue stamps with the store's clock
	mine, err := s.ClaimOutbox(ctx, now, 30*time.Second, 10, "p1")
	if err != nil || len(mine) != 2 || mine[0].Text != "a" {
		t.Fatalf("claim: %+v, %v", mine, err)
	}
	if other, _ := s.ClaimOutbox(ctx, now, 30*time.Second, 10, "p2"); len(other) != 0 {
		t.Fatalf("a live claim was taken over: %+v", other)
	}
	if err := s.OutboxSent(ctx, mine[0], now, Posted{}); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxSent(ctx, mine[0], now, Posted{}); !errors.Is(err, ErrConflict) {
		t.Errorf("marking sent twice: %v, want ErrConflict", err)
	}
	if err := s.OutboxRetry(ctx, mine[1], now.Add(time.Minute), true, "ratelimited"); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.ClaimOutbox(ctx, now.Add(59*time.Second), 30*time.Second, 10, "p1"); len(due) != 0 {
		t.Errorf("claimed before its retry time: %+v", due)
	}
	due, err := s.ClaimOutbox(ctx, now.Add(time.Minute), 30*time.Second, 10, "p1")
	if err != nil || len(due) != 1 || due[0].Attempts != 1 {
		t.Fatalf("retry: %+v, %v; want the message back with one attempt counted", due, err)
	}
	notice := OutboxMessage{Kind: "delivery-notice", Channel: "UHM", Text: "could not be delivered"}
	if err := s.OutboxFailed(ctx, due[0], now.Add(time.Minute), "account_inactive", notice); err != nil {
		t.Fatal(err)
	}
	st, _ := s.OutboxStats(ctx, now.Add(time.Minute))
	if st != (OutboxStats{Pending: 1, Due: 1, Sent: 1, Failed: 1}) {
		t.Errorf("stats %+v, want the notice pending, one sent and one failed", st)
	}
}

// TestOutboxWaitCountsNoAttempt: an attempt Slack answered without taking the message, for a
// reason not the message's, leaves the count of attempts as it was and marks the outcome known.
func TestOutboxWaitCountsNoAttempt(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "notice", Channel: "U1", Text: "a"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	got, err := s.ClaimOutbox(ctx, now, 30*time.Second, 10, "p1")
	if err != nil || len(got) != 1 {
		t.Fatalf("claim: %+v, %v", got, err)
	}
	if err := s.OutboxAttempt(ctx, got[0], now, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxWait(ctx, got[0], now.Add(5*time.Minute), "token_revoked"); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxWait(ctx, got[0], now.Add(5*time.Minute), "token_revoked"); !errors.Is(err, ErrConflict) {
		t.Errorf("waiting on a claim given back: %v, want ErrConflict", err)
	}
	if due, _ := s.ClaimOutbox(ctx, now.Add(5*time.Minute-time.Second), 30*time.Second, 10, "p1"); len(due) != 0 {
		t.Errorf("claimed before its retry time: %+v", due)
	}
	due, err := s.ClaimOutbox(ctx, now.Add(5*time.Minute), 30*time.Second, 10, "p1")
	if err != nil || len(due) != 1 || due[0].Attempts != 0 || !due[0].Unsure.IsZero() {
		t.Fatalf("after the wait: %+v, %v; want the message back, no attempt counted, its outcome known", due, err)
	}
}

func TestReleaseClaimsFreesOnlyTheOwnersWork(t *testing.T) {
	ctx := context.Background()
	s, path := mustNewStore(t)
	other := mustOpenAt(t, path)
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "notice", Channel: "U1", Text: "a"}, OutboxMessage{Kind: "notice", Channel: "U2", Text: "b"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	if got, _ := s.ClaimOutbox(ctx, now, time.Minute, 1, "crashed"); len(got) != 1 {
		t.Fatal("no claim")
	}
	if got, _ := other.ClaimOutbox(ctx, now, time.Minute, 1, "alive"); len(got) != 1 {
		t.Fatal("no claim")
	}
	released, held, err := s.ReleaseClaims(ctx, "crashed", now)
	if err != nil || released != 1 || held != 1 {
		t.Fatalf("released %d, held by others %d, %v; want 1 and 1", released, held, err)
	}
	if got, _ := s.ClaimOutbox(ctx, now, time.Minute, 10, "crashed"); len(got) != 1 || got[0].Text != "a" {
		t.Errorf("after the release the restarted owner claims %+v, want its own message back at once", got)
	}
}

func TestReliabilityMigrationKeepsInterviews(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/old.db"
	old := mustOpenAtVersion(t, path, 5) // before handled deliveries and the outbox
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1", "U2")
	old.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v < 6 {
		t.Fatalf("schema version %d, %v; want the upgrade applied", v, err)
	}
	got, err := s.Interview(ctx, iv.ID)
	if err != nil || len(got.Panel) != 2 || got.Candidate != "Ada" {
		t.Fatalf("after the upgrade: %+v, %v", got, err)
	}
	due, err := s.ClaimDueReminders(ctx, t0.Add(time.Minute), 30*time.Second, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("claiming the old rows' reminders: %d, %v", len(due), err)
	}
	if released, _, err := s.ReleaseClaims(ctx, s.Owner(), t0); err != nil || released != 2 {
		t.Errorf("released %d claims, %v; want the 2 just taken", released, err)
	}
}

func TestPostingSavesOncePerDeliveryKey(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	np := samplePosting("UA")
	np.DeliveryKey = "view:V9:h1"
	first, err := s.CreatePosting(ctx, np)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.CreatePosting(ctx, np)
	if !errors.Is(err, ErrReplayed) || again.ID != first.ID {
		t.Fatalf("replayed create: %d, %v; want draft %d and ErrReplayed", again.ID, err, first.ID)
	}
	np.DeliveryKey = "view:V10:h1"
	edited, err := s.UpdatePosting(ctx, first.ID, 1, np)
	if err != nil || edited.Version != 2 {
		t.Fatalf("edit: %+v, %v", edited, err)
	}
	if replay, err := s.UpdatePosting(ctx, first.ID, 1, np); !errors.Is(err, ErrReplayed) || replay.Version != 2 {
		t.Fatalf("replayed edit: version %d, %v; want version 2 and ErrReplayed, not a conflict", replay.Version, err)
	}
	if recent, _ := s.RecentPostings(ctx, "UA", 10); len(recent) != 1 {
		t.Errorf("%d drafts, want 1", len(recent))
	}
}

func TestOutboxRemembersAttemptsOfUnknownOutcome(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "receipt", Channel: "U1", Text: "a"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second).Truncate(time.Second)
	claim := func(at time.Time) QueuedMessage {
		t.Helper()
		got, err := s.ClaimOutbox(ctx, at, 30*time.Second, 10, "p1")
		if err != nil || len(got) != 1 {
			t.Fatalf("claim at %s: %+v, %v", at, got, err)
		}
		return got[0]
	}
	m := claim(now)
	if !m.Unsure.IsZero() {
		t.Fatalf("a new message claimed as unsure: %s", m.Unsure)
	}
	if err := s.OutboxAttempt(ctx, m, now, time.Minute); err != nil {
		t.Fatal(err)
	}
	// The process stops mid-send; its claim runs out and the next claimer hears of the attempt.
	m = claim(now.Add(time.Minute))
	if !m.Unsure.Equal(now) {
		t.Fatalf("unsure since %s, want %s", m.Unsure, now)
	}
	if err := s.OutboxAttempt(ctx, m, now.Add(time.Minute), time.Minute); err != nil {
		t.Fatal(err)
	}
	// A timeout: counted, and still unsure from the first attempt on.
	if err := s.OutboxUnsure(ctx, m, now.Add(2*time.Minute), "timeout"); err != nil {
		t.Fatal(err)
	}
	m = claim(now.Add(2 * time.Minute))
	if !m.Unsure.Equal(now) || m.Attempts != 1 {
		t.Fatalf("after a timeout: unsure %s, attempts %d; want %s and 1", m.Unsure, m.Attempts, now)
	}
	// Waiting out a rate limit changes nothing known; an answered failure clears it.
	if err := s.OutboxRetry(ctx, m, now.Add(3*time.Minute), false, "ratelimited"); err != nil {
		t.Fatal(err)
	}
	if m = claim(now.Add(3 * time.Minute)); !m.Unsure.Equal(now) {
		t.Fatalf("an uncounted retry forgot the unsure attempt: %s", m.Unsure)
	}
	if err := s.OutboxRetry(ctx, m, now.Add(4*time.Minute), true, "internal_error"); err != nil {
		t.Fatal(err)
	}
	if m = claim(now.Add(4 * time.Minute)); !m.Unsure.IsZero() {
		t.Fatalf("an answered failure left the message unsure: %s", m.Unsure)
	}
	if err := s.OutboxAttempt(ctx, QueuedMessage{ID: m.ID, ClaimToken: "stale"}, now, time.Minute); !errors.Is(err, ErrConflict) {
		t.Errorf("an attempt under a lost claim: %v, want ErrConflict", err)
	}
}

func TestOutboxAttemptExtendsOnlyALiveClaim(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "receipt", Channel: "U1", Text: "a"}, OutboxMessage{Kind: "receipt", Channel: "U2", Text: "b"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second).Truncate(time.Second)
	batch, err := s.ClaimOutbox(ctx, now, 30*time.Second, 10, "p1")
	if err != nil || len(batch) != 2 {
		t.Fatalf("claim: %+v, %v", batch, err)
	}
	claimable := func(at time.Time) int {
		t.Helper()
		st, err := s.OutboxStats(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		return st.Due - st.Claimed
	}
	// Within the lease: the attempt goes ahead and holds its message for the send to come, past
	// the batch's lease.
	if err := s.OutboxAttempt(ctx, batch[0], now.Add(20*time.Second), 30*time.Second); err != nil {
		t.Fatalf("an attempt within the lease: %v", err)
	}
	if n := claimable(now.Add(40 * time.Second)); n != 1 {
		t.Errorf("%d messages claimable when the batch's lease ran out, want 1 (the one being sent is held)", n)
	}
	// A longer lease is not shortened by a later, shorter one.
	if err := s.OutboxAttempt(ctx, batch[0], now.Add(21*time.Second), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := claimable(now.Add(49 * time.Second)); n != 1 {
		t.Errorf("%d messages claimable before the attempt's lease ran out, want 1", n)
	}
	// Past the lease, although nobody took the message yet: another worker may any moment, so
	// the attempt is refused and the message is not sent.
	if err := s.OutboxAttempt(ctx, batch[1], now.Add(30*time.Second), 30*time.Second); !errors.Is(err, ErrConflict) {
		t.Fatalf("an attempt after the lease ran out: %v, want ErrConflict", err)
	}
	got, err := s.ClaimOutbox(ctx, now.Add(31*time.Second), 30*time.Second, 10, "p2")
	if err != nil || len(got) != 1 || got[0].ID != batch[1].ID || !got[0].Unsure.IsZero() {
		t.Fatalf("claim after the lease ran out: %+v, %v; want only message %d, with no attempt on record", got, err, batch[1].ID)
	}
	if err := s.OutboxSent(ctx, batch[0], now.Add(35*time.Second), Posted{}); err != nil {
		t.Errorf("recording the send under the extended claim: %v", err)
	}
}

func TestOutboxStatsCountsDueMessages(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "notice", Channel: "U1", Text: "a"}, OutboxMessage{Kind: "notice", Channel: "U2", Text: "b"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	got, err := s.ClaimOutbox(ctx, now, 30*time.Second, 1, "p1")
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	if err := s.OutboxRetry(ctx, got[0], now.Add(time.Hour), true, "ratelimited"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.OutboxStats(ctx, now); st.Pending != 2 || st.Due != 1 {
		t.Errorf("stats %+v, want 2 pending of which 1 due", st)
	}
}
