// Package golden compares JSON that a test produced with a file under testdata/,
// as go/printer's tests do with their golden files:
//
//	golden.Assert(t, "testdata/salary_nyc.message.golden.json", payloadJSON)
//
// Both sides are compared pretty-printed (two-space indent, trailing newline), so
// the file stays readable and a change to a payload reviews as a line diff. Run the
// tests with -update to write the files from what the tests produce:
//
//	go test ./handlers/ -run Salary -update
//
// Name files NAME.KIND.golden.json (KIND one of blocks, modal, home, message) and
// package slacktypes can also check them against Slack's types:
//
//	slacktypes.CheckFiles(t, "testdata/*.golden.json")
package golden

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// maxDiffLines bounds how many differing lines of each side a mismatch shows.
const maxDiffLines = 8

// Assert fails t unless got, pretty-printed, equals the file at path. With -update it
// writes the file instead, creating its directory. got must be JSON.
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	mismatch, err := compare(path, got, *update)
	if err != nil {
		t.Fatalf("golden: %v", err)
	}
	if mismatch != "" {
		t.Error(mismatch)
	}
}

// compare does Assert's work: it returns a report when the file differs from got, and an
// error when it cannot compare or write.
func compare(path string, got []byte, update bool) (mismatch string, err error) {
	pretty, err := Format(got)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if update {
		return "", write(path, pretty)
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s does not exist: rerun with -update to create it", path)
	}
	if err != nil {
		return "", fmt.Errorf("read golden file: %w", err)
	}
	if bytes.Equal(pretty, want) {
		return "", nil
	}
	return fmt.Sprintf("golden %s differs (- file, + got):\n%s\nrerun with -update if the change is intended", path, diff(string(want), string(pretty))), nil
}

// Format pretty-prints JSON as golden files hold it: two-space indent, trailing newline.
func Format(js []byte) ([]byte, error) {
	var b bytes.Buffer
	if err := json.Indent(&b, bytes.TrimSpace(js), "", "  "); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func write(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("make golden dir: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write golden: %w", err)
	}
	return nil
}

// diff shows where want and got part: after skipping the lines both start and end
// with, the first differing lines of each side with their line numbers.
func diff(want, got string) string {
	w := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	g := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	pre := 0
	for pre < len(w) && pre < len(g) && w[pre] == g[pre] {
		pre++
	}
	suf := 0
	for suf < len(w)-pre && suf < len(g)-pre && w[len(w)-1-suf] == g[len(g)-1-suf] {
		suf++
	}
	var b strings.Builder
	side := func(sign string, lines []string) {
		for i, line := range lines {
			if i == maxDiffLines {
				fmt.Fprintf(&b, "%s ... %d more lines\n", sign, len(lines)-i)
				break
			}
			fmt.Fprintf(&b, "%s%4d: %s\n", sign, pre+i+1, line)
		}
	}
	side("-", w[pre:len(w)-suf])
	side("+", g[pre:len(g)-suf])
	return strings.TrimSuffix(b.String(), "\n")
}
