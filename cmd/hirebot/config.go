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
	ReminderSchedule string
	WorkingHoursSet  bool // the user chose working hours (the playground otherwise drops them)

	HTTPAddr string // the ops listener (/healthz, /readyz, /metrics); off when empty

	Playground     bool   // run against the built-in fake Slack with a browser UI
	PlaygroundAddr string // where the playground page is served
}

const slackAPIURL = "https://slack.com/api/"

// parseConfig reads flags first and falls back to the environment for anything not given.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("hirebot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var c config
	var level, format, visibility, hours string
	fs.StringVar(&c.AppToken, "app-token", env("SLACK_APP_TOKEN", ""), "Slack app-level token, xapp-… (env SLACK_APP_TOKEN)")
	fs.StringVar(&c.BotToken, "bot-token", env("SLACK_BOT_TOKEN", ""), "Slack bot token, xoxb-… (env SLACK_BOT_TOKEN)")
	fs.StringVar(&c.APIURL, "api-url", env("SLACK_API_URL", slackAPIURL), "Slack Web API base URL (env SLACK_API_URL)")
	fs.StringVar(&c.DBPath, "db", env("HIREBOT_DB", ""), "SQLite database file, default ./hirebot.db (./hirebot-playground.db in the playground) (env HIREBOT_DB)")
	fs.StringVar(&c.HTTPAddr, "http-addr", env("HIREBOT_HTTP_ADDR", ""), "address of /healthz, /readyz and /metrics, e.g. :8081; off when empty (env HIREBOT_HTTP_ADDR)")
	fs.BoolVar(&c.Playground, "playground", false, "run against the built-in fake Slack with a browser UI (the default without Slack tokens)")
	fs.StringVar(&c.PlaygroundAddr, "playground-addr", env("HIREBOT_PLAYGROUND_ADDR", "127.0.0.1:8080"), "address of the playground page (env HIREBOT_PLAYGROUND_ADDR)")
	fs.StringVar(&c.ContentDir, "content-dir", env("HIREBOT_CONTENT_DIR", ""), "folder with content files that replace the built-in ones (env HIREBOT_CONTENT_DIR)")
	fs.StringVar(&level, "log-level", env("HIREBOT_LOG_LEVEL", "info"), "debug, info, warn or error (env HIREBOT_LOG_LEVEL)")
	fs.StringVar(&format, "log-format", env("HIREBOT_LOG_FORMAT", "text"), "text or json (env HIREBOT_LOG_FORMAT)")
	fs.StringVar(&visibility, "feedback-visibility", env("HIREBOT_FEEDBACK_VISIBILITY", string(handlers.VisibleAfterOwn)), "when panel interviewers see each other's scorecards: after-own, always or never (env HIREBOT_FEEDBACK_VISIBILITY)")
	fs.StringVar(&c.ReminderSchedule, "reminder-schedule", env("HIREBOT_REMINDER_SCHEDULE", "@every 5m"), "cron spec of the reminder sweep (env HIREBOT_REMINDER_SCHEDULE)")
	fs.Func("feedback-due", "how long after an interview feedback is overdue, default 1h (env HIREBOT_FEEDBACK_DUE)", durationFlag(&c.Feedback.FeedbackDue))
	fs.Func("reminder-every", "time between reminders, default 24h (env HIREBOT_REMINDER_EVERY)", durationFlag(&c.Feedback.RemindEvery))
	fs.Func("reminder-limit", "reminders per interviewer and interview at most, default 10 (env HIREBOT_REMINDER_LIMIT)", intFlag(&c.Feedback.ReminderLimit))
	fs.Func("escalate-after", "reminders before the hiring manager is told, default 2 (env HIREBOT_ESCALATE_AFTER)", intFlag(&c.Feedback.EscalateAfter))
	fs.StringVar(&hours, "working-hours", env("HIREBOT_WORKING_HOURS", handlers.DefaultWorkingHours), "when reminders may go out, in each person's time zone, or \"always\" (env HIREBOT_WORKING_HOURS)")
	for flagName, key := range map[string]string{"feedback-due": "HIREBOT_FEEDBACK_DUE", "reminder-every": "HIREBOT_REMINDER_EVERY",
		"reminder-limit": "HIREBOT_REMINDER_LIMIT", "escalate-after": "HIREBOT_ESCALATE_AFTER"} {
		if v := getenv(key); v != "" {
			if err := fs.Set(flagName, v); err != nil {
				return config{}, fmt.Errorf("%s=%q: %w", key, v, err)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	var err error
	if c.Feedback.Visibility, err = handlers.ParseVisibility(visibility); err != nil {
		return config{}, fmt.Errorf("HIREBOT_FEEDBACK_VISIBILITY / -feedback-visibility: %w", err)
	}
	c.WorkingHoursSet = getenv("HIREBOT_WORKING_HOURS") != ""
	fs.Visit(func(f *flag.Flag) { c.WorkingHoursSet = c.WorkingHoursSet || f.Name == "working-hours" })
	if c.Feedback.WorkingHours, err = handlers.ParseWorkingHours(hours); err != nil {
		return config{}, fmt.Errorf("HIREBOT_WORKING_HOURS / -working-hours: %w", err)
	}
	if err := bot.ParseSchedule(c.ReminderSchedule); err != nil {
		return config{}, fmt.Errorf("HIREBOT_REMINDER_SCHEDULE / -reminder-schedule: %w", err)
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q (commands: manifest)", fs.Arg(0))
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return config{}, fmt.Errorf("HIREBOT_LOG_LEVEL / -log-level %q: use debug, info, warn or error", level)
	}
	switch format {
	case "text":
	case "json":
		c.LogJSON = true
	default:
		return config{}, fmt.Errorf("HIREBOT_LOG_FORMAT / -log-format %q: use text or json", format)
	}
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

func durationFlag(dst *time.Duration) func(string) error {
	return func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a positive duration like 1h or 30m", s)
		}
		*dst = d
		return nil
	}
}

func intFlag(dst *int) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return fmt.Errorf("%q is not a positive whole number", s)
		}
		*dst = n
		return nil
	}
}

func newLogger(c config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
