package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// waitOutboxIdle waits until the outbox holds pending messages, none due at the harness clock's
// time and none in flight: every attempt so far has ended and been recorded.
func (h *harness) waitOutboxIdle() {
	h.T.Helper()
	a, ctx := h.app.Load(), h.Ctx()
	for {
		st, err := a.store.OutboxStats(ctx, h.Clock.Now())
		if err != nil {
			h.T.Fatal(err)
		}
		if st.Pending > 0 && st.Due == 0 && st.Claimed == 0 {
			return
		}
		select {
		case <-ctx.Done():
			h.T.Fatalf("the outbox never settled to waiting: %+v\nlogs:\n%s", st, h.Logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestHeadsUpSurvivesALongRateLimit holds chat.postMessage under 429 for longer than slack-go's
// own retries last: the heads-up stays queued, nobody is told it failed, and once the window is
// over the interviewer gets it exactly once.
func TestHeadsUpSurvivesALongRateLimit(t *testing.T) {
	t.Parallel() // mostly waits on Slack's Retry-After or on processes; runs beside the others
	// The fake's clock stands still, so its rate limit outlasts every retry made in real time.
	slackClock := slacktest.NewClock(time.Now().UTC())
	fake := newFake(t, fakeslack.Options{Now: slackClock.Now})
	h := startBot(t, fake, feedbackEnv(nil))
	fake.RateLimitFor("chat.postMessage", time.Second)

	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, time.Now().Add(-3*time.Hour), "60"))
	h.waitOutboxIdle()

	refused := 0
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Status != http.StatusTooManyRequests {
			t.Fatalf("chat.postMessage answered %d inside the rate-limit window", c.Status)
		}
		refused++
	}
	if refused < 4 {
		t.Fatalf("chat.postMessage refused %d times, want slack-go's own retries (3) used up", refused)
	}
	if n := h.DMsContaining(slacktest.Interviewer1, "Jane Doe"); n != 0 {
		t.Fatalf("the interviewer got %d heads-ups inside the window", n)
	}

	fake.LiftRateLimit("chat.postMessage")
	h.Clock.Advance(10 * time.Minute) // past the outbox's retry time
	h.drainOutbox()
	if n := h.DMsContaining(slacktest.Interviewer1, "You're on the panel for *Jane Doe*"); n != 1 {
		t.Errorf("the interviewer got %d heads-ups, want exactly one", n)
	}
	for _, m := range fake.Messages(fake.DMChannel(slacktest.HiringManager)) {
		if text := texts(t, m); strings.Contains(text, "couldn't") || strings.Contains(text, "could not") {
			t.Errorf("the recorder was told something failed: %s", text)
		}
	}
	for _, e := range fake.UserErrors() {
		t.Errorf("a user saw an error: %+v", e)
	}
}

// TestHeadsUpSlackRefusesTellsTheRecorder puts a bot user on the panel: Slack refuses a direct
// message to it for good (cannot_dm_bot), and the person who recorded the interview hears that
// the interviewer could not be sent a direct message, once.
func TestHeadsUpSlackRefusesTellsTheRecorder(t *testing.T) {
	t.Parallel()
	const calendarBot = "U0CALBOT"
	fake := newFake(t, fakeslack.Options{})
	fake.AddUser(fakeslack.User{ID: calendarBot, Name: "calendar", RealName: "Calendar Bot", IsBot: true, TZ: "Europe/Berlin"})
	// No start-up sweep: one running late would remind the bot user too, and that refusal is
	// reported as well.
	h := startBotUnscheduled(t, fake, feedbackEnv(nil))

	cursor := fake.Cursor()
	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1, calendarBot}, time.Now().Add(-3*time.Hour), "60"))
	h.WaitDM(cursor, slacktest.Interviewer1, "You're on the panel for *Jane Doe*")
	notice := h.WaitDM(cursor, slacktest.HiringManager, "couldn't send")
	text := texts(t, notice)
	mustContain(t, text, "<@"+calendarBot+">", "direct message", "Jane Doe", "cannot_dm_bot")
	if strings.Contains(text, "channel") || strings.Contains(text, "<#") {
		t.Errorf("the notice speaks of a channel, not a direct message: %s", text)
	}
	h.drainOutbox()
	if n := h.DMsContaining(slacktest.HiringManager, "couldn't send"); n != 1 {
		t.Errorf("the recorder was told %d times, want once", n)
	}
	if got := fake.Messages(fake.DMChannel(calendarBot)); len(got) != 0 {
		t.Errorf("the bot user got %d messages", len(got))
	}
}
