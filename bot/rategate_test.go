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
