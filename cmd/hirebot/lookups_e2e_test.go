package main

import (
	"strings"
	"testing"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestEverySeedFigureReachesTheUser runs /salary through Slack and checks every salary figure of
// the source guide appears exactly as the guide writes it.
func TestEverySeedFigureReachesTheUser(t *testing.T) {
	t.Parallel()
	h := startBot(t, newFake(t, fakeslack.Options{}), nil)
	overview := texts(t, h.Command(slacktest.Recruiter, slacktest.Hiring, "/salary", ""))
	mustContain(t, overview,
		"$95,000 - $145,000 annually for Python Backend Developers with 3-5 years of experience",
		"San Francisco, CA", "$125,000 - $180,000", "Premium market",
		"New York, NY", "$115,000 - $165,000", "High cost of living",
		"Seattle, WA", "$110,000 - $160,000", "Tech hub premium",
		"Austin, TX", "$95,000 - $140,000", "Growing tech market",
		"Denver, CO", "$90,000 - $135,000", "Emerging tech hub",
		"Chicago, IL", "$85,000 - $130,000", "Major metropolitan",
		"Remote (US)", "$90,000 - $145,000", "Location-adjusted",
		"Atlanta, GA", "$80,000 - $125,000", "Competitive regional market",
		"Entry-level: $70K-$90K", "Mid-level: $95K-$145K", "Senior: $130K-$180K", "Lead/Principal: $150K-$220K+",
		"Salary data compiled from Glassdoor, PayScale, and industry surveys as of January 2026",
	)
	band := texts(t, h.Command(slacktest.Recruiter, slacktest.Hiring, "/salary", "seattle"))
	mustContain(t, band,
		"Django and FastAPI command higher salaries than Flask-only experience",
		"AWS, GCP, or Azure certifications can add $5,000-$15,000 to base salary",
		"FinTech and healthcare typically offer 10-20% premium over average",
		"Established companies often offer higher base salaries, while startups provide more equity",
	)
}

func TestLookupCommandsThroughSlack(t *testing.T) {
	t.Parallel()
	h := startBot(t, newFake(t, fakeslack.Options{}), nil)
	tests := []struct {
		name, command, text string
		want                []string
		shareable           bool
		wantNot             []string
	}{
		{"salary band", "/salary", "Seattle, WA senior", []string{"$110,000 - $160,000", ":point_right: *Senior: $130K-$180K*"}, true, nil},
		{"salary alias", "/salary", "nyc", []string{"New York, NY", "$115,000 - $165,000"}, true, nil},
		{"salary help", "/salary", "help", []string{"/salary sf senior", "Locations:"}, false, nil},
		{"salary unknown", "/salary", "seatle", []string{"I don't have salary data for *seatle*", "Did you mean *Seattle, WA*?", "Atlanta, GA"}, false, nil},
		{"questions topic", "/interview-questions", "system design", []string{"Design a URL shortening service like bit.ly.", "Evaluation tips"}, true, nil},
		{"questions category", "/interview-questions", "technical", []string{"Explain the difference between list comprehensions", "Evaluation tips"}, true, nil},
		{"questions behavioral", "/interview-questions", "behavioral", []string{"Tell me about a complex backend issue you solved."}, true,
			[]string{"Evaluation tips", "Look for candidates who demonstrate"}},
		{"questions list", "/interview-questions", "", []string{"system-design", "culture-fit"}, false, nil},
		{"questions did you mean", "/interview-questions", "systemdesign", []string{"I have no interview questions for *systemdesign*", "Did you mean *System Design*? Try `/interview-questions system-design`."}, false, nil},
		{"questions unknown", "/interview-questions", "knitting", []string{"I have no interview questions for *knitting*"}, false, nil},
		{"faq answer", "/hiring-faq", "degree", []string{"Is a computer science degree necessary for Python backend developers?"}, true, nil},
		{"faq list", "/hiring-faq", "", []string{"How do I evaluate API design skills?", "What Python frameworks should I focus on learning?"}, false, nil},
		{"faq no match", "/hiring-faq", "zzzz", []string{"Nothing in the FAQ matched *zzzz*"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := h.Command(slacktest.Interviewer1, slacktest.Hiring, tt.command, tt.text)
			if !m.Ephemeral || m.VisibleTo != slacktest.Interviewer1 {
				t.Errorf("reply is not private to the user: ephemeral=%v visible_to=%q", m.Ephemeral, m.VisibleTo)
			}
			got := texts(t, m)
			mustContain(t, got, tt.want...)
			for _, not := range tt.wantNot {
				if strings.Contains(got, not) {
					t.Errorf("the answer shows %q:\n%s", not, got)
				}
			}
			if has := strings.Contains(got, "Share in channel"); has != tt.shareable {
				t.Errorf("share button present = %v, want %v", has, tt.shareable)
			}
		})
	}
}

// TestAllQuestionsTipsBeforeBehavioralThroughSlack: /interview-questions all shows the
// evaluation tips once, after the technical questions they are for and before the behavioral
// and culture-fit ones.
func TestAllQuestionsTipsBeforeBehavioralThroughSlack(t *testing.T) {
	t.Parallel()
	h := startBot(t, newFake(t, fakeslack.Options{}), nil)
	got := texts(t, h.Command(slacktest.Interviewer1, slacktest.Hiring, "/interview-questions", "all"))
	const tips = "*Evaluation tips* for the Technical/Functional questions"
	mustContain(t, got, tips, "Look for candidates who demonstrate", "*Behavioral*", "*Culture Fit*")
	if strings.Count(got, "Look for candidates who demonstrate") != 1 {
		t.Errorf("the tips are shown more than once:\n%s", got)
	}
	if strings.Index(got, tips) > strings.Index(got, "*Behavioral*") {
		t.Errorf("the tips come after the behavioral questions:\n%s", got)
	}
}

// TestShareInChannel clicks the share button on a private answer: everyone in the channel sees
// the same answer, and the private copy goes away.
func TestShareInChannel(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, nil)
	private := h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "austin senior")
	ctx := h.Ctx()
	cursor := fake.Cursor()
	env, err := fake.ClickButton(ctx, slacktest.HiringManager, private, "share_in_channel")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	public, err := fake.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool {
		return m.Channel == slacktest.Hiring && !m.Ephemeral && !m.Deleted
	})
	if err != nil {
		t.Fatalf("no public message: %v", err)
	}
	got := texts(t, public)
	mustContain(t, got, "Austin, TX", "$95,000 - $140,000", "*Senior: $130K-$180K*", "Shared by <@"+slacktest.HiringManager+">")
	if strings.Contains(got, "Share in channel") {
		t.Error("the public copy still offers sharing")
	}
	if _, err := fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.TS == private.TS && m.Deleted }); err != nil {
		t.Errorf("the private copy was not removed: %v", err)
	}
}
