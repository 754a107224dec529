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
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"hirebot/bot"
	"hirebot/content"
	"hirebot/data"
	"hirebot/handlers"
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
	return explainTokenError(serve(ctx, cfg, log, nil))
}

// app is a running hirebot, as serve wired it together.
type app struct {
	bot      *bot.Bot
	handlers *handlers.Handlers
	store    *data.Store
	metrics  *bot.Metrics
}

// sweep runs the reminder sweep once, now.
func (a *app) sweep(ctx context.Context) (handlers.SweepReport, error) {
	rep, err := a.handlers.SweepReminders(ctx, a.bot.Post)
	a.metrics.Reminders(rep.Sent, rep.Failed, rep.Deferred, rep.Escalated)
	return rep, err
}

// serve runs hirebot against the Slack that cfg points at until ctx ends. started, when not nil,
// is called once everything is wired, before the bot connects.
func serve(ctx context.Context, cfg config, log *slog.Logger, started func(*app)) error {
	store, err := data.Open(ctx, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()

	metrics := bot.NewMetrics()
	b, err := bot.New(bot.Config{
		AppToken: cfg.AppToken,
		BotToken: cfg.BotToken,
		APIURL:   cfg.APIURL,
		Logger:   log,
		Metrics:  metrics,
	})
	if err != nil {
		return err
	}
	h, err := newHandlers(cfg, log, store, b, metrics)
	if err != nil {
		return err
	}
	a := &app{bot: b, handlers: h, store: store, metrics: metrics}
	log.Info("hirebot starting", "api_url", cfg.APIURL, "db", cfg.DBPath, "reminder_schedule", cfg.ReminderSchedule)

	// Reminder sweeps run beside the bot; both stop on ctx, and the database closes only after
	// both have finished.
	var wg sync.WaitGroup
	defer wg.Wait()
	// Everything beside the bot stops when serve returns, also when the bot fails (a revoked
	// token): this cancel runs before wg.Wait.
	sideCtx, stopSide := context.WithCancel(ctx)
	defer stopSide()
	if cfg.HTTPAddr != "" {
		if err := serveOps(sideCtx, &wg, cfg.HTTPAddr, bot.OpsHandler(b, store.Ping, metrics), log); err != nil {
			return err
		}
	}
	wg.Go(func() {
		err := bot.Schedule(sideCtx, cfg.ReminderSchedule, time.UTC, log, func(ctx context.Context) {
			if _, err := a.sweep(ctx); err != nil {
				log.Error("reminder sweep failed", "err", err)
			}
		})
		if err != nil {
			log.Error("reminder schedule stopped", "err", err)
		}
	})
	if started != nil {
		started(a)
	}
	if err := b.Run(ctx, bot.NewRouter(h.Routes())); err != nil {
		return err
	}
	log.Info("hirebot stopped")
	return nil
}

// newHandlers loads the content and wires the handlers to storage and Slack. Store and users may
// be nil when only the command registry is needed (the manifest).
func newHandlers(cfg config, log *slog.Logger, store *data.Store, users handlers.UserDirectory, metrics *bot.Metrics) (*handlers.Handlers, error) {
	c, err := content.Load(cfg.ContentDir)
	if err != nil {
		return nil, err
	}
	deps := handlers.Deps{Content: c, Users: users, Settings: cfg.Feedback, Logger: log}
	if metrics != nil {
		deps.Metrics = metrics
	}
	if store != nil {
		deps.Feedback, deps.Postings = store, store
	}
	return handlers.New(deps), nil
}

func printManifest(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	// The manifest needs only the command registry: no database is opened.
	h, err := newHandlers(cfg, newLogger(cfg, stderr), nil, nil, nil)
	if err != nil {
		return err
	}
	out, err := bot.NewManifest(bot.NewRouter(h.Routes())).JSON()
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
