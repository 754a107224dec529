package bot

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkSeenSetFull fills the record of handled envelopes to its bound as a stream of /salary
// commands does (one shared ack payload, a response_url each) and reports the heap it retains per
// remembered envelope.
func BenchmarkSeenSetFull(b *testing.B) {
	payload := json.RawMessage(`{"text":"a memoised answer"}`)
	var retained float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := newSeenSet(seenLimit, seenMaxAge, seenMaxBytes, time.Now)
		for i := range seenLimit {
			id := fmt.Sprintf("%08x-3c4d-4e5f-8a9b-%012x", i, i) // the shape of Slack's envelope ids
			d, _ := s.Add("envelope:" + id)
			d.setReplyURL(fmt.Sprintf("https://hooks.slack.com/commands/T0001/%d/%024x", 7000000+i, i))
			s.recordAck(d, payload)
			d.finish()
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = float64(after.HeapAlloc-before.HeapAlloc) / seenLimit
		runtime.KeepAlive(s)
	}
	b.ReportMetric(retained, "B/envelope")
}
