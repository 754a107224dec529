package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
)

// Clock is the time a schedule runs on: Now, and After to wait for the next run (time.After on
// the wall clock). Tests give one they move themselves.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// WallClock is the real time.
type WallClock struct{}

// Now is time.Now.
func (WallClock) Now() time.Time { return time.Now() }

// After is time.After.
func (WallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Schedule runs job on a cron spec ("*/5 * * * *", or a descriptor such as "@every 5m") until
// ctx ends, and once at once, so that work that fell due while the bot was down is caught up.
// The next run's time is computed from clock's Now (in loc) and waited for with its After, so a
// test drives the schedule by moving its clock; nil is the wall clock. A run still going when the
// next is due is skipped, a panic is recovered, and shutdown waits for the running job to finish.
func Schedule(ctx context.Context, spec string, clock Clock, loc *time.Location, log *slog.Logger, job func(context.Context)) error {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return fmt.Errorf("schedule %q: %w", spec, err)
	}
	if clock == nil {
		clock = WallClock{}
	}
	log = log.With("component", "cron")
	jobCtx := context.WithoutCancel(ctx) // a started run finishes even during shutdown
	var running sync.WaitGroup
	var busy atomic.Bool
	run := func() {
		defer busy.Store(false)
		defer func() {
			if p := recover(); p != nil {
				log.Error("scheduled job panicked", "panic", p, "stack", string(debug.Stack()))
			}
		}()
		job(jobCtx)
	}
	busy.Store(true)
	run() // the start-up catch-up, before the first wait
	defer running.Wait()
	for {
		now := clock.Now().In(loc)
		next := sched.Next(now)
		select {
		case <-ctx.Done():
			return nil
		case <-clock.After(next.Sub(now)):
		}
		if !busy.CompareAndSwap(false, true) {
			log.Info("skipping a scheduled run: the last one is still going", "due", next)
			continue
		}
		running.Go(run)
	}
}

// ParseSchedule checks a cron spec without running anything.
func ParseSchedule(spec string) error {
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("schedule %q: %w (use a cron line like \"*/5 * * * *\" or \"@every 5m\")", spec, err)
	}
	return nil
}
