package slacktest

import (
	"testing"
	"time"
)

// TestClockTimersFireWhenTheClockPassesThem: a timer fires once the clock is moved to or past
// its time, and not when it was stopped first.
func TestClockTimersFireWhenTheClockPassesThem(t *testing.T) {
	c := NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	fired := make(chan string, 3)
	c.AfterFunc(time.Second, func() { fired <- "a" })
	stopped := c.AfterFunc(time.Second, func() { fired <- "stopped" })
	c.AfterFunc(time.Hour, func() { fired <- "later" })
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop should report a pending timer once")
	}
	c.Advance(999 * time.Millisecond)
	if n := c.Pending(); n != 2 {
		t.Fatalf("%d timers pending before their time, want 2", n)
	}
	c.Advance(time.Millisecond)
	if got := <-fired; got != "a" {
		t.Fatalf("fired %q, want a", got)
	}
	c.Set(c.Now().Add(time.Hour))
	if got := <-fired; got != "later" {
		t.Fatalf("fired %q, want later", got)
	}
	if c.Pending() != 0 || len(fired) != 0 {
		t.Errorf("timers left: %d pending, %d more fired", c.Pending(), len(fired))
	}
}
