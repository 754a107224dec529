package main

import (
	"errors"
	"strings"

	"github.com/slack-go/slack"
)

// How to put right a token Slack refused, by the error Slack gave. Each fix is a sentence that
// follows "SLACK_…_TOKEN was rejected by Slack (code): ".
var (
	botTokenFixes = map[string]string{
		"invalid_auth":           "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again.",
		"not_authed":             "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again.",
		"token_revoked":          "the token was revoked, for instance because the app was uninstalled. Install the app to your workspace again and copy the new Bot User OAuth Token (xoxb-…) from OAuth & Permissions.",
		"token_expired":          "the app rotates its tokens, and hirebot cannot refresh them. Turn token rotation off under OAuth & Permissions, install the app again and copy the new Bot User OAuth Token (xoxb-…).",
		"account_inactive":       "the workspace or the app's bot user has been deactivated. Install the app to an active workspace and copy its Bot User OAuth Token (xoxb-…) from OAuth & Permissions.",
		"not_allowed_token_type": "SLACK_BOT_TOKEN must be a bot token (xoxb-…), not a user or app token. Copy the Bot User OAuth Token from OAuth & Permissions.",
	}
	appTokenFixes = map[string]string{
		"invalid_auth":           "create an app-level token with connections:write under Basic Information → App-Level Tokens and use that (xapp-…).",
		"not_authed":             "create an app-level token with connections:write under Basic Information → App-Level Tokens and use that (xapp-…).",
		"token_revoked":          "the token was revoked. Create a new app-level token with connections:write under Basic Information → App-Level Tokens (xapp-…).",
		"token_expired":          "the token has expired. Create a new app-level token with connections:write under Basic Information → App-Level Tokens (xapp-…).",
		"account_inactive":       "the workspace or the app has been deactivated. Create an app-level token with connections:write for an active app under Basic Information → App-Level Tokens (xapp-…).",
		"not_allowed_token_type": "SLACK_APP_TOKEN must be an app-level token (xapp-…), not a bot or user token. Create one with connections:write under Basic Information → App-Level Tokens.",
	}
)

// explainTokenError turns Slack refusing a token at start-up into a message naming the
// variable and how to fix it, in the tone of checkTokens; any other error is returned as is.
// The bot checks SLACK_BOT_TOKEN with auth.test before it opens Socket Mode with
// SLACK_APP_TOKEN (apps.connections.open), and its errors say which of the two failed.
func explainTokenError(err error) error {
	var slackErr slack.SlackErrorResponse
	if err == nil || !errors.As(err, &slackErr) {
		return err
	}
	variable, fixes := "", map[string]string(nil)
	switch msg := err.Error(); {
	case strings.Contains(msg, "auth.test"):
		variable, fixes = "SLACK_BOT_TOKEN", botTokenFixes
	case strings.Contains(msg, "socket mode"):
		variable, fixes = "SLACK_APP_TOKEN", appTokenFixes
	}
	fix, ok := fixes[slackErr.Err]
	if !ok {
		return err
	}
	if slackErr.Err == "not_allowed_token_type" {
		return &tokenError{msg: fix, err: err}
	}
	return &tokenError{msg: variable + " was rejected by Slack (" + slackErr.Err + "): " + fix, err: err}
}

// tokenError is a refused token explained; the cause stays reachable with errors.As.
type tokenError struct {
	msg string
	err error
}

func (e *tokenError) Error() string { return e.msg }
func (e *tokenError) Unwrap() error { return e.err }
