package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"hirebot/bot"
	"hirebot/handlers"
)

// config is every setting, read from flags with environment variables as fallbacks.
type config struct {
	AppToken   string
	BotToken   string
	APIURL     string
	DBPath     string
	ContentDir string
	LogLevel   slog.Level
	LogJSON    bool

	Feedback         handlers.Settings
	Admins           []string // Slack user ids who may run /hirebot-admin and see the team's feedback stats
	AdminGroups      []string // Slack user group ids whose members may too
	ReminderSchedule string
	WorkingHoursSet  bool // the user chose working hours (the playground otherwise drops them)

	// Retention is how long after an interview's last activity it is anonymised; zero keeps
	// everything. RetentionAllowShort lets it be under minRetention.
	Retention           time.Duration
	RetentionAllowShort bool

	HTTPAddr string // the ops listener (/healthz, /readyz, /metrics); off when empty

	ReplicaID string // this process in the database's claims; empty means the host name

	Playground     bool   // run against the built-in fake Slack with a browser UI
	PlaygroundAddr string // where the playground page is served

	Version bool // print the version instead of running
}

const slackAPIURL = "https://slack.com/api/"

// A setting is one flag and the environment variable it falls back to. Flags default to empty,
// so that -h never shows a value taken from the environment (a token); the environment and the
// default are read only after parsing.
type setting struct {
	flag  string // without the dash
	env   string
	def   string // used when neither the flag nor the environment gives a value
	shown string // the default as -h shows it, when def alone says too little
	help  string
	apply func(c *config, v string) error
}

// settings lists every setting, in the order -h shows them.
var settings = []setting{
	{flag: "app-token", env: "SLACK_APP_TOKEN", help: "Slack app-level token (xapp-…) for Socket Mode",
		apply: func(c *config, v string) error { c.AppToken = v; return nil }},
	{flag: "bot-token", env: "SLACK_BOT_TOKEN", help: "Slack bot token (xoxb-…) for the Web API",
		apply: func(c *config, v string) error { c.BotToken = v; return nil }},
	{flag: "api-url", env: "SLACK_API_URL", def: slackAPIURL, help: "Slack Web API base URL",
		apply: func(c *config, v string) error { c.APIURL = v; return nil }},
	{flag: "db", env: "HIREBOT_DB", shown: "./hirebot.db, ./hirebot-playground.db in the playground", help: "SQLite database file",
		apply: func(c *config, v string) error { c.DBPath = v; return nil }},
	{flag: "content-dir", env: "HIREBOT_CONTENT_DIR", shown: "built in", help: "folder of content files that replace the built-in ones",
		apply: func(c *config, v string) error { c.ContentDir = v; return nil }},
	{flag: "log-level", env: "HIREBOT_LOG_LEVEL", def: "info", help: "debug, info, warn or error", apply: setLogLevel},
	{flag: "log-format", env: "HIREBOT_LOG_FORMAT", def: "text", help: "text or json", apply: setLogFormat},
	{flag: "http-addr", env: "HIREBOT_HTTP_ADDR", shown: "off", help: "address of /healthz, /readyz and /metrics, e.g. :8081",
		apply: func(c *config, v string) error { c.HTTPAddr = v; return nil }},
	{flag: "replica-id", env: "HIREBOT_REPLICA_ID", shown: "the host name",
		help:  "names this process in the work it claims in the database; keep it stable across restarts and unique per process",
		apply: func(c *config, v string) error { c.ReplicaID = v; return nil }},
	{flag: "playground-addr", env: "HIREBOT_PLAYGROUND_ADDR", def: "127.0.0.1:8080",
		help:  "address of the playground page; it has no login, so keep it on loopback outside a container",
		apply: func(c *config, v string) error { c.PlaygroundAddr = v; return nil }},
	{flag: "feedback-visibility", env: "HIREBOT_FEEDBACK_VISIBILITY", def: string(handlers.VisibleAfterOwn),
		help: "when panel interviewers see each other's scorecards: after-own, always or never",
		apply: func(c *config, v string) (err error) {
			c.Feedback.Visibility, err = handlers.ParseVisibility(v)
			return err
		}},
	{flag: "reminder-schedule", env: "HIREBOT_REMINDER_SCHEDULE", def: "@every 5m", help: "cron spec of the reminder sweep",
		apply: func(c *config, v string) error { c.ReminderSchedule = v; return bot.ParseSchedule(v) }},
	{flag: "feedback-due", env: "HIREBOT_FEEDBACK_DUE", def: shortDuration(handlers.DefaultFeedbackDue),
		help:  "how long after an interview a missing scorecard is overdue",
		apply: func(c *config, v string) error { return parseDuration(&c.Feedback.FeedbackDue, v) }},
	{flag: "reminder-every", env: "HIREBOT_REMINDER_EVERY", def: shortDuration(handlers.DefaultRemindEvery), help: "time between reminders",
		apply: func(c *config, v string) error { return parseDuration(&c.Feedback.RemindEvery, v) }},
	{flag: "reminder-limit", env: "HIREBOT_REMINDER_LIMIT", def: strconv.Itoa(handlers.DefaultReminderLimit),
		help:  "reminders per interviewer and interview at most",
		apply: func(c *config, v string) error { return parseCount(&c.Feedback.ReminderLimit, v) }},
	{flag: "escalate-after", env: "HIREBOT_ESCALATE_AFTER", def: strconv.Itoa(handlers.DefaultEscalateAfter),
		help:  "reminders after which the hiring manager is told",
		apply: func(c *config, v string) error { return parseCount(&c.Feedback.EscalateAfter, v) }},
	{flag: "kit-lead", env: "HIREBOT_KIT_LEAD", def: shortDuration(handlers.DefaultKitLead),
		help: `how long before an interview each panelist gets its interview kit, or "off"`,
		apply: func(c *config, v string) error {
			if v == "off" {
				c.Feedback.KitLead = handlers.KitsOff
				return nil
			}
			return parseDuration(&c.Feedback.KitLead, v)
		}},
	{flag: "working-hours", env: "HIREBOT_WORKING_HOURS", def: handlers.DefaultWorkingHours,
		help: `when reminders may go out, in each person's time zone, or "always"`,
		apply: func(c *config, v string) (err error) {
			c.Feedback.WorkingHours, err = handlers.ParseWorkingHours(v)
			return err
		}},
	{flag: "admins", env: "HIREBOT_ADMINS", shown: "none",
		help:  "comma-separated Slack user ids (U…) and user group ids (S…) whose members may run /hirebot-admin (erase, export, legal holds, the audit trail) and read the team's /feedback stats",
		apply: setAdmins},
	{flag: "retention", env: "HIREBOT_RETENTION", def: "off",
		help:  `how long after an interview's last activity it is anonymised (name and free text removed), in days like 400d, or "off"`,
		apply: func(c *config, v string) (err error) { c.Retention, err = parseRetention(v); return err }},
	{flag: "retention-allow-short", env: "HIREBOT_RETENTION_ALLOW_SHORT", def: "false",
		help: "allow a retention under 365 days (only where no law requires keeping hiring records a year)",
		apply: func(c *config, v string) (err error) {
			c.RetentionAllowShort, err = strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%q: use true or false", v)
			}
			return nil
		}},
}

// minRetention is the shortest retention allowed without HIREBOT_RETENTION_ALLOW_SHORT: US
// employers must keep hiring records at least a year (29 CFR 1602.14).
const minRetention = 365 * 24 * time.Hour

// parseRetention reads a retention period in whole days ("400d"), or "off" for none.
func parseRetention(v string) (time.Duration, error) {
	if v == "off" {
		return 0, nil
	}
	days, err := strconv.Atoi(strings.TrimSuffix(v, "d"))
	if !strings.HasSuffix(v, "d") || err != nil || days <= 0 || days > 100*366 {
		return 0, fmt.Errorf(`%q: give a number of days like 400d, or "off"`, v)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// checkRetention refuses a retention under a year unless it is allowed explicitly.
func (c config) checkRetention() error {
	if c.Retention == 0 || c.Retention >= minRetention || c.RetentionAllowShort {
		return nil
	}
	return fmt.Errorf("HIREBOT_RETENTION (-retention): %dd is shorter than 365 days. US employers must keep hiring records for at least a year "+
		"(29 CFR 1602.14), and other laws may ask for longer; set HIREBOT_RETENTION_ALLOW_SHORT=true only if no such rule applies to you",
		int(c.Retention/(24*time.Hour)))
}

// A switch is a flag with no environment variable.
type switchFlag struct{ flag, help string }

var switches = []switchFlag{
	{"playground", "run against the built-in fake Slack, even with tokens set (the default without them)"},
	{"version", "print the version and exit, like hirebot version"},
	{"h", "show this help"},
}

// parseConfig reads the flags, then the environment for every setting no flag gave, then the
// defaults. Errors name the flag or variable that was wrong and never repeat a token. -h writes
// the usage to help and returns flag.ErrHelp.
func parseConfig(args []string, getenv func(string) string, help io.Writer) (config, error) {
	fs := flag.NewFlagSet("hirebot", flag.ContinueOnError)
	values := make([]string, len(settings))
	for i, s := range settings {
		fs.StringVar(&values[i], s.flag, "", s.help)
	}
	var c config
	fs.BoolVar(&c.Playground, "playground", false, "")
	fs.BoolVar(&c.Version, "version", false, "")
	if err := parseFlags(fs, args, help); err != nil {
		return config{}, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for i, s := range settings {
		v, from := values[i], "-"+s.flag
		if !given[s.flag] {
			v, from = getenv(s.env), s.env
		}
		if v == "" {
			v = s.def
		}
		if v == "" {
			continue
		}
		if err := s.apply(&c, v); err != nil {
			return config{}, fmt.Errorf("%s: %w", from, err)
		}
	}
	if err := c.checkRetention(); err != nil {
		return config{}, err
	}
	c.WorkingHoursSet = given["working-hours"] || getenv("HIREBOT_WORKING_HOURS") != ""
	if c.DBPath == "" {
		c.DBPath = "./hirebot.db"
		if c.Playground || (c.AppToken == "" && c.BotToken == "") {
			c.DBPath = "./hirebot-playground.db"
		}
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	return c, nil
}

// parseFlags parses args into fs and refuses anything left over. The flag package's own output
// is dropped: -h writes our usage to help, and every other problem is returned.
func parseFlags(fs *flag.FlagSet, args []string, help io.Writer) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeUsage(help)
			return err
		}
		return fmt.Errorf("%w; hirebot -h lists the settings", err)
	}
	if fs.NArg() > 0 {
		return unexpectedArgument(fs.Arg(0))
	}
	return nil
}

// setAdmins reads a comma-separated list of Slack user ids and user group ids.
func setAdmins(c *config, v string) error {
	c.Admins, c.AdminGroups = nil, nil
	for _, id := range strings.Split(v, ",") {
		id = strings.TrimSpace(id)
		switch {
		case id == "":
		case validUserID(id):
			c.Admins = append(c.Admins, id)
		case validGroupID(id):
			c.AdminGroups = append(c.AdminGroups, id)
		default:
			return fmt.Errorf("%q is not a Slack user id like U012AB3CD or a user group id like S0123ABCD", id)
		}
	}
	return nil
}

func validUserID(id string) bool {
	return len(id) >= 2 && (id[0] == 'U' || id[0] == 'W') && upperAlnum(id[1:])
}

func validGroupID(id string) bool { return len(id) >= 2 && id[0] == 'S' && upperAlnum(id[1:]) }

func upperAlnum(s string) bool {
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func setLogLevel(c *config, v string) error {
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
		return fmt.Errorf("%q: use debug, info, warn or error", v)
	}
	return nil
}

func setLogFormat(c *config, v string) error {
	switch v {
	case "text":
		c.LogJSON = false
	case "json":
		c.LogJSON = true
	default:
		return fmt.Errorf("%q: use text or json", v)
	}
	return nil
}

// checkTokens explains exactly which token is missing or malformed and where to get it.
func (c config) checkTokens() error {
	var problems []string
	switch {
	case c.AppToken == "":
		problems = append(problems, "SLACK_APP_TOKEN is not set. Create an app-level token with the connections:write scope in your Slack app (Basic Information → App-Level Tokens); it starts with xapp-.")
	case !strings.HasPrefix(c.AppToken, "xapp-"):
		problems = append(problems, "SLACK_APP_TOKEN does not look like an app-level token: it must start with xapp- (Basic Information → App-Level Tokens). A bot token (xoxb-) belongs in SLACK_BOT_TOKEN.")
	}
	switch {
	case c.BotToken == "":
		problems = append(problems, "SLACK_BOT_TOKEN is not set. Install the app to your workspace and copy the Bot User OAuth Token (OAuth & Permissions); it starts with xoxb-.")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		problems = append(problems, "SLACK_BOT_TOKEN does not look like a bot token: it must start with xoxb- (OAuth & Permissions → Bot User OAuth Token).")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func parseDuration(dst *time.Duration, s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q is not a positive duration like 1h or 30m", s)
	}
	*dst = d
	return nil
}

func parseCount(dst *int, s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q is not a positive whole number", s)
	}
	*dst = n
	return nil
}

// shortDuration writes d as a person would: 1h rather than 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func newLogger(c config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
