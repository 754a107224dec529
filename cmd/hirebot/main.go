// Command hirebot runs the hiring assistant for Slack over Socket Mode.
//
//	hirebot             connect to Slack with SLACK_APP_TOKEN and SLACK_BOT_TOKEN
//	hirebot manifest    print the Slack app manifest to create the app from
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"hirebot/bot"
	"hirebot/content"
	"hirebot/data"
	"hirebot/handlers"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "hirebot:", err)
		}
		os.Exit(1)
	}
}

// run is the whole program; main only supplies the process's arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) > 0 && args[0] == "manifest" {
		return printManifest(args[1:], getenv, stdout, stderr)
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	if err := cfg.checkTokens(); err != nil {
		return err
	}
	store, err := data.Open(ctx, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()
	router, err := newRouter(cfg, log, store)
	if err != nil {
		return err
	}

	b, err := bot.New(bot.Config{
		AppToken: cfg.AppToken,
		BotToken: cfg.BotToken,
		APIURL:   cfg.APIURL,
		Logger:   log,
	}, router)
	if err != nil {
		return err
	}
	log.Info("hirebot starting", "api_url", cfg.APIURL, "db", cfg.DBPath)
	if err := b.Run(ctx); err != nil {
		return err
	}
	log.Info("hirebot stopped")
	return nil
}

// newRouter loads the content and registers every handler.
func newRouter(cfg config, log *slog.Logger, store *data.Store) (*bot.Router, error) {
	c, err := content.Load(cfg.ContentDir)
	if err != nil {
		return nil, err
	}
	deps := handlers.Deps{Content: c, Logger: log}
	if store != nil {
		deps.Feedback, deps.Postings = store, store
	}
	h := handlers.New(deps)
	return bot.NewRouter(h.Routes()), nil
}

func printManifest(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	// The manifest needs only the command registry: no database is opened.
	router, err := newRouter(cfg, newLogger(cfg, stderr), nil)
	if err != nil {
		return err
	}
	out, err := bot.NewManifest(router).JSON()
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
