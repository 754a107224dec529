package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// TestRedeliveredClicksChangeNothingTwice loses the acks of the buttons that change something
// (snooze, didn't attend, erase a candidate, delete a posting draft), as when hirebot dies after
// handling a click but before its ack leaves, and restarts it: Slack delivers each click again to
// the new process, which changes nothing twice, tells nobody twice, and answers as the first
// time did.
func TestRedeliveredClicksChangeNothingTwice(t *testing.T) {
	t.Parallel()
	// The ack timeout outlasts a stop, so that the click comes again to the new process only.
	fake := newFake(t, fakeslack.Options{AckTimeout: 2 * time.Second, MaxRetries: 30})
	const admin = slacktest.Recruiter
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2

	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Rae Redo", []string{i1, i2}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.WaitDM(cursor, i2, "You're on the panel for *Rae Redo*")
	h.sweep()
	reminder1 := h.WaitDM(cursor, i1, "is overdue")
	reminder2 := h.WaitDM(cursor, i2, "is overdue")

	// clickTwice clicks, waits for the first answer, restarts hirebot before Slack gives up on the
	// lost ack, and waits until the new process has answered the click again through method.
	var between func() // runs after the first answer, before the restart
	clickTwice := func(what, method string, click func() (*fakeslack.Envelope, error), answered func() bool) {
		t.Helper()
		fake.LoseAcks(1)
		env, err := click()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		h.waitUntil(what+": the first answer", answered)
		if between != nil {
			between()
			between = nil
		}
		before := len(fake.Calls(method))
		if err := h.Stop(); err != nil {
			t.Fatal(err)
		}
		h.Restart()
		ack, err := env.WaitAck(h.Ctx())
		if err != nil || ack.Attempt == 0 {
			t.Fatalf("%s: the redelivered click was not acked (%+v, %v)", what, ack, err)
		}
		if on := env.DeliveredOn(); len(on) < 2 || on[0] == on[len(on)-1] {
			t.Fatalf("%s: delivered on connections %v, want the repeat on the new process's", what, on)
		}
		h.waitUntil(what+": the repeat's answer", func() bool { return len(fake.Calls(method)) > before })
		h.drainOutbox()
	}
	answer := func(m fakeslack.Message) string {
		now, _ := fake.Message(m.Channel, m.TS)
		return texts(t, now)
	}

	// Snooze: the time set by the first click stands, though the clock moved on.
	var first string
	between = func() {
		first = answer(reminder2)
		h.Clock.Advance(30 * time.Minute) // a repeat that snoozed again would name another time
	}
	clickTwice("snooze", "response_url",
		func() (*fakeslack.Envelope, error) {
			return fake.ClickButton(h.Ctx(), i2, reminder2, handlers.ActionSnoozeHour)
		},
		func() bool { return strings.Contains(answer(reminder2), "Snoozed") })
	if got := answer(reminder2); got != first {
		t.Errorf("the repeated snooze answered\n%s\nwant as the first time:\n%s", got, first)
	}

	// Didn't attend: off the panel once, and the hiring manager told once.
	clickTwice("didn't attend", "response_url",
		func() (*fakeslack.Envelope, error) {
			return fake.ClickButton(h.Ctx(), i1, reminder1, handlers.ActionNotAttended)
		},
		func() bool { return h.DMsContaining(hm, "says they didn't attend") == 1 })
	mustContain(t, answer(reminder1), "you're off the panel for *Rae Redo*")
	if n := h.DMsContaining(hm, "says they didn't attend"); n != 1 {
		t.Errorf("the hiring manager was told %d times of the absence, want once", n)
	}

	// Erase: the report of the erasure stays, not "Nothing is recorded".
	confirm := h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase Rae Redo")
	clickTwice("erase", "response_url",
		func() (*fakeslack.Envelope, error) {
			return fake.ClickButton(h.Ctx(), admin, confirm, handlers.ActionAdminErase)
		},
		func() bool { return strings.Contains(answer(confirm), "Erased: 1 interviews") })
	got := answer(confirm)
	mustContain(t, got, "Erased: 1 interviews", "The audit trail now calls them `candidate-")
	if strings.Contains(got, "Nothing is recorded") {
		t.Errorf("the repeated erase click replaced the report:\n%s", got)
	}
	trail := texts(t, h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit 7d"))
	if n := strings.Count(trail, "erased"); n != 1 {
		t.Errorf("%d erasures in the audit trail, want 1:\n%s", n, trail)
	}

	// Delete a posting draft: the modal still says it was deleted.
	preview := h.writePostingDraft(hm, postingAcme)
	id := postingDraftID(t, preview)
	clickTwice("delete posting", "views.update",
		func() (*fakeslack.Envelope, error) {
			return fake.ClickViewButton(h.Ctx(), hm, preview, handlers.ActionPostingDelete)
		},
		func() bool {
			v, _ := fake.View(preview.ID)
			return strings.Contains(postingViewText(t, v), "Deleted job posting draft #"+id)
		})
	v, _ := fake.View(preview.ID)
	mustContain(t, postingViewText(t, v), "Deleted job posting draft #"+id)
	for _, e := range fake.UserErrors() {
		t.Errorf("a user saw a Slack error: %+v", e)
	}
	for _, m := range fake.Messages(slacktest.Hiring) {
		if m.VisibleTo == hm && strings.Contains(m.Text, "was deleted on") {
			t.Errorf("the repeated delete click was answered with an error: %s", m.Text)
		}
	}
}

// waitUntil waits until cond holds, failing the test when the harness's context ends first.
func (h *harness) waitUntil(what string, cond func() bool) {
	t := h.T
	t.Helper()
	ctx := h.Ctx()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not before the deadline\n%s", what, h.Logs.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}
