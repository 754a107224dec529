package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"hirebot/data"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// runChild runs hirebot itself (run, as main does) in a test binary the shared harness started
// as a process of its own (slacktest.StartProcess), so a test can kill a real hirebot process
// with SIGKILL and start another on the same database.
func runChild() error {
	return run(context.Background(), nil, os.Getenv, os.Stdout, os.Stderr)
}

// startChild starts hirebot in a process of its own on the database db against fake, with env
// added to (or overriding) its settings, and waits until fake has a connection.
func startChild(t testing.TB, fake *fakeslack.Server, db string, env ...string) *slacktest.Process {
	t.Helper()
	base := append(fakeEnv(fake), "HIREBOT_DB="+db, "HIREBOT_LOG_LEVEL=warn",
		"HIREBOT_REMINDER_SCHEDULE=@every 24h", "HIREBOT_WORKING_HOURS=always")
	return slacktest.StartProcess(t, fake, append(base, env...)...) // the last of a name counts
}

// TestKillNeverLosesOrDoublesScorecards submits many scorecards at once and kills hirebot with
// SIGKILL at a random moment among them, then starts it again; Slack redelivers whatever was not
// acked. Every scorecard must be stored exactly once and its receipt delivered exactly once: a
// kill between Slack taking a receipt and hirebot recording it must not send it again (odd
// rounds kill in that window on purpose).
// HIREBOT_KILL_ROUNDS sets the number of rounds (3 by default; 20 for a longer run).
func TestKillNeverLosesOrDoublesScorecards(t *testing.T) {
	onceOnly(t)
	t.Parallel() // mostly waits on Slack's Retry-After or on processes; runs beside the others
	if testing.Short() {
		t.Skip("-short: starts and kills hirebot processes for a few seconds; run without -short")
	}
	rounds := 3
	if v := os.Getenv("HIREBOT_KILL_ROUNDS"); v != "" {
		var err error
		if rounds, err = strconv.Atoi(v); err != nil {
			t.Fatalf("HIREBOT_KILL_ROUNDS=%q: %v", v, err)
		}
	}
	var lostTotal, doubledTotal, receiptsDoubled, lookedUp, found int
	for round := range rounds {
		lost, doubled, dms, looks, finds := killRound(t, round)
		lostTotal, doubledTotal, receiptsDoubled = lostTotal+lost, doubledTotal+doubled, receiptsDoubled+dms
		lookedUp, found = lookedUp+looks, found+finds
	}
	t.Logf("%d rounds: %d scorecards lost, %d stored twice; %d receipts delivered twice; "+
		"%d receipts looked up after a cut-short attempt, %d of them found already delivered",
		rounds, lostTotal, doubledTotal, receiptsDoubled, lookedUp, found)
	if lostTotal > 0 || doubledTotal > 0 || receiptsDoubled > 0 {
		t.Errorf("%d scorecards lost, %d stored twice and %d receipts delivered twice, want none", lostTotal, doubledTotal, receiptsDoubled)
	}
}

// killRound runs one round and reports scorecards lost, scorecards stored twice, receipts
// delivered twice, and the receipts whose send the kill cut short: looked up in their direct
// messages, and found there (Slack had taken them before the kill).
func killRound(t *testing.T, round int) (lost, doubled, receiptsTwice, lookedUp, found int) {
	fake := slacktest.NewFake(t, fakeslack.Options{AckTimeout: 500 * time.Millisecond, MaxRetries: 30,
		Now: time.Now}) // hirebot runs in processes of its own, on the machine's clock
	people := []string{slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter}
	for i := range 16 {
		id := fmt.Sprintf("U0P%02d", i)
		fake.AddUser(fakeslack.User{ID: id, Name: "p" + id, RealName: "Panelist " + id, TZ: "Europe/Berlin"})
		people = append(people, id)
	}
	db := filepath.Join(t.TempDir(), "hirebot.db")
	proc := startChild(t, fake, db)

	store, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// Two interviews in the past, ten interviewers each; a person has one form open at a time.
	panels := map[string][]string{
		fmt.Sprintf("Kim Round%d", round): people[:10],
		fmt.Sprintf("Lee Round%d", round): people[10:20],
	}
	for c, panel := range panels {
		if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: c, Role: "Backend", Stage: "technical",
			HiringManager: slacktest.HiringManager, RecordedBy: slacktest.HiringManager,
			StartsAt: time.Now().Add(-3 * time.Hour), Duration: time.Hour, Panel: newPanel(panel)}); err != nil {
			t.Fatal(err)
		}
	}
	// Every panelist opens their scorecard form.
	var views []fakeslack.View
	for c, panel := range panels {
		for _, u := range panel {
			cursor := fake.Cursor()
			env, err := fake.SlashCommand(ctx, u, slacktest.Hiring, "/feedback", c)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := env.WaitAck(ctx); err != nil {
				t.Fatal(err)
			}
			v, err := fake.WaitViewAfter(ctx, cursor, func(v fakeslack.View) bool { return v.UserID == u && v.CallbackID == "scorecard" && !v.Closed })
			if err != nil {
				t.Fatalf("no scorecard form for %s: %v\n%s", u, err, proc.Logs)
			}
			views = append(views, v)
		}
	}

	// All of them submit at once; hirebot dies somewhere in the middle, and comes back.
	envs := make([]*fakeslack.Envelope, len(views))
	var wg sync.WaitGroup
	for i, v := range views {
		wg.Go(func() {
			env, err := fake.SubmitView(ctx, v.UserID, v.ID, scorecardValues("hire", "Round "+strconv.Itoa(round)))
			if err != nil {
				t.Errorf("submit: %v", err)
				return
			}
			envs[i] = env
		})
	}
	if round%2 == 0 {
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond) // the random moment of the crash
	} else {
		// Odd rounds die right after Slack took a receipt, before hirebot heard back: the
		// answers to chat.postMessage are held meanwhile (a slow network).
		fake.DelayAnswers("chat.postMessage", 300*time.Millisecond)
		if _, err := fake.WaitMessage(ctx, isReceipt); err != nil {
			t.Fatal(err)
		}
	}
	proc.Kill()
	fake.DelayAnswers("chat.postMessage", 0)
	proc.Restart(t) // submissions not yet sent go to the new process
	wg.Wait()
	for _, env := range envs {
		if env == nil {
			continue
		}
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatalf("a submission was never acked: %v\n%s", err, proc.Logs)
		}
	}
	// The receipts still queued go out from the new process; a stop before then would leave
	// them for its next start (a stop finishes the send under way, not the whole queue). A
	// receipt that never comes is reported below.
	waitForDMs(ctx, fake, people[:20], 30*time.Second, isReceipt)
	if err := proc.Stop(); err != nil { // a clean stop: the outbox finishes what it was sending
		t.Errorf("hirebot stopped with %v\n%s", err, proc.Logs)
	}

	for c, panel := range panels {
		missing, extra := storedScorecards(t, store, c, panel)
		lost, doubled = lost+len(missing), doubled+extra
	}
	for _, u := range people[:20] {
		n := countMessages(fake, fake.DMChannel(u), isReceipt)
		switch {
		case n == 0:
			t.Errorf("round %d: %s never got the receipt for their scorecard", round, u)
		case n > 1:
			t.Errorf("round %d: %s got the receipt for their scorecard %d times, want once", round, u, n)
			receiptsTwice += n - 1
		}
	}
	for _, c := range fake.Calls("conversations.history") {
		lookedUp++
		if bytes.Contains(c.Response, []byte(`"hirebot_outbox"`)) { // one receipt per direct message
			found++
		}
	}
	return lost, doubled, receiptsTwice, lookedUp, found
}

func newPanel(users []string) []data.NewPanelist {
	out := make([]data.NewPanelist, len(users))
	for i, u := range users {
		out[i] = data.NewPanelist{UserID: u}
	}
	return out
}

// isReceipt matches the direct message that confirms a saved scorecard.
func isReceipt(m fakeslack.Message) bool { return m.Text == "Scorecard saved" }

// waitForDMs waits, for up to limit in all, until each of users has a direct message match
// accepts. One that never comes is not an error here: the caller's counts report it.
func waitForDMs(ctx context.Context, fake *fakeslack.Server, users []string, limit time.Duration, match func(fakeslack.Message) bool) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for _, u := range users {
		dm := fake.DMChannel(u)
		_, _ = fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Channel == dm && match(m) })
	}
}

// storedScorecards checks the scorecards of candidate's one interview: the panelists of panel
// with none stored (lost), and the versions stored beyond one each (doubled).
func storedScorecards(t *testing.T, store *data.Store, candidate string, panel []string) (lost []string, doubled int) {
	t.Helper()
	ctx := context.Background()
	ivs, err := store.FindInterviewsByCandidate(ctx, slacktest.HiringManager, candidate)
	if err != nil || len(ivs) != 1 {
		t.Fatalf("%s: %d interviews, %v", candidate, len(ivs), err)
	}
	for _, u := range panel {
		history, err := store.ScorecardHistory(ctx, ivs[0].ID, u)
		if err != nil {
			t.Fatal(err)
		}
		switch n := len(history); {
		case n == 0:
			lost = append(lost, u)
		case n > 1:
			doubled += n - 1
		}
	}
	return lost, doubled
}
