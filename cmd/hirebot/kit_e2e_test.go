package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func withStage(v map[string]map[string]fakeslack.Value, stage string) map[string]map[string]fakeslack.Value {
	v["iv_stage"] = map[string]fakeslack.Value{"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: stage}}}
	return v
}

// TestInterviewKitThroughSlack: shortly before a system design interview every panelist gets one
// kit, in their own time zone and outside working hours too, with the rest of the panel, system
// design and database questions, the evaluation tips and the note an earlier interviewer left.
// A restart sends none again; a reschedule sends a new one; a cancelled interview none.
func TestInterviewKitThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, nil) // default working hours: 09:00-18:00 on weekdays
	hm, i1, i2, rec := slacktest.HiringManager, slacktest.Interviewer1, slacktest.Interviewer2, slacktest.Recruiter
	now := h.Clock.Now()

	// An earlier phone screen, where Ivan leaves a note for later interviewers.
	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), withStage(interviewValues("Jane Doe", []string{i1}, now.Add(-3*time.Hour), "30"), "phone-screen"))
	h.WaitDM(cursor, i1, "You're on the panel")
	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	card := scorecardValues("hire", "Good fundamentals")
	card["sc_note"] = map[string]fakeslack.Value{"value": {Type: "plain_text_input", Value: "Probe how she would shard the data"}}
	h.SubmitOK(i1, h.WaitView(i1, "scorecard"), card)

	start := now.Truncate(time.Hour).Add(2 * time.Hour)
	h.SubmitOK(hm, h.openInterviewForm(hm), withStage(interviewValues("Jane Doe", []string{i2, i1, rec}, start, "60"), "system-design"))
	h.WaitDM(cursor, rec, "You're on the panel for *Jane Doe*")

	h.Clock.Set(start.Add(-20 * time.Minute))
	if rep := h.sweep(); rep.Kits != 0 {
		t.Fatalf("%d kits 20 minutes before the start, want none yet", rep.Kits)
	}
	h.Clock.Set(start.Add(-14 * time.Minute))
	if rep := h.sweep(); rep.Kits != 3 {
		t.Fatalf("%d kits 14 minutes before the start, want 3", rep.Kits)
	}
	kit := texts(t, h.WaitDM(cursor, i2, "Interview kit"))
	mustContain(t, kit, "Jane Doe", "Senior Python Backend Developer", "System design",
		start.In(mustZone(t, "Asia/Kolkata")).Format("15:04")+" IST",
		"With you on the panel: <@"+i1+">, <@"+rec+">",
		"System Design", "Database Design", "Look for candidates who demonstrate",
		"Probe how she would shard the data", "<@"+i1+"> (phone screen interview")
	if strings.Contains(kit, "Python Fundamentals") || strings.Contains(kit, "Problem Solving") {
		t.Fatalf("a system design kit has questions of other topics:\n%s", kit)
	}
	berlin := texts(t, h.WaitDM(cursor, i1, "Interview kit")) // before 09:00 in Berlin
	mustContain(t, berlin, start.In(mustZone(t, "Europe/Berlin")).Format("15:04 MST"), "With you on the panel: <@"+i2+">, <@"+rec+">")
	h.WaitDM(cursor, rec, "Interview kit")

	// Once per panelist, across sweeps and restarts.
	h.sweep()
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}
	h.Restart()
	h.sweep()
	for _, u := range []string{i1, i2, rec} {
		if n := h.DMsContaining(u, "Interview kit"); n != 1 {
			t.Fatalf("%s got %d kits, want 1", u, n)
		}
	}
	if n := h.DMsContaining(hm, "Interview kit"); n != 0 {
		t.Fatal("the hiring manager, not on the panel, got a kit")
	}

	// Rescheduled a day later: a new kit before the new start.
	list := h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")
	v := h.manage(hm, list, "reschedule", "interview_reschedule")
	later := start.Add(24 * time.Hour)
	h.SubmitOK(hm, v, map[string]map[string]fakeslack.Value{
		"iv_start":    {"value": {Type: "datetimepicker", SelectedDateTime: later.Unix()}},
		"iv_duration": {"value": {Type: "number_input", Value: "60"}},
	})
	h.Clock.Set(later.Add(-10 * time.Minute))
	h.sweep()
	for _, u := range []string{i1, i2, rec} {
		if n := h.DMsContaining(u, "Interview kit"); n != 2 {
			t.Fatalf("%s got %d kits after the reschedule, want 2", u, n)
		}
	}

	// Rescheduled again and cancelled: no kit.
	list = h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")
	v = h.manage(hm, list, "reschedule", "interview_reschedule")
	latest := later.Add(24 * time.Hour)
	h.SubmitOK(hm, v, map[string]map[string]fakeslack.Value{
		"iv_start":    {"value": {Type: "datetimepicker", SelectedDateTime: latest.Unix()}},
		"iv_duration": {"value": {Type: "number_input", Value: "60"}},
	})
	list = h.Command(hm, slacktest.Hiring, "/interview", "list upcoming")
	h.SubmitOK(hm, h.manage(hm, list, "cancel", "interview_cancel"), map[string]map[string]fakeslack.Value{})
	h.Clock.Set(latest.Add(-10 * time.Minute))
	if rep := h.sweep(); rep.Kits != 0 {
		t.Fatalf("a cancelled interview got %d kits", rep.Kits)
	}
}

func TestInterviewKitsOff(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, map[string]string{"HIREBOT_KIT_LEAD": "off"})
	start := h.Clock.Now().Truncate(time.Hour).Add(2 * time.Hour)
	cursor := fake.Cursor()
	h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Jane Doe", []string{slacktest.Interviewer1}, start, "60"))
	h.WaitDM(cursor, slacktest.Interviewer1, "You're on the panel")
	h.Clock.Set(start.Add(-5 * time.Minute))
	if rep := h.sweep(); rep.Kits != 0 || h.DMsContaining(slacktest.Interviewer1, "Interview kit") != 0 {
		t.Fatalf("kits are off, yet %d went out", rep.Kits)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestBehavioralKitHasNoTechnicalTips: a behavioral interview's kit offers behavioral and
// culture-fit questions without the evaluation tips, which are about technical answers.
func TestBehavioralKitHasNoTechnicalTips(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, nil)
	i1 := slacktest.Interviewer1
	start := h.Clock.Now().Truncate(time.Hour).Add(2 * time.Hour)
	cursor := fake.Cursor()
	h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		withStage(interviewValues("Jane Doe", []string{i1}, start, "60"), "behavioral"))
	h.WaitDM(cursor, i1, "You're on the panel")
	h.Clock.Set(start.Add(-10 * time.Minute))
	if rep := h.sweep(); rep.Kits != 1 {
		t.Fatalf("%d kits, want 1", rep.Kits)
	}
	kit := texts(t, h.WaitDM(cursor, i1, "Interview kit"))
	mustContain(t, kit, "Questions that suit a behavioral interview")
	for _, tip := range []string{"What to look for", "Look for candidates who demonstrate", "Python knowledge"} {
		if strings.Contains(kit, tip) {
			t.Fatalf("a behavioral kit carries the technical evaluation tips (%q):\n%s", tip, kit)
		}
	}
}
