package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	if n := len(f.Competencies) + formFixedBlocks; n > slackModalBlocks {
		return errorf("competencies", "%d competencies and %d other blocks make %d, but a Slack modal holds at most %d blocks",
			len(f.Competencies), formFixedBlocks, n, slackModalBlocks)
	}
	// A competency's key may be no other competency's, nor a field's the form stores beside them.
	keys := map[string]string{}
	for _, k := range TextFieldKeys {
		keys[k] = "a free-text field"
	}
	keys["recommendation"] = "the recommendation"
	err := validateList("competencies", "competency", f.Competencies, func(path string, c Competency) error {
		if prev, dup := keys[c.Key]; dup {
			return errorf(path+".key", "%q is already used by %s", c.Key, prev)
		}
		keys[c.Key] = path
		return nil
	})
	return firstError(err, f.validateScale(), f.validateRecommendations(), f.validateFields())
}

// Validate checks a competency on its own; ScorecardForm.Validate checks that its key is unique.
func (c Competency) Validate() error {
	if err := checkSlug("key", c.Key); err != nil {
		return err
	}
	if len(c.Key) > maxKeyLength {
		return errorf("key", "%d characters, at most %d", len(c.Key), maxKeyLength)
	}
	return firstError(checkText("label", c.Label),
		checkLength("label", c.Label, slackLabelText, "an input block's label"),
		checkLength("description", c.Description, slackHintText, "an input block's hint"))
}

// ratingOption is one label of the scale as its option reads, for validateList.
type ratingOption struct{ label, text string }

func (r ratingOption) Validate() error {
	if err := checkText("", r.label); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(r.text); n > slackOptionText {
		return errorf("", "%d characters as the option %q, but a Slack option's text holds at most %d", n, r.text, slackOptionText)
	}
	return nil
}

func (f ScorecardForm) validateScale() error {
	if len(f.Scale) < MinScale {
		return errorf("scale", "must have at least %d labels", MinScale)
	}
	if len(f.Scale) > slackSelectOptions {
		return errorf("scale", "%d options, but a Slack select menu holds at most %d", len(f.Scale), slackSelectOptions)
	}
	options := make([]ratingOption, len(f.Scale))
	for i, l := range f.Scale {
		options[i] = ratingOption{label: l, text: f.RatingText(i + 1)}
	}
	return validateList("scale", "label", options, nil)
}

// Validate checks a recommendation on its own; ScorecardForm.Validate checks that no two share a
// value.
func (r RecommendationOption) Validate() error {
	if !slices.Contains(Recommendations, r.Value) {
		return errorf("value", "%q is not one of %q", r.Value, Recommendations)
	}
	return firstError(checkText("label", r.Label), checkLength("label", r.Label, slackOptionText, "a Slack option's text"))
}

func (f ScorecardForm) validateRecommendations() error {
	if n := len(f.Recommendations); n > slackRadioOptions {
		return errorf("recommendations", "%d options, but a Slack radio group holds at most %d", n, slackRadioOptions)
	}
	return validateList("recommendations", "recommendation", f.Recommendations,
		uniqueField(map[string]string{}, "value", func(r RecommendationOption) string { return r.Value }))
}

// Validate checks a free-text field on its own; ScorecardForm.Validate checks that no two share a
// key.
func (t TextField) Validate() error {
	switch {
	case !slices.Contains(TextFieldKeys, t.Key):
		return errorf("key", "%q is not one of %q", t.Key, TextFieldKeys)
	case t.Optional && strings.HasSuffix(strings.ToLower(strings.TrimSpace(t.Label)), "(optional)"):
		return errorf("label", "must not end in (optional): Slack adds it to an optional field's label itself")
	}
	return firstError(checkText("label", t.Label),
		checkLength("label", t.Label, slackLabelText, "an input block's label"),
		checkLength("placeholder", t.Placeholder, slackPlaceholder, "an input's placeholder"),
		checkLength("hint", t.Hint, slackHintText, "an input block's hint"))
}

func (f ScorecardForm) validateFields() error {
	return validateOptional("fields", "field", f.Fields,
		uniqueField(map[string]string{}, "key", func(t TextField) string { return t.Key }))
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
