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
// time did. Each button has a bot of its own, and they run side by side: each click waits out
// the fake's ack timeout in real time.
func TestRedeliveredClicksChangeNothingTwice(t *testing.T) {
	t.Parallel()
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2
	const admin = slacktest.Recruiter

	// Snooze: the time set by the first click stands, though the clock moved on.
	t.Run("snooze", func(t *testing.T) {
		t.Parallel()
		r := startRedelivery(t, admin)
		_, reminder2 := r.remindRaeRedo()
		var first string
		r.between = func() {
			first = r.answer(reminder2)
			r.h.Clock.Advance(30 * time.Minute) // a repeat that snoozed again would name another time
		}
		r.clickTwice("snooze", "response_url",
			func() (*fakeslack.Envelope, error) {
				return r.fake.ClickButton(r.h.Ctx(), i2, reminder2, handlers.ActionSnoozeHour)
			},
			func() bool { return strings.Contains(r.answer(reminder2), "Snoozed") })
		if got := r.answer(reminder2); got != first {
			t.Errorf("the repeated snooze answered\n%s\nwant as the first time:\n%s", got, first)
		}
		r.noErrors()
	})

	// Didn't attend: off the panel once, and the hiring manager told once.
	t.Run("didn't attend", func(t *testing.T) {
		t.Parallel()
		r := startRedelivery(t, admin)
		reminder1, _ := r.remindRaeRedo()
		r.clickTwice("didn't attend", "response_url",
			func() (*fakeslack.Envelope, error) {
				return r.fake.ClickButton(r.h.Ctx(), i1, reminder1, handlers.ActionNotAttended)
			},
			func() bool { return r.h.DMsContaining(hm, "says they didn't attend") == 1 })
		mustContain(t, r.answer(reminder1), "you're off the panel for *Rae Redo*")
		if n := r.h.DMsContaining(hm, "says they didn't attend"); n != 1 {
			t.Errorf("the hiring manager was told %d times of the absence, want once", n)
		}
		r.noErrors()
	})

	// Erase: the report of the erasure stays, not "Nothing is recorded".
	t.Run("erase", func(t *testing.T) {
		t.Parallel()
		r := startRedelivery(t, admin)
		r.remindRaeRedo()
		confirm := r.h.Command(admin, slacktest.Hiring, "/hirebot-admin", "erase Rae Redo")
		r.clickTwice("erase", "response_url",
			func() (*fakeslack.Envelope, error) {
				return r.fake.ClickButton(r.h.Ctx(), admin, confirm, handlers.ActionAdminErase)
			},
			func() bool { return strings.Contains(r.answer(confirm), "Erased: 1 interviews") })
		got := r.answer(confirm)
		mustContain(t, got, "Erased: 1 interviews", "The audit trail now calls them `candidate-")
		if strings.Contains(got, "Nothing is recorded") {
			t.Errorf("the repeated erase click replaced the report:\n%s", got)
		}
		trail := texts(t, r.h.Command(admin, slacktest.Hiring, "/hirebot-admin", "audit 7d"))
		if n := strings.Count(trail, "erased"); n != 1 {
			t.Errorf("%d erasures in the audit trail, want 1:\n%s", n, trail)
		}
		r.noErrors()
	})

	// Delete a posting draft: the modal still says it was deleted.
	t.Run("delete posting", func(t *testing.T) {
		t.Parallel()
		r := startRedelivery(t, admin)
		preview := r.h.writePostingDraft(hm, postingAcme)
		id := postingDraftID(t, preview)
		r.clickTwice("delete posting", "views.update",
			func() (*fakeslack.Envelope, error) {
				return r.fake.ClickViewButton(r.h.Ctx(), hm, preview, handlers.ActionPostingDelete)
			},
			func() bool {
				v, _ := r.fake.View(preview.ID)
				return strings.Contains(postingViewText(t, v), "Deleted job posting draft #"+id)
			})
		v, _ := r.fake.View(preview.ID)
		mustContain(t, postingViewText(t, v), "Deleted job posting draft #"+id)
		for _, m := range r.fake.Messages(slacktest.Hiring) {
			if m.VisibleTo == hm && strings.Contains(m.Text, "was deleted on") {
				t.Errorf("the repeated delete click was answered with an error: %s", m.Text)
			}
		}
		r.noErrors()
	})
}

// redelivery is one bot of TestRedeliveredClicksChangeNothingTwice, against a fake whose ack
// timeout outlasts a stop, so that a click whose ack was lost comes again to the new process only.
type redelivery struct {
	t       *testing.T
	fake    *fakeslack.Server
	h       *harness
	between func() // runs after the first answer of the next clickTwice, before the restart
}

func startRedelivery(t *testing.T, admin string) *redelivery {
	t.Helper()
	fake := newFake(t, fakeslack.Options{AckTimeout: 2 * time.Second, MaxRetries: 30})
	return &redelivery{t: t, fake: fake, h: startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": admin}))}
}

// remindRaeRedo records an interview with Rae Redo that ended three hours ago, sweeps, and
// returns the two panelists' reminders.
func (r *redelivery) remindRaeRedo() (reminder1, reminder2 fakeslack.Message) {
	r.t.Helper()
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2
	cursor := r.fake.Cursor()
	r.h.SubmitOK(hm, r.h.openInterviewForm(hm), interviewValues("Rae Redo", []string{i1, i2}, r.h.Clock.Now().Add(-3*time.Hour), "60"))
	r.h.WaitDM(cursor, i2, "You're on the panel for *Rae Redo*")
	r.h.sweep()
	return r.h.WaitDM(cursor, i1, "is overdue"), r.h.WaitDM(cursor, i2, "is overdue")
}

// clickTwice clicks, waits for the first answer, restarts hirebot before Slack gives up on the
// lost ack, and waits until the new process has answered the click again through method.
func (r *redelivery) clickTwice(what, method string, click func() (*fakeslack.Envelope, error), answered func() bool) {
	t, h, fake := r.t, r.h, r.fake
	t.Helper()
	fake.LoseAcks(1)
	env, err := click()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	h.waitUntil(what+": the first answer", answered)
	if r.between != nil {
		r.between()
		r.between = nil
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

// answer is what the message m shows now.
func (r *redelivery) answer(m fakeslack.Message) string {
	now, _ := r.fake.Message(m.Channel, m.TS)
	return texts(r.t, now)
}

// noErrors fails the test for every Slack error a user saw.
func (r *redelivery) noErrors() {
	for _, e := range r.fake.UserErrors() {
		r.t.Errorf("a user saw a Slack error: %+v", e)
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
