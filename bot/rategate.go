package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// minRateLimitHold is how long a method is held after a 429 that names no (or a zero) Retry-After.
const minRateLimitHold = time.Second

// rateGate holds every call to a Web API method while Slack has it rate limited. slack-go waits
// out a 429 only for the call that got it; without the gate, other goroutines keep calling the
// same method into the same window, each earning a 429 of its own and keeping the method limited.
// When Slack answers 429 with Retry-After for method M (the path /api/M), calls to M wait until
// that time has passed, or their context ends, before they go out. Other methods are not held:
// Slack's limits are per method. Response URLs are never held.
//
// A call whose deadline comes before the hold ends does not wait into its deadline: it fails at
// once with a *rateHeldError naming the hold left, known not to have reached Slack (a timeout
// would leave the caller unsure whether it had). A call's deadline is its context's or the HTTP
// client's timeout, whichever comes first. A call Slack answers with a 429 is passed on to
// slack-go, which waits out Retry-After on the caller's context and tries again; a caller that
// marked its context withOwnDeadline gets the *rateHeldError at once instead, when Retry-After
// outlasts that deadline, rather than slack-go sleeping into it.
type rateGate struct {
	next  http.RoundTripper
	log   *slog.Logger
	clock Clock // the wall clock, unless a test drives the waits (Config.RateLimitClock)

	mu    sync.Mutex
	until map[string]time.Time // method → when calls to it may go out again
}

func newRateGate(next http.RoundTripper, log *slog.Logger, clock Clock) *rateGate {
	if clock == nil {
		clock = WallClock{}
	}
	return &rateGate{next: next, log: log, clock: clock, until: make(map[string]time.Time)}
}

func (g *rateGate) RoundTrip(req *http.Request) (*http.Response, error) {
	method, ok := gatedMethod(req.URL.Path)
	if !ok {
		return g.next.RoundTrip(req)
	}
	if err := g.wait(req, method); err != nil {
		return nil, err
	}
	resp, err := g.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		d := retryAfter(resp.Header.Get("Retry-After"))
		g.hold(method, d)
		if dl, ok := req.Context().Value(ownDeadlineKey{}).(time.Time); ok && d > time.Until(dl) {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
			return nil, &rateHeldError{Method: method, Remaining: d}
		}
	}
	return resp, err
}

// rateHeldError is a call to a rate-limited method that Slack has not taken: held back, or
// refused with a 429, while the hold on the method outlasts the call's deadline. It may be made
// again once Remaining has passed.
type rateHeldError struct {
	Method    string
	Remaining time.Duration
}

func (e *rateHeldError) Error() string {
	return fmt.Sprintf("Slack rate limited %s for another %s, past this call's deadline", e.Method, e.Remaining)
}

// outlasts reports whether a hold of d from now ends after req's deadline.
func outlasts(req *http.Request, d time.Duration) bool {
	// The deadline is on the wall clock (the caller's timeout, the HTTP client's), whatever
	// clock the gate keeps its holds on.
	deadline, ok := req.Context().Deadline()
	return ok && d > time.Until(deadline)
}

type ownDeadlineKey struct{}

// withOwnDeadline marks ctx's deadline, if it has one, as the one its Web API calls must meet,
// slack-go's waits after a 429 included: see rateGate.
func withOwnDeadline(ctx context.Context) context.Context {
	if dl, ok := ctx.Deadline(); ok {
		return context.WithValue(ctx, ownDeadlineKey{}, dl)
	}
	return ctx
}

// wait returns once method may be called, or with the request context's error if that ends
// first, or at once with a *rateHeldError when the hold outlasts the request's deadline. A hold
// extended meanwhile is waited for too.
func (g *rateGate) wait(req *http.Request, method string) error {
	for {
		g.mu.Lock()
		until := g.until[method]
		g.mu.Unlock()
		d := until.Sub(g.clock.Now())
		if d <= 0 {
			return req.Context().Err()
		}
		if outlasts(req, d) {
			return &rateHeldError{Method: method, Remaining: d}
		}
		select {
		case <-req.Context().Done():
			return req.Context().Err()
		case <-g.clock.After(d):
		}
	}
}

// hold keeps method's calls back for d from now, unless it is held longer already.
func (g *rateGate) hold(method string, d time.Duration) {
	until := g.clock.Now().Add(d)
	g.mu.Lock()
	extended := until.After(g.until[method])
	if extended {
		g.until[method] = until
	}
	g.mu.Unlock()
	if extended {
		g.log.Warn("Slack rate limited a method; holding its calls", "method", method, "retry_after", d)
	}
}

// gatedMethod is the Web API method a request calls, if it calls one.
func gatedMethod(path string) (string, bool) {
	if i := strings.Index(path, "/api/"); i >= 0 && len(path) > i+len("/api/") {
		return path[i+len("/api/"):], true
	}
	return "", false
}

// retryAfter reads a Retry-After header in whole seconds, as Slack sends it.
func retryAfter(header string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(header))
	if err != nil || n <= 0 {
		return minRateLimitHold
	}
	return time.Duration(n) * time.Second
}
