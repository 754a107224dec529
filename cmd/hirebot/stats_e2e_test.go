package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack/slacktest"
)

// TestFeedbackStatsThroughSlack records an interview, chases both interviewers twice (which
// escalates), lets one submit three hours after the end, then asks /feedback stats as the hiring manager, an
// admin, an interviewer (refused) and that interviewer for themselves.
func TestFeedbackStatsThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": slacktest.Recruiter}))
	i1, i2 := slacktest.Interviewer1, slacktest.Interviewer2
	form := h.openInterviewForm(slacktest.HiringManager)
	start := h.Clock.Now().Add(-3 * time.Hour)
	h.SubmitOK(slacktest.HiringManager, form, interviewValues("Jane Doe", []string{i1, i2}, start, "60"))
	h.drainOutbox()
	h.sweep() // the first reminders
	h.Clock.Advance(time.Hour)
	h.sweep() // the second, and the escalation

	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	h.SubmitOK(i1, h.WaitView(i1, "scorecard"), scorecardValues("hire", "Clear API design"))
	h.drainOutbox()

	for _, user := range []string{slacktest.HiringManager, slacktest.Recruiter} {
		text := texts(t, h.Command(user, slacktest.Hiring, "/feedback", "stats 30d"))
		mustContain(t, text, "Feedback stats · the last 30 days",
			"*Team* — 2 scorecards due · 0 on time (0%) · median 3h · p90 3h · 4 reminders · 2 escalations · *1 still missing*",
			"1. <@"+i2+"> — 1 scorecard due · 0 on time (0%) · 2 reminders · 1 escalation · *1 still missing*",
			"2. <@"+i1+"> — 1 scorecard due · 0 on time (0%) · median 3h · p90 3h · 2 reminders · 1 escalation",
			"none in yet", "█")
	}
	refused := texts(t, h.Command(i2, slacktest.Hiring, "/feedback", "stats"))
	mustContain(t, refused, "hiring managers", "<@"+slacktest.Recruiter+">", "/feedback stats me")
	if strings.Contains(refused, i1) {
		t.Errorf("the refusal shows figures:\n%s", refused)
	}
	mine := texts(t, h.Command(i1, slacktest.Hiring, "/feedback", "stats me"))
	mustContain(t, mine, "Your feedback stats", "<@"+i1+"> — 1 scorecard due")

	// The submission was observed: three hours after the interview's end.
	rec := httptest.NewRecorder()
	h.app.Load().metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	mustContain(t, string(body), "hirebot_feedback_submit_delay_seconds_count 1", "hirebot_feedback_submit_delay_seconds_sum 10800")
}
