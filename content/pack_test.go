package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteBuiltinThenCheckAndLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pack")
	written, err := WriteBuiltin(dir)
	if err != nil {
		t.Fatalf("WriteBuiltin: %v", err)
	}
	if len(written) != len(FileNames())-1 {
		t.Errorf("wrote %d files, want every JSON file: %v", len(written), written)
	}
	if errs := Check(dir); len(errs) != 0 {
		t.Errorf("Check of the built-in pack = %v", errs)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Salary.Bands) != 8 || len(c.Posting.Industries) != 6 {
		t.Errorf("the written pack is not the built-in content")
	}
	if _, err := WriteBuiltin(dir); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("WriteBuiltin over a written pack = %v, want a refusal", err)
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, SalaryFile, `{"national": {"min": 0, "max": 1}}`)
	writeFile(t, dir, FAQFile, `{"entries": [}`)
	writeFile(t, dir, "faqs.json", `{}`)
	writeFile(t, dir, SalaryCSVFile, csvHeader+
		"Dev,,Austin,x,150000,USD,R,2026-03-01\n"+
		"Dev,,Denver,100000,150000,USD,R,yesterday\n")
	var got []string
	for _, err := range Check(dir) {
		got = append(got, err.Error())
	}
	want := []string{
		filepath.Join(dir, SalaryFile) + ": national.min: must be > 0",
		filepath.Join(dir, FAQFile) + ": line 1, column 15: invalid JSON",
		filepath.Join(dir, "faqs.json") + ": unknown content file",
		filepath.Join(dir, SalaryCSVFile) + `: line 2: min: "x" is not a whole number`,
		filepath.Join(dir, SalaryCSVFile) + `: line 3: effective_date: "yesterday" is not a date`,
	}
	if len(got) != len(want) {
		t.Fatalf("Check =\n%s\nwant %d problems", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

func TestCheckMissingDir(t *testing.T) {
	errs := Check(filepath.Join(t.TempDir(), "nope"))
	if len(errs) != 1 || !os.IsNotExist(errs[0]) && !strings.Contains(errs[0].Error(), "no such file") {
		t.Errorf("Check(missing) = %v", errs)
	}
}
