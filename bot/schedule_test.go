package bot

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"hirebot/fakeslack/slacktest"
)

// TestScheduleRunsOnItsClock: the schedule runs once at start-up, then each time its clock passes
// the next cron time, never on the wall clock; a run still going makes the next one skip, and
// stopping waits for the run under way.
func TestScheduleRunsOnItsClock(t *testing.T) {
	clock := slacktest.NewClock(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	runs := make(chan time.Time, 10)
	release := make(chan struct{})
	var started, finished atomic.Int32
	done := make(chan error, 1)
	go func() {
		done <- Schedule(ctx, "0 * * * *", clock, time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)), func(context.Context) {
			runs <- clock.Now()
			if started.Add(1) == 3 { // the 11:00 run goes on until released
				<-release
			}
			finished.Add(1)
		})
	}()
	wait := func(want time.Time) {
		t.Helper()
		select {
		case at := <-runs:
			if !at.Equal(want) {
				t.Fatalf("a run at %v, want %v", at, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no run at %v", want)
		}
	}
	armed := func() {
		t.Helper()
		if err := clock.WaitForWaiters(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	wait(clock.Now()) // the start-up catch-up
	armed()
	clock.Advance(29 * time.Minute) // 09:59: not yet
	if n := clock.Waiting(); n != 1 || len(runs) != 0 {
		t.Fatalf("before 10:00 the schedule ran (%d runs) or stopped waiting (%d waiting)", len(runs), n)
	}
	clock.Advance(time.Minute)
	wait(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	armed()
	clock.Advance(time.Hour)
	wait(time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC))
	armed()
	clock.Advance(time.Hour) // 12:00 while the 11:00 run still goes: skipped
	armed()                  // waiting for 13:00, so 12:00 was decided
	cancel()
	select {
	case <-done:
		t.Fatal("the schedule stopped before its running job finished")
	default:
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(runs) != 0 || started.Load() != 3 || finished.Load() != 3 {
		t.Fatalf("%d runs more than scheduled; %d started, %d finished; want 3 and 3", len(runs), started.Load(), finished.Load())
	}
}

func TestScheduleRefusesABadSpec(t *testing.T) {
	err := Schedule(t.Context(), "every day", nil, time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)), func(context.Context) {
		t.Error("a bad schedule ran its job")
	})
	if err == nil {
		t.Fatal("a bad spec was accepted")
	}
}
