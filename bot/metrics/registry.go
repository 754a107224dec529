// Package metrics keeps counters, gauges and histograms and serves them in Prometheus' text
// exposition format (version 0.0.4), with the Go runtime's and the process's own figures beside
// them. It does only what hirebot's /metrics needs, in a few hundred lines, where the official
// client library would add some 2 MB to the binary, all of it resident while hirebot runs.
package metrics

import (
	"bufio"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds metric families and writes them, sorted by name. Its zero value is not ready:
// use New.
type Registry struct {
	mu       sync.Mutex
	families map[string]family
}

// family is one metric name with its HELP and TYPE lines and its series.
type family interface {
	write(w *bufio.Writer)
}

// New returns an empty registry.
func New() *Registry { return &Registry{families: make(map[string]family)} }

func (r *Registry) add(name string, f family) {
	if !validName(name) {
		panic("metrics: invalid metric name " + strconv.Quote(name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.families[name]; dup {
		panic("metrics: " + name + " registered twice")
	}
	r.families[name] = f
}

// Counter registers a counter without labels.
func (r *Registry) Counter(name, help string) *Counter {
	v := r.CounterVec(name, help)
	return v.With()
}

// CounterVec registers a counter with the given label names.
func (r *Registry) CounterVec(name, help string, labels ...string) *CounterVec {
	v := &CounterVec{vec: newVec[Counter](name, help, "counter", labels)}
	r.add(name, v.vec)
	return v
}

// GaugeVec registers a gauge with the given label names.
func (r *Registry) GaugeVec(name, help string, labels ...string) *GaugeVec {
	v := &GaugeVec{vec: newVec[Gauge](name, help, "gauge", labels)}
	r.add(name, v.vec)
	return v
}

// Histogram registers a histogram without labels, with the given upper bounds (ascending; the
// +Inf bucket is added).
func (r *Registry) Histogram(name, help string, buckets []float64) *Histogram {
	if !slices.IsSorted(buckets) || len(buckets) == 0 || math.IsInf(buckets[len(buckets)-1], +1) {
		panic("metrics: " + name + ": buckets must be ascending and finite")
	}
	h := &Histogram{name: name, help: help, bounds: slices.Clone(buckets), counts: make([]atomic.Uint64, len(buckets)+1)}
	r.add(name, h)
	return h
}

// Func registers a family whose samples are read when the metrics are written: typ is "gauge" or
// "counter", and read returns the value, or false to leave the family out this time.
func (r *Registry) Func(name, help, typ string, read func() (float64, bool)) {
	r.add(name, funcFamily{name: name, help: help, typ: typ, read: read})
}

// WriteTo writes every family in the text format.
func (r *Registry) WriteTo(w *bufio.Writer) error {
	r.mu.Lock()
	names := make([]string, 0, len(r.families))
	for name := range r.families {
		names = append(names, name)
	}
	fams := make([]family, len(names))
	slices.Sort(names)
	for i, name := range names {
		fams[i] = r.families[name]
	}
	r.mu.Unlock()
	for _, f := range fams {
		f.write(w)
	}
	return w.Flush()
}

// ServeHTTP serves the metrics in the text format.
func (r *Registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = r.WriteTo(bufio.NewWriter(w)) // the scraper went away: nothing to tell it
}

// Counter counts up from zero.
type Counter struct{ n atomic.Uint64 }

// Inc adds one.
func (c *Counter) Inc() { c.n.Add(1) }

// Add adds n.
func (c *Counter) Add(n uint64) { c.n.Add(n) }

func (c *Counter) value() float64 { return float64(c.n.Load()) }

// Gauge is a value that goes up and down.
type Gauge struct{ bits atomic.Uint64 }

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

func (g *Gauge) value() float64 { return math.Float64frombits(g.bits.Load()) }

// CounterVec is a counter with labels.
type CounterVec struct{ vec *vec[Counter] }

// With returns the counter of these label values (in the order of the label names), made on
// first use. Keep the returned counter where one is used often: the lookup takes a lock.
func (v *CounterVec) With(values ...string) *Counter { return v.vec.with(values) }

// GaugeVec is a gauge with labels.
type GaugeVec struct{ vec *vec[Gauge] }

// With returns the gauge of these label values, made on first use.
func (v *GaugeVec) With(values ...string) *Gauge { return v.vec.with(values) }

// vec is a family of series told apart by their label values.
type vec[T any] struct {
	name, help, typ string
	labels          []string
	mu              sync.RWMutex
	series          map[string]*series[T] // by label values joined with \xff
}

type series[T any] struct {
	values []string
	metric T
}

func newVec[T any](name, help, typ string, labels []string) *vec[T] {
	for _, l := range labels {
		if !validName(l) || strings.HasPrefix(l, "__") || l == "le" {
			panic("metrics: " + name + ": invalid label name " + strconv.Quote(l))
		}
	}
	return &vec[T]{name: name, help: help, typ: typ, labels: slices.Clone(labels), series: make(map[string]*series[T])}
}

func (v *vec[T]) with(values []string) *T {
	if len(values) != len(v.labels) {
		panic("metrics: " + v.name + ": " + strconv.Itoa(len(values)) + " label values for " + strconv.Itoa(len(v.labels)) + " labels")
	}
	key := strings.Join(values, "\xff")
	v.mu.RLock()
	s, ok := v.series[key]
	v.mu.RUnlock()
	if ok {
		return &s.metric
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.series[key]; ok {
		return &s.metric
	}
	s = &series[T]{values: slices.Clone(values)}
	v.series[key] = s
	return &s.metric
}

func (v *vec[T]) write(w *bufio.Writer) {
	v.mu.RLock()
	all := make([]*series[T], 0, len(v.series))
	for _, s := range v.series {
		all = append(all, s)
	}
	v.mu.RUnlock()
	if len(all) == 0 {
		return // a family with no series yet is left out, as Prometheus' own client does
	}
	slices.SortFunc(all, func(a, b *series[T]) int { return slices.Compare(a.values, b.values) })
	writeHeader(w, v.name, v.help, v.typ)
	for _, s := range all {
		var value float64
		switch m := any(&s.metric).(type) {
		case *Counter:
			value = m.value()
		case *Gauge:
			value = m.value()
		}
		writeSample(w, v.name, v.labels, s.values, "", "", value)
	}
}

// Histogram counts observations in buckets. Observing takes no lock (one is observed per
// envelope); a scrape during an observation may see its count before its sum.
type Histogram struct {
	name, help string
	bounds     []float64
	counts     []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sumBits    atomic.Uint64   // the sum's float64 bits
}

// Observe counts v in its bucket.
func (h *Histogram) Observe(v float64) {
	i, _ := slices.BinarySearch(h.bounds, v) // the first bound >= v: buckets are "less or equal"
	h.counts[i].Add(1)
	for {
		old := h.sumBits.Load()
		if h.sumBits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

func (h *Histogram) write(w *bufio.Writer) {
	sum := math.Float64frombits(h.sumBits.Load())
	writeHeader(w, h.name, h.help, "histogram")
	var cumulative uint64
	for i := range h.counts {
		cumulative += h.counts[i].Load()
		le := "+Inf"
		if i < len(h.bounds) {
			le = formatFloat(h.bounds[i])
		}
		writeSample(w, h.name+"_bucket", nil, nil, "le", le, float64(cumulative))
	}
	writeSample(w, h.name+"_sum", nil, nil, "", "", sum)
	writeSample(w, h.name+"_count", nil, nil, "", "", float64(cumulative))
}

type funcFamily struct {
	name, help, typ string
	read            func() (float64, bool)
}

func (f funcFamily) write(w *bufio.Writer) {
	v, ok := f.read()
	if !ok {
		return
	}
	writeHeader(w, f.name, f.help, f.typ)
	writeSample(w, f.name, nil, nil, "", "", v)
}

func writeHeader(w *bufio.Writer, name, help, typ string) {
	w.WriteString("# HELP " + name + " ")
	w.WriteString(helpEscaper.Replace(help))
	w.WriteString("\n# TYPE " + name + " " + typ + "\n")
}

// writeSample writes one line: the name, the labels (and one more, extra=extraValue, when extra
// is set) and the value.
func writeSample(w *bufio.Writer, name string, labels, values []string, extra, extraValue string, v float64) {
	w.WriteString(name)
	if len(labels) > 0 || extra != "" {
		w.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(l + `="` + labelEscaper.Replace(values[i]) + `"`)
		}
		if extra != "" {
			if len(labels) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(extra + `="` + labelEscaper.Replace(extraValue) + `"`)
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.WriteString(formatFloat(v))
	w.WriteByte('\n')
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, +1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// validName reports whether s is a legacy Prometheus metric or label name: [a-zA-Z_:][a-zA-Z0-9_:]*
// (colons are for recording rules, but the format allows them).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c == '_' || c == ':' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
