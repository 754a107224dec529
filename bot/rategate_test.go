package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// stubTransport answers every request with status (and Retry-After, for a 429) and counts what
// went out, by path.
type stubTransport struct {
	mu         sync.Mutex
	status     map[string]int
	retryAfter string
	sent       map[string]int
}

func (s *stubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[req.URL.Path]++
	status := s.status[req.URL.Path]
	if status == 0 {
		status = http.StatusOK
	}
	h := http.Header{}
	if status == http.StatusTooManyRequests {
		h.Set("Retry-After", s.retryAfter)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(`{"ok":true}`)), Request: req}, nil
}

func (s *stubTransport) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[path]
}

func TestRateGateHoldsOnlyTheLimitedMethodAndHonoursTheContext(t *testing.T) {
	stub := &stubTransport{status: map[string]int{"/api/chat.postMessage": http.StatusTooManyRequests}, retryAfter: "60", sent: map[string]int{}}
	clock := slacktest.NewClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	g := newRateGate(stub, slog.New(slog.DiscardHandler), clock)
	do := func(ctx context.Context, path string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://slack.example/"+strings.TrimPrefix(path, "/"), nil)
		return g.RoundTrip(req)
	}
	if resp, err := do(context.Background(), "/api/chat.postMessage"); err != nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("first call: %v %v, want the 429 passed on", resp, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := do(ctx, "/api/chat.postMessage"); done <- err }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("a held call whose context ended returned %v, want context.Canceled", err)
	}
	if n := stub.count("/api/chat.postMessage"); n != 1 {
		t.Errorf("chat.postMessage went out %d times inside its Retry-After, want once", n)
	}

	for _, path := range []string{"/api/users.info", "/response/T0001/abc"} {
		if _, err := do(context.Background(), path); err != nil || stub.count(path) != 1 {
			t.Errorf("%s was held (%v): only the limited method waits", path, err)
		}
	}

	clock.Advance(60 * time.Second)
	stub.status = nil
	if resp, err := do(context.Background(), "/api/chat.postMessage"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after Retry-After: %v %v", resp, err)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	for header, want := range map[string]time.Duration{"30": 30 * time.Second, " 2 ": 2 * time.Second, "0": time.Second, "": time.Second, "soon": time.Second} {
		if got := retryAfter(header); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", header, got, want)
		}
	}
}

// lineSignal closes a channel the first time a log line containing every one of its words is
// written.
type lineSignal struct {
	words []string
	once  sync.Once
	seen  chan struct{}
}

func (s *lineSignal) Write(p []byte) (int, error) {
	for _, w := range s.words {
		if !strings.Contains(string(p), w) {
			return len(p), nil
		}
	}
	s.once.Do(func() { close(s.seen) })
	return len(p), nil
}

// startGatedBot runs a bot with metrics and no routes; held is closed when the bot logs that
// it holds method after a 429.
func startGatedBot(t *testing.T, method string) (tb *slacktest.Bot, b *atomic.Pointer[Bot], metrics *Metrics, held <-chan struct{}) {
	t.Helper()
	metrics = NewMetrics()
	signal := &lineSignal{words: []string{"holding its calls", "method=" + method}, seen: make(chan struct{})}
	b = &atomic.Pointer[Bot]{}
	fake := slacktest.NewFake(t, fakeslack.Options{})
	tb = slacktest.Start(t, fake, func(ctx context.Context, fake *fakeslack.Server, clock *slacktest.Clock, logs io.Writer) error {
		bot, err := New(Config{AppToken: fake.AppToken(), BotToken: fake.BotToken(), APIURL: fake.APIURL(), Now: clock.Now,
			Metrics: metrics, Logger: slog.New(slog.NewTextHandler(io.MultiWriter(logs, signal), nil))})
		if err != nil {
			return err
		}
		b.Store(bot)
		return bot.Run(ctx, NewRouter(handlers.Routes{}))
	})
	return tb, b, metrics, signal.seen
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return rec.Body.String()
}

func TestRateLimitedMethodHoldsEveryCallerUntilRetryAfter(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	tb, b, metrics, held := startGatedBot(t, "chat.postMessage")
	ctx := tb.Ctx()
	tb.Fake.RateLimitFor("chat.postMessage", time.Second)
	post := func(errs chan<- error) {
		errs <- b.Load().Post(ctx, handlers.Post{Channel: slacktest.Hiring, Message: handlers.Message{Text: "held"}})
	}
	errs := make(chan error, 5)
	go post(errs)
	select { // the bot has seen the 429: every later call must wait for the window to end
	case <-held:
	case <-ctx.Done():
		t.Fatalf("the bot never held chat.postMessage\nlogs:\n%s", tb.Logs.String())
	}
	for range 4 {
		go post(errs)
	}
	for range 5 {
		if err := <-errs; err != nil {
			t.Errorf("post: %v", err)
		}
	}

	calls := tb.Fake.Calls("chat.postMessage")
	if len(calls) != 6 || calls[0].Status != http.StatusTooManyRequests {
		t.Fatalf("Slack saw %d calls, want the first refused, its retry and 4 more", len(calls))
	}
	for i, c := range calls[1:] {
		if c.Status != http.StatusOK || c.At.Sub(calls[0].At) < time.Second {
			t.Errorf("call %d arrived %v after the 429 (Retry-After 1s) and was answered %d", i+1, c.At.Sub(calls[0].At), c.Status)
		}
	}
	slacktest.MustContain(t, scrape(t, metrics),
		`hirebot_slack_rate_limited_total{method="chat.postMessage"} 1`,
		`hirebot_slack_api_calls_total{method="chat.postMessage",status="429"} 1`,
		`hirebot_slack_api_calls_total{method="chat.postMessage",status="200"} 5`)
}

// TestRateGateFailsAtOnceWhenTheHoldOutlastsTheDeadline: a call whose deadline comes before a
// hold ends gets a *rateHeldError at once, naming the hold left, rather than waiting into its
// deadline; so does one answered with a 429 whose Retry-After outlasts the deadline its caller
// marked as its own. Without the mark the 429 is passed on, for slack-go to wait out on the
// caller's context.
func TestRateGateFailsAtOnceWhenTheHoldOutlastsTheDeadline(t *testing.T) {
	stub := &stubTransport{status: map[string]int{"/api/chat.postMessage": http.StatusTooManyRequests}, retryAfter: "60", sent: map[string]int{}}
	clock := slacktest.NewClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	g := newRateGate(stub, slog.New(slog.DiscardHandler), clock)
	call := func(path string, own bool) (*http.Response, error) {
		// Should the gate wait, the hold never ends (nothing moves the clock) and the call
		// ends with its context instead.
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if own {
			ctx = withOwnDeadline(ctx)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://slack.example"+path, nil)
		resp, err := g.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
	}
	for i, want := range []time.Duration{60 * time.Second, 50 * time.Second} {
		var held *rateHeldError
		if _, err := call("/api/chat.postMessage", true); !errors.As(err, &held) || held.Method != "chat.postMessage" || held.Remaining != want {
			t.Fatalf("call %d: %v, want the hold of %s reported at once", i+1, err, want)
		}
		clock.Advance(10 * time.Second)
	}
	if n := stub.count("/api/chat.postMessage"); n != 1 {
		t.Errorf("chat.postMessage went out %d times, want once (the call Slack refused)", n)
	}

	stub.status["/api/users.info"] = http.StatusTooManyRequests
	if resp, err := call("/api/users.info", false); err != nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a 429 for a caller with no deadline of its own: %v %v, want it passed on", resp, err)
	}
	var held *rateHeldError
	if _, err := call("/api/users.info", false); !errors.As(err, &held) || stub.count("/api/users.info") != 1 {
		t.Errorf("a call held past its deadline: %v, want it failed at once, unsent", err)
	}
}

// TestSendUnderALongRateLimitIsARetryNotAnUnsureAttempt: the outbox sends under a 15 s timeout;
// a rate limit longer than that is reported at once as a retry-later error with the hold left,
// not as a timeout that may have delivered the message, and slack-go does not sleep into the
// deadline before retrying.
func TestSendUnderALongRateLimitIsARetryNotAnUnsureAttempt(t *testing.T) {
	t.Parallel()
	tb, b, _, _ := startGatedBot(t, "chat.postMessage")
	tb.Fake.RateLimitFor("chat.postMessage", time.Minute)
	for i := range 2 {
		ctx, cancel := context.WithTimeout(tb.Ctx(), 15*time.Second)
		_, err := b.Load().Send(ctx, handlers.Post{Channel: slacktest.Hiring, Message: handlers.Message{Text: "held"}}, int64(i+1))
		ended := ctx.Err()
		cancel()
		var later *handlers.RetryLaterError
		if !errors.As(err, &later) || later.Unsure || later.Code != "ratelimited" || later.After <= 15*time.Second || later.After > time.Minute || ended != nil {
			t.Fatalf("send %d: %#v (context: %v), want a sure retry after the minute's hold, before the deadline", i+1, err, ended)
		}
	}
	if calls := tb.Fake.Calls("chat.postMessage"); len(calls) != 1 {
		t.Errorf("Slack saw %d calls, want 1: the refused one, and no retry inside the hold", len(calls))
	}
}
