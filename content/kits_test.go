package content

import (
	"strings"
	"testing"
)

// categoryOf maps each question slug of the embedded bank to its category slug.
func categoryOf(t *testing.T, c *Content) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, cat := range c.Questions.Categories {
		for _, q := range cat.Questions {
			out[q.Slug] = cat.Slug
		}
	}
	return out
}

func TestEmbeddedKitsFitTheirStage(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cat := categoryOf(t, c)
	for _, tc := range []struct {
		stage string
		fits  func(slug string) bool
		mixed bool // from more than one category
	}{
		{"system-design", func(s string) bool { return s == "system-design" || s == "database-design" }, false},
		{"behavioral", func(s string) bool { return cat[s] == "behavioral" || cat[s] == "culture-fit" }, true},
		{"technical", func(s string) bool { return cat[s] == "technical" }, false},
		{"phone-screen", func(string) bool { return true }, true},
		{"onsite", func(string) bool { return true }, true},
	} {
		for turn := range 6 {
			qs, ok := c.KitQuestions(tc.stage, turn)
			if !ok || len(qs) < MinKitQuestions || len(qs) > MaxKitQuestions {
				t.Fatalf("%s turn %d: %d questions, %v", tc.stage, turn, len(qs), ok)
			}
			cats := map[string]bool{}
			seen := map[string]bool{}
			for _, q := range qs {
				if !tc.fits(q.Slug) || seen[q.Slug] {
					t.Errorf("%s turn %d: %s does not fit, or comes twice", tc.stage, turn, q.Slug)
				}
				seen[q.Slug], cats[cat[q.Slug]] = true, true
			}
			if tc.mixed && len(cats) < 2 {
				t.Errorf("%s turn %d: questions from %v only, want a mix", tc.stage, turn, cats)
			}
		}
	}
	if _, ok := c.KitQuestions("karaoke", 0); ok {
		t.Error("a stage without a kit has questions")
	}
}

func TestKitsAreValidatedAgainstTheQuestions(t *testing.T) {
	for _, tc := range []struct{ name, kits, want string }{
		{"unknown topic", `{"stages": [{"stage": "technical", "topics": ["knitting"], "questions": 2}]}`,
			`stages[0].topics[0]: "knitting" is neither a category nor a question`},
		{"too few questions", `{"stages": [{"stage": "technical", "topics": ["security"], "questions": 2}]}`,
			"stages[0].questions: 2 asked for, but its topics hold only 1"},
		{"too many asked", `{"stages": [{"stage": "technical", "topics": ["technical"], "questions": 9}]}`,
			"stages[0].questions: must be from 2 to 4"},
		{"twice", `{"stages": [{"stage": "onsite", "topics": ["technical"], "questions": 2}, {"stage": "onsite", "topics": ["technical"], "questions": 2}]}`,
			`"onsite" is already the stage of stages[0]`},
		{"unknown field", `{"stages": [{"stage": "onsite", "topic": ["technical"], "questions": 2}]}`, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, KitsFile, tc.kits)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), KitsFile) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error about %s with %q", err, KitsFile, tc.want)
			}
		})
	}
}
