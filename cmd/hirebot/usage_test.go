package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
)

// runOutput runs hirebot with args and env and returns what it wrote and what main would print.
func runOutput(t *testing.T, args []string, env map[string]string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(t.Context(), args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestTokenNeverPrinted runs every way of asking for help or getting the command line wrong with
// recognisable tokens in the environment: neither they nor a token typed as an argument show up.
func TestTokenNeverPrinted(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SLACK_APP_TOKEN": "xapp-SECRET-APP", "SLACK_BOT_TOKEN": "xoxb-SECRET-BOT"}
	tests := [][]string{
		{"-h"},
		{"-help"},
		{"-bogus"},
		{"-bogus", "xoxb-SECRET-BOT"},
		{"bogus"},
		{"xoxb-SECRET-BOT"},
		{"-db", "x.db", "xapp-SECRET-APP"},
		{"-app-token"},
		{"-feedback-due", "soon"},
		{"manifest", "-h"},
		{"manifest", "-bogus"},
		{"healthcheck", "-h"},
		{"healthcheck", "-bogus"},
		{"migrate", "-h"},
		{"migrate", "xoxb-SECRET-BOT"},
		{"version", "-h"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, err := runOutput(t, args, env)
			if err == nil {
				t.Fatal("run succeeded, want help or an error")
			}
			for _, secret := range []string{"SECRET-APP", "SECRET-BOT"} {
				if strings.Contains(stdout+stderr+err.Error(), secret) {
					t.Errorf("output repeats a token:\nerr: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
				}
			}
		})
	}
}

func TestHelpListsCommandsAndEverySettingOnce(t *testing.T) {
	t.Parallel()
	stdout, stderr, err := runOutput(t, []string{"-h"}, nil)
	if !errors.Is(err, flag.ErrHelp) || exitCode(err) != 0 {
		t.Fatalf("run -h = %v (exit %d), want flag.ErrHelp and exit 0", err, exitCode(err))
	}
	if stderr != "" {
		t.Errorf("-h wrote to stderr:\n%s", stderr)
	}
	for _, c := range commands() {
		if !strings.Contains(stdout, "\n  "+c.name+" ") {
			t.Errorf("help does not list the command %s:\n%s", c.name, stdout)
		}
	}
	for _, s := range settings {
		line := fmt.Sprintf("  -%s, %s", s.flag, s.env)
		if d := s.shownDefault(); d != "" {
			line += "  (default " + d + ")"
		}
		if n := strings.Count(stdout, line+"\n"); n != 1 {
			t.Errorf("help shows %q %d times, want once", line, n)
		}
		if n := strings.Count(stdout, "-"+s.flag+","); n != 1 {
			t.Errorf("help mentions -%s %d times, want once", s.flag, n)
		}
	}
	for _, s := range switches {
		if !strings.Contains(stdout, "\n  -"+s.flag+"\n") {
			t.Errorf("help does not list -%s", s.flag)
		}
	}
	if strings.Contains(stdout, `default "`) || strings.Contains(stdout, ", default ") {
		t.Errorf("a default is shown another way:\n%s", stdout)
	}
}

func TestUsageOfSubcommands(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"manifest", "-h"}, {"healthcheck", "-h"}, {"migrate", "-h"}, {"version", "-h"}} {
		_, stderr, err := runOutput(t, args, nil)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "Commands:") {
			t.Errorf("%v: err %v, stderr:\n%s", args, err, stderr)
		}
	}
}

func TestUsageUnknownCommandNamesAllCommands(t *testing.T) {
	t.Parallel()
	_, _, err := runOutput(t, []string{"bogus"}, nil)
	want := `unknown command "bogus": use manifest, healthcheck, content, audit, backup, migrate or version; hirebot -h lists the settings`
	if err == nil || err.Error() != want {
		t.Errorf("run bogus = %v, want %q", err, want)
	}
	if exitCode(err) != 1 {
		t.Errorf("exit code %d, want 1", exitCode(err))
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{flag.ErrHelp, 0},
		{fmt.Errorf("manifest: %w", flag.ErrHelp), 0},
		{errors.New("SLACK_APP_TOKEN is not set"), 1},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"-version"}} {
		stdout, _, err := runOutput(t, args, nil)
		if err != nil || !strings.HasPrefix(stdout, "hirebot ") {
			t.Errorf("run %v = %v, printed %q, want a line starting with hirebot", args, err, stdout)
		}
	}
}

func TestVersionString(t *testing.T) {
	t.Parallel()
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"tagged", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "hirebot v1.2.0"},
		{"checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "1a2b3c4d5e6f", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "false")},
			"hirebot (devel) 1a2b3c4 2026-12-01"},
		{"uncommitted changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "1a2b3c4d5e6f", "vcs.modified", "true")},
			"hirebot (devel) 1a2b3c4-modified"},
		{"no version recorded", &debug.BuildInfo{}, "hirebot (devel)"},
		{"no build info", nil, "hirebot (unknown version)"},
	}
	for _, tt := range tests {
		if got := versionString(tt.info, tt.info != nil); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
