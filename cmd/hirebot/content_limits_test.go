package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hirebot/content"
)

// TestContentOverSlackLimitsStopsStartUp points hirebot at content Slack could not show: start-up
// fails naming the file, the field and the limit, rather than the posting form failing later.
func TestContentOverSlackLimitsStopsStartUp(t *testing.T) {
	t.Parallel()
	c, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		value      any
		want       string
	}{
		{"eleven work settings", content.PostingFile, func() content.Posting {
			p := c.Posting
			p.WorkSettings = nil
			for i := range 11 {
				p.WorkSettings = append(p.WorkSettings, content.WorkSetting{
					Slug: fmt.Sprintf("setting-%d", i), Name: fmt.Sprintf("Setting %d", i), Text: "t"})
			}
			return p
		}(), "posting.json: work_settings: 11 options, but a Slack radio group holds at most 10"},
		{"long location", content.SalaryFile, func() content.Salary {
			s := c.Salary
			s.Bands = append([]content.Band(nil), s.Bands...)
			s.Bands[0].Location = strings.Repeat("Long ", 16)
			return s
		}(), "salary.json: bands[0].location: 80 characters, but a Slack option's text holds at most 75"},
		{"scale of 101", content.ScorecardFile, func() content.Scorecards {
			s := c.Scorecard
			s.Default.Scale = make([]string, 101)
			for i := range s.Default.Scale {
				s.Default.Scale[i] = fmt.Sprintf("Level %d", i+1)
			}
			return s
		}(), "scorecard.json: default.scale: 101 options, but a Slack select menu holds at most 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			b, err := json.Marshal(tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tt.file), b, 0o600); err != nil {
				t.Fatal(err)
			}
			err = startUpError(t, map[string]string{"HIREBOT_CONTENT_DIR": dir})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
