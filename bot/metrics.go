package bot

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack/socketmode"

	"hirebot/bot/metrics"
)

// Metrics are hirebot's Prometheus metrics, on a registry of their own.
// A nil *Metrics records nothing, so tests and tools can leave it out.
type Metrics struct {
	registry     *metrics.Registry
	events       *metrics.CounterVec
	ackLatency   *metrics.Histogram
	handlerFails *metrics.CounterVec
	panics       *metrics.Counter
	apiCalls     *metrics.CounterVec
	rateLimited  *metrics.CounterVec
	reminders    *metrics.CounterVec
	stored       *metrics.CounterVec
	submitDelay  *metrics.Histogram
	delivered    *metrics.CounterVec
	outbox       *metrics.GaugeVec

	// The counters every envelope touches, looked up once: a label lookup joins the labels and
	// takes a lock each time.
	eventsByType map[string]*metrics.Counter // by socketmode event type
	userFails    *metrics.Counter
	internalFail *metrics.Counter
}

// NewMetrics registers every metric, plus the Go runtime's and the process's.
func NewMetrics() *Metrics {
	r := metrics.New()
	m := &Metrics{
		registry: r,
		events:   r.CounterVec("hirebot_events_received_total", "Socket Mode envelopes received, by type.", "type"),
		ackLatency: r.Histogram("hirebot_ack_latency_seconds", "Time from receiving an envelope to queueing its ack.",
			[]float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3}),
		handlerFails: r.CounterVec("hirebot_handler_errors_total", "Handler failures: user errors shown to the user, internal errors apologised for.", "kind"),
		panics:       r.Counter("hirebot_handler_panics_recovered_total", "Handler panics recovered."),
		apiCalls:     r.CounterVec("hirebot_slack_api_calls_total", "Slack Web API and response_url calls, by method and HTTP status.", "method", "status"),
		rateLimited:  r.CounterVec("hirebot_slack_rate_limited_total", "Slack answers of HTTP 429, each followed by a wait of Retry-After.", "method"),
		reminders:    r.CounterVec("hirebot_reminders_total", "Feedback reminders and escalations, by outcome: sent, failed, deferred, escalated.", "outcome"),
		stored:       r.CounterVec("hirebot_records_stored_total", "Records committed to the database, by kind (scorecard, draft).", "kind"),
		submitDelay: r.Histogram("hirebot_feedback_submit_delay_seconds", "Time from an interview's end to each interviewer's first scorecard.",
			[]float64{900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600, 72 * 3600, 7 * 24 * 3600}),
		delivered: r.CounterVec("hirebot_outbox_deliveries_total", "Outbox delivery attempts, by message kind and outcome: sent, retry, failed.", "kind", "outcome"),
		outbox:    r.GaugeVec("hirebot_outbox_messages", "Outbox messages by status (pending, claimed, sent, failed, dropped before delivery), as of the last delivery run.", "status"),
	}
	metrics.RegisterGo(r)
	metrics.RegisterProcess(r)
	// Series that exist from the start, so a dashboard shows zero rather than nothing.
	for _, outcome := range []string{"sent", "failed", "deferred", "escalated"} {
		m.reminders.With(outcome)
	}
	for _, kind := range []string{"scorecard", "draft"} {
		m.stored.With(kind)
	}
	m.eventsByType = make(map[string]*metrics.Counter)
	for _, typ := range []socketmode.EventType{socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive,
		socketmode.EventTypeEventsAPI, socketmode.EventTypeErrorBadMessage} {
		m.eventsByType[string(typ)] = m.events.With(string(typ))
	}
	m.userFails, m.internalFail = m.handlerFails.With("user"), m.handlerFails.With("internal")
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler { return m.registry }

func (m *Metrics) eventReceived(typ string) {
	if m == nil {
		return
	}
	if c, ok := m.eventsByType[typ]; ok {
		c.Inc()
		return
	}
	m.events.With(typ).Inc()
}

func (m *Metrics) acked(since time.Time) {
	if m != nil && !since.IsZero() {
		m.ackLatency.Observe(time.Since(since).Seconds())
	}
}

func (m *Metrics) handlerFailed(kind string) {
	switch {
	case m == nil:
	case kind == "user":
		m.userFails.Inc()
	case kind == "internal":
		m.internalFail.Inc()
	default:
		m.handlerFails.With(kind).Inc()
	}
}

func (m *Metrics) panicked() {
	if m != nil {
		m.panics.Inc()
	}
}

// Reminders counts what a reminder sweep did.
func (m *Metrics) Reminders(sent, failed, deferred, escalated int) {
	if m == nil {
		return
	}
	for outcome, n := range map[string]int{"sent": sent, "failed": failed, "deferred": deferred, "escalated": escalated} {
		if n > 0 {
			m.reminders.With(outcome).Add(uint64(n))
		}
	}
}

// Stored counts a record committed to the database ("scorecard", "draft").
func (m *Metrics) Stored(kind string) {
	if m != nil {
		m.stored.With(kind).Inc()
	}
}

// SubmitDelay observes the time from an interview's end to a first scorecard.
func (m *Metrics) SubmitDelay(d time.Duration) {
	if m != nil {
		m.submitDelay.Observe(d.Seconds())
	}
}

// Delivered counts one outbox delivery attempt of a message of kind by its outcome.
func (m *Metrics) Delivered(kind, outcome string) {
	if m != nil {
		m.delivered.With(kind, outcome).Inc()
	}
}

// Outbox sets the outbox's message counts by status: dropped counts the messages that no longer
// held before they were delivered (their interview was cancelled, …), apart from the failures.
func (m *Metrics) Outbox(pending, claimed, sent, failed, dropped int) {
	if m == nil {
		return
	}
	for status, n := range map[string]int{"pending": pending, "claimed": claimed, "sent": sent, "failed": failed, "dropped": dropped} {
		m.outbox.With(status).Set(float64(n))
	}
}

// countingTransport counts the HTTP calls to Slack by method and the 429s among them.
type countingTransport struct {
	next    http.RoundTripper
	metrics *Metrics
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if t.metrics == nil {
		return resp, err
	}
	method := apiMethod(req.URL.Path)
	status := "error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			t.metrics.rateLimited.With(method).Inc()
		}
	}
	t.metrics.apiCalls.With(method, status).Inc()
	return resp, err
}

// apiMethod names a call by its Web API method ("chat.postMessage"), or "response_url" for the
// one-off reply URLs, whose paths carry ids that would make labels unbounded.
func apiMethod(path string) string {
	if i := strings.Index(path, "/api/"); i >= 0 {
		return path[i+len("/api/"):]
	}
	return "response_url"
}
