package handlers

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hirebot/data"
)

// slackSide is a Sender that keeps what it was given, as Slack would, and can be told to fail.
type slackSide struct {
	mu      sync.Mutex
	posted  map[int64]int // outbox id → times posted
	sends   []int64       // outbox ids, in the order sent
	lookups []time.Time   // the since of every Delivered call
	sendErr error         // returned by Send after the message was (or was not) posted
	takes   bool          // with sendErr: Slack took the message before the error
	lookErr error
}

func (s *slackSide) Send(_ context.Context, p Post, id int64) (Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sends = append(s.sends, id)
	if s.sendErr == nil || s.takes {
		s.posted[id]++
	}
	return Sent{Channel: p.Channel, TS: fmt.Sprintf("%d.000100", id)}, s.sendErr
}

func (s *slackSide) Delivered(_ context.Context, p Post, id int64, since time.Time) (Sent, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lookups = append(s.lookups, since)
	if s.lookErr != nil {
		return Sent{}, false, s.lookErr
	}
	return Sent{Channel: p.Channel, TS: fmt.Sprintf("%d.000100", id)}, s.posted[id] > 0, nil
}

type outboxRig struct {
	store *data.Store
	slack *slackSide
	now   time.Time
	box   *Outbox
}

func newOutboxRig(t *testing.T) *outboxRig {
	t.Helper()
	r := &outboxRig{slack: &slackSide{posted: map[int64]int{}}, now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return r.now }
	s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	r.store = s
	r.box = NewOutbox(OutboxConfig{Store: s, Sender: r.slack, Owner: "p1", Now: clock})
	return r
}

func (r *outboxRig) deliver(t *testing.T) DeliveryReport {
	t.Helper()
	rep, err := r.box.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// crashMidSend claims the only queued message as a process that records the attempt, hands the
// message to Slack (which takes it when took) and dies before recording the outcome.
func (r *outboxRig) crashMidSend(t *testing.T, took bool) data.QueuedMessage {
	t.Helper()
	got, err := r.store.ClaimOutbox(context.Background(), r.now, outboxLease, 1, "dead")
	if err != nil || len(got) != 1 {
		t.Fatalf("claim: %+v, %v", got, err)
	}
	if err := r.store.OutboxAttempt(context.Background(), got[0], r.now); err != nil {
		t.Fatal(err)
	}
	if took {
		r.slack.posted[got[0].ID]++
	}
	r.now = r.now.Add(outboxLease) // the dead process's claim runs out
	return got[0]
}

func TestOutboxDoesNotRepostWhatACrashedAttemptDelivered(t *testing.T) {
	for _, took := range []bool{true, false} {
		r := newOutboxRig(t)
		if err := r.store.Enqueue(context.Background(), data.OutboxMessage{Kind: "receipt", Channel: "U1", Text: "Scorecard saved"}); err != nil {
			t.Fatal(err)
		}
		start := r.now
		m := r.crashMidSend(t, took)
		if rep := r.deliver(t); rep.Sent != 1 {
			t.Fatalf("took=%v: report %+v, want the message settled as sent", took, rep)
		}
		if n := r.slack.posted[m.ID]; n != 1 {
			t.Errorf("took=%v: Slack has the message %d times, want once", took, n)
		}
		if len(r.slack.lookups) != 1 || !r.slack.lookups[0].Before(start) {
			t.Errorf("took=%v: lookups since %v, want one from before the attempt's start %v", took, r.slack.lookups, start)
		}
		if st, _ := r.store.OutboxStats(context.Background(), r.now); st.Sent != 1 || st.Pending != 0 {
			t.Errorf("took=%v: outbox %+v, want the message sent", took, st)
		}
	}
}

func TestOutboxLooksUpOnlyAfterAnAttemptOfUnknownOutcome(t *testing.T) {
	r := newOutboxRig(t)
	ctx := context.Background()
	if err := r.store.Enqueue(ctx, data.OutboxMessage{Kind: "heads-up", Channel: "U1", Text: "hi"},
		data.OutboxMessage{Kind: "confirmation", Channel: "C1", PrivateTo: "U2", Text: "recorded"}); err != nil {
		t.Fatal(err)
	}
	// A timeout after Slack took the heads-up: unsure, counted, retried later.
	r.slack.sendErr, r.slack.takes = &RetryLaterError{Unsure: true, Err: errors.New("timeout")}, true
	if rep := r.deliver(t); rep.Retried != 2 || len(r.slack.lookups) != 0 {
		t.Fatalf("report %+v, lookups %d; want both retried and nothing looked up", rep, len(r.slack.lookups))
	}
	r.slack.sendErr, r.slack.takes = nil, false
	r.now = r.now.Add(outboxMaxRetry)
	rep := r.deliver(t)
	if rep.Sent != 2 {
		t.Fatalf("report %+v, want both settled", rep)
	}
	// The heads-up was found and not posted again; the private confirmation cannot be looked up
	// and went out again (the window left for ephemeral messages).
	if r.slack.posted[1] != 1 || r.slack.posted[2] != 2 || len(r.slack.lookups) != 1 || len(r.slack.sends) != 3 {
		t.Errorf("posted %v, sends %v, lookups %d; want one lookup, the heads-up not sent again and the confirmation sent twice", r.slack.posted, r.slack.sends, len(r.slack.lookups))
	}
	for _, id := range r.slack.sends {
		if id == 0 {
			t.Errorf("a message was sent without its outbox id: %v", r.slack.sends)
		}
	}
}

func TestOutboxWaitsWhenALookupCannotBeMade(t *testing.T) {
	r := newOutboxRig(t)
	if err := r.store.Enqueue(context.Background(), data.OutboxMessage{Kind: "receipt", Channel: "U1", Text: "Scorecard saved"}); err != nil {
		t.Fatal(err)
	}
	r.crashMidSend(t, true)
	r.slack.lookErr = &RetryLaterError{After: time.Minute, Err: errors.New("ratelimited")}
	if rep := r.deliver(t); rep.Retried != 1 || len(r.slack.sends) != 0 {
		t.Fatalf("report %+v, sends %v; want a retry and nothing posted", rep, r.slack.sends)
	}
	r.slack.lookErr = nil
	r.now = r.now.Add(time.Minute)
	if rep := r.deliver(t); rep.Sent != 1 || len(r.slack.sends) != 0 || len(r.slack.lookups) != 2 {
		t.Fatalf("report %+v, sends %v, lookups %d; want it found on the second lookup", rep, r.slack.sends, len(r.slack.lookups))
	}

	// A lookup Slack refuses for good (a scope the app lacks) does not lose the message.
	if err := r.store.Enqueue(context.Background(), data.OutboxMessage{Kind: "receipt", Channel: "U2", Text: "Scorecard saved"}); err != nil {
		t.Fatal(err)
	}
	m := r.crashMidSend(t, false)
	r.slack.lookErr = &RefusedError{Code: "missing_scope", Err: errors.New("missing_scope")}
	if rep := r.deliver(t); rep.Sent != 1 || r.slack.posted[m.ID] != 1 {
		t.Errorf("report %+v, posted %v; want the message sent", rep, r.slack.posted)
	}
}
