package handlers

import (
	"strings"
	"testing"
)

func TestParseQuestions(t *testing.T) {
	bank := mustContent(t).Questions
	tests := []struct {
		text, category, question string
		help, random, all        bool
	}{
		{text: ""},
		{text: "help", help: true},
		{text: "random", random: true},
		{text: "all", all: true},
		{text: "technical", category: "technical"},
		{text: "Behavioral", category: "behavioral"},
		{text: "culture-fit", category: "culture-fit"},
		{text: "culture fit", category: "culture-fit"},
		{text: "system-design", category: "technical", question: "system-design"},
		{text: "system design", category: "technical", question: "system-design"},
		{text: "sysdesign", category: "technical", question: "system-design"},
		{text: "db", category: "technical", question: "database-design"},
		{text: "SECURITY", category: "technical", question: "security"},
		{text: "async", category: "technical", question: "async-processing"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q := parseQuestions(bank, tt.text)
			cat, question := "", ""
			if q.category != nil {
				cat = q.category.Slug
			}
			if q.question != nil {
				question = q.question.Slug
			}
			if q.help != tt.help || q.random != tt.random || q.all != tt.all || cat != tt.category || question != tt.question {
				t.Errorf("parseQuestions(%q) = help %v random %v all %v category %q question %q; want %v %v %v %q %q",
					tt.text, q.help, q.random, q.all, cat, question, tt.help, tt.random, tt.all, tt.category, tt.question)
			}
		})
	}
}

const evaluationTipsStart = "Look for candidates who demonstrate deep Python knowledge"

func TestQuestionsTechnicalListsAllEightWithTips(t *testing.T) {
	m := runCommand(t, newTestHandlers(t), "/interview-questions", "technical")
	assertContains(t, rendered(t, m),
		"Explain the difference between list comprehensions and generator expressions. When would you use each?",
		"Design a database schema for a social media platform.",
		"How would you design a RESTful API for a multi-tenant SaaS application?",
		"A Django API endpoint is taking 3 seconds to respond.",
		"process thousands of images uploaded by users",
		"Design a URL shortening service like bit.ly.",
		"SQL injection, XSS, and unauthorized access?",
		"break down a monolithic e-commerce application into microservices using Python.",
		evaluationTipsStart, "consider edge cases in their solutions.")
	if shareValue(m) != "/interview-questions technical" {
		t.Errorf("share value = %q", shareValue(m))
	}
}

func TestQuestionsByCategoryAndTopic(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct {
		text, want string
		tips       bool // the technical tips belong only with technical questions and the whole bank
	}{
		{"behavioral", "Tell me about a complex backend issue you solved.", false},
		{"behavioral", "convince your team to adopt a new technology", false},
		{"culture-fit", "How do you stay current with Python development trends and best practices?", false},
		{"culture fit", "identified and implemented a significant improvement to a backend system.", false},
		{"learning", "Tell me about a new Python framework", false},
		{"system design", "Design a URL shortening service like bit.ly. Consider the database design, caching strategy, and API endpoints.", true},
		{"db", "How would you handle relationships, indexing, and data consistency?", true},
		{"all", "Tell me about a new Python framework or technology you learned recently.", true},
	}
	for _, tt := range tests {
		text := rendered(t, runCommand(t, h, "/interview-questions", tt.text))
		assertContains(t, text, tt.want)
		if got := strings.Contains(text, evaluationTipsStart); got != tt.tips {
			t.Errorf("/interview-questions %s shows the evaluation tips: %v, want %v", tt.text, got, tt.tips)
		}
	}
}

// TestAllQuestionsTipsFollowTheirCategory: the whole bank shows the tips once, after the
// technical questions they fit and before the behavioral ones, saying which questions they are
// for; tips that fit every category come last, without saying so.
func TestAllQuestionsTipsFollowTheirCategory(t *testing.T) {
	h := newTestHandlers(t)
	text := rendered(t, runCommand(t, h, "/interview-questions", "all"))
	assertContains(t, text, "*Evaluation tips* for the Technical/Functional questions\n"+evaluationTipsStart)
	if n := strings.Count(text, evaluationTipsStart); n != 1 {
		t.Errorf("the tips are shown %d times, want once:\n%s", n, text)
	}
	tips, behavioral := strings.Index(text, evaluationTipsStart), strings.Index(text, "*Behavioral*")
	if behavioral < 0 || tips > behavioral {
		t.Errorf("the tips (at %d) do not come before the behavioral questions (at %d):\n%s", tips, behavioral, text)
	}
	if last := strings.LastIndex(text, "Tell me about a time when you identified and implemented"); last < tips {
		t.Errorf("the culture-fit questions come before the tips:\n%s", text)
	}

	everywhere := mustContent(t) // a fresh copy
	bank := &everywhere.Questions
	bank.TipsFor = nil
	for _, c := range bank.Categories {
		bank.TipsFor = append(bank.TipsFor, c.Slug)
	}
	text = rendered(t, Message{Blocks: NewLookups(everywhere, nil).allQuestions().blocks})
	if !strings.HasSuffix(strings.TrimSpace(text), "*Evaluation tips*\n"+bank.EvaluationTips) || strings.Contains(text, "questions\n"+evaluationTipsStart) {
		t.Errorf("tips that fit every category are not last and unlabelled:\n%s", text)
	}
}

func TestQuestionsRandomIsShareableAsItsTopic(t *testing.T) {
	// Intn is fixed to pick the last question, so the share button must name that topic.
	h := newTestHandlers(t)
	all := h.content.Questions.All()
	last := all[len(all)-1]
	m := runCommand(t, h, "/interview-questions", "random")
	assertContains(t, rendered(t, m), last.Text)
	if want := "/interview-questions " + last.Slug; shareValue(m) != want {
		t.Errorf("share value = %q, want %q", shareValue(m), want)
	}
}

func TestQuestionsOverviewAndUnknown(t *testing.T) {
	h := newTestHandlers(t)
	overview := rendered(t, runCommand(t, h, "/interview-questions", ""))
	assertContains(t, overview, "system-design", "python-fundamentals", "microservices", "behavioral", "culture-fit", "random")
	unknown := runCommand(t, h, "/interview-questions", "basket weaving")
	assertContains(t, rendered(t, unknown), "I have no interview questions for *basket weaving*", "system-design")
	if shareValue(unknown) != "" {
		t.Error("an unknown topic must not offer sharing")
	}
}

func FuzzParseQuestions(f *testing.F) {
	bank := mustContent(f).Questions
	for _, seed := range []string{"", "technical", "system design", "db", "random", "\xff", "Culture-Fit!!"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := parseQuestions(bank, text)
		set := 0
		for _, b := range []bool{q.help, q.random, q.all, q.category != nil, q.unknown != ""} {
			if b {
				set++
			}
		}
		if set > 1 {
			t.Errorf("parseQuestions(%q) matched several kinds at once: %+v", text, q)
		}
		if q.question != nil && q.category == nil {
			t.Errorf("parseQuestions(%q) found a question without its category", text)
		}
	})
}

func TestLookupsSuggestTheNearestAnswer(t *testing.T) {
	h := newTestHandlers(t)
	for _, tt := range []struct{ command, text, want string }{
		{questionsCommand, "systemdesign", "Did you mean *System Design*? Try `/interview-questions system-design`."},
		{questionsCommand, "behavorial", "Did you mean *Behavioral*?"},
		{faqCommand, "bootcmp", "Did you mean *bootcamp*?"},
	} {
		if got := rendered(t, runCommand(t, h, tt.command, tt.text)); !strings.Contains(got, tt.want) {
			t.Errorf("%s %s = %q, want %q", tt.command, tt.text, got, tt.want)
		}
	}
}
