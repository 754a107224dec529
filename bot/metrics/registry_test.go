package metrics

import (
	"bufio"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func exposition(t *testing.T, r *Registry) string {
	t.Helper()
	var b strings.Builder
	if err := r.WriteTo(bufio.NewWriter(&b)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// parse reads the exposition with Prometheus' own text parser, which fails on anything a
// Prometheus server would refuse.
func parse(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("Prometheus' parser refuses the exposition: %v\n%s", err, text)
	}
	return fams
}

func TestExpositionReadsBackThroughPrometheusParser(t *testing.T) {
	r := New()
	events := r.CounterVec("test_events_total", "Events, by type.\nSecond line with a \\ backslash.", "type", "status")
	events.With("slash", "200").Inc()
	events.With("slash", "200").Add(2)
	events.With(`odd "quoted" \ value`+"\n", "500").Inc()
	r.Counter("test_panics_total", "Panics.") // written as 0 before its first Inc
	gauge := r.GaugeVec("test_queue_messages", "Messages by status.", "status")
	gauge.With("pending").Set(4)
	gauge.With("failed").Set(0.5)
	h := r.Histogram("test_latency_seconds", "Latency.", []float64{0.001, 0.01, 0.1})
	for _, v := range []float64{0.0005, 0.001, 0.002, 0.05, 3} { // 0.001 falls in le="0.001": buckets are <=
		h.Observe(v)
	}
	r.Func("test_answer", "A value read when written.", "gauge", func() (float64, bool) { return 42, true })
	r.Func("test_absent", "A value not there this time.", "gauge", func() (float64, bool) { return 0, false })
	r.CounterVec("test_unused_total", "A family with no series yet.", "kind")

	text := exposition(t, r)
	fams := parse(t, text)

	counter := func(fam string, labels map[string]string) float64 {
		t.Helper()
		f, ok := fams[fam]
		if !ok {
			t.Fatalf("no family %s", fam)
		}
	series:
		for _, m := range f.Metric {
			if len(m.Label) != len(labels) {
				continue
			}
			for _, l := range m.Label {
				if labels[l.GetName()] != l.GetValue() {
					continue series
				}
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				return m.Counter.GetValue()
			case dto.MetricType_GAUGE:
				return m.Gauge.GetValue()
			}
		}
		t.Fatalf("%s has no series %v", fam, labels)
		return 0
	}
	for _, c := range []struct {
		fam    string
		labels map[string]string
		want   float64
	}{
		{"test_events_total", map[string]string{"type": "slash", "status": "200"}, 3},
		{"test_events_total", map[string]string{"type": `odd "quoted" \ value` + "\n", "status": "500"}, 1},
		{"test_panics_total", map[string]string{}, 0},
		{"test_queue_messages", map[string]string{"status": "pending"}, 4},
		{"test_queue_messages", map[string]string{"status": "failed"}, 0.5},
		{"test_answer", map[string]string{}, 42},
	} {
		if got := counter(c.fam, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.fam, c.labels, got, c.want)
		}
	}
	if got := fams["test_events_total"].GetHelp(); got != "Events, by type.\nSecond line with a \\ backslash." {
		t.Errorf("help read back as %q", got)
	}
	for _, name := range []string{"test_absent", "test_unused_total"} {
		if strings.Contains(text, name) {
			t.Errorf("%s has no value and was written", name)
		}
	}

	hist := fams["test_latency_seconds"].Metric[0].Histogram
	if hist.GetSampleCount() != 5 || math.Abs(hist.GetSampleSum()-3.0535) > 1e-9 {
		t.Errorf("histogram count %d sum %v, want 5 and 3.0535", hist.GetSampleCount(), hist.GetSampleSum())
	}
	wantCumulative := map[float64]uint64{0.001: 2, 0.01: 3, 0.1: 4, math.Inf(1): 5}
	for _, b := range hist.Bucket {
		if want, ok := wantCumulative[b.GetUpperBound()]; !ok || b.GetCumulativeCount() != want {
			t.Errorf("bucket le=%v holds %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
}

// TestExpositionPassesPromlint runs Prometheus' own linter (as promtool check metrics does) over
// hirebot-shaped metrics and the runtime and process families.
func TestExpositionPassesPromlint(t *testing.T) {
	r := New()
	r.CounterVec("test_calls_total", "Calls, by method.", "method").With("chat.postMessage").Inc()
	r.Histogram("test_delay_seconds", "Delay.", []float64{1, 2}).Observe(1.5)
	RegisterGo(r)
	RegisterProcess(r)
	problems, err := promlint.New(strings.NewReader(exposition(t, r))).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
}

func TestRuntimeAndProcessFamilies(t *testing.T) {
	runtime.GC() // so that the GC cycle count is above zero
	r := New()
	RegisterGo(r)
	RegisterProcess(r)
	fams := parse(t, exposition(t, r))
	for _, name := range []string{"go_info", "go_goroutines", "go_threads", "go_memstats_alloc_bytes",
		"go_memstats_alloc_bytes_total", "go_memstats_sys_bytes", "go_gc_heap_goal_bytes", "go_gc_cycles_total",
		"go_sched_gomaxprocs_threads", "process_cpu_seconds_total", "process_resident_memory_bytes",
		"process_virtual_memory_bytes", "process_start_time_seconds", "process_open_fds", "process_max_fds"} {
		f, ok := fams[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		m := f.Metric[0]
		v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
		if v <= 0 && name != "process_cpu_seconds_total" {
			t.Errorf("%s = %v, want a positive figure", name, v)
		}
	}
	// The process's figures agree with what the kernel says elsewhere.
	if rss := fams["process_resident_memory_bytes"].Metric[0].GetGauge().GetValue(); rss < 1<<20 || rss > 1<<34 {
		t.Errorf("resident memory %v bytes, not a Go test binary's", rss)
	}
	if start := fams["process_start_time_seconds"].Metric[0].GetGauge().GetValue(); start < 1.6e9 {
		t.Errorf("start time %v", start)
	}
}

func TestServeHTTPAndConcurrentUse(t *testing.T) {
	r := New()
	c := r.CounterVec("test_hits_total", "Hits.", "path")
	h := r.Histogram("test_size_bytes", "Sizes.", []float64{10, 100})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 1000 {
				c.With([]string{"/a", "/b"}[j%2]).Inc()
				h.Observe(float64(i))
			}
		})
	}
	wg.Go(func() { // scrapes while the counting goes on
		for range 20 {
			parse(t, exposition(t, r))
		}
	})
	wg.Wait()

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	fams := parse(t, rec.Body.String())
	var total float64
	for _, m := range fams["test_hits_total"].Metric {
		total += m.Counter.GetValue()
	}
	sizes := fams["test_size_bytes"].Metric[0].Histogram
	if total != 8000 || sizes.GetSampleCount() != 8000 || sizes.GetSampleSum() != 28000 { // 1000 × (0+1+…+7)
		t.Errorf("counted %v hits and %d sizes summing to %v, want 8000, 8000 and 28000", total, sizes.GetSampleCount(), sizes.GetSampleSum())
	}
}

func TestRegistryRefusesWhatPrometheusWould(t *testing.T) {
	for name, register := range map[string]func(r *Registry){
		"bad metric name":     func(r *Registry) { r.Counter("1st_total", "") },
		"bad label name":      func(r *Registry) { r.CounterVec("ok_total", "", "has-dash") },
		"reserved label":      func(r *Registry) { r.CounterVec("ok_total", "", "le") },
		"registered twice":    func(r *Registry) { r.Counter("ok_total", ""); r.Counter("ok_total", "") },
		"unsorted buckets":    func(r *Registry) { r.Histogram("ok_seconds", "", []float64{2, 1}) },
		"wrong label count":   func(r *Registry) { r.CounterVec("ok_total", "", "a", "b").With("x") },
		"infinite last bound": func(r *Registry) { r.Histogram("ok_seconds", "", []float64{1, math.Inf(1)}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			register(New())
		})
	}
}
