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
		{"long level slug", content.PostingFile, func() content.Posting {
			p := c.Posting
			p.Levels = append([]content.LevelExpectation(nil), p.Levels...)
			p.Levels[0].Slug = strings.Repeat("a", 151)
			return p
		}(), "posting.json: levels[0].slug: 151 characters, but a Slack option's value holds at most 150"},
		{"long band note", content.SalaryFile, func() content.Salary {
			s := c.Salary
			s.Bands = append([]content.Band(nil), s.Bands...)
			s.Bands[0].Note = strings.Repeat("Premium market. ", 125)
			return s
		}(), "salary.json: bands[0].note: location, range and note make a 2042-character section field, but a Slack section field holds at most 2000"},
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

// TestRolesOverSlackLimitsStopStartUp adds roles the job posting form's Role select could not
// show: more than 100 of them, or a folder name (the option's value) over 150 characters.
func TestRolesOverSlackLimitsStopStartUp(t *testing.T) {
	t.Parallel()
	csv, err := os.ReadFile(filepath.Join("..", "..", "content", "testdata", "two-roles", content.RolesDir, "frontend", content.SalaryCSVFile))
	if err != nil {
		t.Fatal(err)
	}
	addRole := func(t *testing.T, dir, key string) {
		t.Helper()
		folder := filepath.Join(dir, content.RolesDir, key)
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		writeContent(t, folder, content.RoleFile, `{"name": "Role `+key[:min(len(key), 20)]+`"}`)
		writeContent(t, folder, content.SalaryCSVFile, string(csv))
	}
	t.Run("101 roles", func(t *testing.T) {
		dir := t.TempDir()
		for i := range 100 {
			addRole(t, dir, fmt.Sprintf("role-%03d", i))
		}
		err := startUpError(t, map[string]string{"HIREBOT_CONTENT_DIR": dir})
		want := filepath.Join(dir, content.RolesDir) + ": 100 role folders and the built-in role make 101 options, but the job posting form's Role select (a Slack select menu) holds at most 100"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("run = %v, want an error containing %q", err, want)
		}
	})
	t.Run("long role key", func(t *testing.T) {
		dir := t.TempDir()
		key := "frontend-" + strings.Repeat("x", 142)
		addRole(t, dir, key)
		err := startUpError(t, map[string]string{"HIREBOT_CONTENT_DIR": dir})
		want := filepath.Join(dir, content.RolesDir, key) + ": the folder's name is the role's key, 151 characters, but a Slack option's value holds at most 150"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("run = %v, want an error containing %q", err, want)
		}
	})
}
