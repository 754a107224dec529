package slacktypes

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// manifestTimeout bounds one schema validation.
const manifestTimeout = time.Minute

// CheckManifest validates an app manifest against Slack's manifest JSON schema, kept in
// the calling package's testdata/manifest-schema directory, and reports each way it
// fails the schema as a test error. Without the tools it skips t, or fails it when CI is
// set (see the package doc).
func CheckManifest(t testing.TB, manifestJSON []byte) {
	t.Helper()
	dir := require(t)
	schemaDir, err := filepath.Abs(filepath.Join("testdata", "manifest-schema"))
	if err != nil {
		t.Fatalf("slacktypes: %v", err)
	}
	problems, err := validateManifest(t.Context(), dir, schemaDir, manifestJSON)
	if err != nil {
		t.Fatalf("slacktypes: %v", err)
	}
	for _, p := range problems {
		t.Errorf("manifest: %s", p)
	}
}

// validateManifest runs validate-manifest.mjs, with the tools in dir, and returns how
// manifest fails the schema in schemaDir, one "path: message" each. The error is for a
// validation that could not run.
func validateManifest(ctx context.Context, dir, schemaDir string, manifest []byte) ([]string, error) {
	unlock, err := lockDir(dir, false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(ctx, manifestTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, "validate-manifest.mjs"), schemaDir)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(manifest)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("validate manifest: %w\n%s", err, stderr.String())
	}
	var res struct {
		Valid  bool `json:"valid"`
		Errors []struct {
			Path       string `json:"path"`
			Message    string `json:"message"`
			SchemaPath string `json:"schemaPath"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("read validator output: %w\n%s%s", err, stdout.String(), stderr.String())
	}
	if res.Valid != (err == nil) || (!res.Valid && len(res.Errors) == 0) {
		return nil, fmt.Errorf("validator output disagrees with its exit status (%v): %s", err, stdout.String())
	}
	var problems []string
	for _, e := range res.Errors {
		problems = append(problems, fmt.Sprintf("%s: %s (schema %s)", e.Path, e.Message, e.SchemaPath))
	}
	return problems, nil
}
