package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// feedbackEnv chases feedback every hour at any hour, and escalates after two reminders; the
// tests move the clock and sweep.
func feedbackEnv(extra map[string]string) map[string]string {
	env := map[string]string{
		"HIREBOT_REMINDER_EVERY": "1h",
		"HIREBOT_ESCALATE_AFTER": "2",
		"HIREBOT_WORKING_HOURS":  "always",
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

const outsider = "U0OUT"

func newFeedbackFake(t *testing.T) *fakeslack.Server {
	fake := newFake(t, fakeslack.Options{})
	fake.AddUser(fakeslack.User{ID: outsider, Name: "otto", RealName: "Otto Outside", TZ: "Europe/London"})
	return fake
}

// openInterviewForm runs /interview as user and returns the modal that opened.
func (h *harness) openInterviewForm(user string) fakeslack.View {
	h.T.Helper()
	h.Run(user, slacktest.Hiring, "/interview", "")
	return h.WaitView(user, "interview_new")
}

// recordUpcoming records, as recorder, a 60-minute technical interview of candidate with panel,
// starting on the hour two hours from now, and waits until every panelist has been told. It
// returns the start.
func (h *harness) recordUpcoming(recorder, candidate string, panel ...string) time.Time {
	h.T.Helper()
	cursor := h.Fake.Cursor()
	start := h.Clock.Now().Truncate(time.Hour).Add(2 * time.Hour)
	h.SubmitOK(recorder, h.openInterviewForm(recorder), interviewValues(candidate, panel, start, "60"))
	for _, user := range panel {
		h.WaitDM(cursor, user, "You're on the panel for *"+candidate+"*")
	}
	return start
}

func interviewValues(candidate string, panel []string, start time.Time, minutes string) map[string]map[string]fakeslack.Value {
	return map[string]map[string]fakeslack.Value{
		"iv_candidate": {"value": {Type: "plain_text_input", Value: candidate}},
		"iv_role":      {"value": {Type: "plain_text_input", Value: "Senior Python Backend Developer"}},
		"iv_stage":     {"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: "technical"}}},
		"iv_panel":     {"value": {Type: "multi_users_select", SelectedUsers: panel}},
		"iv_manager":   {"value": {Type: "users_select", SelectedUser: slacktest.HiringManager}},
		"iv_start":     {"value": {Type: "datetimepicker", SelectedDateTime: start.Unix()}},
		"iv_duration":  {"value": {Type: "number_input", Value: minutes}},
	}
}

func scorecardValues(rec, strengths string) map[string]map[string]fakeslack.Value {
	rate := func(n string) map[string]fakeslack.Value {
		return map[string]fakeslack.Value{"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: n}}}
	}
	return map[string]map[string]fakeslack.Value{
		"sc_recommendation": {"value": {Type: "radio_buttons", SelectedOption: &fakeslack.Option{Value: rec}}},
		"sc_python":         rate("4"), "sc_apis": rate("3"), "sc_databases": rate("3"), "sc_testing": rate("2"), "sc_communication": rate("4"),
		"sc_strengths": {"value": {Type: "plain_text_input", Value: strengths}},
		"sc_concerns":  {"value": {Type: "plain_text_input", Value: "Light on testing <!channel>"}},
	}
}

// TestInterviewFeedbackStory walks the whole feedback workflow through Slack: record an
// interview, heads-up DMs, reminders, snooze, didn't-attend, submit, escalation, visibility and
// resubmission.
func TestInterviewFeedbackStory(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	panel := []string{slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter}

	// A form with problems comes back with field errors and keeps what was typed.
	form := h.openInterviewForm(slacktest.HiringManager)
	bad := interviewValues("   ", panel, h.Clock.Now().Add(-3*time.Hour), "2")
	ack := h.Submit(slacktest.HiringManager, form, bad)
	mustContain(t, ack, `"response_action":"errors"`, "iv_candidate", "iv_duration")
	kept, _ := fake.View(form.ID)
	if kept.Closed || kept.State["iv_role"]["value"].Value != "Senior Python Backend Developer" {
		t.Fatalf("after errors the form closed or lost its input: closed=%v state=%v", kept.Closed, kept.State["iv_role"])
	}

	// A good form records the interview and gives every interviewer a heads-up in their zone.
	cursor := fake.Cursor()
	start := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC) // 15:00 in Berlin, 19:30 in Kolkata
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", panel, start, "60"))
	berlin := h.WaitDM(cursor, slacktest.Interviewer1, "You're on the panel for *Jane Doe*")
	mustContain(t, texts(t, berlin), "Fri 20 Nov 2026, 15:00 CET", "Submit feedback", "<@"+slacktest.HiringManager+">")
	mustContain(t, texts(t, h.WaitDM(cursor, slacktest.Interviewer2, "Jane Doe")), "19:30 IST")
	confirm, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool {
		return m.Channel == slacktest.Hiring && m.VisibleTo == slacktest.HiringManager && strings.Contains(m.Text, "recorded")
	})
	if err != nil || !confirm.Ephemeral {
		t.Fatalf("the recorder got no private confirmation: %v", err)
	}

	// The interview ended days ago, so the next sweep sends reminders.
	h.sweep()
	reminder := h.WaitDM(cursor, slacktest.Interviewer1, "is overdue")
	mustContain(t, texts(t, reminder), "Snooze 1 hour", "I didn't attend", "Submit feedback")

	// Interviewer 2 snoozes for an hour: no more reminders for them meanwhile.
	snoozable := h.WaitDM(cursor, slacktest.Interviewer2, "is overdue")
	h.Click(slacktest.Interviewer2, snoozable, "reminder_snooze_hour")
	if _, err := fake.WaitMessage(h.Ctx(), func(m fakeslack.Message) bool {
		return m.TS == snoozable.TS && strings.Contains(texts(t, m), "Snoozed")
	}); err != nil {
		t.Fatalf("snooze did not replace the reminder: %v", err)
	}

	// The recruiter ignores two reminders: the hiring manager gets the panel's status.
	h.Clock.Advance(time.Hour)
	h.sweep()
	h.WaitDM(cursor, slacktest.Recruiter, "Reminder 2 of at most 10")
	status := h.WaitDM(cursor, slacktest.HiringManager, "is still missing after reminders")
	mustContain(t, texts(t, status), "<@"+slacktest.Recruiter+">: *overdue*", "Jane Doe")

	// The recruiter was never there: off the panel, and the hiring manager hears of it.
	latest := h.WaitDM(cursor, slacktest.Recruiter, "is overdue")
	h.Click(slacktest.Recruiter, latest, "reminder_not_attended")
	h.WaitDM(cursor, slacktest.HiringManager, "says they didn't attend")

	// Interviewer 1 submits from the reminder; the form is committed before the ack.
	h.Click(slacktest.Interviewer1, reminder, "feedback_open")
	card := h.WaitView(slacktest.Interviewer1, "scorecard")
	if ack := h.Submit(slacktest.Interviewer1, card, scorecardValues("hire", "Clear API design")); strings.Contains(ack, "errors") {
		t.Fatalf("scorecard refused: %s", ack)
	}
	h.WaitDM(cursor, slacktest.Interviewer1, "Your scorecard for *Jane Doe* (Technical) is saved: Hire.")

	// Nobody who is done hears again, while the one still owing feedback does: the sweeps ran.
	before := map[string]int{}
	for _, u := range panel {
		before[u] = h.DMsContaining(u, "is overdue")
	}
	for range 3 {
		h.Clock.Advance(time.Hour)
		h.sweep()
	}
	for _, u := range []string{slacktest.Interviewer1, slacktest.Recruiter} {
		if got := h.DMsContaining(u, "is overdue"); got != before[u] {
			t.Errorf("%s got %d more reminders after submitting or leaving the panel", u, got-before[u])
		}
	}
	if got := h.DMsContaining(slacktest.Interviewer2, "is overdue"); got != before[slacktest.Interviewer2]+3 {
		t.Errorf("the interviewer still owing feedback got %d more reminders in three hourly sweeps, want 3", got-before[slacktest.Interviewer2])
	}

	// Who sees what.
	hm := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary jane doe"))
	mustContain(t, hm, "Clear API design", "Hire: *1*", "1 of 2 scorecards in", "did not attend: <@"+slacktest.Recruiter+">",
		"Light on testing &lt;!channel&gt;")
	if strings.Contains(hm, "<!channel>") {
		t.Error("a scorecard's text can ping the channel")
	}
	pending := texts(t, h.Command(slacktest.Interviewer2, slacktest.Hiring, "/feedback", "summary Jane Doe"))
	mustContain(t, pending, "You see only your own scorecard")
	if strings.Contains(pending, "Clear API design") {
		t.Error("an interviewer who has not submitted sees the others' scorecards")
	}
	out := texts(t, h.Command(outsider, slacktest.Hiring, "/feedback", "summary Jane Doe"))
	mustContain(t, out, "nothing I can show you")
	if strings.Contains(out, "Clear API design") {
		t.Error("somebody outside the panel sees scorecards")
	}

	// Interviewer 2 submits through /feedback <candidate>; now they see the panel's feedback.
	h.Run(slacktest.Interviewer2, slacktest.Hiring, "/feedback", "jane doe")
	h.Submit(slacktest.Interviewer2, h.WaitView(slacktest.Interviewer2, "scorecard"), scorecardValues("no-hire", "Solid SQL"))
	after := texts(t, h.Command(slacktest.Interviewer2, slacktest.Hiring, "/feedback", "summary Jane Doe"))
	mustContain(t, after, "Clear API design", "Solid SQL", "No hire: *1*")

	// Interviewer 1 changes their mind: the form comes back filled in, and history is kept.
	h.Run(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "Jane Doe")
	again := h.WaitView(slacktest.Interviewer1, "scorecard")
	initial := fakeslack.InitialState(again)
	if got := initial["sc_strengths"]["value"].Value; got != "Clear API design" {
		t.Errorf("the form reopened with strengths %q, want the last submission", got)
	}
	if got := initial["sc_recommendation"]["value"].SelectedOption; got == nil || got.Value != "hire" {
		t.Errorf("the form reopened with recommendation %v, want hire", got)
	}
	cursor = fake.Cursor()
	h.Submit(slacktest.Interviewer1, again, scorecardValues("strong-hire", "Clear API design, great follow-ups"))
	h.WaitDM(cursor, slacktest.Interviewer1, "This is version 2")
	final := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane Doe"))
	mustContain(t, final, "Strong hire: *1*", "(version 2)", "great follow-ups")
}

// TestRestartNeitherLosesNorRepeatsReminders stops the bot around reminders: one already sent is
// not sent again, and one that fell due while the bot was down goes out when it is back.
func TestRestartNeitherLosesNorRepeatsReminders(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_REMINDER_EVERY": "24h"}))
	now := h.Clock.Now()

	cursor := fake.Cursor()
	h.Submit(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Ada Past", []string{slacktest.Interviewer1}, now.Add(-3*time.Hour), "60"))
	h.WaitDM(cursor, slacktest.Interviewer1, "*Ada Past*") // the heads-up
	h.sweep()
	h.WaitDM(cursor, slacktest.Interviewer1, "Your scorecard for *Ada Past*")

	// This one's feedback falls due in 90 minutes, while the bot is down.
	h.Submit(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Bo Soon", []string{slacktest.Interviewer2}, now.Add(-30*time.Minute), "60"))
	h.WaitDM(cursor, slacktest.Interviewer2, "You're on the panel for *Bo Soon*")
	h.sweep()
	if n := h.DMsContaining(slacktest.Interviewer2, "is overdue"); n != 0 {
		t.Fatalf("Bo Soon's reminder went out before it was due (%d)", n)
	}
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}
	h.Clock.Advance(2 * time.Hour)
	h.Restart()

	// The start-up catch-up sends what fell due meanwhile, and nothing twice.
	h.WaitDM(cursor, slacktest.Interviewer2, "Your scorecard for *Bo Soon*")
	h.sweep()
	h.sweep()
	if n := h.DMsContaining(slacktest.Interviewer1, "is overdue"); n != 1 {
		t.Errorf("Ada Past's interviewer has %d reminders after a restart, want exactly 1", n)
	}
	if n := h.DMsContaining(slacktest.Interviewer2, "is overdue"); n != 1 {
		t.Errorf("Bo Soon's interviewer has %d reminders, want exactly 1", n)
	}
}

func TestFeedbackListsAndHelp(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_REMINDER_SCHEDULE": "@every 1h"}))
	mustContain(t, texts(t, h.Command(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "")), "You're all caught up")
	mustContain(t, texts(t, h.Command(slacktest.Interviewer1, slacktest.Hiring, "/interview", "list")), "Record one with `/interview`")

	cursor := fake.Cursor()
	for _, c := range []string{"Cy One", "Cy Two"} {
		h.Submit(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
			interviewValues(c, []string{slacktest.Interviewer1}, h.Clock.Now().Add(48*time.Hour), "45"))
		h.WaitDM(cursor, slacktest.Interviewer1, "*"+c+"*")
	}
	owed := texts(t, h.Command(slacktest.Interviewer1, slacktest.Hiring, "/feedback", ""))
	mustContain(t, owed, "Scorecards you still owe", "*Cy One*", "*Cy Two*", "Submit feedback")
	list := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/interview", "list"))
	mustContain(t, list, "Upcoming", "*Cy One*", "hiring manager", "0/1 scorecards")

	tests := []struct{ command, text, want string }{
		{"/feedback", "help", "/feedback summary Jane Doe"},
		{"/interview", "help", "/interview list"},
		{"/interview", "bogus", "I don't know `/interview bogus`"},
		{"/feedback", "Nobody Known", "You're not on the panel of any interview with *Nobody Known*"},
		{"/feedback", "summary", "Whose summary?"},
		{"/feedback", "summary Nobody Known", "No interviews are recorded for *Nobody Known*"},
	}
	for _, tt := range tests {
		m := h.Command(slacktest.Interviewer1, slacktest.Hiring, tt.command, tt.text)
		if !m.Ephemeral {
			t.Errorf("%s %s answered in public", tt.command, tt.text)
		}
		mustContain(t, texts(t, m), tt.want)
	}
}

// TestForgedUserIDsAreRefused submits the interview form with user ids Slack would never send:
// the form comes back with field errors, and nobody is pinged.
func TestForgedUserIDsAreRefused(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	form := h.openInterviewForm(slacktest.HiringManager)
	forged := interviewValues("Jane Doe", []string{slacktest.Interviewer1, "<!channel>"}, h.Clock.Now().Add(24*time.Hour), "60")
	forged["iv_manager"] = map[string]fakeslack.Value{"value": {Type: "users_select", SelectedUser: "<!here>"}}
	ack := h.Submit(slacktest.HiringManager, form, forged)
	mustContain(t, ack, `"response_action":"errors"`, `"iv_panel"`, `"iv_manager"`)
	if n := h.DMsContaining(slacktest.Interviewer1, "Jane Doe"); n != 0 {
		t.Errorf("a forged submission still sent %d heads-ups", n)
	}
}

// TestFeedbackOffersTheNearestCandidate types part of a name: /feedback offers the interview
// with the candidate meant, and its button opens the form.
func TestFeedbackOffersTheNearestCandidate(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	form := h.openInterviewForm(slacktest.HiringManager)
	cursor := fake.Cursor()
	h.Submit(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	heads := h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")
	mustContain(t, texts(t, heads), "already taken place: please submit your scorecard now")

	offer := h.Command(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "Jane")
	mustContain(t, texts(t, offer), "Did you mean Jane Doe?", "Submit feedback")
	h.Click(slacktest.Interviewer1, offer, "feedback_open")
	h.WaitView(slacktest.Interviewer1, "scorecard")

	none := h.Command(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "Zebedee")
	mustContain(t, texts(t, none), "not on the panel of any interview with *Zebedee*")
}

// TestSummaryAndDecisionOfferTheNearestCandidate: part of a name finds the candidate meant for a
// summary and a decision as it does for /feedback, through the same suggestion, and never offers
// a candidate the user has no part in.
func TestSummaryAndDecisionOfferTheNearestCandidate(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	cursor := fake.Cursor()
	h.Submit(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.WaitDM(cursor, slacktest.Interviewer1, "Jane Doe")

	tests := []struct {
		user, text string
		want       []string
		not        string
	}{
		{slacktest.Interviewer1, "summary Jane", []string{"No interviews are recorded for *Jane*.", "Did you mean *Jane Doe*? Try `/feedback summary Jane Doe`."}, ""},
		{slacktest.HiringManager, "summary jane do", []string{"Did you mean *Jane Doe*? Try `/feedback summary Jane Doe`."}, ""},
		{slacktest.HiringManager, "decide Jane", []string{"Did you mean *Jane Doe*? Try `/feedback decide Jane Doe`."}, ""},
		// An interviewer may not decide, and someone with no part in the interview is offered nothing.
		{slacktest.Interviewer1, "decide Jane", []string{"so you can't decide on them. `/interview list` shows yours."}, "Jane Doe"},
		{slacktest.Interviewer2, "summary Jane", []string{"No interviews are recorded for *Jane*. Check the spelling"}, "Jane Doe"},
		{slacktest.HiringManager, "summary Zebedee", []string{"No interviews are recorded for *Zebedee*. Check the spelling"}, "Did you mean"},
	}
	for _, tt := range tests {
		m := h.Command(tt.user, slacktest.Hiring, "/feedback", tt.text)
		if !m.Ephemeral {
			t.Errorf("/feedback %s answered in public", tt.text)
		}
		got := texts(t, m)
		mustContain(t, got, tt.want...)
		if tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("/feedback %s by %s offers %q:\n%s", tt.text, tt.user, tt.not, got)
		}
	}
	// The suggested command works.
	mustContain(t, texts(t, h.Command(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "summary Jane Doe")), "Feedback · Jane Doe")
}

// TestForgedSenderIsRefused sends requests whose own user id Slack would never send: a slash
// command is answered privately and handled no further, a button click and a form submission are
// acked and handled no further; no id reaches a message as a mention.
func TestForgedSenderIsRefused(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	const forger = "<!channel>"
	fake.AddUser(fakeslack.User{ID: forger, Name: "forger", RealName: "Forger", TZ: "Europe/London"})
	h := startBot(t, fake, feedbackEnv(nil))

	ack, reply := h.CommandAck(forger, slacktest.Hiring, "/salary", "seattle")
	mustContain(t, string(ack.Payload), "without a valid user id")
	mustContain(t, texts(t, reply), "without a valid user id")
	if strings.Contains(texts(t, reply), "Seattle") {
		t.Errorf("a forged command was answered:\n%s", texts(t, reply))
	}

	// A share click from a forged user: acked, nothing shared.
	private := h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "austin")
	before := len(fake.Messages(slacktest.Hiring))
	for _, raw := range []string{
		`{"type":"block_actions","user":{"id":"<@U123>"},"team":{"id":"T0001"},"channel":{"id":"` + slacktest.Hiring + `"},` +
			`"container":{"type":"message","message_ts":"` + private.TS + `"},"actions":[{"type":"button","action_id":"share_in_channel","value":"/salary austin"}]}`,
		`{"type":"view_submission","user":{"id":"U1 <!here>"},"team":{"id":"T0001"},"view":{"id":"V0FORGED","callback_id":"interview_new","state":{"values":{}}}}`,
	} {
		env, err := fake.SendMalformed(h.Ctx(), fakeslack.TypeInteractive, json.RawMessage(raw))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(h.Ctx()); err != nil {
			t.Fatalf("a forged request was not acked: %v", err)
		}
	}
	if err := h.Logs.WaitFor(h.Ctx(), "its user id is not a Slack user id"); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(h.Logs.String(), "request refused: its user id is not a Slack user id"); n != 3 {
		t.Errorf("%d requests refused, want 3", n)
	}
	if after := len(fake.Messages(slacktest.Hiring)); after != before {
		t.Errorf("a forged click posted %d messages", after-before)
	}
}
