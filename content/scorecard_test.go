package content

import (
	"fmt"
	"strings"
	"testing"
)

func TestBuiltinScorecardIsTodaysForm(t *testing.T) {
	f := BuiltinScorecards().Form("technical")
	var keys, labels []string
	for _, c := range f.Competencies {
		keys, labels = append(keys, c.Key), append(labels, c.Label)
	}
	if got := strings.Join(keys, ","); got != "python,apis,databases,testing,communication" {
		t.Errorf("competency keys = %s", got)
	}
	if got := strings.Join(labels, ","); got != "Python,APIs and system design,Databases,Testing and code quality,Communication" {
		t.Errorf("competency labels = %s", got)
	}
	if got := strings.Join(f.Scale, ","); got != "Weak,Mixed,Good,Excellent" {
		t.Errorf("scale = %s", got)
	}
	if len(f.Recommendations) != 4 || len(f.Fields) != 3 {
		t.Errorf("recommendations %d, fields %d; want 4 and 3", len(f.Recommendations), len(f.Fields))
	}
}

const teamScorecard = `{
  "default": {
    "competencies": [{"key": "go", "label": "Go"}, {"key": "communication", "label": "Communication", "description": "Explains trade-offs"}],
    "scale": ["No", "Weak", "OK", "Good", "Great"],
    "recommendations": [{"value": "no-hire", "label": "No"}, {"value": "hire", "label": "Yes"}],
    "fields": [{"key": "strengths", "label": "What stood out"}]
  },
  "stages": {"system-design": {"competencies": [{"key": "architecture", "label": "Architecture"}]}}
}`

func TestLoadTeamScorecard(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ScorecardFile, teamScorecard)
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	def := c.Scorecard.Form("technical")
	if len(def.Competencies) != 2 || len(def.Scale) != 5 || def.RatingText(5) != "5 · Great" {
		t.Errorf("default form = %+v", def)
	}
	sd := c.Scorecard.Form("system-design")
	if len(sd.Competencies) != 1 || sd.Competencies[0].Key != "architecture" || len(sd.Scale) != 5 || len(sd.Fields) != 1 {
		t.Errorf("system-design form = %+v; want its own competencies and the default's scale and fields", sd)
	}
}

func TestScorecardErrors(t *testing.T) {
	labels := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%q", fmt.Sprint("L", i))
		}
		return strings.Join(out, ",")
	}
	comps := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf(`{"key": "c-%d", "label": "C %d"}`, i, i)
		}
		return strings.Join(out, ",")
	}
	form := func(competencies, scale, extra string) string {
		return `{"default": {"competencies": [` + competencies + `], "scale": [` + scale + `],
			"recommendations": [{"value": "hire", "label": "Hire"}]` + extra + `}}`
	}
	one := `{"key": "go", "label": "Go"}`
	tests := []struct{ name, file, want string }{
		{"unknown field", form(one, labels(4), `, "colour": "red"`), "scorecard.json: default.colour: unknown field"},
		{"unknown field in a stage", `{"default": {}, "stages": {"technical": {"scales": []}}}`, "scorecard.json: stages.technical.scales: unknown field"},
		{"no competencies", form("", labels(4), ""), "scorecard.json: default.competencies: must have at least one competency"},
		{"too many competencies", form(comps(95), labels(4), ""), "scorecard.json: default.competencies: 95 competencies and 6 other blocks make 101, but a Slack modal holds at most 100 blocks"},
		{"scale too long", form(one, labels(101), ""), "scorecard.json: default.scale: 101 options, but a Slack select menu holds at most 100"},
		{"scale label too long", form(one, `"`+strings.Repeat("x", 72)+`", "b"`, ""), "scorecard.json: default.scale[0]: 76 characters as the option"},
		{"scale of one", form(one, labels(1), ""), "scorecard.json: default.scale: must have at least 2 labels"},
		{"key clash", form(one+`,{"key": "go", "label": "Golang"}`, labels(4), ""), `default.competencies[1].key: "go" is already used by competencies[0]`},
		{"key of a field", form(`{"key": "note", "label": "Note"}`, labels(4), ""), `default.competencies[0].key: "note" is already used by a free-text field`},
		{"bad key", form(`{"key": "Go Lang", "label": "Go"}`, labels(4), ""), `default.competencies[0].key: "Go Lang" must be lowercase-kebab`},
		{"unknown recommendation", `{"default": {"competencies": [` + one + `], "scale": [` + labels(4) + `], "recommendations": [{"value": "maybe", "label": "Maybe"}]}}`,
			`default.recommendations[0].value: "maybe" is not one of`},
		{"unknown text field", form(one, labels(4), `, "fields": [{"key": "summary", "label": "Summary"}]`), `default.fields[0].key: "summary" is not one of`},
		{"optional said twice", form(one, labels(4), `, "fields": [{"key": "note", "label": "Note (optional)", "optional": true}]`),
			`default.fields[0].label: must not end in (optional): Slack adds it`},
		{"recommendation twice", `{"default": {"competencies": [` + one + `], "scale": [` + labels(4) + `], "recommendations": [{"value": "hire", "label": "Hire"}, {"value": "hire", "label": "Yes"}]}}`,
			`default.recommendations[1].value: "hire" already used at recommendations[0].value`},
		{"field twice", form(one, labels(4), `, "fields": [{"key": "note", "label": "Note"}, {"key": "note", "label": "Later"}]`), `default.fields[1].key: "note" already used at fields[0].key`},
		{"blank scale label", form(one, `"a", " "`, ""), "scorecard.json: default.scale[1]: must not be empty"},
		{"blank field label", form(one, labels(4), `, "fields": [{"key": "note", "label": ""}]`), "default.fields[0].label: must not be empty"},
		{"bad stage form", form(one, labels(4), "")[:len(form(one, labels(4), ""))-1] + `, "stages": {"technical": {"scale": ["only"]}}}`,
			"scorecard.json: stages.technical.scale: must have at least 2 labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, ScorecardFile, tt.file)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
