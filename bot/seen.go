package bot

import (
	"sync"

	"hirebot/handlers"
)

// delivery is what the bot remembers of an envelope it handled, for when Slack delivers it again.
type delivery struct {
	done chan struct{} // closed when the first delivery's handling has finished
	// acked is closed once the first delivery was acked; ackPayload is what that ack carried. A
	// repeat delivery means Slack never got that ack, so the repeat's ack carries it again.
	acked      chan struct{}
	ackOnce    sync.Once
	ackPayload any
	// ackReply is the reply that rode on the first delivery's ack, for when the repeat had to be
	// acked before the first was: it is then sent again through responseURL.
	ackReply    *handlers.Message
	responseURL string
}

// recordAck remembers the first ack's payload and wakes a waiting repeat.
func (d *delivery) recordAck(payload any) {
	d.ackOnce.Do(func() {
		d.ackPayload = payload
		close(d.acked)
	})
}

// seenSet remembers the most recent envelopes it was given, up to a fixed number, so that an
// envelope Slack delivers again is recognised without memory growing forever.
type seenSet struct {
	mu    sync.Mutex
	limit int
	keys  map[string]*delivery
	ring  []string
	next  int
}

func newSeenSet(limit int) *seenSet {
	return &seenSet{limit: limit, keys: make(map[string]*delivery, limit), ring: make([]string, limit)}
}

// Add records key and reports whether it was new, with its delivery record either way.
func (s *seenSet) Add(key string) (*delivery, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.keys[key]; ok {
		return d, false
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.keys, old)
	}
	d := &delivery{done: make(chan struct{}), acked: make(chan struct{})}
	s.ring[s.next] = key
	s.next = (s.next + 1) % s.limit
	s.keys[key] = d
	return d, true
}
