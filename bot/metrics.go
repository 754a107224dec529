package bot

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slack-go/slack/socketmode"
)

// Metrics are hirebot's Prometheus metrics, on a registry of their own (never the global one).
// A nil *Metrics records nothing, so tests and tools can leave it out.
type Metrics struct {
	registry     *prometheus.Registry
	events       *prometheus.CounterVec
	ackLatency   prometheus.Histogram
	handlerFails *prometheus.CounterVec
	panics       prometheus.Counter
	apiCalls     *prometheus.CounterVec
	rateLimited  *prometheus.CounterVec
	reminders    *prometheus.CounterVec
	stored       *prometheus.CounterVec
	submitDelay  prometheus.Histogram
	delivered    *prometheus.CounterVec
	outbox       *prometheus.GaugeVec

	// The counters every envelope touches, looked up once: a label lookup hashes the labels and
	// takes a lock each time.
	eventsByType map[string]prometheus.Counter // by socketmode event type
	userFails    prometheus.Counter
	internalFail prometheus.Counter
}

// NewMetrics registers every metric, plus the Go runtime and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_events_received_total", Help: "Socket Mode envelopes received, by type.",
		}, []string{"type"}),
		ackLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "hirebot_ack_latency_seconds", Help: "Time from receiving an envelope to queueing its ack.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3},
		}),
		handlerFails: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_handler_errors_total", Help: "Handler failures: user errors shown to the user, internal errors apologised for.",
		}, []string{"kind"}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hirebot_handler_panics_recovered_total", Help: "Handler panics recovered.",
		}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_slack_api_calls_total", Help: "Slack Web API and response_url calls, by method and HTTP status.",
		}, []string{"method", "status"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_slack_rate_limited_total", Help: "Slack answers of HTTP 429, each followed by a wait of Retry-After.",
		}, []string{"method"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_reminders_total", Help: "Feedback reminders and escalations, by outcome: sent, failed, deferred, escalated.",
		}, []string{"outcome"}),
		stored: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_records_stored_total", Help: "Records committed to the database, by kind (scorecard, draft).",
		}, []string{"kind"}),
		submitDelay: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "hirebot_feedback_submit_delay_seconds", Help: "Time from an interview's end to each interviewer's first scorecard.",
			Buckets: []float64{900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600, 72 * 3600, 7 * 24 * 3600},
		}),
		delivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hirebot_outbox_deliveries_total", Help: "Outbox delivery attempts, by message kind and outcome: sent, retry, failed.",
		}, []string{"kind", "outcome"}),
		outbox: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "hirebot_outbox_messages", Help: "Outbox messages by status (pending, claimed, sent, failed, dropped before delivery), as of the last delivery run.",
		}, []string{"status"}),
	}
	// Series that exist from the start, so a dashboard shows zero rather than nothing.
	for _, outcome := range []string{"sent", "failed", "deferred", "escalated"} {
		m.reminders.WithLabelValues(outcome)
	}
	for _, kind := range []string{"scorecard", "draft"} {
		m.stored.WithLabelValues(kind)
	}
	m.eventsByType = make(map[string]prometheus.Counter)
	for _, typ := range []socketmode.EventType{socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive,
		socketmode.EventTypeEventsAPI, socketmode.EventTypeErrorBadMessage} {
		m.eventsByType[string(typ)] = m.events.WithLabelValues(string(typ))
	}
	m.userFails, m.internalFail = m.handlerFails.WithLabelValues("user"), m.handlerFails.WithLabelValues("internal")
	m.registry.MustRegister(m.events, m.ackLatency, m.handlerFails, m.panics, m.apiCalls, m.rateLimited,
		m.reminders, m.stored, m.submitDelay, m.delivered, m.outbox, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

func (m *Metrics) eventReceived(typ string) {
	if m == nil {
		return
	}
	if c, ok := m.eventsByType[typ]; ok {
		c.Inc()
		return
	}
	m.events.WithLabelValues(typ).Inc()
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
		m.handlerFails.WithLabelValues(kind).Inc()
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
		m.reminders.WithLabelValues(outcome).Add(float64(n))
	}
}

// Stored counts a record committed to the database ("scorecard", "draft").
func (m *Metrics) Stored(kind string) {
	if m != nil {
		m.stored.WithLabelValues(kind).Inc()
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
		m.delivered.WithLabelValues(kind, outcome).Inc()
	}
}

// Outbox sets the outbox's message counts by status: dropped counts the messages that no longer
// held before they were delivered (their interview was cancelled, …), apart from the failures.
func (m *Metrics) Outbox(pending, claimed, sent, failed, dropped int) {
	if m == nil {
		return
	}
	for status, n := range map[string]int{"pending": pending, "claimed": claimed, "sent": sent, "failed": failed, "dropped": dropped} {
		m.outbox.WithLabelValues(status).Set(float64(n))
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
			t.metrics.rateLimited.WithLabelValues(method).Inc()
		}
	}
	t.metrics.apiCalls.WithLabelValues(method, status).Inc()
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
