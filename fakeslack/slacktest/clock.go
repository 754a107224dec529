package slacktest

import (
	"sync"
	"time"
)

// Clock is a time source a test sets and advances; give its Now to the code under test, and its
// AfterFunc to code that waits, so that the test decides when the wait is over.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*Timer // pending, in no particular order
}

// NewClock returns a clock that reads start until it is moved.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t; the timers due by then fire.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.fireLocked()
}

// Advance moves the clock forward by d; the timers due by then fire.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.fireLocked()
}

// Timer is a wait on a Clock, like a time.Timer from time.AfterFunc.
type Timer struct {
	c  *Clock
	at time.Time
	f  func()
}

// AfterFunc calls f in its own goroutine once the clock has been moved d past now, as
// time.AfterFunc does on the wall clock.
func (c *Clock) AfterFunc(d time.Duration, f func()) *Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &Timer{c: c, at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

// Stop cancels the timer; it reports whether it was still pending.
func (t *Timer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.timers {
		if p == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// Pending is how many timers have neither fired nor been stopped.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// fireLocked starts the due timers and unlocks c.
func (c *Clock) fireLocked() {
	var due []*Timer
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			kept = append(kept, t)
		} else {
			due = append(due, t)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	for _, t := range due {
		go t.f()
	}
}
