package main

import (
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestGlobalShortcutsOpenTheCommandsForms runs each global shortcut and finds the form its
// command opens.
func TestGlobalShortcutsOpenTheCommandsForms(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	user := slacktest.HiringManager
	for _, c := range []struct{ shortcut, callback string }{
		{"draft_job_posting", "job_posting_form"},
		{"record_interview", "interview_new"}, // replaces the posting form, as views.open does
	} {
		cursor := fake.Cursor()
		env, err := fake.GlobalShortcut(h.Ctx(), user, c.shortcut)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(h.Ctx()); err != nil {
			t.Fatal(err)
		}
		h.WaitViewAfter(cursor, user, c.callback)
	}

	// The interview form from the shortcut records an interview, confirmed by direct message.
	form := h.WaitView(user, "interview_new")
	cursor := fake.Cursor()
	h.SubmitOK(user, form, interviewValues("Jane Doe", []string{slacktest.Interviewer1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.drainOutbox()
	h.WaitDM(cursor, user, "Recorded *Jane Doe*")
}

// TestAddToCandidateNotes saves a channel message as a note on a candidate with the message
// shortcut, and shows it in the feedback summary under the scorecards' visibility rule.
func TestAddToCandidateNotes(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil))
	i1, i2 := slacktest.Interviewer1, slacktest.Interviewer2
	form := h.openInterviewForm(slacktest.HiringManager)
	h.SubmitOK(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{i1, i2}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.drainOutbox()

	msg, noteForm := h.openNoteForm(i1, "Jane asked sharp questions about our on-call rota")
	mustContain(t, string(noteForm.Blocks), "Jane Doe", "on-call rota")
	cursor := fake.Cursor()
	h.SubmitOK(i1, noteForm, map[string]map[string]fakeslack.Value{
		"cn_interview": {"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: "1"}}},
		"cn_body":      {"value": {Type: "plain_text_input", Value: "Jane asked sharp questions about our on-call rota"}},
	})
	h.WaitDM(cursor, i1, "Added your note to *Jane Doe*")

	// The hiring manager and the author see the note; the other interviewer, who has not
	// submitted a scorecard, does not (after-own), nor does an outsider.
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Jane Doe")), "Notes", "on-call rota", "<@"+i1+">")
	mustContain(t, texts(t, h.Command(i1, slacktest.Hiring, "/feedback", "summary Jane Doe")), "on-call rota")
	if pending := texts(t, h.Command(i2, slacktest.Hiring, "/feedback", "summary Jane Doe")); strings.Contains(pending, "on-call rota") {
		t.Errorf("an interviewer who has not submitted sees another's note:\n%s", pending)
	}

	// Someone who is part of no interview is told so, privately in the channel.
	cursor = fake.Cursor()
	env, err := fake.MessageShortcut(h.Ctx(), outsider, msg, "add_candidate_note")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		t.Fatal(err)
	}
	refusal, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool { return m.VisibleTo == outsider })
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, texts(t, refusal), "not part of any interview")
}

// openNoteForm posts text in #hiring as user and runs "Add to candidate notes" on it: the
// message and the form that opened.
func (h *harness) openNoteForm(user, text string) (fakeslack.Message, fakeslack.View) {
	h.T.Helper()
	msg, err := h.Fake.PostUserMessage(user, slacktest.Hiring, text)
	if err != nil {
		h.T.Fatal(err)
	}
	env, err := h.Fake.MessageShortcut(h.Ctx(), user, msg, "add_candidate_note")
	if err != nil {
		h.T.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		h.T.Fatal(err)
	}
	return msg, h.WaitView(user, "candidate_note")
}
