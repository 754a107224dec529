package content

import (
	"strings"
	"testing"
)

// seedQuestions is every interview question of the source, by category, verbatim.
var seedQuestions = []struct {
	slug, name string
	questions  []Question // Slug, Topic, Text
}{
	{"technical", "Technical/Functional", []Question{
		{Slug: "python-fundamentals", Topic: "Python Fundamentals", Text: "Explain the difference between list comprehensions and generator expressions. When would you use each?"},
		{Slug: "database-design", Topic: "Database Design", Text: "Design a database schema for a social media platform. How would you handle relationships, indexing, and data consistency?"},
		{Slug: "api-architecture", Topic: "API Architecture", Text: "How would you design a RESTful API for a multi-tenant SaaS application? Consider authentication, rate limiting, and data isolation."},
		{Slug: "performance", Topic: "Performance Optimization", Text: "A Django API endpoint is taking 3 seconds to respond. Walk me through your debugging and optimization process."},
		{Slug: "async-processing", Topic: "Asynchronous Processing", Text: "Explain how you would implement a system to process thousands of images uploaded by users. Consider scalability and failure handling."},
		{Slug: "system-design", Topic: "System Design", Text: "Design a URL shortening service like bit.ly. Consider the database design, caching strategy, and API endpoints."},
		{Slug: "security", Topic: "Security Implementation", Text: "How would you secure a Python API against common vulnerabilities like SQL injection, XSS, and unauthorized access?"},
		{Slug: "microservices", Topic: "Microservices", Text: "Describe how you would break down a monolithic e-commerce application into microservices using Python."},
	}},
	{"behavioral", "Behavioral", []Question{
		{Slug: "problem-solving", Topic: "Problem Solving", Text: "Tell me about a complex backend issue you solved. What was your approach and what was the outcome?"},
		{Slug: "code-quality", Topic: "Code Quality", Text: "Describe a time when you had to refactor poorly written code. How did you approach it while maintaining functionality?"},
		{Slug: "collaboration", Topic: "Collaboration", Text: "Give me an example of when you had to work closely with frontend developers to solve an integration issue."},
		{Slug: "learning", Topic: "Learning", Text: "Tell me about a new Python framework or technology you learned recently. How did you approach mastering it?"},
		{Slug: "performance-under-pressure", Topic: "Performance Under Pressure", Text: "Describe a situation where a production system was down and you had to quickly identify and fix the issue."},
		{Slug: "technical-leadership", Topic: "Technical Leadership", Text: "Tell me about a time when you had to convince your team to adopt a new technology or approach. How did you present your case?"},
	}},
	{"culture-fit", "Culture Fit", []Question{
		{Slug: "continuous-improvement", Topic: "Continuous Improvement", Text: "How do you stay current with Python development trends and best practices?"},
		{Slug: "code-review-philosophy", Topic: "Code Review Philosophy", Text: "What do you look for when reviewing another developer's code? How do you provide constructive feedback?"},
		{Slug: "work-style", Topic: "Work Style", Text: "How do you balance writing clean, maintainable code with meeting tight deadlines?"},
		{Slug: "innovation", Topic: "Innovation", Text: "Tell me about a time when you identified and implemented a significant improvement to a backend system."},
	}},
}

func TestQuestionsSeed(t *testing.T) {
	b := mustEmbedded(t).Questions
	if len(b.Categories) != len(seedQuestions) {
		t.Fatalf("got %d categories, want %d", len(b.Categories), len(seedQuestions))
	}
	for i, want := range seedQuestions {
		c := b.Categories[i]
		if c.Slug != want.slug || c.Name != want.name {
			t.Errorf("categories[%d] = %s %q, want %s %q", i, c.Slug, c.Name, want.slug, want.name)
		}
		if len(c.Questions) != len(want.questions) {
			t.Fatalf("%s: got %d questions, want %d", c.Slug, len(c.Questions), len(want.questions))
		}
		for j, w := range want.questions {
			q := c.Questions[j]
			if q.Slug != w.Slug || q.Topic != w.Topic || q.Text != w.Text {
				t.Errorf("%s[%d] = %s %q %q, want %s %q %q", c.Slug, j, q.Slug, q.Topic, q.Text, w.Slug, w.Topic, w.Text)
			}
		}
	}
	if n := len(b.All()); n != 18 {
		t.Errorf("All() has %d questions, want 18", n)
	}
	wantTips := "Look for candidates who demonstrate deep Python knowledge, strong system design thinking, and clear communication about technical concepts. Pay attention to their approach to debugging, testing, and code quality. Strong candidates will ask clarifying questions and consider edge cases in their solutions."
	if b.EvaluationTips != wantTips {
		t.Errorf("EvaluationTips = %q", b.EvaluationTips)
	}
}

func TestCategoryLookup(t *testing.T) {
	tests := []struct{ query, want string }{
		{"technical", "technical"},
		{"Tech", "technical"},
		{"functional", "technical"},
		{"Technical/Functional", "technical"},
		{"behavioral", "behavioral"},
		{"behavioural", "behavioral"},
		{"behavior", "behavioral"},
		{"culture", "culture-fit"},
		{"Culture Fit", "culture-fit"},
		{"culture-fit", "culture-fit"},
		{"cultural", "culture-fit"},
		{"fit", "culture-fit"},
		{"trivia", ""},
	}
	b := mustEmbedded(t).Questions
	for _, tt := range tests {
		c, ok := b.Category(tt.query)
		if ok != (tt.want != "") || c.Slug != tt.want {
			t.Errorf("Category(%q) = %q, %v; want %q", tt.query, c.Slug, ok, tt.want)
		}
	}
}

func TestTopicLookup(t *testing.T) {
	tests := []struct{ query, category, question string }{
		{"system design", "technical", "system-design"},
		{"System Design", "technical", "system-design"},
		{"sysdesign", "technical", "system-design"},
		{"design", "technical", "system-design"},
		{"db", "technical", "database-design"},
		{"databases", "technical", "database-design"},
		{"SQL", "technical", "database-design"},
		{"async", "technical", "async-processing"},
		{"celery", "technical", "async-processing"},
		{"Asynchronous Processing", "technical", "async-processing"},
		{"performance", "technical", "performance"},
		{"Performance Optimization", "technical", "performance"},
		{"security", "technical", "security"},
		{"Security Implementation", "technical", "security"},
		{"microservices", "technical", "microservices"},
		{"api", "technical", "api-architecture"},
		{"python", "technical", "python-fundamentals"},
		{"problem solving", "behavioral", "problem-solving"},
		{"Performance Under Pressure", "behavioral", "performance-under-pressure"},
		{"leadership", "behavioral", "technical-leadership"},
		{"code review", "culture-fit", "code-review-philosophy"},
		{"work-style", "culture-fit", "work-style"},
		{"innovation", "culture-fit", "innovation"},
		{"knitting", "", ""},
		{"", "", ""},
	}
	b := mustEmbedded(t).Questions
	for _, tt := range tests {
		c, q, ok := b.Topic(tt.query)
		if ok != (tt.question != "") || c.Slug != tt.category || q.Slug != tt.question {
			t.Errorf("Topic(%q) = %q %q %v; want %q %q", tt.query, c.Slug, q.Slug, ok, tt.category, tt.question)
		}
	}
}

func TestQuestionBankValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*QuestionBank)
		want   string
	}{
		{"no categories", func(b *QuestionBank) { b.Categories = nil }, "categories: must have at least one category"},
		{"no questions", func(b *QuestionBank) { b.Categories[1].Questions = nil }, "categories[1].questions: must have at least one question"},
		{"empty text", func(b *QuestionBank) { b.Categories[0].Questions[3].Text = "" }, "categories[0].questions[3].text: must not be empty"},
		{"dup question slug", func(b *QuestionBank) { b.Categories[2].Questions[0].Slug = "security" },
			"categories[2].questions[0].slug: \"security\" already used by categories[0].questions[6]"},
		{"alias across categories", func(b *QuestionBank) { b.Categories[2].Questions[0].Aliases = []string{"db"} },
			"categories[2].questions[0].aliases[0]: \"db\" already leads to categories[0].questions[1]"},
		{"category alias", func(b *QuestionBank) { b.Categories[1].Aliases = []string{"tech"} },
			"categories[1].aliases[0]: \"tech\" already leads to categories[0]"},
		{"tips", func(b *QuestionBank) { b.EvaluationTips = "" }, "evaluation_tips: must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustEmbedded(t).Questions
			tt.modify(&b)
			err := b.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}
