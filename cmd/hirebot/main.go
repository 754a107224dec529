// Command hirebot runs the hiring assistant for Slack over Socket Mode.
//
//	hirebot             connect to Slack with SLACK_APP_TOKEN and SLACK_BOT_TOKEN
//	hirebot manifest    print the Slack app manifest to create the app from
//	hirebot -h          list the commands and every setting
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"hirebot/bot"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "hirebot:", err)
	}
	os.Exit(exitCode(err))
}

// run is the whole program; main only supplies the process's arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return runCommand(ctx, args, getenv, stdout, stderr)
	}
	cfg, err := parseConfig(args, getenv, stdout)
	if err != nil {
		return err
	}
	if cfg.Version {
		return printVersion(stdout)
	}
	log := newLogger(cfg, stderr)
	if cfg.Playground || (cfg.AppToken == "" && cfg.BotToken == "") {
		return runPlayground(ctx, cfg, log, stdout)
	}
	if err := cfg.checkTokens(); err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, log, productionOptions())
	if err != nil {
		return err
	}
	return explainTokenError(a.run(ctx, nil))
}

func printManifest(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	// The manifest needs only the command registry: no database is opened.
	routes, err := commandRoutes(cfg)
	if err != nil {
		return err
	}
	out, err := bot.NewManifest(bot.NewRouter(routes)).JSON()
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
