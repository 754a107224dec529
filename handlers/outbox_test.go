package handlers

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
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
	onSend  func(id int64) // called as a send starts, before Slack has the message
}

func (s *slackSide) Send(_ context.Context, p Post, id int64) (Sent, error) {
	if s.onSend != nil {
		s.onSend(id)
	}
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
	if err := r.store.OutboxAttempt(context.Background(), got[0], r.now, outboxAttemptLease); err != nil {
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

// TestOutboxDoesNotSendPastItsClaim: two replicas share the outbox. The first claims a batch of
// three, and each send takes 20 s, so the batch's 30 s lease runs out before the third message
// comes up. Meanwhile the second replica claims what ran out, and sends it: the first must not
// send it too.
func TestOutboxDoesNotSendPastItsClaim(t *testing.T) {
	r := newOutboxRig(t)
	ctx := context.Background()
	for _, u := range []string{"U1", "U2", "U3"} {
		if err := r.store.Enqueue(ctx, data.OutboxMessage{Kind: "receipt", Channel: u, Text: "Scorecard saved"}); err != nil {
			t.Fatal(err)
		}
	}
	other := NewOutbox(OutboxConfig{Store: r.store, Sender: r.slack, Owner: "p2", Now: func() time.Time { return r.now }})
	var otherRuns []DeliveryReport
	runOther := func() {
		rep, err := other.Deliver(ctx)
		if err != nil {
			t.Fatal(err)
		}
		otherRuns = append(otherRuns, rep)
	}
	otherRan := false
	r.slack.onSend = func(id int64) {
		r.now = r.now.Add(20 * time.Second)
		if id == 3 && !otherRan {
			// The third message is being sent, past the batch's lease: the other replica
			// claims it, finds nothing in Slack yet, and sends it.
			otherRan = true
			runOther()
		}
	}
	if rep := r.deliver(t); rep.Sent != 2 {
		t.Errorf("first replica: report %+v, want two sent and the third left to the next claimer", rep)
	}
	if !otherRan {
		otherRan = true
		runOther()
	}
	if len(otherRuns) != 1 || otherRuns[0] != (DeliveryReport{Sent: 1}) {
		t.Errorf("second replica: reports %+v, want the third message sent", otherRuns)
	}
	for id := int64(1); id <= 3; id++ {
		if n := r.slack.posted[id]; n != 1 {
			t.Errorf("message %d posted %d times, want once (sends %v)", id, n, r.slack.sends)
		}
	}
	if st, _ := r.store.OutboxStats(ctx, r.now); st != (data.OutboxStats{Sent: 3}) {
		t.Errorf("outbox %+v, want all three sent", st)
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

// TestOutboxOutlastsALongRateLimit: Slack answers 429 with a short Retry-After run after run.
// Each next try waits for the backoff, which is later than the Retry-After; no run uses up the
// message's tries, nothing is marked failed and nobody is told; once the limit lifts, the
// message goes out once.
func TestOutboxOutlastsALongRateLimit(t *testing.T) {
	r := newOutboxRig(t)
	ctx := context.Background()
	if err := r.store.Enqueue(ctx, data.OutboxMessage{Kind: "heads-up", Channel: "U1", Text: "You're on the panel", About: "Jane Doe", Tell: "UREC"}); err != nil {
		t.Fatal(err)
	}
	r.slack.sendErr = &RetryLaterError{After: time.Second, Code: "ratelimited", Err: errors.New("ratelimited")}
	for run := range 25 {
		if rep := r.deliver(t); rep != (DeliveryReport{Retried: 1}) {
			t.Fatalf("run %d: report %+v, want one retry", run, rep)
		}
		if st, _ := r.store.OutboxStats(ctx, r.now.Add(time.Second)); st.Due != 0 {
			t.Fatalf("run %d: due again after Retry-After (1 s), before the backoff (%s)", run, backoff(run))
		}
		r.now = r.now.Add(backoff(run))
		if st, _ := r.store.OutboxStats(ctx, r.now); st != (data.OutboxStats{Pending: 1, Due: 1}) {
			t.Fatalf("run %d: outbox %+v, want the message pending and due after the backoff", run, st)
		}
	}
	r.slack.sendErr = nil
	if rep := r.deliver(t); rep != (DeliveryReport{Sent: 1}) {
		t.Fatalf("after the limit: report %+v, want the message sent", rep)
	}
	if st, _ := r.store.OutboxStats(ctx, r.now); st != (data.OutboxStats{Sent: 1}) {
		t.Errorf("outbox %+v, want only the message, sent; no notice", st)
	}
	if n := r.slack.posted[1]; n != 1 || len(r.slack.sends) != 26 {
		t.Errorf("posted %d times in %d sends, want once in 26", n, len(r.slack.sends))
	}
}

// TestOutboxGivesUpADayOld: a message Slack could not take for a day is given up, and the
// person to tell hears it was held up, not that Slack refused it.
func TestOutboxGivesUpADayOld(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"rate limited", &RetryLaterError{After: time.Second, Code: "ratelimited", Err: errors.New("ratelimited")},
			"Slack kept asking me to wait (rate limited) for over a day, so I stopped trying."},
		{"outage", &RetryLaterError{Code: "service_unavailable", Err: errors.New("down")},
			"Slack kept failing (service_unavailable) for over a day, so I stopped trying."},
		{"no answer", &RetryLaterError{Unsure: true, Err: errors.New("timeout")}, "Slack didn't answer for over a day"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newOutboxRig(t)
			ctx := context.Background()
			if err := r.store.Enqueue(ctx, data.OutboxMessage{Kind: "reminder", Channel: "U1", Text: "overdue", About: "Jane Doe", Tell: "UHM"}); err != nil {
				t.Fatal(err)
			}
			r.slack.sendErr = tc.err
			start, runs := r.now, 0
			for ; runs < 200; runs++ {
				rep := r.deliver(t)
				if rep.Failed == 1 {
					break
				}
				r.now = r.now.Add(outboxMaxRetry)
			}
			if age := r.now.Sub(start); age < outboxGiveUpAge || age > outboxGiveUpAge+outboxMaxRetry {
				t.Errorf("given up after %s, want after a day", age)
			}
			r.slack.sendErr = nil
			r.slack.sends = nil
			var got []Post
			r.box.sender = sendFunc(func(_ context.Context, p Post) error { got = append(got, p); return nil })
			r.deliver(t)
			if len(got) != 1 || got[0].Channel != "UHM" {
				t.Fatalf("notices %+v, want one to the hiring manager", got)
			}
			text := rendered(t, got[0].Message)
			assertContains(t, text, "<@U1> a direct message (the reminder about *Jane Doe*)", tc.want, "Please let them know yourself.")
			if strings.Contains(text, "refused") || strings.Contains(text, "invite") {
				t.Errorf("the notice blames a refusal or a channel: %s", text)
			}
		})
	}
}

// TestOutboxWaitsOutARefusedToken: Slack refusing the bot's token is no refusal of the message:
// the batch waits, nothing counts as an attempt, nothing fails, and it goes out once the token
// is taken again.
func TestOutboxWaitsOutARefusedToken(t *testing.T) {
	r := newOutboxRig(t)
	ctx := context.Background()
	for _, u := range []string{"U1", "U2", "U3"} {
		if err := r.store.Enqueue(ctx, data.OutboxMessage{Kind: "heads-up", Channel: u, Text: "hi", About: "Jane Doe", Tell: "UREC"}); err != nil {
			t.Fatal(err)
		}
	}
	r.slack.sendErr = &TokenRejectedError{Code: "token_revoked", Err: errors.New("token_revoked")}
	for run := range 30 {
		if rep := r.deliver(t); rep != (DeliveryReport{Retried: 1}) || len(r.slack.sends) != run+1 {
			t.Fatalf("run %d: report %+v after %d sends, want one try and the batch held", run, rep, len(r.slack.sends))
		}
		r.now = r.now.Add(outboxTokenWait)
	}
	if st, _ := r.store.OutboxStats(ctx, r.now); st != (data.OutboxStats{Pending: 3, Due: 3}) {
		t.Fatalf("outbox %+v, want all three pending after two and a half hours", st)
	}
	r.slack.sendErr = nil
	if rep := r.deliver(t); rep != (DeliveryReport{Sent: 3}) || len(r.slack.lookups) != 0 {
		t.Errorf("report %+v, lookups %d; want all three sent, nothing looked up", rep, len(r.slack.lookups))
	}
	got, _ := r.store.ClaimOutbox(ctx, r.now.Add(time.Hour), outboxLease, 10, "p1")
	if len(got) != 0 {
		t.Errorf("%d messages still queued (a notice?)", len(got))
	}
}
