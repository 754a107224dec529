package handlers

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/content"
	"hirebot/data"
	"hirebot/fakeslack/slacktest"
)

// TestKitShowsTheCandidateNotesThePanelistMayRead saves two notes on an upcoming interview's
// candidate and checks each panelist's kit shows what the visibility rule lets them read.
func TestKitShowsTheCandidateNotesThePanelistMayRead(t *testing.T) {
	for _, tc := range []struct {
		rule       Visibility
		wantOthers bool
	}{
		{VisibleAfterOwn, false},
		{VisibleNever, false},
		{VisibleAlways, true},
	} {
		t.Run(string(tc.rule), func(t *testing.T) {
			ctx := context.Background()
			clk := slacktest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			store, err := data.Open(ctx, filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(clk.Now))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { store.Close() })
			out := &outbox{}
			h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}, send: out.send,
				settings: Settings{Visibility: tc.rule, WorkingHours: AlwaysWorking()}})
			iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo Kit", Role: "Backend", Stage: "technical",
				HiringManager: "UHM", RecordedBy: "UHM", StartsAt: clk.Now().Add(10 * time.Minute), Duration: time.Hour,
				Panel: []data.NewPanelist{{UserID: "UA"}, {UserID: "UB"}}})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []data.NewNote{{InterviewID: iv.ID, Author: "UA", Body: "Ask about the outage"}, {InterviewID: iv.ID, Author: "UB", Body: "Strong open source work"}} {
				if _, err := store.AddNote(ctx, n); err != nil {
					t.Fatal(err)
				}
			}
			if rep, _ := h.sweepAndDeliver(t); rep.Kits != 2 {
				t.Fatalf("%d kits, want one per panelist", rep.Kits)
			}
			kit := out.textTo(t, "UA", "Interview kit")
			mustHave := []string{"Notes on the candidate", "Ask about the outage"}
			for _, w := range mustHave {
				if !strings.Contains(kit, w) {
					t.Errorf("the kit lacks %q:\n%s", w, kit)
				}
			}
			if got := strings.Contains(kit, "Strong open source work"); got != tc.wantOthers {
				t.Errorf("another panelist's note shown: %v, want %v", got, tc.wantOthers)
			}
		})
	}
}

// textTo is everything the messages sent to user whose text contains contains show.
func (o *outbox) textTo(t *testing.T, user, contains string) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	var b strings.Builder
	for _, p := range o.sent {
		if p.Channel == user && strings.Contains(p.Message.Text, contains) {
			b.WriteString(rendered(t, p.Message))
		}
	}
	return b.String()
}

// TestKitRespectsTheStartingSoonSetting turns the "starting soon" message off for one panelist:
// they get no kit, the other does, and a second sweep sends nothing more.
func TestKitRespectsTheStartingSoonSetting(t *testing.T) {
	ctx := context.Background()
	clk := slacktest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	store, err := data.Open(ctx, filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	out := &outbox{}
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}, send: out.send,
		settings: Settings{WorkingHours: AlwaysWorking()}})
	if _, err := store.SavePreferences(ctx, data.Preferences{UserID: "UB", StartingSoon: false}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo Kit", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UHM", StartsAt: clk.Now().Add(10 * time.Minute), Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UA"}, {UserID: "UB"}}}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		h.sweepAndDeliver(t)
	}
	if a, b := out.to("UA", "Interview kit"), out.to("UB", "Interview kit"); a != 1 || b != 0 {
		t.Errorf("kits sent: UA %d, UB %d; want 1 and 0 (UB turned them off)", a, b)
	}
}

// TestKitTipsFitTheQuestions: the evaluation tips, about technical answers, follow a kit only for
// the questions they fit by the content's evaluation_tips_for.
func TestKitTipsFitTheQuestions(t *testing.T) {
	bank := newTestHandlers(t).content.Questions
	q := func(slugs ...string) []content.Question {
		var out []content.Question
		for _, s := range slugs {
			_, question, ok := bank.Topic(s)
			if !ok {
				t.Fatalf("no question %q", s)
			}
			out = append(out, question)
		}
		return out
	}
	tests := []struct {
		name      string
		questions []content.Question
		want      string // "" for no tips
	}{
		{"behavioral and culture fit", q("problem-solving", "collaboration", "work-style"), ""},
		{"technical", q("system-design", "database-design"), "*What to look for:* " + evaluationTipsStart},
		{"one technical of three", q("python-fundamentals", "collaboration", "work-style"), "*What to look for* (question 1): " + evaluationTipsStart},
		{"two technical of three", q("collaboration", "security", "performance"), "*What to look for* (questions 2 and 3): " + evaluationTipsStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rendered(t, Message{Blocks: kitTips(bank, tt.questions)})
			if tt.want == "" {
				if got != "" {
					t.Fatalf("tips after %s questions:\n%s", tt.name, got)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Fatalf("tips = %q, want them starting %q", got, tt.want)
			}
		})
	}
}
