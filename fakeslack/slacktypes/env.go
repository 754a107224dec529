package slacktypes

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// installTimeout bounds the npm ci that a check may run when node_modules is missing.
const installTimeout = 5 * time.Minute

var (
	installOnce   sync.Once
	installReason string // why the tools could not be installed, "" when they were or needed not be

	skipNoteOnce sync.Once
)

// Available reports whether the checks can run: node is on PATH and node_modules
// holds the versions package-lock.json pins. When they do not and npm is on PATH,
// it runs npm ci first (once per process, under a file lock). reason says what is
// missing and how to fix it.
func Available() (reason string, ok bool) {
	dir, err := packageDir()
	if err != nil {
		return err.Error(), false
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "node is not on PATH (install Node.js 20 or later, then run npm ci in fakeslack/slacktypes)", false
	}
	if reason, ok := installed(dir); ok {
		return "", true
	} else if _, err := exec.LookPath("npm"); err != nil {
		return reason + ": run npm ci in fakeslack/slacktypes", false
	}
	installOnce.Do(func() { installReason = install(dir) })
	if reason, ok := installed(dir); !ok {
		if installReason != "" {
			return installReason, false
		}
		return reason + ": run npm ci in fakeslack/slacktypes", false
	}
	return "", true
}

// require skips or, under CI, fails t when the checks cannot run.
func require(t testing.TB) string {
	t.Helper()
	reason, ok := Available()
	if ok {
		dir, _ := packageDir()
		return dir
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("slacktypes: %s (CI is set, so this check does not skip)", reason)
	}
	skipNoteOnce.Do(func() { notice("slacktypes: skipped, %s\n", reason) })
	t.Skipf("slacktypes: skipped, %s", reason)
	return ""
}

// notice writes a line where whoever runs the tests sees it, even though go test hides what a
// passing package writes (without -v): the terminal, /dev/tty, when there is one, and standard
// error otherwise (in CI, which never skips, and under go test -v or -json, which show it).
func notice(format string, args ...any) {
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		fmt.Fprintf(tty, format, args...)
		return
	}
	fmt.Fprintf(os.Stderr, format, args...)
}

// packageDir finds this package's directory, which holds package.json and node_modules.
// Tests run from source, so the path compiled into this file is usually right; with
// -trimpath it is not, and the module root is looked up from the working directory.
func packageDir() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Dir(file)
		if fileExists(filepath.Join(dir, "package.json")) {
			return dir, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find fakeslack/slacktypes: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "go.mod")) {
			dir := filepath.Join(d, "fakeslack", "slacktypes")
			if fileExists(filepath.Join(dir, "package.json")) {
				return dir, nil
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("cannot find fakeslack/slacktypes/package.json from %s", wd)
}

// installed reports whether node_modules in dir matches package-lock.json.
func installed(dir string) (reason string, ok bool) {
	mods := filepath.Join(dir, "node_modules")
	if !fileExists(filepath.Join(mods, ".package-lock.json")) || !fileExists(filepath.Join(mods, ".bin", "tsc")) {
		return "node_modules missing", false
	}
	want, err := lockedVersions(dir)
	if err != nil {
		return err.Error(), false
	}
	for _, name := range sortedKeys(want) {
		got, err := moduleVersion(mods, name)
		if err != nil {
			return fmt.Sprintf("node_modules lacks %s", name), false
		}
		if got != want[name] {
			return fmt.Sprintf("node_modules has %s %s, package-lock.json pins %s", name, got, want[name]), false
		}
	}
	return "", true
}

// lockedVersions returns the versions package-lock.json pins for package.json's direct dependencies.
func lockedVersions(dir string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return nil, fmt.Errorf("read package-lock.json: %w", err)
	}
	var lock struct {
		Packages map[string]struct {
			Version      string            `json:"version"`
			Dependencies map[string]string `json:"dependencies"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("parse package-lock.json: %w", err)
	}
	want := map[string]string{}
	for name := range lock.Packages[""].Dependencies {
		want[name] = lock.Packages["node_modules/"+name].Version
	}
	if len(want) == 0 {
		return nil, errors.New("package-lock.json lists no dependencies")
	}
	return want, nil
}

func moduleVersion(mods, name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(mods, filepath.FromSlash(name), "package.json"))
	if err != nil {
		return "", err
	}
	var p struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("parse %s/package.json: %w", name, err)
	}
	return p.Version, nil
}

// install runs npm ci in dir under an exclusive lock, unless another process installed
// node_modules while this one waited for the lock. It returns why it failed, or "".
func install(dir string) string {
	unlock, err := lockDir(dir, true)
	if err != nil {
		return err.Error()
	}
	defer unlock()
	if _, ok := installed(dir); ok {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	notice("slacktypes: node_modules missing or stale, running npm ci in %s\n", dir)
	if err := cmd.Run(); err != nil {
		return fmt.Sprintf("npm ci in %s failed: %v\n%s", dir, err, lastLines(out.String(), 20))
	}
	return ""
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lastLines returns at most n trailing lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
