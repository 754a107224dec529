package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestRedeliveryAfterARestartStoresNothingTwice loses the acks of an interview and a scorecard
// submission, as when hirebot dies after committing but before its ack leaves, and restarts it:
// Slack delivers both submissions again to the new process, which must neither store them again
// nor send their messages twice.
func TestRedeliveryAfterARestartStoresNothingTwice(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{AckTimeout: 300 * time.Millisecond, MaxRetries: 60}) // retries outlast a restart on a busy machine
	// No schedule: a sweep at a restart would remind of the scorecard inside working hours.
	h := startBotUnscheduled(t, fake, nil)
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1

	// The interview form: committed, its ack lost, hirebot restarted, the submission redelivered.
	form := h.openInterviewForm(hm)
	cursor := fake.Cursor()
	fake.LoseAcks(1)
	env, err := fake.SubmitView(h.Ctx(), hm, form.ID, interviewValues("Rae Redo", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	if err != nil {
		t.Fatal(err)
	}
	release := fake.HoldDeliveries()                           // its redelivery waits for the restarted process
	h.WaitDM(cursor, i1, "You're on the panel for *Rae Redo*") // committed and announced
	h.restartAndWaitAck(env, release)

	// The scorecard: the same.
	h.Run(i1, slacktest.Hiring, "/feedback", "Rae Redo")
	card := h.WaitView(i1, "scorecard")
	fake.LoseAcks(1)
	env, err = fake.SubmitView(h.Ctx(), i1, card.ID, scorecardValues("hire", "Clear API design"))
	if err != nil {
		t.Fatal(err)
	}
	release = fake.HoldDeliveries() // its redelivery waits for the restarted process
	h.WaitDM(cursor, i1, "Your scorecard for *Rae Redo* (Technical) is saved")
	h.restartAndWaitAck(env, release)
	h.drainOutbox()

	a, ctx := h.app.Load(), h.Ctx()
	ivs, err := a.store.FindInterviewsByCandidate(ctx, i1, "Rae Redo")
	if err != nil || len(ivs) != 1 {
		t.Fatalf("%d interviews with Rae Redo (%v), want exactly 1", len(ivs), err)
	}
	history, err := a.store.ScorecardHistory(ctx, ivs[0].ID, i1)
	if err != nil || len(history) != 1 {
		t.Fatalf("%d scorecard versions (%v), want exactly 1", len(history), err)
	}
	for _, want := range []string{"You're on the panel for *Rae Redo*", "Your scorecard for *Rae Redo* (Technical) is saved"} {
		if n := h.DMsContaining(i1, want); n != 1 {
			t.Errorf("%d direct messages with %q, want exactly 1", n, want)
		}
	}
}

// restartAndWaitAck restarts hirebot, as after a crash, and waits until Slack's redelivery of
// env has been acked by the new process. release ends the hold on deliveries the test took as
// soon as env went out: a redelivery reaching the stopping process would be turned away
// ("restarting, submit again"), which is right, but not what these tests are about.
func (h *harness) restartAndWaitAck(env *fakeslack.Envelope, release func()) {
	h.T.Helper()
	if err := h.Stop(); err != nil {
		h.T.Fatal(err)
	}
	h.Restart()
	release()
	ack, err := env.WaitAck(h.Ctx())
	if err != nil {
		h.T.Fatalf("the redelivered submission was not acked: %v", err)
	}
	if ack.Attempt == 0 || strings.Contains(string(ack.Payload), "errors") {
		h.T.Fatalf("ack %+v: want the redelivery acked without errors", ack)
	}
}
