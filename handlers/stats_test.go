package handlers

import (
	"context"
	"encoding/json"
	"image/png"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hirebot/data"
)

func TestQuantile(t *testing.T) {
	h := time.Hour
	for _, tt := range []struct {
		name        string
		delays      []time.Duration
		median, p90 time.Duration
	}{
		{"none", nil, 0, 0},
		{"one", []time.Duration{5 * h}, 5 * h, 5 * h},
		{"two", []time.Duration{h, 3 * h}, 2 * h, 2*h + 48*time.Minute},         // 1h + 0.9·2h
		{"odd", []time.Duration{h, 2 * h, 10 * h}, 2 * h, 8*h + 24*time.Minute}, // p90 at 1.8: 2h + 0.8·8h
		{"even", []time.Duration{30 * time.Minute, 2 * h, 5 * h, 26 * h}, 3*h + 30*time.Minute, 19*h + 42*time.Minute},
		{"ten", []time.Duration{h, h, h, h, h, h, h, h, h, 11 * h}, h, 2 * h}, // p90 at 8.1: 1h + 0.1·10h
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := quantile(tt.delays, 0.5); got != tt.median {
				t.Errorf("median = %v, want %v", got, tt.median)
			}
			if got := quantile(tt.delays, 0.9); got != tt.p90 {
				t.Errorf("p90 = %v, want %v", got, tt.p90)
			}
		})
	}
}

func TestParseStatsQuery(t *testing.T) {
	now := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text     string
		me       bool
		from, to time.Time
		label    string
		wantErr  string
	}{
		{text: "", from: now.AddDate(0, 0, -90), to: now, label: "the last 90 days"},
		{text: "30d", from: now.AddDate(0, 0, -30), to: now, label: "the last 30 days"},
		{text: "me", me: true, from: now.AddDate(0, 0, -90), to: now, label: "the last 90 days"},
		{text: "ME 7d", me: true, from: now.AddDate(0, 0, -7), to: now, label: "the last 7 days"},
		{text: "2026-10", from: time.Date(2026, 10, 1, 0, 0, 0, 0, berlin), to: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), label: "October 2026"},
		{text: "2026-11 me", me: true, from: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), to: now, label: "November 2026"},
		{text: "2026-12", wantErr: "hasn't started"},
		{text: "2026-13", wantErr: "don't know the period"},
		{text: "0d", wantErr: "from 1 to"},
		{text: "last week", wantErr: "don't know the period"},
		{text: "30d 60d", wantErr: "don't know the period"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			q, err := parseStatsQuery(tt.text, now, berlin)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.me != tt.me || !q.from.Equal(tt.from) || !q.to.Equal(tt.to) || q.label != tt.label {
				t.Errorf("query = %+v, want me=%v from %v to %v %q", q, tt.me, tt.from, tt.to, tt.label)
			}
		})
	}
}

// seedFeedback records four interviews whose scorecards came in after known delays, with
// reminders and escalations for those still missing, and returns the store and the time the
// figures are asked at. Interviewer A's delays are 30m, 2h, 5h and 26h; B's 1h and 3h with one
// missing; C has one missing. Each deadline is an hour after the end.
func seedFeedback(t *testing.T) (*data.Store, *time.Time) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	store, err := data.Open(ctx, filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	base := now
	type submission struct {
		user  string
		delay time.Duration // after the end; zero: never
	}
	for k, panel := range [][]submission{
		{{"UA", 30 * time.Minute}, {"UB", time.Hour}},
		{{"UA", 2 * time.Hour}, {"UB", 3 * time.Hour}},
		{{"UA", 5 * time.Hour}, {"UC", 0}},
		{{"UA", 26 * time.Hour}, {"UB", 0}},
	} {
		start := base.Add(time.Duration(k) * 24 * time.Hour)
		end := start.Add(time.Hour)
		in := data.NewInterview{Candidate: "Candidate " + string(rune('A'+k)), Role: "Backend Engineer", Stage: "technical",
			HiringManager: "UMGR", RecordedBy: "UMGR", StartsAt: start, Duration: time.Hour, FirstReminderAt: end.Add(time.Hour)}
		for _, s := range panel {
			in.Panel = append(in.Panel, data.NewPanelist{UserID: s.user})
		}
		iv, err := store.CreateInterview(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range panel {
			if s.delay == 0 {
				continue
			}
			now = end.Add(s.delay)
			if _, err := store.SubmitScorecard(ctx, data.NewScorecard{InterviewID: iv.ID, Author: s.user, Recommendation: data.Hire,
				Ratings: []data.Rating{{Competency: "python", Label: "Python", Value: 3}}, Scale: []string{"Weak", "Mixed", "Good", "Excellent"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Two reminders each for the missing scorecards, then an escalation.
	now = base.Add(3*24*time.Hour + 31*time.Hour)
	for range 2 {
		due, err := store.ClaimDueReminders(ctx, now, time.Minute, 10)
		if err != nil || len(due) != 2 {
			t.Fatalf("due reminders = %d, %v; want the 2 missing", len(due), err)
		}
		for _, r := range due {
			if err := store.ReminderSent(ctx, r, now, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	esc, err := store.ClaimDueEscalations(ctx, now, time.Minute, 2, 10)
	if err != nil || len(esc) != 2 {
		t.Fatalf("due escalations = %d, %v", len(esc), err)
	}
	for _, r := range esc {
		if err := store.EscalationSent(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	return store, &now
}

func TestFeedbackFiguresFromSeededDatabase(t *testing.T) {
	store, now := seedFeedback(t)
	records, err := store.FeedbackRecords(context.Background(), now.AddDate(0, 0, -90), *now, "")
	if err != nil {
		t.Fatal(err)
	}
	team, people := aggregate(records, *now)
	m := time.Minute
	want := []feedbackFigures{ // slowest first: none in, then by median
		{UserID: "UC", Due: 1, Reminders: 2, Escalations: 1},
		{UserID: "UA", Due: 4, Submitted: 4, OnTime: 1, Median: 210 * m, P90: 19*time.Hour + 42*m},                         // 30m 2h 5h 26h
		{UserID: "UB", Due: 3, Submitted: 2, OnTime: 1, Median: 2 * time.Hour, P90: 168 * m, Reminders: 2, Escalations: 1}, // 1h 3h
	}
	if len(people) != len(want) {
		t.Fatalf("%d interviewers, want %d: %+v", len(people), len(want), people)
	}
	for i, w := range want {
		got := people[i]
		got.delays = nil
		if !reflect.DeepEqual(got, w) {
			t.Errorf("interviewer %d = %+v\n want %+v", i+1, got, w)
		}
	}
	// The team: 30m 1h 2h 3h 5h 26h; median (2h+3h)/2, p90 at 4.5: 5h + 0.5·21h.
	team.delays = nil
	wantTeam := feedbackFigures{Due: 8, Submitted: 6, OnTime: 2, Median: 150 * m, P90: 15*time.Hour + 30*m, Reminders: 4, Escalations: 2}
	if !reflect.DeepEqual(team, wantTeam) {
		t.Errorf("team = %+v\n want %+v", team, wantTeam)
	}
}

// TestFeedbackStatsCommand asks /feedback stats as the hiring manager, an admin, an
// interviewer for everyone (refused) and for themselves.
func TestFeedbackStatsCommand(t *testing.T) {
	store, now := seedFeedback(t)
	h := newTestFeatures(t, testDeps{store: store, now: func() time.Time { return *now }, admins: []string{"UADM"}})
	var chartFile File // the last answer's chart, if it had one
	// ask returns the answer as it goes when its chart cannot be uploaded: with the text chart.
	ask := func(user, text string) (Message, error) {
		t.Helper()
		resp, err := h.Interviews.feedbackCommand(context.Background(), Command{Name: feedbackCommand, Text: text, UserID: user})
		if err != nil {
			return Message{}, err
		}
		chartFile = File{}
		if len(resp.Files) == 1 {
			chartFile = resp.Files[0]
			resp.Replies = chartFile.Then("")
		}
		mustBeValidMessage(t, resp.Replies[0])
		return resp.Replies[0], nil
	}
	for _, user := range []string{"UMGR", "UADM"} {
		m, err := ask(user, "stats")
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		// The chart: a PNG with a row for the team and each interviewer, shown in place of the
		// text chart once uploaded, described in its alt text.
		cfg, err := png.DecodeConfig(strings.NewReader(chartFile.Content))
		if err != nil || cfg.Width != 800 || cfg.Height != 56+4*30+34 {
			t.Fatalf("%s: chart %q is %d×%d (%v), want an 800×210 PNG", user, chartFile.Name, cfg.Width, cfg.Height, err)
		}
		shown := chartFile.Then("F1")[0]
		mustBeValidMessage(t, shown)
		raw, _ := json.Marshal(shown.Blocks)
		for _, want := range []string{`"slack_file":{"id":"F1"}`, "#2: median 3h30m, p90 19h42m, 25% on time", "Team: median 2h30m, p90 15h30m, 25% on time"} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("%s: the charted answer lacks %q:\n%s", user, want, raw)
			}
		}
		if strings.Contains(rendered(t, shown), "█") {
			t.Errorf("%s: the text chart is shown beside the image", user)
		}
		text := rendered(t, m)
		for _, want := range []string{
			"Feedback stats · the last 90 days",
			"Team* — 8 scorecards due · 2 on time (25%) · median 2h30m · p90 15h30m · 4 reminders · 2 escalations · *2 still missing*",
			"1. <@UC> — 1 scorecard due · 0 on time (0%) · 2 reminders · 1 escalation · *1 still missing*",
			"2. <@UA> — 4 scorecards due · 1 on time (25%) · median 3h30m · p90 19h42m · 0 reminders · 0 escalations",
			"3. <@UB> — 3 scorecards due · 1 on time (33%) · median 2h · p90 2h48m",
			"#1  " + strings.Repeat(" ", statsBarWidth) + " none in yet",
			"#2  ████░░░░░░░░░░░░░░░░░░░░ 3h30m / 19h42m",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s's stats lack %q:\n%s", user, want, text)
			}
		}
	}
	_, err := ask("UA", "stats 30d")
	if ue, ok := AsUserError(err); !ok || !strings.Contains(ue.Msg, "hiring managers") || !strings.Contains(ue.Msg, "<@UADM>") || !strings.Contains(ue.Msg, "/feedback stats me") {
		t.Fatalf("an interviewer's team stats: err = %v, want a refusal saying who may", err)
	}
	mine, err := ask("UB", "stats me")
	if err != nil {
		t.Fatal(err)
	}
	text := rendered(t, mine)
	if !strings.Contains(text, "Your feedback stats") || !strings.Contains(text, "<@UB> — 3 scorecards due") || strings.Contains(text, "<@UA>") || strings.Contains(text, "Team") {
		t.Errorf("UB's own stats:\n%s", text)
	}
	empty, err := ask("UMGR", "stats 2026-10")
	if err != nil || !strings.Contains(rendered(t, empty), "No scorecard fell due in October 2026") {
		t.Errorf("a month without interviews: %v\n%s", err, rendered(t, empty))
	}
}
