package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hirebot/data"
	"hirebot/data/datatest"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestReplicasOnPostgres runs three hirebot processes on one PostgreSQL database against the
// fake Slack, which deals each envelope to one of their connections. 1,000 slash commands and
// 200 scorecards go in while one replica is killed (SIGKILL) and another restarted (SIGTERM),
// and the reminder sweeps of all three run every second meanwhile. Every command must be
// answered once, every scorecard stored once with one receipt, and every due reminder sent
// once across the replicas. A request that reaches a replica late in its shutdown is told to
// try again (see bot.turnAway); the test then tries again, as the person would.
func TestReplicasOnPostgres(t *testing.T) {
	onceOnly(t)
	t.Parallel()
	if testing.Short() {
		t.Skip("starts and kills hirebot processes")
	}
	db := datatest.PostgresURL(t)
	// Slack redelivers after 1 s here, not 3: a submission slower than that (they queue for the
	// database's write lock) is delivered again, often to another replica, which must not store it
	// twice. Each redelivery is more work for the same queue, so on a loaded machine some wait
	// long: Slack is patient here (a minute), for the test is about what is stored and sent, not
	// about how fast.
	fake := slacktest.NewFake(t, fakeslack.Options{AckTimeout: time.Second, MaxRetries: 60,
		Now: time.Now}) // hirebot runs in processes of its own, on the machine's clock
	people := []string{slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter}
	for i := range 236 {
		id := fmt.Sprintf("U0R%03d", i)
		fake.AddUser(fakeslack.User{ID: id, Name: "r" + id, RealName: "Panelist " + id, TZ: "Europe/Berlin"})
		people = append(people, id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	store, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	// 20 interviews of 10 for the scorecards, no reminders yet; 4 of 10 whose panel is due a
	// reminder now and never submits.
	scorers := people[:200]
	chased := people[200:240]
	for i := range 20 {
		mustSeedInterview(t, store, fmt.Sprintf("Kim Scored%02d", i), scorers[i*10:(i+1)*10], time.Time{})
	}

	var all []*slacktest.Process // every process started, for their logs
	start := func(n int) *slacktest.Process {
		c := startReplica(t, fake, db, n)
		all = append(all, c)
		return c
	}
	replicas := make([]*slacktest.Process, 3)
	for i := range replicas {
		replicas[i] = start(i)
	}
	if err := fake.WaitConnections(ctx, 3); err != nil {
		t.Fatal(err)
	}

	// Every scorer opens their form, over all three connections.
	views := make([]fakeslack.View, len(scorers))
	for i, u := range scorers {
		cursor := fake.Cursor()
		env, err := fake.SlashCommand(ctx, u, slacktest.Hiring, "/feedback", fmt.Sprintf("Kim Scored%02d", i/10))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatal(err)
		}
		if views[i], err = fake.WaitViewAfter(ctx, cursor, func(v fakeslack.View) bool {
			return v.UserID == u && v.CallbackID == "scorecard" && !v.Closed
		}); err != nil {
			t.Fatalf("no scorecard form for %s: %v", u, err)
		}
	}

	// The reminders fall due now, for the sweeps of whichever replicas are up.
	for i := range 4 {
		mustSeedInterview(t, store, fmt.Sprintf("Lee Chased%d", i), chased[i*10:(i+1)*10], time.Now().Add(-time.Minute))
	}

	// Then, all at once: 1,000 lookups with 50 in flight, and the 200 scorecards.
	lookups := make([]*fakeslack.Envelope, 1000)
	submissions := make([]*fakeslack.Envelope, len(views))
	var wg sync.WaitGroup
	inFlight := make(chan struct{}, 50)
	var turnedAway, answered atomic.Int64
	midway := make(chan struct{}) // closed when a quarter of the lookups are answered
	for i := range lookups {
		wg.Go(func() {
			inFlight <- struct{}{}
			defer func() { <-inFlight }()
			env, err := untilServed(ctx, &turnedAway, func() (*fakeslack.Envelope, error) {
				return fake.SlashCommand(ctx, people[i%len(people)], slacktest.Hiring, "/salary", "seattle senior")
			})
			lookups[i] = env
			if err != nil {
				t.Errorf("lookup %d: %v", i, err)
				return
			}
			if answered.Add(1) == int64(len(lookups)/4) {
				close(midway)
			}
		})
	}
	for i, v := range views {
		wg.Go(func() {
			env, err := untilServed(ctx, &turnedAway, func() (*fakeslack.Envelope, error) {
				return fake.SubmitView(ctx, v.UserID, v.ID, scorecardValues("hire", "Replica round"))
			})
			submissions[i] = env
			if err != nil {
				t.Errorf("submission %d: %v", i, err)
			}
		})
	}
	// Midway, one replica dies and another is restarted as a deploy would.
	select {
	case <-midway:
	case <-ctx.Done():
		t.Fatal("the lookups never got a quarter of the way")
	}
	replicas[0].Kill()
	replicas[0] = nil
	stopReplica(t, replicas[1])
	replicas[1] = start(1)
	wg.Wait()
	// The killed replica comes back, which releases what it had claimed.
	replicas[0] = start(0)

	// Every lookup answered once, with the lookup's answer.
	for i, env := range lookups {
		if env == nil {
			continue
		}
		answered := 0
		for _, a := range fake.Acks() {
			if a.EnvelopeID == env.ID && a.Ignored == "" {
				answered++
				if !strings.Contains(string(a.Payload), "Seattle") {
					t.Errorf("lookup %d was answered with %s", i, a.Payload)
				}
			}
		}
		if answered != 1 {
			t.Errorf("lookup %d answered %d times, want once", i, answered)
		}
	}

	// Every scorecard stored once, with one receipt; every chased panelist reminded once.
	isReminder := func(m fakeslack.Message) bool { return strings.Contains(m.Text, "is overdue") }
	waitForDMs(ctx, fake, scorers, 60*time.Second, isReceipt)
	waitForDMs(ctx, fake, chased, 30*time.Second, isReminder)
	for _, r := range replicas {
		stopReplica(t, r)
	}
	replicas = nil

	lost, doubled, lostBy := 0, 0, map[string]bool{}
	for i := range 20 {
		missing, extra := storedScorecards(t, store, fmt.Sprintf("Kim Scored%02d", i), scorers[i*10:(i+1)*10])
		lost, doubled = lost+len(missing), doubled+extra
		for _, u := range missing {
			lostBy[u] = true
		}
	}
	receipts, reminders := map[int]int{}, map[int]int{}
	for _, u := range scorers {
		receipts[countMessages(fake, fake.DMChannel(u), isReceipt)]++
	}
	for _, u := range chased {
		reminders[countMessages(fake, fake.DMChannel(u), isReminder)]++
	}
	redelivered, spread := 0, map[int]int{}
	for _, env := range append(lookups, submissions...) {
		if env != nil {
			redelivered += min(env.Deliveries()-1, 1)
			spread[env.Conn()]++
		}
	}
	t.Logf("3 replicas, %d connections in all, envelopes per connection %v, %d redelivered, %d told to try again: "+
		"%d scorecards lost, %d stored twice; receipts per scorer %v; reminders per chased panelist %v",
		fake.Hellos(), spread, redelivered, turnedAway.Load(), lost, doubled, receipts, reminders)
	if t.Failed() || lost > 0 || doubled > 0 {
		for _, c := range all {
			t.Logf("a replica's log:\n%s", c.Logs)
		}
		for i, env := range submissions {
			if env != nil && lostBy[env.UserID] {
				ack, _ := env.WaitAck(ctx)
				t.Logf("submission %d (%s) acked with %s on connection %v", i, env.UserID, ack.Payload, env.DeliveredOn())
			}
		}
	}
	if lost > 0 || doubled > 0 {
		t.Errorf("%d scorecards lost and %d stored twice, want none", lost, doubled)
	}
	if receipts[1] != len(scorers) {
		t.Errorf("receipts per scorer %v (count: scorers), want every scorer exactly one", receipts)
	}
	if reminders[1] != len(chased) {
		t.Errorf("reminders per chased panelist %v (count: panelists), want every one exactly one", reminders)
	}
}

// startReplica starts replica n of a group sharing the database at db: its own replica id, and
// a reminder sweep every second.
func startReplica(t *testing.T, fake *fakeslack.Server, db string, n int) *slacktest.Process {
	t.Helper()
	return startChild(t, fake, db, fmt.Sprintf("HIREBOT_REPLICA_ID=replica-%d", n), "HIREBOT_REMINDER_SCHEDULE=@every 1s")
}

// stopReplica stops a replica as a deploy would (SIGTERM), failing the test if it stopped badly.
func stopReplica(t *testing.T, r *slacktest.Process) {
	t.Helper()
	if err := r.Stop(); err != nil {
		t.Errorf("hirebot stopped with %v\n%s", err, r.Logs)
	}
}

// mustSeedInterview records an interview that ended three hours ago with panel, whose
// reminders start at firstReminder (none when zero).
func mustSeedInterview(t testing.TB, store *data.Store, candidate string, panel []string, firstReminder time.Time) {
	t.Helper()
	if _, err := store.CreateInterview(context.Background(), data.NewInterview{Candidate: candidate, Role: "Backend", Stage: "technical",
		HiringManager: slacktest.HiringManager, RecordedBy: slacktest.HiringManager,
		StartsAt: time.Now().Add(-4 * time.Hour), Duration: time.Hour, Panel: newPanel(panel), FirstReminderAt: firstReminder}); err != nil {
		t.Fatal(err)
	}
}

// untilServed sends a request with send and, while the answer is a stopping replica's "try
// again", sends it again as the person would; turnedAway counts those answers. It returns the
// last envelope, acked.
func untilServed(ctx context.Context, turnedAway *atomic.Int64, send func() (*fakeslack.Envelope, error)) (*fakeslack.Envelope, error) {
	for {
		env, err := send()
		if err != nil {
			return env, err
		}
		ack, err := env.WaitAck(ctx)
		if err != nil {
			return env, fmt.Errorf("never acked: %w", err)
		}
		if !strings.Contains(string(ack.Payload), "restarting") {
			return env, nil
		}
		turnedAway.Add(1)
	}
}
