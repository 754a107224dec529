package content

import (
	"strings"
	"testing"
)

// A stage content names must be one an interview records: a typo fails start-up, naming the
// file, the field and the valid stages.
func TestContentStagesMustBeInterviewStages(t *testing.T) {
	const valid = "the stages are phone-screen, technical, system-design, behavioral, onsite, other"
	form := `{"competencies": [{"key": "go", "label": "Go"}], "scale": ["Weak", "Good"],
		"recommendations": [{"value": "hire", "label": "Hire"}]}`
	for _, tt := range []struct{ name, file, body, want string }{
		{"kit stage typo", KitsFile, `{"stages": [{"stage": "sytem-design", "topics": ["technical"], "questions": 2}]}`,
			`kits.json: stages[0].stage: "sytem-design" is not an interview stage; ` + valid},
		{"second kit stage unknown", KitsFile, `{"stages": [{"stage": "technical", "topics": ["technical"], "questions": 2},
			{"stage": "final-round", "topics": ["technical"], "questions": 2}]}`,
			`kits.json: stages[1].stage: "final-round" is not an interview stage; ` + valid},
		{"scorecard stage typo", ScorecardFile, `{"default": ` + form + `, "stages": {"behavioural": {"scale": ["No", "Yes"]}}}`,
			`scorecard.json: stages.behavioural: "behavioural" is not an interview stage; ` + valid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.body)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	for _, st := range Stages { // every stage may have a kit and a form of its own
		dir := t.TempDir()
		writeFile(t, dir, KitsFile, `{"stages": [{"stage": "`+st+`", "topics": ["technical"], "questions": 2}]}`)
		writeFile(t, dir, ScorecardFile, `{"default": `+form+`, "stages": {"`+st+`": {"scale": ["No", "Yes"]}}}`)
		if _, err := Load(dir); err != nil {
			t.Errorf("stage %s: %v", st, err)
		}
	}
}
