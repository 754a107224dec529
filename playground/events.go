package playground

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"hirebot/fakeslack"
)

// heartbeat keeps idle event streams open through proxies and lets a browser notice a dead one.
const heartbeat = 15 * time.Second

// shown are the changes that alter what a page shows; acks, envelopes and API calls do not.
var shown = map[fakeslack.EventType]bool{
	fakeslack.EventMessagePosted: true, fakeslack.EventMessageUpdated: true, fakeslack.EventMessageDeleted: true,
	fakeslack.EventViewOpened: true, fakeslack.EventViewUpdated: true, fakeslack.EventViewClosed: true,
	fakeslack.EventHomePublished: true, fakeslack.EventUserError: true, fakeslack.EventConnected: true, fakeslack.EventDisconnected: true,
}

// change is one Server-Sent Event: the page fetches its state again when it gets one.
type change struct {
	Seq  uint64              `json:"seq"`
	Type fakeslack.EventType `json:"type"`
}

// serveEvents streams the fake Slack's changes as Server-Sent Events ("event: change") until
// the browser goes away or the playground stops.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "playground: streaming is not supported", http.StatusInternalServerError)
		return
	}
	events, cancel := s.cfg.Slack.Subscribe()
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	// The first event tells the page where the stream starts, so it can catch up at once.
	if !writeEvent(w, change{Seq: s.cfg.Slack.Cursor(), Type: "hello"}) {
		return
	}
	flusher.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case e, open := <-events:
			if !open {
				return
			}
			if !shown[e.Type] {
				continue
			}
			if !writeEvent(w, change{Seq: e.Seq, Type: e.Type}) {
				return
			}
		}
		flusher.Flush()
	}
}

// writeEvent writes one change event; false means the browser is gone.
func writeEvent(w http.ResponseWriter, c change) bool {
	data, _ := json.Marshal(c)
	_, err := fmt.Fprintf(w, "id: %d\nevent: change\ndata: %s\n\n", c.Seq, data)
	return err == nil
}
