package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
)

// runPlayground runs hirebot against the built-in fake Slack and serves a page to use it from a
// browser.
func runPlayground(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	return errors.New("no Slack tokens: set SLACK_APP_TOKEN and SLACK_BOT_TOKEN (see README: Setting up the Slack app)")
}
