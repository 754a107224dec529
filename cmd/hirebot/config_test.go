package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/handlers"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c config)
		wantErr string
	}{
		{name: "defaults with tokens", env: map[string]string{"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1"},
			check: func(t *testing.T, c config) {
				if c.DBPath != "./hirebot.db" || c.APIURL != slackAPIURL || c.ReminderSchedule != "@every 5m" || c.HTTPAddr != "" {
					t.Errorf("defaults = %+v", c)
				}
				if c.Feedback.Visibility != handlers.VisibleAfterOwn || c.Feedback.WorkingHours.String() != "09:00-18:00 Mon,Tue,Wed,Thu,Fri" {
					t.Errorf("feedback defaults = %+v", c.Feedback)
				}
			}},
		{name: "playground database without tokens", check: func(t *testing.T, c config) {
			if c.DBPath != "./hirebot-playground.db" {
				t.Errorf("db = %q", c.DBPath)
			}
		}},
		{name: "environment", env: map[string]string{
			"HIREBOT_FEEDBACK_DUE": "2h", "HIREBOT_REMINDER_EVERY": "12h", "HIREBOT_REMINDER_LIMIT": "3", "HIREBOT_ESCALATE_AFTER": "1",
			"HIREBOT_WORKING_HOURS": "always", "HIREBOT_FEEDBACK_VISIBILITY": "never", "SLACK_API_URL": "http://127.0.0.1:9/api",
		}, check: func(t *testing.T, c config) {
			f := c.Feedback
			if f.FeedbackDue != 2*time.Hour || f.RemindEvery != 12*time.Hour || f.ReminderLimit != 3 || f.EscalateAfter != 1 ||
				f.WorkingHours.String() != "always" || f.Visibility != handlers.VisibleNever || c.APIURL != "http://127.0.0.1:9/api/" {
				t.Errorf("config = %+v", c)
			}
		}},
		{name: "flags win over environment", args: []string{"-db", "/tmp/x.db", "-reminder-limit", "4"},
			env: map[string]string{"HIREBOT_DB": "/tmp/y.db", "HIREBOT_REMINDER_LIMIT": "9"},
			check: func(t *testing.T, c config) {
				if c.DBPath != "/tmp/x.db" || c.Feedback.ReminderLimit != 4 {
					t.Errorf("db %q limit %d", c.DBPath, c.Feedback.ReminderLimit)
				}
			}},
		{name: "token flags win over the environment", args: []string{"-app-token", "xapp-flag", "-bot-token", "xoxb-flag"},
			env: map[string]string{"SLACK_APP_TOKEN": "xapp-env", "SLACK_BOT_TOKEN": "xoxb-env"},
			check: func(t *testing.T, c config) {
				if c.AppToken != "xapp-flag" || c.BotToken != "xoxb-flag" {
					t.Errorf("tokens %q %q, want the flags'", c.AppToken, c.BotToken)
				}
			}},
		{name: "tokens from the environment", env: map[string]string{"SLACK_APP_TOKEN": "xapp-env", "SLACK_BOT_TOKEN": "xoxb-env"},
			check: func(t *testing.T, c config) {
				if c.AppToken != "xapp-env" || c.BotToken != "xoxb-env" {
					t.Errorf("tokens %q %q, want the environment's", c.AppToken, c.BotToken)
				}
			}},
		{name: "working hours chosen by flag", args: []string{"-working-hours", "always"}, check: func(t *testing.T, c config) {
			if !c.WorkingHoursSet || c.Feedback.WorkingHours.String() != "always" {
				t.Errorf("working hours %v set %v", c.Feedback.WorkingHours, c.WorkingHoursSet)
			}
		}},
		{name: "working hours by default", check: func(t *testing.T, c config) {
			if c.WorkingHoursSet {
				t.Error("default working hours count as chosen")
			}
		}},
		{name: "playground address default", check: func(t *testing.T, c config) {
			if c.PlaygroundAddr != "127.0.0.1:8080" {
				t.Errorf("playground addr = %q", c.PlaygroundAddr)
			}
		}},
		{name: "playground address in a container", env: map[string]string{"HIREBOT_PLAYGROUND_ADDR": "0.0.0.0:8080"},
			check: func(t *testing.T, c config) {
				if c.PlaygroundAddr != "0.0.0.0:8080" {
					t.Errorf("playground addr = %q", c.PlaygroundAddr)
				}
			}},
		{name: "admins", env: map[string]string{"HIREBOT_ADMINS": " U0ADM1, W0ADM2,S0HIRING"}, check: func(t *testing.T, c config) {
			if strings.Join(c.Admins, " ") != "U0ADM1 W0ADM2" || strings.Join(c.AdminGroups, " ") != "S0HIRING" {
				t.Errorf("admins = %q, groups %q", c.Admins, c.AdminGroups)
			}
		}},
		{name: "admin that is no id", env: map[string]string{"HIREBOT_ADMINS": "U0ADM1,@hiring-admins"}, wantErr: "user group id like S0123ABCD"},
		{name: "version flag", args: []string{"-version"}, check: func(t *testing.T, c config) {
			if !c.Version {
				t.Error("-version not seen")
			}
		}},
		{name: "bad duration", env: map[string]string{"HIREBOT_FEEDBACK_DUE": "soon"}, wantErr: "HIREBOT_FEEDBACK_DUE"},
		{name: "bad duration flag", args: []string{"-feedback-due", "soon"}, wantErr: `-feedback-due: "soon" is not a positive duration`},
		{name: "bad log format", env: map[string]string{"HIREBOT_LOG_FORMAT": "xml"}, wantErr: `HIREBOT_LOG_FORMAT: "xml": use text or json`},
		{name: "unknown flag", args: []string{"-bogus"}, wantErr: "flag provided but not defined: -bogus; hirebot -h lists the settings"},
		{name: "command after settings", args: []string{"-db", "x.db", "manifest"}, wantErr: `"manifest" is a command and goes first`},
		{name: "bad limit", env: map[string]string{"HIREBOT_REMINDER_LIMIT": "-1"}, wantErr: "HIREBOT_REMINDER_LIMIT"},
		{name: "bad visibility", env: map[string]string{"HIREBOT_FEEDBACK_VISIBILITY": "sometimes"}, wantErr: "after-own, always or never"},
		{name: "bad hours", env: map[string]string{"HIREBOT_WORKING_HOURS": "9-5"}, wantErr: "HIREBOT_WORKING_HOURS"},
		{name: "bad schedule", env: map[string]string{"HIREBOT_REMINDER_SCHEDULE": "every now and then"}, wantErr: "HIREBOT_REMINDER_SCHEDULE"},
		{name: "bad admin", env: map[string]string{"HIREBOT_ADMINS": "U0ADM1,@hana"}, wantErr: `HIREBOT_ADMINS: "@hana" is not a Slack user id`},
		{name: "bad log level", env: map[string]string{"HIREBOT_LOG_LEVEL": "loud"}, wantErr: "HIREBOT_LOG_LEVEL"},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected argument"},
		{name: "retention off by default", check: func(t *testing.T, c config) {
			if c.Retention != 0 {
				t.Errorf("retention = %v", c.Retention)
			}
		}},
		{name: "retention", env: map[string]string{"HIREBOT_RETENTION": "400d"}, check: func(t *testing.T, c config) {
			if c.Retention != 400*24*time.Hour {
				t.Errorf("retention = %v", c.Retention)
			}
		}},
		{name: "short retention refused", env: map[string]string{"HIREBOT_RETENTION": "90d"},
			wantErr: "90d is shorter than 365 days. US employers must keep hiring records for at least a year"},
		{name: "short retention by flag refused", args: []string{"-retention", "364d"}, wantErr: "HIREBOT_RETENTION_ALLOW_SHORT=true"},
		{name: "short retention allowed", env: map[string]string{"HIREBOT_RETENTION": "90d", "HIREBOT_RETENTION_ALLOW_SHORT": "true"},
			check: func(t *testing.T, c config) {
				if c.Retention != 90*24*time.Hour || !c.RetentionAllowShort {
					t.Errorf("retention = %v, allow short %v", c.Retention, c.RetentionAllowShort)
				}
			}},
		{name: "bad retention", env: map[string]string{"HIREBOT_RETENTION": "13mo"}, wantErr: `HIREBOT_RETENTION: "13mo": give a number of days like 400d`},
		{name: "bad allow short", env: map[string]string{"HIREBOT_RETENTION_ALLOW_SHORT": "yes please"}, wantErr: "HIREBOT_RETENTION_ALLOW_SHORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestParseRetention(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	for _, tc := range []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"off", 0, false},
		{"400d", 400 * day, false},
		{"365d", 365 * day, false},
		{"1d", day, false},
		{"0d", 0, true},
		{"-5d", 0, true},
		{"400", 0, true},
		{"13mo", 0, true},
		{"1y", 0, true},
		{"9600h", 0, true},
		{"400 d", 0, true},
		{"d", 0, true},
		{"99999999d", 0, true},
	} {
		got, err := parseRetention(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("parseRetention(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestCheckTokensSaysWhichAndWhere(t *testing.T) {
	t.Parallel()
	tests := []struct{ app, bot, want string }{
		{"", "xoxb-1", "SLACK_APP_TOKEN is not set"},
		{"xoxb-1", "xoxb-2", "SLACK_APP_TOKEN does not look like an app-level token"},
		{"xapp-1", "", "SLACK_BOT_TOKEN is not set"},
		{"xapp-1", "xapp-2", "SLACK_BOT_TOKEN does not look like a bot token"},
	}
	for _, tt := range tests {
		err := config{AppToken: tt.app, BotToken: tt.bot}.checkTokens()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("checkTokens(%q, %q) = %v, want %q", tt.app, tt.bot, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), "xoxb-1") || strings.Contains(err.Error(), "xapp-1")) {
			t.Errorf("the error repeats a token: %v", err)
		}
	}
	if err := (config{AppToken: "xapp-1", BotToken: "xoxb-1"}).checkTokens(); err != nil {
		t.Errorf("good tokens refused: %v", err)
	}
}

func TestManifestCommandListsEveryCommand(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if err := run(t.Context(), []string{"manifest"}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command, Description string
				UsageHint            string `json:"usage_hint"`
			} `json:"slash_commands"`
		}
	}
	if err := json.Unmarshal([]byte(out.String()), &m); err != nil {
		t.Fatalf("manifest is not JSON: %v\n%s", err, out.String())
	}
	var got []string
	for _, c := range m.Features.SlashCommands {
		got = append(got, c.Command)
		if c.Description == "" || c.UsageHint == "" {
			t.Errorf("%s lacks a description or usage hint", c.Command)
		}
	}
	want := "/salary /interview-questions /hiring-faq /interview /feedback /job-posting /hirebot-admin"
	if strings.Join(got, " ") != want {
		t.Errorf("manifest commands = %v, want %s", got, want)
	}
}

// TestBadContentStopsStartUp points hirebot at a content folder with a broken salary file:
// start-up fails naming the file, the field and the problem, before anything connects.
func TestBadContentStopsStartUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := `{"national": {"min": 95000, "max": 145000}, "national_note": "n", "bands": [{"slug": "x", "location": "X", "range": {"min": 0, "max": 1}, "note": "n"}],
		"levels": [{"slug": "mid", "name": "Mid", "range": {"min": 1, "max": 2}}], "factors": [{"name": "f", "detail": "d"}], "source": "s"}`
	if err := os.WriteFile(filepath.Join(dir, "salary.json"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	err := startUpError(t, map[string]string{"HIREBOT_CONTENT_DIR": dir})
	if err == nil || !strings.Contains(err.Error(), "salary.json") || !strings.Contains(err.Error(), "bands[0].range.min") {
		t.Errorf("run with bad content = %v, want an error naming salary.json and bands[0].range.min", err)
	}
}
