package slacktest

import (
	"context"
	"sync"
	"time"
)

// Clock is a time source a test sets and advances; give its Now to the code under test, and its
// After or AfterFunc to code that waits (a schedule, a debounce), so that moving the clock past
// what it waits for wakes it: the test decides when the wait is over.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	changed chan struct{} // closed, and replaced, whenever waiters changes
	timers  []*Timer      // AfterFunc's, pending, in no particular order
}

// waiter is one After still waiting.
type waiter struct {
	at time.Time
	ch chan time.Time
}

// NewClock returns a clock that reads start until it is moved.
func NewClock(start time.Time) *Clock { return &Clock{now: start, changed: make(chan struct{})} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t, waking every After and starting every AfterFunc whose time has come.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.fire()
	c.fireTimersLocked()
}

// Advance moves the clock forward by d, waking every After and starting every AfterFunc whose
// time has come.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.fire()
	c.fireTimersLocked()
}

// After is time.After on this clock: the channel receives the clock's time once the clock has
// been moved d or more past now. A d of zero or less fires at once.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	c.notify()
	return ch
}

// Waiting is how many Afters have not fired yet.
func (c *Clock) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// WaitForWaiters waits until at least n Afters are waiting, or ctx ends: a test calls it before
// moving the clock, so that what it moves the clock for has started to wait.
func (c *Clock) WaitForWaiters(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		if c.changed == nil {
			c.changed = make(chan struct{})
		}
		waiting, changed := len(c.waiters), c.changed
		c.mu.Unlock()
		if waiting >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// fire wakes the waiters whose time has come; c.mu is held.
func (c *Clock) fire() {
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	if len(kept) != len(c.waiters) {
		clear(c.waiters[len(kept):])
		c.waiters = kept
		c.notify()
	}
}

// notify tells WaitForWaiters that the waiters changed; c.mu is held.
func (c *Clock) notify() {
	if c.changed != nil {
		close(c.changed)
	}
	c.changed = make(chan struct{})
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

// fireTimersLocked starts the due AfterFunc timers and unlocks c.
func (c *Clock) fireTimersLocked() {
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
