package bot

import (
	"encoding/json"
	"sync"
	"time"
)

// Bounds of the record of handled envelopes: Slack's retries of an envelope end within minutes,
// so an envelope is forgotten after seenMaxAge, or sooner once seenLimit newer ones came in.
const (
	seenLimit  = 10_000
	seenMaxAge = 10 * time.Minute
)

// delivery is what the bot remembers of an envelope it handled, for when Slack delivers it again.
// It keeps only the encoded ack, never the handler's response, so that thousands of remembered
// envelopes cost little memory and nothing for the garbage collector to trace.
type delivery struct {
	done chan struct{} // closed when the first delivery's handling has finished
	// acked is closed once the first delivery was acked; ackPayload is the encoded payload that
	// ack carried (nil for an empty ack). A repeat delivery means Slack never got that ack, so
	// the repeat's ack carries it again.
	acked      chan struct{}
	ackOnce    sync.Once
	ackPayload json.RawMessage
	// replyURL is set when the first ack carried a slash command's reply: if a repeat had to be
	// acked before the first was, that reply (ackPayload, which is the same body a response_url
	// takes) is sent again through it.
	replyURL string
}

// recordAck remembers the first ack's encoded payload and wakes a waiting repeat.
func (d *delivery) recordAck(payload json.RawMessage) {
	d.ackOnce.Do(func() {
		d.ackPayload = payload
		close(d.acked)
	})
}

// seenSet remembers the envelopes it was given, up to limit of them and for at most maxAge, so
// that an envelope Slack delivers again is recognised without memory growing forever.
type seenSet struct {
	mu     sync.Mutex
	limit  int
	maxAge time.Duration
	now    func() time.Time
	keys   map[string]*delivery
	ring   []seenKey // oldest at ring[head], count entries
	head   int
	count  int
	// acks holds one copy of each recent ack payload: most acks repeat an answer built once
	// (a /salary band), so thousands of remembered envelopes share a few payloads.
	acks map[string]json.RawMessage
}

// maxInterned bounds seenSet.acks; it is emptied when full.
const maxInterned = 256

// intern returns the remembered copy of an ack payload equal to raw, remembering raw if none.
func (s *seenSet) intern(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if kept, ok := s.acks[string(raw)]; ok {
		return kept
	}
	if len(s.acks) >= maxInterned {
		clear(s.acks)
	}
	s.acks[string(raw)] = raw
	return raw
}

type seenKey struct {
	key string
	at  time.Time
}

func newSeenSet(limit int, maxAge time.Duration, now func() time.Time) *seenSet {
	return &seenSet{limit: limit, maxAge: maxAge, now: now, keys: make(map[string]*delivery), acks: make(map[string]json.RawMessage), ring: make([]seenKey, limit)}
}

// Add records key and reports whether it was new, with its delivery record either way.
func (s *seenSet) Add(key string) (*delivery, bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(now)
	if d, ok := s.keys[key]; ok {
		return d, false
	}
	if s.count == s.limit {
		s.dropOldest()
	}
	d := &delivery{done: make(chan struct{}), acked: make(chan struct{})}
	s.ring[(s.head+s.count)%s.limit] = seenKey{key: key, at: now}
	s.count++
	s.keys[key] = d
	return d, true
}

// forget drops the envelopes first seen more than maxAge before now.
func (s *seenSet) forget(now time.Time) {
	for s.count > 0 && now.Sub(s.ring[s.head].at) > s.maxAge {
		s.dropOldest()
	}
}

func (s *seenSet) dropOldest() {
	delete(s.keys, s.ring[s.head].key)
	s.ring[s.head] = seenKey{}
	s.head = (s.head + 1) % s.limit
	s.count--
}
