package content

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Scorecards defines the scorecard form: a default form, and forms for some interview stages
// that replace parts of it.
type Scorecards struct {
	Default ScorecardForm `json:"default"`
	// Stages maps an interview stage ("system-design") to what its form changes: each list given
	// replaces the default's, each list left out is the default's.
	Stages map[string]ScorecardForm `json:"stages"`
}

// ScorecardForm is one scorecard form: what an interviewer rates, on what scale, the
// recommendations they pick from and the free-text fields they fill in.
type ScorecardForm struct {
	Competencies    []Competency           `json:"competencies"`
	Scale           []string               `json:"scale"` // the labels of ratings 1, 2, …
	Recommendations []RecommendationOption `json:"recommendations"`
	Fields          []TextField            `json:"fields"`
}

// Competency is one rated skill. Key names it in storage: scorecards that share a key are
// averaged together, whatever its label says.
type Competency struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Description string `json:"description"` // optional: shown under the rating
}

// RecommendationOption is one overall verdict a form offers, under its label.
type RecommendationOption struct {
	Value string `json:"value"` // one of Recommendations
	Label string `json:"label"`
}

// TextField is one free-text field of the form.
type TextField struct {
	Key         string `json:"key"` // one of TextFieldKeys
	Label       string `json:"label"`
	Placeholder string `json:"placeholder"`
	Hint        string `json:"hint"`
	Optional    bool   `json:"optional"`
}

// Recommendations are the verdicts a scorecard can store, worst first.
var Recommendations = []string{"strong-no-hire", "no-hire", "hire", "strong-hire"}

// TextFieldKeys are the free-text fields a scorecard can store; "note" is read by later
// interviewers in their interview kit.
var TextFieldKeys = []string{"strengths", "concerns", "note"}

// Limits of a scorecard form beyond Slack's option limits.
const (
	MinScale = 2
	// formFixedBlocks is the modal blocks that are not competencies: the introduction, the
	// recommendation, at most one block per free-text field and a line about a restored draft.
	formFixedBlocks  = 3 + 3
	slackModalBlocks = 100  // blocks of a modal
	slackLabelText   = 2000 // an input block's label
	slackPlaceholder = 150  // an input's placeholder
	slackHintText    = 2000 // an input block's hint
	maxKeyLength     = 40
)

// Form returns the form for an interview stage: the default with the stage's changes.
func (s Scorecards) Form(stage string) ScorecardForm {
	f := s.Default
	o, ok := s.Stages[stage]
	if !ok {
		return f
	}
	if o.Competencies != nil {
		f.Competencies = o.Competencies
	}
	if o.Scale != nil {
		f.Scale = o.Scale
	}
	if o.Recommendations != nil {
		f.Recommendations = o.Recommendations
	}
	if o.Fields != nil {
		f.Fields = o.Fields
	}
	return f
}

// Field returns the form's free-text field with that key, and false when the form has none.
func (f ScorecardForm) Field(key string) (TextField, bool) {
	for _, t := range f.Fields {
		if t.Key == key {
			return t, true
		}
	}
	return TextField{}, false
}

// RatingText is how rating n (from 1) reads as an option: "3 · Good".
func (f ScorecardForm) RatingText(n int) string {
	return strconv.Itoa(n) + " · " + f.Scale[n-1]
}

// Validate checks the default form and every stage's form as the stage sees it.
func (s Scorecards) Validate() error {
	if err := within("default", s.Default.Validate()); err != nil {
		return err
	}
	stages := make([]string, 0, len(s.Stages))
	for st := range s.Stages {
		stages = append(stages, st)
	}
	slices.Sort(stages)
	for _, st := range stages {
		path := "stages." + st
		if err := firstError(checkSlug(path, st), checkStage(path, st)); err != nil {
			return err
		}
		if err := within(path, s.Form(st).Validate()); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks one complete form, and that Slack can show it as a modal.
func (f ScorecardForm) Validate() error {
	if len(f.Competencies) == 0 {
		return errorf("competencies", "must have at least one competency")
	}
	if n := len(f.Competencies) + formFixedBlocks; n > slackModalBlocks {
		return errorf("competencies", "%d competencies and %d other blocks make %d, but a Slack modal holds at most %d blocks",
			len(f.Competencies), formFixedBlocks, n, slackModalBlocks)
	}
	keys := map[string]string{}
	for _, k := range TextFieldKeys {
		keys[k] = "a free-text field"
	}
	keys["recommendation"] = "the recommendation"
	for i, c := range f.Competencies {
		if err := within(index("competencies", i), c.validate(keys, index("competencies", i))); err != nil {
			return err
		}
	}
	return firstError(f.validateScale(), f.validateRecommendations(), f.validateFields())
}

func (c Competency) validate(keys map[string]string, path string) error {
	if err := checkSlug("key", c.Key); err != nil {
		return err
	}
	if len(c.Key) > maxKeyLength {
		return errorf("key", "%d characters, at most %d", len(c.Key), maxKeyLength)
	}
	if prev, dup := keys[c.Key]; dup {
		return errorf("key", "%q is already used by %s", c.Key, prev)
	}
	keys[c.Key] = path
	return firstError(checkText("label", c.Label),
		checkLength("label", c.Label, slackLabelText, "an input block's label"),
		checkLength("description", c.Description, slackHintText, "an input block's hint"))
}

func (f ScorecardForm) validateScale() error {
	if len(f.Scale) < MinScale {
		return errorf("scale", "must have at least %d labels", MinScale)
	}
	if len(f.Scale) > slackSelectOptions {
		return errorf("scale", "%d options, but a Slack select menu holds at most %d", len(f.Scale), slackSelectOptions)
	}
	for i, l := range f.Scale {
		if err := checkText(index("scale", i), l); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(f.RatingText(i + 1)); n > slackOptionText {
			return errorf(index("scale", i), "%d characters as the option %q, but a Slack option's text holds at most %d", n, f.RatingText(i+1), slackOptionText)
		}
	}
	return nil
}

func (f ScorecardForm) validateRecommendations() error {
	if len(f.Recommendations) == 0 {
		return errorf("recommendations", "must have at least one recommendation")
	}
	if n := len(f.Recommendations); n > slackRadioOptions {
		return errorf("recommendations", "%d options, but a Slack radio group holds at most %d", n, slackRadioOptions)
	}
	seen := map[string]bool{}
	for i, r := range f.Recommendations {
		path := index("recommendations", i)
		switch {
		case !slices.Contains(Recommendations, r.Value):
			return errorf(path+".value", "%q is not one of %q", r.Value, Recommendations)
		case seen[r.Value]:
			return errorf(path+".value", "%q appears twice", r.Value)
		}
		seen[r.Value] = true
		if err := firstError(checkText(path+".label", r.Label), checkLength(path+".label", r.Label, slackOptionText, "a Slack option's text")); err != nil {
			return err
		}
	}
	return nil
}

func (f ScorecardForm) validateFields() error {
	seen := map[string]bool{}
	for i, t := range f.Fields {
		path := index("fields", i)
		switch {
		case !slices.Contains(TextFieldKeys, t.Key):
			return errorf(path+".key", "%q is not one of %q", t.Key, TextFieldKeys)
		case seen[t.Key]:
			return errorf(path+".key", "%q appears twice", t.Key)
		}
		seen[t.Key] = true
		if err := firstError(checkText(path+".label", t.Label),
			checkLength(path+".label", t.Label, slackLabelText, "an input block's label"),
			checkLength(path+".placeholder", t.Placeholder, slackPlaceholder, "an input's placeholder"),
			checkLength(path+".hint", t.Hint, slackHintText, "an input block's hint")); err != nil {
			return err
		}
	}
	return nil
}

// checkLength reports text longer than the Slack limit of what it becomes.
func checkLength(path, s string, max int, what string) error {
	if n := utf8.RuneCountInString(s); n > max {
		return errorf(path, "%d characters, but %s holds at most %d", n, what, max)
	}
	return nil
}

// builtinScorecards is the compiled-in scorecard.json, for callers given no content.
var builtinScorecards = sync.OnceValue(func() Scorecards {
	var s Scorecards
	if err := loadPart("", ScorecardFile, &s); err != nil {
		panic(fmt.Sprintf("compiled-in %s: %v", ScorecardFile, err))
	}
	return s
})

// BuiltinScorecards returns the compiled-in scorecard forms. A test loads them, so they are valid.
func BuiltinScorecards() Scorecards { return builtinScorecards() }
