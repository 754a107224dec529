package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack/slacktest"
	"hirebot/playground"
)

// TestPlaygroundSweepReportsTheKit: with an interview starting in 10 minutes, the playground's
// Run sweep, wired to the bot as the playground wires it, sends the kit and says so, instead of
// "nothing was due".
func TestPlaygroundSweepReportsTheKit(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBotUnscheduled(t, fake, feedbackEnv(nil)) // no start-up sweep to send the kit first
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1

	cursor := fake.Cursor()
	start := h.Clock.Now().Truncate(time.Minute).Add(10 * time.Minute)
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Kim Kit", []string{i1}, start, "60"))
	h.WaitDM(cursor, i1, "You're on the panel for *Kim Kit*")

	page, err := playground.New(playground.Config{Slack: fake, Now: h.Clock.Now,
		Sweep: func(ctx context.Context) (playground.SweepReport, error) { return sweepAndLookAhead(ctx, h.app.Load()) }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(page)
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/api/sweep", "application/json", strings.NewReader(`{"user":"`+hm+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans struct {
		Notice string                  `json:"notice"`
		Sweep  *playground.SweepReport `json:"sweep"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/sweep: %s, %v", resp.Status, err)
	}
	if ans.Sweep == nil || ans.Sweep.Kits != 1 {
		t.Fatalf("the sweep reported %+v, want one kit", ans.Sweep)
	}
	mustContain(t, ans.Notice, "1 interview kit sent")
	h.drainOutbox()
	mustContain(t, texts(t, h.WaitDM(cursor, i1, "Interview kit")), "Kim Kit")
}
