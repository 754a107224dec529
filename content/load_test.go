package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validSalary is a small, valid salary.json a team might write.
const validSalary = `{
  "national": {"min": 100000, "max": 150000},
  "national_note": "per year",
  "bands": [
    {"slug": "berlin", "location": "Berlin", "range": {"min": 70000, "max": 100000}, "note": "EU hub", "aliases": ["ber"]}
  ],
  "levels": [
    {"slug": "any", "name": "Any level", "range": {"min": 70000, "max": 100000}, "aliases": []}
  ],
  "factors": [{"name": "Language", "detail": "German helps"}],
  "source": "Our own survey"
}`

// writeFile writes content to name in dir or fails the test.
func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadEmptyDirIsEmbedded(t *testing.T) {
	c, err := Load(t.TempDir())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Salary.Bands) != 8 || len(c.FAQ.Entries()) != 17 {
		t.Errorf("empty dir did not fall back to the embedded files")
	}
}

func TestLoadOverrideReplacesOneFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, SalaryFile, validSalary)
	writeFile(t, dir, "README.md", "not content")
	c, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Salary.Bands) != 1 || c.Salary.Bands[0].Location != "Berlin" {
		t.Errorf("salary.json not replaced: %+v", c.Salary.Bands)
	}
	if b, ok := c.Salary.Band("BER"); !ok || b.Slug != "berlin" {
		t.Errorf("Band(BER) = %v, %v", b, ok)
	}
	if len(c.Questions.All()) != 18 || len(c.FAQ.Entries()) != 17 || len(c.Posting.Industries) != 6 {
		t.Errorf("other files were not the embedded ones")
	}
}

func TestLoadErrors(t *testing.T) {
	bandWith := func(field string) string {
		return strings.Replace(validSalary, `"note": "EU hub"`, `"note": "EU hub", `+field, 1)
	}
	tests := []struct {
		name, file, content string
		want                []string // all must appear in the error
	}{
		{"unknown field", SalaryFile, bandWith(`"colour": "red"`),
			[]string{"salary.json", "bands[0].colour: unknown field"}},
		{"unknown top-level field", FAQFile, `{"sections": [], "extra": 1}`,
			[]string{"faq.json", "extra: unknown field"}},
		{"bad JSON", SalaryFile, "{\n  \"national\": {\"min\": 1,,}\n}",
			[]string{"salary.json", "line 2", "invalid JSON"}},
		{"truncated", TipsFile, `{"sourcing": [`,
			[]string{"tips.json", "invalid JSON"}},
		{"wrong type", SalaryFile, strings.Replace(validSalary, `"max": 100000}, "note"`, `"max": "lots"}, "note"`, 1),
			[]string{"salary.json", "bands[0].range.max: must be a whole number, not a string"}},
		{"fractional dollars", SalaryFile, strings.Replace(validSalary, `"min": 70000, "max": 100000}, "note"`, `"min": 70000.5, "max": 100000}, "note"`, 1),
			[]string{"salary.json", "bands[0].range.min: 70000.5 is not a whole number"}},
		{"min above max", SalaryFile, strings.Replace(validSalary, `"min": 70000, "max": 100000}, "note"`, `"min": 170000, "max": 100000}, "note"`, 1),
			[]string{"salary.json", "bands[0].range.max: must be >= min ($170,000)"}},
		{"min zero", SalaryFile, strings.Replace(validSalary, `"min": 70000, "max": 100000}, "note"`, `"min": 0, "max": 100000}, "note"`, 1),
			[]string{"content: ", "salary.json: bands[0].range.min: must be > 0"}},
		{"duplicate alias", SalaryFile, strings.Replace(validSalary, `"aliases": ["ber"]}`,
			`"aliases": ["ber"]}, {"slug": "bern", "location": "Bern", "range": {"min": 1, "max": 2}, "note": "n", "aliases": ["ber"]}`, 1),
			[]string{"salary.json", "bands[1].aliases[0]: \"ber\" already leads to bands[0]"}},
		{"not an object", PostingFile, `[]`, []string{"posting.json", "must be an object, not an array"}},
		{"empty file", QuestionsFile, ``, []string{"questions.json", "empty file"}},
		{"trailing data", TipsFile, `{} {}`, []string{"tips.json", "line 1, column 4: unexpected data after the top-level value"}},
		{"invalid content", TipsFile, `{}`, []string{"tips.json", "sourcing: must have at least one item"}},
		{"misspelt file name", "salaries.json", validSalary, []string{"salaries.json", "unknown content file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.content)
			_, err := Load(dir)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadMissingDir(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope"))
	if err == nil || !strings.HasPrefix(err.Error(), "content: ") {
		t.Fatalf("Load(missing dir) = %v, want a content error", err)
	}
}

func TestLoadOverrideIsAFileNotADir(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, FAQFile), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), FAQFile) {
		t.Fatalf("Load = %v, want an error naming %s", err, FAQFile)
	}
}
