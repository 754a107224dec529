package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// manage picks item ("edit", "reschedule" or "cancel") in the menu of the one interview msg shows,
// and waits for the form it opens.
func (h *harness) manage(user string, msg fakeslack.Message, item, callbackID string) fakeslack.View {
	h.T.Helper()
	cursor := h.Fake.Cursor()
	var value string
	mustContain(h.T, string(msg.Blocks), `"interview_manage"`)
	for _, part := range strings.Split(string(msg.Blocks), `"value":"`)[1:] {
		if v, _, _ := strings.Cut(part, `"`); strings.HasPrefix(v, item+":") {
			value = v
		}
	}
	env, err := h.Fake.SelectOption(h.Ctx(), user, msg, "interview_manage", value)
	if err != nil {
		h.T.Fatalf("pick %s: %v", item, err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		h.T.Fatalf("pick %s not acked: %v", item, err)
	}
	return h.WaitViewAfter(cursor, user, callbackID)
}

// TestInterviewLifecycleThroughSlack reschedules, edits and cancels an interview from the menu
// of /interview list and of the heads-up, and checks that reminders follow every change.
func TestInterviewLifecycleThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter

	cursor := fake.Cursor()
	start := h.Clock.Now().Truncate(time.Hour).Add(2 * time.Hour)
	form := h.openInterviewForm(hm)
	h.SubmitOK(hm, form, interviewValues("Jane Doe", []string{i1, i2, hm}, start, "60"))
	h.WaitDM(cursor, i2, "You're on the panel for *Jane Doe*")
	// The hiring manager sits on the panel: their heads-up carries the menu, the others' do not.
	mine := h.WaitDM(cursor, hm, "You're on the panel for *Jane Doe*")
	mustContain(t, texts(t, mine), "Reschedule", "Cancel interview")
	if strings.Contains(texts(t, h.WaitDM(cursor, i1, "Jane Doe")), "Reschedule") {
		t.Fatal("an interviewer who does not manage the interview got its menu")
	}
	if strings.Contains(string(h.Command(i1, slacktest.Hiring, "/interview", "list").Blocks), "interview_manage") {
		t.Fatal("/interview list offers the menu to an interviewer who may not change the interview")
	}

	// Reschedule from the heads-up: a day later. The panel hears the new time.
	cursor = fake.Cursor()
	later := start.Add(24 * time.Hour)
	v := h.manage(hm, mine, "reschedule", "interview_reschedule")
	h.SubmitOK(hm, v, map[string]map[string]fakeslack.Value{
		"iv_start":    {"value": {Type: "datetimepicker", SelectedDateTime: later.Unix()}},
		"iv_duration": {"value": {Type: "number_input", Value: "45"}},
	})
	mustContain(t, texts(t, h.WaitDM(cursor, i1, "moved from")), "45 min")
	h.WaitDM(cursor, hm, "Saved: *Jane Doe*")

	// The old due time passes: nobody is chased, the scorecards are not due yet.
	h.Clock.Set(start.Add(3 * time.Hour))
	h.sweep()
	for _, u := range []string{i1, i2, hm} {
		if n := h.DMsContaining(u, "is overdue"); n != 0 {
			t.Fatalf("%s was chased %d times before the new due time", u, n)
		}
	}

	// Edit from /interview list: Priya off the panel, Rosa on it.
	cursor = fake.Cursor()
	list := h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")
	mustContain(t, texts(t, list), "Upcoming interviews", "Jane Doe")
	edit := h.manage(hm, list, "edit", "interview_edit")
	mustContain(t, string(edit.Blocks), `"initial_value":"Jane Doe"`, `"initial_users":["`+i1+`","`+i2+`","`+hm+`"]`)
	h.SubmitOK(hm, edit, interviewValues("Jane Doe", []string{i1, rec, hm}, later, "45"))
	h.WaitDM(cursor, i2, "took you off the panel for *Jane Doe*")
	mustContain(t, texts(t, h.WaitDM(cursor, rec, "You're on the panel for *Jane Doe*")), "Submit feedback")

	// Past the new due time: the panel as it is now is chased, Priya is not.
	h.Clock.Set(later.Add(45*time.Minute + 2*time.Hour))
	h.sweep()
	for _, u := range []string{i1, rec, hm} {
		h.WaitDM(cursor, u, "is overdue")
	}
	if n := h.DMsContaining(i2, "is overdue"); n != 0 {
		t.Fatalf("a removed interviewer was chased %d times", n)
	}

	// Ivan submits; then the interview is cancelled with a reason.
	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	card := h.WaitView(i1, "scorecard")
	h.SubmitOK(i1, card, scorecardValues("hire", "Clear API design"))
	h.WaitDM(cursor, i1, "is saved: Hire")

	cursor = fake.Cursor()
	list = h.Command(hm, slacktest.Hiring, "/interview", "list")
	cancel := h.manage(hm, list, "cancel", "interview_cancel")
	mustContain(t, string(cancel.Blocks), "Cancel the technical interview with *Jane Doe*")
	h.SubmitOK(hm, cancel, map[string]map[string]fakeslack.Value{
		"iv_cancel_reason": {"value": {Type: "plain_text_input", Value: "The candidate accepted another offer"}},
	})
	for _, u := range []string{i1, rec} {
		mustContain(t, texts(t, h.WaitDM(cursor, u, "was cancelled by")), "The candidate accepted another offer")
	}
	h.WaitDM(cursor, hm, "Cancelled the technical interview")
	if n := h.DMsContaining(i2, "was cancelled"); n != 0 {
		t.Fatal("someone taken off the panel earlier was told of the cancellation")
	}

	// Never chased again; the submitted scorecard is kept and visible; the lists say so.
	before := h.DMsContaining(rec, "is overdue")
	for range 3 {
		h.Clock.Advance(2 * time.Hour)
		h.sweep()
	}
	if after := h.DMsContaining(rec, "is overdue"); after != before {
		t.Fatalf("a cancelled interview was chased: %d reminders before, %d after", before, after)
	}
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/feedback", "summary Jane Doe")), "Clear API design")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/interview", "list cancelled")), "Cancelled by", "The candidate accepted another offer")
	mustContain(t, texts(t, h.Command(rec, slacktest.Hiring, "/feedback", "")), "You're all caught up")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/interview", "list")), "1 cancelled")
}

// TestInterviewChangesAfterARestartAreMadeOnce loses the acks of an edit and a cancellation and
// restarts hirebot, so that Slack delivers each again to the new process: each change is made,
// and each notice sent, exactly once.
func TestInterviewChangesAfterARestartAreMadeOnce(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{AckTimeout: 300 * time.Millisecond, MaxRetries: 60}) // retries outlast a restart on a busy machine
	h := startBot(t, fake, nil)
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2
	start := h.Clock.Now().Truncate(time.Hour).Add(24 * time.Hour)

	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Rae Redo", []string{i1, hm}, start, "60"))
	mine := h.WaitDM(cursor, hm, "You're on the panel for *Rae Redo*")

	edit := h.manage(hm, mine, "edit", "interview_edit")
	fake.LoseAcks(1)
	env, err := fake.SubmitView(h.Ctx(), hm, edit.ID, interviewValues("Rae Redo", []string{i2, hm}, start, "60"))
	if err != nil {
		t.Fatal(err)
	}
	release := fake.HoldDeliveries() // its redelivery waits for the restarted process
	h.WaitDM(cursor, i1, "took you off the panel")
	h.restartAndWaitAck(env, release)
	h.drainOutbox()

	list := h.Command(hm, slacktest.Hiring, "/interview", "list")
	cancel := h.manage(hm, list, "cancel", "interview_cancel")
	fake.LoseAcks(1)
	env, err = fake.SubmitView(h.Ctx(), hm, cancel.ID, map[string]map[string]fakeslack.Value{})
	if err != nil {
		t.Fatal(err)
	}
	release = fake.HoldDeliveries() // its redelivery waits for the restarted process
	h.WaitDM(cursor, i2, "was cancelled by")
	h.restartAndWaitAck(env, release)
	h.drainOutbox()

	for _, c := range []struct{ user, want string }{
		{i1, "took you off the panel"}, {i2, "You're on the panel for *Rae Redo*"},
		{i2, "was cancelled by"}, {hm, "Cancelled the technical interview"}, {hm, "Saved: *Rae Redo*"},
	} {
		if n := h.DMsContaining(c.user, c.want); n != 1 {
			t.Errorf("%s got %d direct messages with %q, want exactly 1", c.user, n, c.want)
		}
	}
}

// TestPanelCompleteWhenTheLastPendingInterviewerIsTakenOff: one interviewer submits, the hiring
// manager takes the other off the panel, and the hiring manager and the recorder hear once that
// every scorecard is in.
func TestPanelCompleteWhenTheLastPendingInterviewerIsTakenOff(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter

	cursor := fake.Cursor()
	start := h.recordUpcoming(rec, "Jane Doe", i1, i2)
	h.Clock.Set(start.Add(90 * time.Minute))

	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	h.SubmitOK(i1, h.WaitView(i1, "scorecard"), scorecardValues("hire", "Clear API design"))
	h.WaitDM(cursor, i1, "is saved: Hire")
	if n := h.DMsContaining(hm, "Every scorecard is in"); n != 0 {
		t.Fatalf("the panel was complete with one scorecard of two: %d notices", n)
	}

	cursor = fake.Cursor()
	edit := h.manage(hm, h.Command(hm, slacktest.Hiring, "/interview", "list"), "edit", "interview_edit")
	h.SubmitOK(hm, edit, interviewValues("Jane Doe", []string{i1}, start, "60"))
	h.WaitDM(cursor, i2, "took you off the panel for *Jane Doe*")
	mustContain(t, texts(t, h.WaitDM(cursor, hm, "Every scorecard is in for *Jane Doe*")), "1 of 1")
	h.WaitDM(cursor, rec, "Every scorecard is in for *Jane Doe*")
	h.WaitDM(cursor, hm, "Saved: *Jane Doe*")
	if n := h.DMsContaining(hm, "Every scorecard is in"); n != 1 {
		t.Fatalf("the hiring manager heard %d times that the panel is complete", n)
	}
}

// TestEditingTheTimeRestartsTheChase moves, with the Edit form, an interview whose interviewer
// was already reminded twice: the reminders move to the new due time and start over from the
// first, and the hiring manager is not told of a missing scorecard before the new reminders ran.
// On the way, /interview list past and upcoming show the interview where it belongs.
func TestEditingTheTimeRestartsTheChase(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	// Only the test's sweeps: on PostgreSQL a start-up sweep running late holds the sweep's lock,
	// and the test's first sweep would pass.
	h := startBotUnscheduled(t, fake, feedbackEnv(map[string]string{"HIREBOT_ESCALATE_AFTER": "3"}))
	hm, i1, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Recruiter
	const escalated = "is still missing after reminders"

	start := h.recordUpcoming(rec, "Max Moved", i1)
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")), "Upcoming interviews", "Max Moved")

	// The interview took place; its interviewer is reminded twice, which is not yet enough to escalate.
	cursor := fake.Cursor()
	h.Clock.Set(start.Add(4 * time.Hour))
	h.sweep()
	h.WaitDM(cursor, i1, "Reminder 1 of at most 10")
	h.Clock.Advance(time.Hour)
	h.sweep()
	h.WaitDM(cursor, i1, "Reminder 2 of at most 10")

	past := h.Command(hm, slacktest.Hiring, "/interview", "list past")
	mustContain(t, texts(t, past), "Past interviews", "Max Moved", "0/1 scorecards")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")), "No interview of yours is coming up")

	// It turns out it never happened: the hiring manager moves it to tomorrow with the Edit form.
	cursor = fake.Cursor()
	later := h.Clock.Now().Truncate(time.Hour).Add(24 * time.Hour)
	edit := h.manage(hm, past, "edit", "interview_edit")
	h.SubmitOK(hm, edit, interviewValues("Max Moved", []string{i1}, later, "60"))
	h.WaitDM(cursor, i1, "moved from")

	// Nobody is chased or escalated before the new due time.
	h.Clock.Advance(time.Hour)
	h.sweep()
	if n := h.DMsContaining(i1, "is overdue"); n != 2 {
		t.Fatalf("%d reminders before the new due time, want the 2 from before the move", n)
	}
	if n := h.DMsContaining(hm, escalated); n != 0 {
		t.Fatalf("the hiring manager heard %d times of a scorecard not yet due", n)
	}
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")), "Max Moved")

	// Past the new due time the chase starts over: reminder 1, 2, 3, and only then the escalation.
	h.Clock.Set(later.Add(4 * time.Hour))
	for n := 1; n <= 3; n++ {
		cursor = fake.Cursor()
		h.sweep()
		h.WaitDM(cursor, i1, fmt.Sprintf("Reminder %d of at most 10", n))
		if got, want := h.DMsContaining(hm, escalated), max(0, n-2); got != want {
			t.Fatalf("after reminder %d since the move the hiring manager was told %d times, want %d", n, got, want)
		}
		h.Clock.Advance(time.Hour)
	}
}

// TestManagersOffThePanelHearOfTheInterview: the hiring manager and the recorder, neither on the
// panel, each get a direct message with the menu when the interview is recorded; each hears of
// the other's changes there; a newly appointed hiring manager is told, and the one replaced too.
func TestManagersOffThePanelHearOfTheInterview(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter

	cursor := fake.Cursor()
	start := h.recordUpcoming(rec, "Mo Manager", i1)
	mine := h.WaitDM(cursor, hm, "recorded an interview with you as its hiring manager")
	mustContain(t, texts(t, mine), "*Mo Manager*", "Panel: <@"+i1+">", "Reschedule", "Cancel interview")
	recorded := h.WaitDM(cursor, rec, "You recorded an interview, with <@"+hm+"> as its hiring manager")
	mustContain(t, texts(t, recorded), "Edit")

	// The hiring manager reschedules from their message; the recorder hears of it.
	cursor = fake.Cursor()
	later := start.Add(24 * time.Hour)
	h.SubmitOK(hm, h.manage(hm, mine, "reschedule", "interview_reschedule"), map[string]map[string]fakeslack.Value{
		"iv_start":    {"value": {Type: "datetimepicker", SelectedDateTime: later.Unix()}},
		"iv_duration": {"value": {Type: "number_input", Value: "60"}},
	})
	h.WaitDM(cursor, i1, "moved from")
	mustContain(t, texts(t, h.WaitDM(cursor, rec, "changed an interview you manage")), "*Mo Manager*", "Moved from", "Reschedule")
	h.WaitDM(cursor, hm, "Saved: *Mo Manager*")
	if n := h.DMsContaining(hm, "changed an interview you manage"); n != 0 {
		t.Fatalf("whoever made the change was told of it %d times besides the confirmation", n)
	}

	// The recorder adds an interviewer and hands the interview to a new hiring manager.
	cursor = fake.Cursor()
	values := interviewValues("Mo Manager", []string{i1, outsider}, later, "60")
	values["iv_manager"] = map[string]fakeslack.Value{"value": {Type: "users_select", SelectedUser: i2}}
	h.SubmitOK(rec, h.manage(rec, recorded, "edit", "interview_edit"), values)
	appointed := h.WaitDM(cursor, i2, "made you the hiring manager of an interview")
	mustContain(t, texts(t, appointed), "*Mo Manager*", "Added to the panel: <@"+outsider+">", "Cancel interview")
	h.WaitDM(cursor, hm, "the hiring manager for *Mo Manager*")
	h.WaitDM(cursor, outsider, "You're on the panel for *Mo Manager*")
	// The new hiring manager's menu works for them.
	h.manage(i2, appointed, "cancel", "interview_cancel")
}

// TestTakenOffThePanelAfterSubmitting: an interviewer's scorecard is kept when they are taken off
// the panel after submitting it: they still read it, and it counts among the scorecards in.
func TestTakenOffThePanelAfterSubmitting(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter

	cursor := fake.Cursor()
	start := h.recordUpcoming(rec, "Sam Kept", i1, i2)
	h.Clock.Set(start.Add(90 * time.Minute))
	h.Run(i1, slacktest.Hiring, "/feedback", "Sam Kept")
	h.SubmitOK(i1, h.WaitView(i1, "scorecard"), scorecardValues("hire", "Clear API design"))
	h.WaitDM(cursor, i1, "is saved: Hire")

	edit := h.manage(hm, h.Command(hm, slacktest.Hiring, "/interview", "list"), "edit", "interview_edit")
	h.SubmitOK(hm, edit, interviewValues("Sam Kept", []string{i2}, start, "60"))
	h.WaitDM(cursor, i1, "took you off the panel for *Sam Kept*")

	mine := texts(t, h.Command(i1, slacktest.Hiring, "/feedback", "summary Sam Kept"))
	mustContain(t, mine, "Clear API design", "you see only your own scorecard", "1 of 2 scorecards in")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/feedback", "summary Sam Kept")), "1 of 2 scorecards in", "waiting for <@"+i2+">")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/interview", "list")), "1/2 scorecards")

	h.Run(i2, slacktest.Hiring, "/feedback", "Sam Kept")
	h.SubmitOK(i2, h.WaitView(i2, "scorecard"), scorecardValues("no-hire", "Solid SQL"))
	mustContain(t, texts(t, h.WaitDM(cursor, hm, "Every scorecard is in for *Sam Kept*")), "2 of 2", "Hire: *1*", "No hire: *1*")
}

// TestQueuedRemindersAreDroppedByTheChange holds chat.postMessage under a rate limit while a
// sweep queues the panel's reminders; meanwhile one interviewer is taken off the panel and then
// the interview is cancelled. Once Slack takes messages again, nobody gets a reminder: each
// hears only what the change told them.
func TestQueuedRemindersAreDroppedByTheChange(t *testing.T) {
	t.Parallel() // mostly waits on Slack's Retry-After; runs beside the others
	// The fake's clock stands still, so its rate limit outlasts every retry made in real time.
	slackClock := slacktest.NewClock(time.Now().UTC())
	fake := newFake(t, fakeslack.Options{Now: slackClock.Now})
	h := startBotWith(t, fake, feedbackEnv(nil), appOptions{noSchedule: true, apiRetries: -1}) // one 429 per try, not slack-go's three waits
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter

	start := h.recordUpcoming(rec, "Lena Late", i1, i2)
	h.drainOutbox()
	h.Clock.Set(start.Add(4 * time.Hour)) // both scorecards are overdue

	fake.RateLimitFor("chat.postMessage", time.Second)
	if rep := h.sweep(); rep.Sent != 2 {
		t.Fatalf("the sweep queued %d reminders, want 2", rep.Sent)
	}
	h.waitOutboxIdle()

	cursor := fake.Cursor()
	edit := h.manage(hm, h.Command(hm, slacktest.Hiring, "/interview", "list"), "edit", "interview_edit")
	h.SubmitOK(hm, edit, interviewValues("Lena Late", []string{i1}, start, "60"))
	h.waitOutboxIdle()
	cancel := h.manage(hm, h.Command(hm, slacktest.Hiring, "/interview", "list"), "cancel", "interview_cancel")
	h.SubmitOK(hm, cancel, map[string]map[string]fakeslack.Value{})
	h.waitOutboxIdle()

	fake.LiftRateLimit("chat.postMessage")
	h.Clock.Advance(10 * time.Minute) // past the outbox's retry time
	h.drainOutbox()
	h.WaitDM(cursor, i2, "took you off the panel for *Lena Late*")
	h.WaitDM(cursor, i1, "was cancelled by")
	for _, u := range []string{i1, i2} {
		if n := h.DMsContaining(u, "is overdue"); n != 0 {
			t.Errorf("%s got %d reminders queued before the change", u, n)
		}
	}
	metrics := h.metrics()
	mustContain(t, metrics, `hirebot_outbox_messages{status="dropped"} 2`, `hirebot_outbox_messages{status="failed"} 0`,
		`hirebot_outbox_messages{status="pending"} 0`)
	if strings.Contains(metrics, `hirebot_outbox_deliveries_total{kind="reminder",outcome="sent"}`) {
		t.Errorf("/metrics counts a reminder sent:\n%s", metrics)
	}
	for _, m := range fake.Messages(fake.DMChannel(hm)) {
		if text := texts(t, m); strings.Contains(text, "couldn't") || strings.Contains(text, "could not") {
			t.Errorf("the hiring manager was told something failed: %s", text)
		}
	}
}
