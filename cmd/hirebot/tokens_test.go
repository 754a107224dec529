package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func TestTokenErrorExplained(t *testing.T) {
	t.Parallel()
	authTest := func(code string) error {
		return fmt.Errorf("check bot token with auth.test: %w", slack.SlackErrorResponse{Err: code})
	}
	socket := func(code string) error { return fmt.Errorf("socket mode: %w", slack.SlackErrorResponse{Err: code}) }
	tests := []struct {
		err  error
		want string // "" when the error is returned unchanged
	}{
		{authTest("invalid_auth"), "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again."},
		{authTest("not_authed"), "SLACK_BOT_TOKEN was rejected by Slack (not_authed)"},
		{authTest("token_revoked"), "SLACK_BOT_TOKEN was rejected by Slack (token_revoked): the token was revoked"},
		{authTest("token_expired"), "Turn token rotation off"},
		{authTest("account_inactive"), "SLACK_BOT_TOKEN was rejected by Slack (account_inactive)"},
		{authTest("not_allowed_token_type"), "SLACK_BOT_TOKEN must be a bot token (xoxb-…), not a user or app token"},
		{socket("invalid_auth"), "SLACK_APP_TOKEN was rejected by Slack (invalid_auth): create an app-level token with connections:write under Basic Information"},
		{socket("token_revoked"), "SLACK_APP_TOKEN was rejected by Slack (token_revoked)"},
		{socket("not_allowed_token_type"), "SLACK_APP_TOKEN must be an app-level token (xapp-…)"},
		{authTest("ratelimited"), ""},
		{errors.New("open database: disk full"), ""},
		{nil, ""},
	}
	for _, tt := range tests {
		got := explainTokenError(tt.err)
		if tt.want == "" {
			if got != tt.err {
				t.Errorf("explainTokenError(%v) = %v, want it unchanged", tt.err, got)
			}
			continue
		}
		if got == nil || !strings.Contains(got.Error(), tt.want) {
			t.Errorf("explainTokenError(%v) = %v, want %q", tt.err, got, tt.want)
		}
		var slackErr slack.SlackErrorResponse
		if !errors.As(got, &slackErr) {
			t.Errorf("explainTokenError(%v) lost Slack's error", tt.err)
		}
	}
}

// TestTokenRejectedBySlack starts hirebot against the fake Slack with tokens it refuses: start-up
// stops with an error naming the variable and the fix, and neither token is printed.
func TestTokenRejectedBySlack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		app, bot   string // tokens to start with; "" for the fake's own
		reject     string // a token the fake rejects with code
		code, want string
	}{
		{name: "wrong bot token", bot: "xoxb-SECRET-wrong", want: "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): copy the Bot User OAuth Token"},
		{name: "revoked bot token", reject: "bot", code: "token_revoked", want: "SLACK_BOT_TOKEN was rejected by Slack (token_revoked)"},
		{name: "wrong app token", app: "xapp-SECRET-wrong", want: "SLACK_APP_TOKEN was rejected by Slack (invalid_auth): create an app-level token with connections:write"},
		{name: "inactive app token", reject: "app", code: "account_inactive", want: "SLACK_APP_TOKEN was rejected by Slack (account_inactive)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, fakeslack.Options{AppToken: "xapp-SECRET-app", BotToken: "xoxb-SECRET-bot"})
			switch tt.reject {
			case "bot":
				fake.RejectToken(fake.BotToken(), tt.code)
			case "app":
				fake.RejectToken(fake.AppToken(), tt.code)
			}
			env := map[string]string{
				"SLACK_APP_TOKEN": cmp.Or(tt.app, fake.AppToken()), "SLACK_BOT_TOKEN": cmp.Or(tt.bot, fake.BotToken()),
				"SLACK_API_URL": fake.APIURL(), "HIREBOT_DB": filepath.Join(t.TempDir(), "hirebot.db"), "HIREBOT_LOG_LEVEL": "debug",
			}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			logs := &slacktest.Logs{}
			err := run(ctx, nil, func(k string) string { return env[k] }, io.Discard, logs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run = %v, want %q\nlogs:\n%s", err, tt.want, logs)
			}
			if strings.Contains(err.Error()+logs.String(), "SECRET") {
				t.Errorf("a token was printed:\nerr: %v\nlogs:\n%s", err, logs)
			}
		})
	}
}

// TestAppTokenRejectedAfterStartUp revokes the app token while hirebot runs: its next Socket Mode
// connection is refused, and hirebot stops with an error naming SLACK_APP_TOKEN and the fix,
// printing neither token.
func TestAppTokenRejectedAfterStartUp(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{AppToken: "xapp-SECRET-app", BotToken: "xoxb-SECRET-bot"})
	env := map[string]string{
		"SLACK_APP_TOKEN": fake.AppToken(), "SLACK_BOT_TOKEN": fake.BotToken(),
		"SLACK_API_URL": fake.APIURL(), "HIREBOT_DB": filepath.Join(t.TempDir(), "hirebot.db"), "HIREBOT_LOG_LEVEL": "debug",
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	logs := &slacktest.Logs{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, io.Discard, logs) }()
	if err := fake.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	fake.RejectToken(fake.AppToken(), "token_revoked")
	fake.DropConnections()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		t.Fatalf("hirebot kept running with a revoked app token\nlogs:\n%s", logs)
	}
	want := "SLACK_APP_TOKEN was rejected by Slack (token_revoked): the token was revoked. Create a new app-level token"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("run = %v, want %q\nlogs:\n%s", err, want, logs)
	}
	if strings.Contains(err.Error()+logs.String(), "SECRET") {
		t.Errorf("a token was printed:\nerr: %v\nlogs:\n%s", err, logs)
	}
}
