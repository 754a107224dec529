package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"
)

// A command is a word after hirebot that does something other than run the bot.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands lists every command, in the order -h shows them. A new command is added here only.
// (A function rather than a variable: the commands read the settings, whose help lists these.)
func commands() []command {
	return []command{
		{"manifest", "print the Slack app manifest to create the app from",
			func(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
				return printManifest(args, getenv, stdout, stderr)
			}},
		{"healthcheck", "exit 0 when the hirebot serving HIREBOT_HTTP_ADDR is ready, 1 otherwise", healthcheck},
		{"content", "content check [DIR]: list every problem of a content folder; content init DIR: write the built-in content there to edit", contentCommand},
		{"audit", "audit export [-since 2026-11-01]: print the audit trail of candidate data as JSON lines", auditCommand},
		{"backup", "backup PATH: copy the SQLite database (HIREBOT_DB) to the new file PATH; safe while hirebot runs", backupCommand},
		{"migrate", "migrate --from FILE --to URL: copy the SQLite database FILE into the empty PostgreSQL database URL; stop hirebot first", migrateCommand},
		{"version", "print the version and exit", printVersionCommand},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// runCommand runs the command args[0] names.
func runCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, ok := findCommand(args[0])
	if !ok {
		return fmt.Errorf("unknown command %s: use %s; hirebot -h lists the settings", quoteArg(args[0]), commandList())
	}
	return c.run(ctx, args[1:], getenv, stdout, stderr)
}

// commandList is "manifest, healthcheck or version".
func commandList() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func unexpectedArgument(arg string) error {
	if _, ok := findCommand(arg); ok {
		return fmt.Errorf("%s is a command and goes first: hirebot %s [settings]", quoteArg(arg), arg)
	}
	return fmt.Errorf("unexpected argument %s; hirebot -h lists the commands and settings", quoteArg(arg))
}

// quoteArg quotes a command-line argument for an error message, unless it looks like a Slack
// token pasted in the wrong place: tokens are never repeated.
func quoteArg(arg string) string {
	for _, prefix := range []string{"xapp-", "xoxb-", "xoxp-", "xoxe", "xoxa-", "xoxr-"} {
		if strings.HasPrefix(arg, prefix) {
			return fmt.Sprintf("%q (a Slack token? pass it as -app-token or -bot-token, or better, in SLACK_APP_TOKEN or SLACK_BOT_TOKEN)", prefix+"…")
		}
	}
	return fmt.Sprintf("%q", arg)
}

// writeUsage writes what -h shows: the commands, then every setting once with its flag,
// environment variable and default.
func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("hirebot runs the hiring assistant for Slack over Socket Mode.\n\n")
	b.WriteString("Usage:\n")
	b.WriteString("  hirebot [settings]             connect to Slack with SLACK_APP_TOKEN and SLACK_BOT_TOKEN;\n")
	b.WriteString("                                 without them, open the playground in a browser\n")
	b.WriteString("  hirebot <command> [settings]\n\n")
	b.WriteString("Commands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-12s %s\n", c.name, c.summary)
	}
	b.WriteString("\nSettings, each a flag or an environment variable (the flag wins):\n")
	for _, s := range settings {
		fmt.Fprintf(&b, "  -%s, %s", s.flag, s.env)
		if d := s.shownDefault(); d != "" {
			fmt.Fprintf(&b, "  (default %s)", d)
		}
		fmt.Fprintf(&b, "\n      %s\n", s.help)
	}
	b.WriteString("\nFlags:\n")
	for _, s := range switches {
		fmt.Fprintf(&b, "  -%s\n      %s\n", s.flag, s.help)
	}
	_, _ = io.WriteString(w, b.String())
}

func (s setting) shownDefault() string {
	if s.shown != "" {
		return s.shown
	}
	return s.def
}

// exitCode is the process's exit status for run's error: asking for help is not a failure.
func exitCode(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 1
}

func printVersionCommand(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	if err := parseFlags(flag.NewFlagSet("version", flag.ContinueOnError), args, stderr); err != nil {
		return err
	}
	return printVersion(stdout)
}

func printVersion(w io.Writer) error {
	info, ok := debug.ReadBuildInfo()
	_, err := fmt.Fprintln(w, versionString(info, ok))
	return err
}

// versionString is "hirebot v1.2.0" for a tagged module, or "hirebot (devel) 1a2b3c4 2026-12-01"
// for a build from a checkout, with the commit and its date when the build recorded them.
func versionString(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "hirebot (unknown version)"
	}
	parts := []string{"hirebot", info.Main.Version}
	if parts[1] == "" {
		parts[1] = "(devel)"
	}
	var revision, at string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision != "" {
		revision = revision[:min(7, len(revision))]
		if modified {
			revision += "-modified"
		}
		parts = append(parts, revision)
	}
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		parts = append(parts, t.UTC().Format(time.DateOnly))
	}
	return strings.Join(parts, " ")
}
