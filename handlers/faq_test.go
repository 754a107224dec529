package handlers

import (
	"strings"
	"testing"
)

func TestFAQAnswers(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct{ text, first string }{
		{"degree", "Is a computer science degree necessary for Python backend developers?"},
		{"testing", "How important is testing experience for backend developers?"},
		{"salary progression", "What salary progression can I expect as a Python backend developer?"},
		{"DevOps", "How important is DevOps knowledge for backend developers?"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			m := runCommand(t, h, "/hiring-faq", tt.text)
			text := rendered(t, m)
			assertContains(t, text, tt.first)
			if n := strings.Count(text, "?*\n"); n < 1 || n > faqMaxAnswers {
				t.Errorf("%d answers shown, want 1..%d", n, faqMaxAnswers)
			}
			if shareValue(m) == "" {
				t.Error("answer has no share button")
			}
		})
	}
}

func TestFAQAnswerIsVerbatim(t *testing.T) {
	text := rendered(t, runCommand(t, newTestHandlers(t), "/hiring-faq", "degree"))
	assertContains(t, text, "While valuable, many excellent Python developers are self-taught or bootcamp graduates. Focus on demonstrable Python skills, problem-solving ability, and understanding of backend concepts rather than formal education requirements.")
}

func TestFAQListAndNoMatch(t *testing.T) {
	h := newTestHandlers(t)
	list := rendered(t, runCommand(t, h, "/hiring-faq", ""))
	for _, e := range h.content.FAQ.Entries() {
		assertContains(t, list, e.Question)
	}
	none := runCommand(t, h, "/hiring-faq", "zzzz qqqq")
	assertContains(t, rendered(t, none), "Nothing in the FAQ matched *zzzz qqqq*", "/hiring-faq degree")
	if shareValue(none) != "" {
		t.Error("a no-match reply must not offer sharing")
	}
}
