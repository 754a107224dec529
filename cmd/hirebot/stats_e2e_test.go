package main

import (
	"bytes"
	"image/png"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestFeedbackStatsThroughSlack records an interview, chases both interviewers twice (which
// escalates), lets one submit three hours after the end, and the same interviewer two more
// scorecards half an hour and ten hours after their interviews' ends; then asks /feedback stats
// as the hiring manager, an admin, an interviewer (refused) and that interviewer for themselves.
// The figures come as text and as a chart image uploaded privately.
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

	submit := func(candidate string) {
		t.Helper()
		cursor := fake.Cursor()
		h.Run(i1, slacktest.Hiring, "/feedback", candidate)
		h.SubmitOK(i1, h.WaitViewAfter(cursor, i1, "scorecard"), scorecardValues("hire", "Clear API design"))
		h.drainOutbox()
	}
	submit("Jane Doe") // 3h after the end: late
	// Two more interviews that ended half an hour ago: one scorecard now (on time), one in 9h30m.
	for _, candidate := range []string{"John Roe", "Ann Poe"} {
		h.SubmitOK(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
			interviewValues(candidate, []string{i1}, h.Clock.Now().Add(-90*time.Minute), "60"))
	}
	h.drainOutbox()
	submit("John Roe")
	h.Clock.Advance(9*time.Hour + 30*time.Minute)
	submit("Ann Poe")

	// i1: 30m, 3h and 10h, so the median is 3h and the p90 3h + 0.8·7h = 8h36m; the team the same.
	for _, user := range []string{slacktest.HiringManager, slacktest.Recruiter} {
		m := h.Command(user, slacktest.Hiring, "/feedback", "stats 30d")
		mustContain(t, texts(t, m), "Feedback stats · the last 30 days",
			"*Team* — 4 scorecards due · 1 on time (25%) · median 3h · p90 8h36m · 4 reminders · 2 escalations · *1 still missing*",
			"1. <@"+i2+"> — 1 scorecard due · 0 on time (0%) · 2 reminders · 1 escalation · *1 still missing*",
			"2. <@"+i1+"> — 3 scorecards due · 1 on time (33%) · median 3h · p90 8h36m · 2 reminders · 1 escalation")
		f := statsChartFile(t, fake, m, 3) // the team and two interviewers
		if f.Name != "feedback-stats.png" || !strings.Contains(f.Title, "the last 30 days") {
			t.Errorf("chart file %q titled %q", f.Name, f.Title)
		}
		mustContain(t, string(m.Blocks), "#2: median 3h, p90 8h36m, 33% on time")
	}
	refused := texts(t, h.Command(i2, slacktest.Hiring, "/feedback", "stats"))
	mustContain(t, refused, "hiring managers", "<@"+slacktest.Recruiter+">", "/feedback stats me")
	if strings.Contains(refused, i1) {
		t.Errorf("the refusal shows figures:\n%s", refused)
	}
	mine := h.Command(i1, slacktest.Hiring, "/feedback", "stats me")
	mustContain(t, texts(t, mine), "Your feedback stats", "<@"+i1+"> — 3 scorecards due")
	statsChartFile(t, fake, mine, 1)
	for _, msg := range fake.Messages(slacktest.Hiring) {
		if len(msg.Files) > 0 {
			t.Errorf("a stats chart was shared as a file in the channel: %+v", msg)
		}
	}

	// Each first submission was observed: 3h, 30m and 10h after the interview's end.
	rec := httptest.NewRecorder()
	h.app.Load().metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	mustContain(t, string(body), "hirebot_feedback_submit_delay_seconds_count 3", "hirebot_feedback_submit_delay_seconds_sum 48600")
}

// statsChartFile checks that m shows exactly one uploaded, complete PNG with a row for each of
// rows (800 wide, 30 pixels a row, 90 of margins), and returns it.
func statsChartFile(t *testing.T, fake *fakeslack.Server, m fakeslack.Message, rows int) fakeslack.File {
	t.Helper()
	ids := imageFileIDs(t, m)
	if len(ids) != 1 {
		t.Fatalf("the answer shows %d images, want the chart: %s", len(ids), m.Blocks)
	}
	f, ok := fake.File(ids[0])
	if !ok {
		t.Fatalf("the image block shows %s, which was never uploaded", ids[0])
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(f.Content))
	if err != nil || !f.Complete {
		t.Fatalf("file %s (%s): complete=%v, not a PNG: %v", f.ID, f.Name, f.Complete, err)
	}
	if want := 56 + rows*30 + 34; cfg.Width != 800 || cfg.Height != want {
		t.Errorf("chart is %d×%d, want 800×%d", cfg.Width, cfg.Height, want)
	}
	return f
}
