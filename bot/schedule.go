package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule runs job on a cron spec ("*/5 * * * *", or a descriptor such as "@every 5m") until
// ctx ends, and once at once, so that work that fell due while the bot was down is caught up. A
// run still going when the next is due is skipped, a panic is recovered, and shutdown waits for
// the running job to finish.
func Schedule(ctx context.Context, spec string, loc *time.Location, log *slog.Logger, job func(context.Context)) error {
	clog := cronLogger{log: log.With("component", "cron")}
	c := cron.New(
		cron.WithLocation(loc),
		cron.WithLogger(clog),
		cron.WithChain(cron.Recover(clog), cron.SkipIfStillRunning(clog)),
	)
	jobCtx := context.WithoutCancel(ctx) // a started run finishes even during shutdown
	if _, err := c.AddFunc(spec, func() { job(jobCtx) }); err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	c.Start()
	c.Entries()[0].WrappedJob.Run() // the start-up catch-up, through the same chain
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// ParseSchedule checks a cron spec without running anything.
func ParseSchedule(spec string) error {
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("schedule %q: %w (use a cron line like \"*/5 * * * *\" or \"@every 5m\")", spec, err)
	}
	return nil
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug(msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error(msg, append(kv, "err", err)...)
}
