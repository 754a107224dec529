package main

import (
	"io"
	"net/http"
	"net/http/httptest"
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

// metrics is what /metrics shows now.
func (h *harness) metrics() string {
	h.T.Helper()
	rec := httptest.NewRecorder()
	h.app.Load().metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		h.T.Fatal(err)
	}
	return string(body)
}

// failedDeliveries reports whether /metrics counts an outbox delivery that failed for good.
func failedDeliveries(metrics string) bool {
	for _, line := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(line, "hirebot_outbox_deliveries_total{") && strings.Contains(line, `outcome="failed"`) {
			return true
		}
	}
	return false
}

// deliverNow runs the outbox once at the harness clock's time.
func (h *harness) deliverNow() {
	h.T.Helper()
	if _, err := h.app.Load().deliver(h.Ctx()); err != nil {
		h.T.Fatalf("outbox delivery: %v", err)
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
	h := startBotUnscheduled(t, fake, feedbackEnv(nil)) // no sweep queues a reminder beside the heads-up
	fake.RateLimitFor("chat.postMessage", time.Second)

	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*time.Hour), "60"))
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
	h.deliverNow() // a delivery run with nothing due sets the gauges
	metrics := h.metrics()
	// Pending: the heads-up, and the hiring manager's message with the interview's menu and the
	// recorder's confirmation, which wait behind it.
	mustContain(t, metrics, `hirebot_outbox_deliveries_total{kind="heads-up",outcome="retry"} 1`, `hirebot_outbox_messages{status="pending"} 3`,
		`hirebot_outbox_messages{status="sent"} 0`, `hirebot_outbox_messages{status="failed"} 0`)
	if strings.Contains(metrics, `hirebot_outbox_deliveries_total{kind="heads-up",outcome="sent"}`) ||
		strings.Contains(metrics, `hirebot_outbox_deliveries_total{kind="heads-up",outcome="failed"}`) {
		t.Errorf("/metrics counts a delivery inside the window:\n%s", metrics)
	}

	fake.LiftRateLimit("chat.postMessage")
	h.Clock.Advance(10 * time.Minute) // past the outbox's retry time
	h.drainOutbox()
	if n := h.DMsContaining(slacktest.Interviewer1, "You're on the panel for *Jane Doe*"); n != 1 {
		t.Errorf("the interviewer got %d heads-ups, want exactly one", n)
	}
	mustContain(t, h.metrics(), `hirebot_outbox_deliveries_total{kind="heads-up",outcome="retry"} 1`,
		`hirebot_outbox_deliveries_total{kind="heads-up",outcome="sent"} 1`, `hirebot_outbox_deliveries_total{kind="confirmation",outcome="sent"} 1`,
		`hirebot_outbox_messages{status="pending"} 0`, `hirebot_outbox_messages{status="sent"} 3`)
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
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1, calendarBot}, h.Clock.Now().Add(-3*time.Hour), "60"))
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

// TestNoteConfirmationSurvivesALongRateLimit: a note's confirmation is queued with the note, so
// a long 429 delays it without losing it, and a redelivered submission after a restart neither
// stores the note again nor confirms it twice.
func TestNoteConfirmationSurvivesALongRateLimit(t *testing.T) {
	t.Parallel()
	slackClock := slacktest.NewClock(time.Now().UTC())
	fake := newFake(t, fakeslack.Options{Now: slackClock.Now, AckTimeout: 2 * time.Second, MaxRetries: 30})
	h := startBot(t, fake, feedbackEnv(nil))
	i1 := slacktest.Interviewer1
	h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Jane Doe", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.drainOutbox()

	_, noteForm := h.openNoteForm(i1, "Jane asked about our on-call rota")
	fake.RateLimitFor("chat.postMessage", time.Second)
	fake.LoseAcks(1) // and hirebot stops before Slack gives up on the ack: the submission comes again
	sub, err := fake.SubmitView(h.Ctx(), i1, noteForm.ID, map[string]map[string]fakeslack.Value{
		"cn_interview": {"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: "1"}}},
		"cn_body":      {"value": {Type: "plain_text_input", Value: "Jane asked about our on-call rota"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	release := fake.HoldDeliveries() // its redelivery waits for the restarted process
	h.waitOutboxIdle()               // the confirmation is queued, refused for now
	if n := h.DMsContaining(i1, "Added your note"); n != 0 {
		t.Fatalf("%d confirmations inside the rate-limit window", n)
	}
	h.restartAndWaitAck(sub, release)

	fake.LiftRateLimit("chat.postMessage")
	h.Clock.Advance(10 * time.Minute) // past the outbox's retry time
	h.drainOutbox()
	if n := h.DMsContaining(i1, "Added your note to *Jane Doe*"); n != 1 {
		t.Errorf("%d note confirmations, want exactly one", n)
	}
	summary := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane Doe"))
	if n := strings.Count(summary, "on-call rota"); n != 1 {
		t.Errorf("the note is shown %d times, want once:\n%s", n, summary)
	}
	for _, e := range fake.UserErrors() {
		t.Errorf("a user saw an error: %+v", e)
	}
}

// TestHeadsUpUnderAUsersInfoRateLimit holds users.info under 429 while an interview is recorded:
// the heads-up still goes out, once, its time in UTC saying why; the time zone is not stored
// empty for good: the next reminder, once Slack answers, is in the interviewer's own zone and the
// zone is stored for what reads it later.
func TestHeadsUpUnderAUsersInfoRateLimit(t *testing.T) {
	t.Parallel()
	slackClock := slacktest.NewClock(time.Now().UTC())
	fake := newFake(t, fakeslack.Options{Now: slackClock.Now})
	h := startBot(t, fake, feedbackEnv(nil))
	i1 := slacktest.Interviewer1
	fake.RateLimitFor("users.info", time.Second)

	cursor := fake.Cursor()
	h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Jane Doe", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	headsUp := texts(t, h.WaitDM(cursor, i1, "You're on the panel for *Jane Doe*"))
	mustContain(t, headsUp, "UTC (I couldn't read your time zone from Slack just now)")
	h.drainOutbox()
	if n := h.DMsContaining(i1, "You're on the panel for *Jane Doe*"); n != 1 {
		t.Fatalf("%d heads-ups, want exactly one", n)
	}
	a, ctx := h.app.Load(), h.Ctx()
	ivs, err := a.store.FindInterviewsByCandidate(ctx, i1, "Jane Doe")
	if err != nil || len(ivs) != 1 {
		t.Fatalf("%d interviews (%v), want 1", len(ivs), err)
	}
	if tz := ivs[0].Panel[0].TZ; tz != "" {
		t.Fatalf("stored time zone %q under the rate limit, want none yet", tz)
	}

	fake.LiftRateLimit("users.info")
	h.sweep()
	reminder := texts(t, h.WaitDM(cursor, i1, "is overdue"))
	if strings.Contains(reminder, "couldn't read your time zone") {
		t.Errorf("the reminder after the rate limit still falls back to UTC:\n%s", reminder)
	}
	iv, err := a.store.Interview(ctx, ivs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if tz := iv.Panel[0].TZ; tz != "Europe/Berlin" {
		t.Errorf("stored time zone %q after Slack answered, want Europe/Berlin", tz)
	}
}

// TestHeadsUpOutlastsManyRateLimitedRuns holds chat.postMessage under 429 (Retry-After: 1) while
// the bot's clock moves through more than twenty delivery runs, about ten hours: a short
// Retry-After answered again and again does not use up the heads-up's tries, nothing is marked
// failed and nobody is told; once the limit lifts the interviewer gets the heads-up exactly once.
func TestHeadsUpOutlastsManyRateLimitedRuns(t *testing.T) {
	t.Parallel()
	// The fake's clock stands still, so every call inside the window answers Retry-After: 1. The
	// bot does not retry in place (slack-go's own retries): each run makes one call.
	slackClock := slacktest.NewClock(time.Now().UTC())
	fake := newFake(t, fakeslack.Options{Now: slackClock.Now})
	// The holds of the rate-limited method pass as the test moves the bot's clock.
	h := startBotWith(t, fake, feedbackEnv(nil), appOptions{noSchedule: true, apiRetries: -1, rateLimitsOnClock: true})
	fake.RateLimitFor("chat.postMessage", time.Second)

	form := h.openInterviewForm(slacktest.HiringManager)
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.waitOutboxIdle()
	a, ctx := h.app.Load(), h.Ctx()
	const runs = 21
	for run := range runs {
		h.Clock.Advance(30 * time.Minute) // the longest backoff: every message is due again
		h.deliverNow()
		h.waitOutboxIdle()
		if st, err := a.store.OutboxStats(ctx, h.Clock.Now()); err != nil || st.Failed != 0 || st.Sent != 0 {
			t.Fatalf("run %d: outbox %+v (%v), want everything still pending", run, st, err)
		}
	}
	refused := 0
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Status != http.StatusTooManyRequests {
			t.Fatalf("chat.postMessage answered %d inside the rate-limit window", c.Status)
		}
		refused++
	}
	if refused <= runs {
		t.Fatalf("chat.postMessage refused %d times, want a 429 in each of the %d runs and the first", refused, runs)
	}
	if n := h.DMsContaining(slacktest.Interviewer1, "Jane Doe"); n != 0 {
		t.Fatalf("the interviewer got %d heads-ups inside the window", n)
	}

	fake.LiftRateLimit("chat.postMessage")
	h.Clock.Advance(30 * time.Minute)
	h.drainOutbox()
	if n := h.DMsContaining(slacktest.Interviewer1, "You're on the panel for *Jane Doe*"); n != 1 {
		t.Errorf("the interviewer got %d heads-ups, want exactly one", n)
	}
	metrics := h.metrics()
	mustContain(t, metrics, `hirebot_outbox_deliveries_total{kind="heads-up",outcome="sent"} 1`,
		`hirebot_outbox_messages{status="pending"} 0`, `hirebot_outbox_messages{status="failed"} 0`)
	if failedDeliveries(metrics) {
		t.Errorf("/metrics counts a failed delivery:\n%s", metrics)
	}
	for _, m := range fake.Messages(fake.DMChannel(slacktest.HiringManager)) {
		if text := texts(t, m); strings.Contains(text, "couldn't") || strings.Contains(text, "could not") {
			t.Errorf("the recorder was told something failed: %s", text)
		}
	}
}

// TestRefusedChangeNoticesReachWhoeverMadeTheChange puts two bot users on a panel; Slack refuses
// them direct messages for good (cannot_dm_bot). Taking one off the panel and cancelling the
// interview: the hiring manager, who made both changes, hears of each notice that could not be
// delivered, as a direct message problem.
func TestRefusedChangeNoticesReachWhoeverMadeTheChange(t *testing.T) {
	t.Parallel()
	const calendarBot, notesBot = "U0CALBOT", "U0NOTEBOT"
	fake := newFake(t, fakeslack.Options{})
	fake.AddUser(fakeslack.User{ID: calendarBot, Name: "calendar", RealName: "Calendar Bot", IsBot: true, TZ: "Europe/Berlin"})
	fake.AddUser(fakeslack.User{ID: notesBot, Name: "notes", RealName: "Notes Bot", IsBot: true, TZ: "Europe/Berlin"})
	h := startBotUnscheduled(t, fake, feedbackEnv(nil))
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1

	cursor := fake.Cursor()
	start := h.Clock.Now().Truncate(time.Hour).Add(2 * time.Hour)
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Jane Doe", []string{i1, calendarBot, notesBot}, start, "60"))
	h.WaitDM(cursor, i1, "You're on the panel for *Jane Doe*")
	h.drainOutbox()

	// The calendar bot is taken off the panel: its note is refused.
	cursor = fake.Cursor()
	list := h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")
	h.SubmitOK(hm, h.manage(hm, list, "edit", "interview_edit"), interviewValues("Jane Doe", []string{i1, notesBot}, start, "60"))
	removed := texts(t, h.WaitDM(cursor, hm, "panel removal notice"))
	mustContain(t, removed, "I couldn't send <@"+calendarBot+"> a direct message (the panel removal notice about *Jane Doe*)",
		"Slack refused it (cannot_dm_bot)", "Please let them know yourself.")

	// The interview is cancelled: the notes bot's notice is refused.
	cursor = fake.Cursor()
	list = h.Command(hm, slacktest.Hiring, "/interview", "list")
	h.SubmitOK(hm, h.manage(hm, list, "cancel", "interview_cancel"), map[string]map[string]fakeslack.Value{
		"iv_cancel_reason": {"value": {Type: "plain_text_input", Value: "Withdrew"}},
	})
	h.WaitDM(cursor, i1, "was cancelled by")
	cancelled := texts(t, h.WaitDM(cursor, hm, "cancellation notice"))
	mustContain(t, cancelled, "I couldn't send <@"+notesBot+"> a direct message (the cancellation notice about *Jane Doe*)",
		"Slack refused it (cannot_dm_bot)")
	h.drainOutbox()
	for _, text := range []string{removed, cancelled} {
		if strings.Contains(text, "channel") || strings.Contains(text, "<#") {
			t.Errorf("the notice speaks of a channel, not a direct message: %s", text)
		}
	}
	for _, want := range []string{"panel removal notice", "cancellation notice"} {
		if n := h.DMsContaining(hm, want); n != 1 {
			t.Errorf("the hiring manager was told %d times of the %s, want once", n, want)
		}
	}
}

// TestRefusedBotTokenKeepsMessagesPending: Slack stops taking the bot token after start-up. The
// log names SLACK_BOT_TOKEN and how to fix it, never the token; the heads-up is not refused for
// good but waits, and nobody is told it failed; once Slack takes the token again it goes out once.
func TestRefusedBotTokenKeepsMessagesPending(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBotUnscheduled(t, fake, feedbackEnv(nil))
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1

	form := h.openInterviewForm(hm)
	fake.RejectToken(fake.BotToken(), "token_revoked")
	h.Submit(hm, form, interviewValues("Jane Doe", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.waitOutboxIdle()
	for run := range 3 {
		h.Clock.Advance(5 * time.Minute)
		h.deliverNow()
		h.waitOutboxIdle()
		a := h.app.Load()
		if st, err := a.store.OutboxStats(h.Ctx(), h.Clock.Now()); err != nil || st.Failed != 0 || st.Sent != 0 || st.Pending == 0 {
			t.Fatalf("run %d: outbox %+v (%v), want everything pending", run, st, err)
		}
	}
	logs := h.Logs.String()
	mustContain(t, logs, "level=ERROR", "SLACK_BOT_TOKEN", "token_revoked", "Bot User OAuth Token", "restart hirebot")
	if strings.Contains(logs, fake.BotToken()) {
		t.Error("the log shows the bot token")
	}
	if failedDeliveries(h.metrics()) {
		t.Error("/metrics counts a failed delivery while the token was refused")
	}

	fake.AcceptToken(fake.BotToken())
	h.Clock.Advance(5 * time.Minute)
	h.drainOutbox()
	if n := h.DMsContaining(i1, "You're on the panel for *Jane Doe*"); n != 1 {
		t.Errorf("the interviewer got %d heads-ups, want exactly one", n)
	}
	for _, m := range fake.Messages(fake.DMChannel(hm)) {
		if text := texts(t, m); strings.Contains(text, "couldn't") || strings.Contains(text, "could not") {
			t.Errorf("the recorder was told something failed: %s", text)
		}
	}
}
