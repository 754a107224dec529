package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// homeTexts is every text a Home tab shows.
func homeTexts(t testing.TB, v fakeslack.View) string {
	t.Helper()
	return texts(t, fakeslack.Message{Blocks: v.Blocks})
}

// waitHome waits for user's Home tab published after cursor.
func (h *harness) waitHome(cursor uint64, user string) fakeslack.View {
	h.T.Helper()
	v, err := h.Fake.WaitHomeAfter(h.Ctx(), cursor, user)
	if err != nil {
		h.T.Fatalf("no Home tab published for %s: %v\nlogs:\n%s", user, err, h.Logs.String())
	}
	return v
}

// openHome opens user's Home tab and returns the tab the bot publishes for it.
func (h *harness) openHome(user string) fakeslack.View {
	h.T.Helper()
	cursor := h.Fake.Cursor()
	env, err := h.Fake.OpenHome(h.Ctx(), user, fakeslack.TabHome)
	if err != nil {
		h.T.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		h.T.Fatalf("app_home_opened not acked: %v", err)
	}
	return h.waitHome(cursor, user)
}

// TestHomeShowsOwedScorecardUntilSubmitted opens the Home tab of an interviewer who owes a
// scorecard, submits it from the tab's button and sees the tab republished without it.
func TestHomeShowsOwedScorecardUntilSubmitted(t *testing.T) {
	t.Parallel() // mostly waits out the Home tab's publishing debounce; runs beside the others
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	i1 := slacktest.Interviewer1

	// A first visit, with nothing owed yet, is welcomed.
	first := homeTexts(t, h.openHome(i1))
	mustContain(t, first, "Welcome", "/salary seattle senior", "/feedback stats me", "all caught up", "Record interview", "New job posting", "Salary lookup")
	if strings.Contains(first, "/hirebot-admin") {
		t.Errorf("the welcome offers /hirebot-admin to someone who is not an admin:\n%s", first)
	}

	form := h.openInterviewForm(slacktest.HiringManager)
	cursor := fake.Cursor()
	h.SubmitOK(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.drainOutbox()
	owed := homeTexts(t, h.waitHome(cursor, i1)) // republished: the interview changed it
	mustContain(t, owed, "Scorecards you owe", "Jane Doe", "overdue", "Submit feedback")
	if strings.Contains(owed, "Welcome") {
		t.Errorf("the welcome is shown again after the first visit:\n%s", owed)
	}
	if n := fake.HomePublishes(slacktest.HiringManager); n != 0 {
		t.Errorf("the hiring manager never opened the Home tab but got %d publishes", n)
	}

	// Opening the tab again, with no refresh pending, publishes the owed scorecard by itself.
	h.waitHomeIdle()
	opens := fake.HomePublishes(i1)
	reopened := homeTexts(t, h.openHome(i1))
	mustContain(t, reopened, "Scorecards you owe", "Jane Doe", "overdue", "Submit feedback")
	if strings.Contains(reopened, "Welcome") || strings.Contains(reopened, "all caught up") {
		t.Errorf("opening the tab again shows:\n%s", reopened)
	}
	h.waitHomeIdle()
	if n := fake.HomePublishes(i1) - opens; n != 1 {
		t.Errorf("opening the tab published it %d times, want once (by the open alone)", n)
	}

	// The tab's button opens the scorecard form; submitting it takes the interview off the tab.
	env, err := fake.ClickHomeButton(h.Ctx(), i1, "feedback_open")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		t.Fatal(err)
	}
	scorecard := h.WaitView(i1, "scorecard")
	cursor = fake.Cursor()
	before := fake.HomePublishes(i1)
	h.SubmitOK(i1, scorecard, scorecardValues("hire", "Clear API design"))
	after := homeTexts(t, h.waitHome(cursor, i1))
	if strings.Contains(after, "Jane Doe") {
		t.Errorf("the submitted scorecard is still on the Home tab:\n%s", after)
	}
	mustContain(t, after, "all caught up")
	h.waitHomeIdle()
	if n := fake.HomePublishes(i1) - before; n != 1 {
		t.Errorf("one submission published the Home tab %d times, want once", n)
	}
}

// TestHomeQuickButtonsOpenTheCommandsForms clicks each quick button on the Home tab.
func TestHomeQuickButtonsOpenTheCommandsForms(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	user := slacktest.HiringManager
	h.openHome(user)
	for _, c := range []struct{ action, callback string }{
		{"home_record_interview", "interview_new"},
		{"home_new_posting", "job_posting_form"},
		{"home_salary_lookup", "salary_lookup"},
	} {
		cursor := fake.Cursor()
		env, err := fake.ClickHomeButton(h.Ctx(), user, c.action)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(h.Ctx()); err != nil {
			t.Fatal(err)
		}
		h.WaitViewAfter(cursor, user, c.callback)
	}
	salary := h.WaitView(user, "salary_lookup")
	answer := h.SubmitOK(user, salary, map[string]map[string]fakeslack.Value{
		"sl_query": {"value": {Type: "plain_text_input", Value: "seattle senior"}}})
	mustContain(t, texts(t, fakeslack.Message{Blocks: answer.Blocks}), "Seattle")
}

// TestHomeRepublishOutlastsRateLimit rate limits views.publish past what the SDK waits out
// itself (here: no retries in place): the refresh is tried again after Retry-After and the tab
// still changes.
func TestHomeRepublishOutlastsRateLimit(t *testing.T) {
	t.Parallel() // mostly waits on Slack's Retry-After or on processes; runs beside the others
	fake := newFeedbackFake(t)
	h := startBotWith(t, fake, feedbackEnv(nil), appOptions{apiRetries: -1})
	i1 := slacktest.Interviewer1
	h.openHome(i1)
	fake.RateLimit("views.publish", 1, time.Second)
	form := h.openInterviewForm(slacktest.HiringManager)
	cursor := fake.Cursor()
	h.SubmitOK(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	mustContain(t, homeTexts(t, h.waitHome(cursor, i1)), "Jane Doe", "Submit feedback")
}

// TestHomeWelcomeOutlastsARateLimitedFirstPublish: the first visit's publish is rate limited
// past what the SDK waits out itself (here: no retries in place); once it goes through, the tab
// still has the welcome, and the next visit has none.
func TestHomeWelcomeOutlastsARateLimitedFirstPublish(t *testing.T) {
	t.Parallel() // mostly waits on Slack's Retry-After; runs beside the others
	fake := newFeedbackFake(t)
	h := startBotWith(t, fake, feedbackEnv(nil), appOptions{apiRetries: -1})
	i1 := slacktest.Interviewer1
	fake.RateLimit("views.publish", 1, time.Second)
	first := homeTexts(t, h.openHome(i1))
	mustContain(t, first, "Welcome", "/salary seattle senior", "Record interview")
	if !strings.Contains(h.Logs.String(), "views.publish rate limited; trying again later") {
		t.Error("the first publish was not rate limited past the SDK's retries: the test shows nothing")
	}
	h.waitHomeIdle()
	if again := homeTexts(t, h.openHome(i1)); strings.Contains(again, "Welcome") {
		t.Errorf("the welcome is shown again on the second visit:\n%s", again)
	}
}

// waitHomeIdle waits until hirebot has no Home tab refresh pending or in flight.
func (h *harness) waitHomeIdle() {
	h.T.Helper()
	ctx := h.Ctx()
	for !h.app.Load().bot.HomeIdle() {
		select {
		case <-ctx.Done():
			h.T.Fatal("Home tab refreshes still pending")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// TestHomeListsCandidatesWaitingOnADecision: once the last panelist submits and the other says
// they didn't attend, the hiring manager's Home tab (republished by that click) lists the
// candidate as waiting on a decision; its Record decision button opens the decision form, and
// recording the decision takes the candidate off the tab.
func TestHomeListsCandidatesWaitingOnADecision(t *testing.T) {
	t.Parallel() // mostly waits out the Home tab's publishing debounce; runs beside the others
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2 := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2
	h.openHome(hm)

	start := h.recordUpcoming(slacktest.Recruiter, "Jane Doe", i1, i2)
	h.waitHomeIdle()                       // the tab that shows the interview coming up
	h.Clock.Set(start.Add(26 * time.Hour)) // ended, and the scorecards are overdue
	cursor := fake.Cursor()
	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	h.SubmitOK(i1, h.WaitViewAfter(cursor, i1, "scorecard"), scorecardValues("hire", "Clear API design"))
	waiting := homeTexts(t, h.waitHome(cursor, hm))
	mustContain(t, waiting, "waiting on feedback or a decision", "Jane Doe", "waiting for <@"+i2+">")

	h.sweep()
	reminder := h.WaitDM(cursor, i2, "is overdue")
	cursor = fake.Cursor()
	h.Click(i2, reminder, "reminder_not_attended")
	decide := homeTexts(t, h.waitHome(cursor, hm)) // the click republished the manager's tab
	mustContain(t, decide, "Jane Doe", "waiting for your decision", "Record decision")
	if strings.Contains(decide, "waiting for <@") {
		t.Errorf("a panelist who didn't attend is still awaited:\n%s", decide)
	}

	env, err := fake.ClickHomeButton(h.Ctx(), hm, "decision_open")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		t.Fatal(err)
	}
	form := h.WaitViewAfter(cursor, hm, "decision")
	cursor = fake.Cursor()
	h.SubmitOK(hm, form, decisionValues("hire", "Unanimous yes", false))
	decided := homeTexts(t, h.waitHome(cursor, hm))
	if strings.Contains(decided, "Jane Doe") {
		t.Errorf("the decided candidate is still on the Home tab:\n%s", decided)
	}
	mustContain(t, decided, "each has a decision")
}

// clickHome clicks the button with actionID on user's Home tab and waits for its ack.
func (h *harness) clickHome(user, actionID string) {
	h.T.Helper()
	env, err := h.Fake.ClickHomeButton(h.Ctx(), user, actionID)
	if err != nil {
		h.T.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		h.T.Fatalf("%s on the Home tab not acked: %v", actionID, err)
	}
}

// TestHomeFollowsInterviewChanges reschedules, edits and cancels an interview: each change
// republishes the Home tabs it touches, also of the panelist it takes off and of the hiring
// manager it replaces.
func TestHomeFollowsInterviewChanges(t *testing.T) {
	t.Parallel() // mostly waits out the Home tab's publishing debounce; runs beside the others
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter
	for _, u := range []string{hm, i1, i2} {
		h.openHome(u)
	}
	start := h.recordUpcoming(rec, "Jane Doe", i1, i2)
	h.waitHomeIdle()
	for _, u := range []string{hm, i1, i2} {
		home, _ := fake.HomeView(u)
		mustContain(t, homeTexts(t, home), "Your upcoming interviews", "Jane Doe")
	}

	// Reschedule: a day later, 45 minutes; every tab shows the new time.
	cursor := fake.Cursor()
	list := h.Command(rec, slacktest.Hiring, "/interview", "list upcoming")
	later := start.Add(24 * time.Hour)
	h.SubmitOK(rec, h.manage(rec, list, "reschedule", "interview_reschedule"), map[string]map[string]fakeslack.Value{
		"iv_start":    {"value": {Type: "datetimepicker", SelectedDateTime: later.Unix()}},
		"iv_duration": {"value": {Type: "number_input", Value: "45"}},
	})
	for _, u := range []string{hm, i1, i2} {
		mustContain(t, homeTexts(t, h.waitHome(cursor, u)), "(45 min)")
	}

	// Edit: Priya off the panel and another hiring manager: both tabs lose the interview.
	cursor = fake.Cursor()
	edit := interviewValues("Jane Doe", []string{i1}, later, "45")
	edit["iv_manager"] = map[string]fakeslack.Value{"value": {Type: "users_select", SelectedUser: outsider}}
	h.SubmitOK(rec, h.manage(rec, list, "edit", "interview_edit"), edit)
	for _, u := range []string{hm, i2} {
		if home := homeTexts(t, h.waitHome(cursor, u)); strings.Contains(home, "Jane Doe") {
			t.Errorf("%s's Home tab still shows the interview they were taken off:\n%s", u, home)
		}
	}
	mustContain(t, homeTexts(t, h.waitHome(cursor, i1)), "Jane Doe")

	// Cancel: the panel's tab loses it.
	cursor = fake.Cursor()
	h.SubmitOK(rec, h.manage(rec, list, "cancel", "interview_cancel"), map[string]map[string]fakeslack.Value{
		"iv_cancel_reason": {"value": {Type: "plain_text_input", Value: "Withdrew"}},
	})
	if home := homeTexts(t, h.waitHome(cursor, i1)); strings.Contains(home, "Jane Doe") {
		t.Errorf("a cancelled interview is still on the Home tab:\n%s", home)
	}
}

// TestHomeListsASavedDraftThatOpens: saving a job posting draft republishes the author's Home
// tab with the draft, and its Open button opens the draft's preview.
func TestHomeListsASavedDraftThatOpens(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, nil)
	hm := slacktest.HiringManager
	h.openHome(hm)
	cursor := fake.Cursor()
	preview := h.writePostingDraft(hm, postingAcme)
	id := postingDraftID(t, preview)
	home := homeTexts(t, h.waitHome(cursor, hm))
	mustContain(t, home, "Your recent job posting drafts", "#"+id+" · Python Backend Developer", "Acme Analytics", "Open")

	cursor = fake.Cursor()
	h.clickHome(hm, handlers.ActionPostingOpen)
	opened := h.WaitViewAfter(cursor, hm, handlers.ViewPostingPreview)
	if got := postingDraftID(t, opened); got != id {
		t.Errorf("Open on the Home tab opened draft %s, want %s", got, id)
	}
	mustContain(t, postingViewText(t, opened), "Acme Analytics", "Draft #"+id)
}
