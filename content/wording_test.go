package content

import (
	"strings"
	"testing"
)

func TestWordingSeed(t *testing.T) {
	w := mustEmbedded(t).Wording
	for _, phrase := range []string{"rockstar", "ninja", "guru", "young", "digital native", "aggressive", "he", "his", "him", "she", "her", "manpower"} {
		if flags := w.Check(phrase); len(flags) != 1 {
			t.Errorf("Check(%q) = %v, want one flag", phrase, flags)
		}
	}
}

func TestWordingCheck(t *testing.T) {
	w := mustEmbedded(t).Wording
	tests := []struct {
		name, text string
		want       []string // phrases found, in list order
	}{
		{"clean", "We are seeking a skilled Python Backend Developer to join our engineering team.", nil},
		{"case and punctuation", "Python ROCK-STAR wanted!", []string{"rock star"}},
		{"plural", "We hire ninjas.", []string{"ninjas"}},
		{"whole words only", "the other theme: hereafter, shepherd, Sherlock, youngster", nil},
		{"pronoun with apostrophe", "He'll own the payments API.", []string{"he"}},
		{"he/she counts once", "he/she will report to the CTO", []string{"he"}},
		{"two-word phrase", "Looking for a digital native.", []string{"digital native"}},
		{"phrase split by a line break", "a digital\nnative", []string{"digital native"}},
		{"several, in list order", "Young, aggressive Python guru", []string{"guru", "young", "aggressive"}},
		{"manpower", "We need more manpower.", []string{"manpower"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range w.Check(tt.text) {
				got = append(got, f.Phrase)
				if f.Term.Reason == "" || f.Term.Suggestion == "" {
					t.Errorf("flag %q has no reason or suggestion", f.Phrase)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Check(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestWordingDoesNotFlagThePostingTemplate(t *testing.T) {
	c := mustEmbedded(t)
	p := c.Posting
	texts := append([]string{p.Title, p.Overview, p.WhyItMatters}, p.Highlights...)
	texts = append(texts, p.About...)
	for _, groups := range [][]Group{p.Responsibilities, p.Required, p.Preferred, p.Offer} {
		for _, g := range groups {
			texts = append(texts, g.Title)
			texts = append(texts, g.Items...)
		}
	}
	for _, ws := range p.WorkSettings {
		texts = append(texts, ws.Text)
	}
	for _, l := range p.Levels {
		texts = append(texts, l.Experience, l.Expectations)
	}
	for _, s := range texts {
		if flags := c.Wording.Check(s); len(flags) > 0 {
			t.Errorf("template text %q flagged: %v", s, flags)
		}
	}
}

func TestWordingValidate(t *testing.T) {
	valid := func() Wording {
		return Wording{About: "why", Terms: []Term{
			{Phrases: []string{"rockstar", "rock star"}, Reason: "hype", Suggestion: "engineer"},
			{Phrases: []string{"guru"}, Reason: "hype", Suggestion: "expert"},
		}}
	}
	tests := []struct {
		name   string
		change func(w *Wording)
		want   string
	}{
		{"valid", func(*Wording) {}, ""},
		{"no about", func(w *Wording) { w.About = " " }, "about: must not be empty"},
		{"no terms", func(w *Wording) { w.Terms = nil }, "terms: must have at least one term"},
		{"no phrases", func(w *Wording) { w.Terms[0].Phrases = nil }, "terms[0].phrases: must have at least one item"},
		{"empty phrase", func(w *Wording) { w.Terms[1].Phrases = []string{""} }, "terms[1].phrases[0]: must not be empty"},
		{"not normalized", func(w *Wording) { w.Terms[0].Phrases[1] = "Rock-Star" }, `terms[0].phrases[1]: "Rock-Star" must be normalized (want "rock star")`},
		{"no reason", func(w *Wording) { w.Terms[1].Reason = "" }, "terms[1].reason: must not be empty"},
		{"no suggestion", func(w *Wording) { w.Terms[1].Suggestion = "" }, "terms[1].suggestion: must not be empty"},
		{"duplicate phrase", func(w *Wording) { w.Terms[1].Phrases = []string{"rockstar"} }, `terms[1].phrases[0]: "rockstar" already used at terms[0].phrases[0]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := valid()
			tt.change(&w)
			err := w.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("Validate = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadWordingOverride(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, WordingFile, `{"about": "Our list", "terms": [{"phrases": ["crush it"], "reason": "hype", "suggestion": "deliver"}]}`)
	c, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if flags := c.Wording.Check("You will crush it"); len(flags) != 1 || flags[0].Term.Suggestion != "deliver" {
		t.Errorf("override not used: %v", flags)
	}
	if flags := c.Wording.Check("rockstar"); len(flags) != 0 {
		t.Errorf("embedded list still used: %v", flags)
	}

	writeFile(t, dir, WordingFile, `{"about": "x", "terms": [{"phrases": ["ok"], "reason": "r", "suggestion": "s", "severity": 2}]}`)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "terms[0].severity: unknown field") {
		t.Errorf("Load with an unknown field: %v", err)
	}
}
