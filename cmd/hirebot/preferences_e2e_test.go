package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestOutOfOfficePanelistIsNotRemindedUntilBack sets an interviewer out of office from the
// Home tab's notification settings: the sweep reminds the rest of the panel but not them, the
// hiring manager's escalation says until when they are away, and their reminders start the day
// after.
func TestOutOfOfficePanelistIsNotRemindedUntilBack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	i1, i2 := slacktest.Interviewer1, slacktest.Interviewer2
	kolkata, err := time.LoadLocation("Asia/Kolkata") // i2's time zone
	if err != nil {
		t.Fatal(err)
	}
	lastDay := h.Clock.Now().In(kolkata).AddDate(0, 0, 3)
	back := time.Date(lastDay.Year(), lastDay.Month(), lastDay.Day()+1, 0, 0, 0, 0, kolkata)

	home := homeTexts(t, h.openHome(i2))
	mustContain(t, home, "Notification settings")
	env, err := fake.ClickHomeButton(h.Ctx(), i2, "home_notification_settings")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		t.Fatal(err)
	}
	form := h.WaitView(i2, "notification_settings")
	h.SubmitOK(i2, form, map[string]map[string]fakeslack.Value{
		"np_away": {"value": {Type: "datepicker", SelectedDate: lastDay.Format(time.DateOnly)}},
	})

	interview := h.openInterviewForm(slacktest.HiringManager)
	h.SubmitOK(slacktest.HiringManager, interview, interviewValues("Jane Doe", []string{i1, i2}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.drainOutbox()
	cursor := fake.Cursor()
	h.sweep()
	h.Clock.Advance(time.Hour)
	h.sweep() // i1's second reminder: the hiring manager hears
	if n := h.DMsContaining(i1, "is overdue"); n != 2 {
		t.Errorf("%s got %d reminders, want 2", i1, n)
	}
	if n := h.DMsContaining(i2, "is overdue"); n != 0 {
		t.Errorf("%s is out of office but got %d reminders", i2, n)
	}
	escalation := texts(t, h.WaitDM(cursor, slacktest.HiringManager, "still missing"))
	mustContain(t, escalation, "<@"+i2+"> is out of office until "+lastDay.Format("Mon 2 Jan"))

	// Still away on the last day; reminded once back.
	h.Clock.Set(back.Add(-time.Hour))
	h.sweep()
	if n := h.DMsContaining(i2, "is overdue"); n != 0 {
		t.Errorf("%s got %d reminders on their last day away", i2, n)
	}
	cursor = fake.Cursor()
	h.Clock.Set(back.Add(time.Minute))
	h.sweep()
	h.WaitDM(cursor, i2, "is overdue")
	if strings.Contains(texts(t, h.WaitDM(cursor, i2, "is overdue")), "out of office") {
		t.Error("the reminder after the time away mentions it")
	}
}

// TestSnoozeUntilTomorrowFollowsOwnSettings: "Snooze until tomorrow" on a Friday names the
// interviewer's own next working day and start (their Saturday at 11:00, not the team's Monday
// at 09:00), and for someone out of office the first working hour after they are back.
func TestSnoozeUntilTomorrowFollowsOwnSettings(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_WORKING_HOURS": "09:00-17:00 Mon-Fri"}))
	i1, i2 := slacktest.Interviewer1, slacktest.Interviewer2 // Berlin, Kolkata
	friday := h.Clock.Now().Truncate(24*time.Hour).AddDate(0, 0, 1)
	for friday.Weekday() != time.Friday {
		friday = friday.AddDate(0, 0, 1)
	}
	h.Clock.Set(friday.Add(10 * time.Hour)) // 11:00 in Berlin, 15:30 in Kolkata
	settings := func(user string, values map[string]map[string]fakeslack.Value) {
		t.Helper()
		h.openHome(user)
		env, err := fake.ClickHomeButton(h.Ctx(), user, "home_notification_settings")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(h.Ctx()); err != nil {
			t.Fatal(err)
		}
		h.SubmitOK(user, h.WaitView(user, "notification_settings"), values)
	}
	settings(i1, map[string]map[string]fakeslack.Value{"np_hours": {"value": {Type: "plain_text_input", Value: "11:00-19:00 Tue-Sat"}}})

	cursor := fake.Cursor()
	h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Jane Doe", []string{i1, i2}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.drainOutbox()
	h.sweep()
	snoozed := func(user string, reminder fakeslack.Message) string {
		t.Helper()
		h.Click(user, reminder, "reminder_snooze_tomorrow")
		m, err := fake.WaitMessage(h.Ctx(), func(m fakeslack.Message) bool {
			return m.TS == reminder.TS && strings.Contains(texts(t, m), "Snoozed")
		})
		if err != nil {
			t.Fatalf("snooze did not replace %s's reminder: %v", user, err)
		}
		return texts(t, m)
	}

	// Own hours: their Saturday at 11:00 in Berlin.
	sat := friday.AddDate(0, 0, 1)
	saturday := sat.Format("Mon 2 Jan 2006")
	at11 := time.Date(sat.Year(), sat.Month(), sat.Day(), 11, 0, 0, 0, mustZone(t, "Europe/Berlin")) // CET or CEST
	mustContain(t, snoozed(i1, h.WaitDM(cursor, i1, "is overdue")), "again "+saturday+", "+at11.Format("15:04 MST"))

	// Out of office until Wednesday (set after the reminder came): the team's 09:00 on Thursday.
	reminder := h.WaitDM(cursor, i2, "is overdue")
	wednesday := friday.AddDate(0, 0, 5)
	settings(i2, map[string]map[string]fakeslack.Value{"np_away": {"value": {Type: "datepicker", SelectedDate: wednesday.Format(time.DateOnly)}}})
	mustContain(t, snoozed(i2, reminder), "again "+wednesday.AddDate(0, 0, 1).Format("Mon 2 Jan 2006")+", 09:00 IST")
}
