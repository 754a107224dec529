package bot

import (
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
		g.hold(method, retryAfter(resp.Header.Get("Retry-After")))
	}
	return resp, err
}

// wait returns once method may be called, or with the request context's error if that ends
// first. A hold extended meanwhile is waited for too.
func (g *rateGate) wait(req *http.Request, method string) error {
	for {
		g.mu.Lock()
		until := g.until[method]
		g.mu.Unlock()
		d := until.Sub(g.clock.Now())
		if d <= 0 {
			return req.Context().Err()
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
