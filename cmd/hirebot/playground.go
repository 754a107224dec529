package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"hirebot/data"
	"hirebot/fakeslack"
	"hirebot/handlers"
	"hirebot/playground"
)

// runPlayground runs hirebot against the built-in fake Slack and serves a page to use it from a
// browser. The bot connects over Socket Mode exactly as in production: the playground is only
// another Slack.
func runPlayground(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	fake, err := fakeslack.New(fakeslack.Options{Logger: log.With("component", "fakeslack")})
	if err != nil {
		return fmt.Errorf("playground: start the simulated Slack: %w", err)
	}
	defer fake.Close()
	playground.AddTeam(fake)
	cfg = playgroundConfig(cfg, fake)

	history, err := historyPath(cfg.DBPath)
	if err != nil {
		return err
	}
	var running runningApp
	page, err := playground.New(playground.Config{
		Slack:       fake,
		Logger:      log.With("component", "playground"),
		Sweep:       running.sweep,
		FastForward: running.fastForward,
		Commands:    running.commands,
		Shortcuts:   running.shortcuts,
		HistoryPath: history,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.PlaygroundAddr)
	if err != nil {
		return fmt.Errorf("playground: listen on %s (choose another address with -playground-addr or HIREBOT_PLAYGROUND_ADDR): %w", cfg.PlaygroundAddr, err)
	}
	warnIfExposed(log, ln.Addr())

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() {
		if err := page.Serve(ctx, ln); err != nil {
			log.Error("playground stopped", "err", err)
		}
	})
	fmt.Fprintf(stdout, "hirebot playground: open %s (no Slack workspace needed)\n", browserURL(ln.Addr()))
	a, err := newApp(ctx, cfg, log, productionOptions())
	if err != nil {
		return err
	}
	return a.run(ctx, running.set)
}

// playgroundConfig points cfg at the fake Slack and lets reminders reach the simulated people
// at any hour, unless the user chose working hours themselves.
func playgroundConfig(cfg config, fake *fakeslack.Server) config {
	cfg.APIURL, cfg.AppToken, cfg.BotToken = fake.APIURL(), fake.AppToken(), fake.BotToken()
	if !cfg.WorkingHoursSet {
		cfg.Feedback.WorkingHours = handlers.AlwaysWorking()
	}
	return cfg
}

// historyPath is where the playground keeps its conversations: beside the database, whose
// interviews and drafts they talk about. Without the database (a fresh start) the old history
// is removed, so that no conversation refers to records that are gone.
func historyPath(dbPath string) (string, error) {
	if data.IsPostgresURL(dbPath) {
		// The database is elsewhere: the history stays in the working folder.
		return "hirebot-playground.history.json", nil
	}
	path := strings.TrimSuffix(dbPath, filepath.Ext(dbPath)) + ".history.json"
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("playground: remove the history of a deleted database: %w", err)
		}
	}
	return path, nil
}

// browserURL is the address to open for a listener; an unspecified host becomes localhost.
func browserURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// runningApp hands the app serve wired together to the playground once it exists.
type runningApp struct {
	mu  sync.Mutex
	app *app
}

func (r *runningApp) set(a *app) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.app = a
}

func (r *runningApp) get() *app {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.app
}

// sweep runs the reminder sweep now, for the playground's button, and says which reminder
// comes next.
func (r *runningApp) sweep(ctx context.Context) (playground.SweepReport, error) {
	a := r.get()
	if a == nil {
		return playground.SweepReport{}, errors.New("hirebot is still starting")
	}
	return sweepAndLookAhead(ctx, a)
}

// fastForward makes the next scheduled reminder due now and sweeps, for the playground's
// "Fast-forward to the next reminder": pressed a few times, it shows the first reminder, the
// second and the escalation to the hiring manager without waiting days. Only the playground
// moves a reminder so; the bot keeps every schedule it set.
func (r *runningApp) fastForward(ctx context.Context) (playground.SweepReport, error) {
	a := r.get()
	if a == nil {
		return playground.SweepReport{}, errors.New("hirebot is still starting")
	}
	if _, err := a.store.MakeNextReminderDue(ctx, a.opts.clock.Now()); err != nil && !errors.Is(err, data.ErrNotFound) {
		return playground.SweepReport{}, fmt.Errorf("fast-forward: %w", err)
	}
	return sweepAndLookAhead(ctx, a)
}

// sweepAndLookAhead runs the reminder sweep and reads the reminder that comes next.
func sweepAndLookAhead(ctx context.Context, a *app) (playground.SweepReport, error) {
	rep, err := a.sweep(ctx)
	if err != nil {
		return playground.SweepReport{}, fmt.Errorf("reminder sweep: %w", err)
	}
	out := playground.SweepReport{Sent: rep.Sent, Deferred: rep.Deferred, Failed: rep.Failed, Escalated: rep.Escalated, Kits: rep.Kits}
	next, err := a.store.NextReminder(ctx)
	switch {
	case errors.Is(err, data.ErrNotFound):
	case err != nil:
		return out, fmt.Errorf("after the sweep: %w", err)
	default:
		out.Next = &playground.Reminder{User: next.Panelist.UserID, Candidate: next.Interview.Candidate, At: next.Panelist.NextReminder}
	}
	return out, nil
}

// commands lists the bot's slash commands for the message box's hints.
func (r *runningApp) commands() []playground.Command {
	a := r.get()
	if a == nil {
		return nil
	}
	var out []playground.Command
	for _, c := range a.features.Routes().Commands {
		out = append(out, playground.Command{Name: c.Name, Description: c.Description, Usage: c.UsageHint})
	}
	return out
}

// shortcuts lists the bot's global and message shortcuts for the page's menus.
func (r *runningApp) shortcuts() []playground.Shortcut {
	a := r.get()
	if a == nil {
		return nil
	}
	var out []playground.Shortcut
	for _, sc := range a.features.Routes().Shortcuts {
		out = append(out, playground.Shortcut{CallbackID: sc.CallbackID, Name: sc.Name, Description: sc.Description,
			Message: sc.Kind == handlers.MessageShortcut})
	}
	return out
}
