package bot

import (
	"encoding/json"
	"sync"
	"time"
)

// Bounds of the record of handled envelopes: Slack's retries of an envelope end within minutes,
// so an envelope is forgotten after seenMaxAge, or sooner once seenLimit newer ones came in (a
// hiring team sends far fewer commands and clicks in ten minutes; the changes a repeat must not
// make twice are guarded in the database, see data.handledBefore), or
// once the ack payloads it keeps would pass seenMaxBytes (counting each distinct payload once
// while it is shared, so a stream of answers built once costs little, and a stream of large,
// different answers forgets sooner rather than grow).
const (
	seenLimit    = 2_500
	seenMaxAge   = 10 * time.Minute
	seenMaxBytes = 4 << 20
)

// delivery is what the bot remembers of an envelope it handled, for when Slack delivers it again.
// It keeps only the encoded ack, never the handler's response, and no channel unless a repeat
// waits on it, so that thousands of remembered envelopes cost little memory and nothing for the
// garbage collector to trace.
type delivery struct {
	mu    sync.Mutex
	state uint8 // deliveryAcked, deliveryDone
	// resend is set when a repeat was acked before the first delivery: its reply, if it rode on
	// the first ack (which Slack evidently never got), is then sent again through replyURL.
	resend bool
	wake   chan struct{} // made by the first waiter, closed and cleared when state changes
	// ackPayload is the encoded payload the first ack carried (nil for an empty ack). A repeat
	// delivery means Slack never got that ack, so the repeat's ack carries it again.
	ackPayload json.RawMessage
	// replyURL is the response_url of a slash command whose reply rode on the first ack; it is
	// forgotten once the delivery is done, unless a repeat wants the reply resent.
	replyURL string

	// Guarded by the seenSet's mutex: whether the set still holds this record, and the payload
	// bytes it was charged for.
	inSet bool
	cost  int
}

const (
	deliveryAcked uint8 = 1 << iota // the first delivery was acked
	deliveryDone                    // the first delivery's handling has finished
)

// recordAck remembers the first ack's encoded payload and wakes a waiting repeat; it reports
// whether this was the first ack.
func (d *delivery) recordAck(payload json.RawMessage) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state&deliveryAcked != 0 {
		return false
	}
	d.ackPayload = payload
	d.setLocked(deliveryAcked)
	return true
}

// setReplyURL records the response_url of a reply about to ride on the first ack.
func (d *delivery) setReplyURL(url string) {
	d.mu.Lock()
	d.replyURL = url
	d.mu.Unlock()
}

// finish marks the first delivery's handling done and wakes a waiting repeat.
func (d *delivery) finish() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.resend {
		d.replyURL = ""
	}
	d.setLocked(deliveryDone)
}

func (d *delivery) setLocked(bit uint8) {
	d.state |= bit
	if d.wake != nil {
		close(d.wake)
		d.wake = nil
	}
}

// wait waits up to timeout for state bit and reports whether it was set.
func (d *delivery) wait(bit uint8, timeout time.Duration) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		d.mu.Lock()
		if d.state&bit != 0 {
			d.mu.Unlock()
			return true
		}
		if d.wake == nil {
			d.wake = make(chan struct{})
		}
		wake := d.wake
		d.mu.Unlock()
		select {
		case <-wake:
		case <-deadline.C:
			return false
		}
	}
}

// firstAck returns the first ack's payload if it was sent; otherwise it asks for the reply that
// may yet ride on that ack to be resent, and reports false. Both under one lock, so that a reply
// is either in the returned payload or resent, never lost between the two.
func (d *delivery) firstAck() (json.RawMessage, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state&deliveryAcked != 0 {
		return d.ackPayload, true
	}
	d.resend = true
	return nil, false
}

// lostReply is the reply to resend through its response_url once the first delivery is done:
// set only when that reply rode on the first ack.
func (d *delivery) lostReply() (url string, payload json.RawMessage) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.replyURL, d.ackPayload
}

// seenSet remembers the envelopes it was given, up to limit of them and for at most maxAge, so
// that an envelope Slack delivers again is recognised without memory growing forever.
type seenSet struct {
	mu       sync.Mutex
	limit    int
	maxAge   time.Duration
	maxBytes int // payload bytes kept, at most (one record is always kept)
	bytes    int
	now      func() time.Time
	base     time.Time // seenKey.at counts from here
	keys     map[string]*delivery
	ring     []seenKey // oldest at ring[head], count entries
	head     int
	count    int
	// acks holds one copy of each recent ack payload: most acks repeat an answer built once
	// (a /salary band), so thousands of remembered envelopes share a few payloads.
	acks map[string]json.RawMessage
}

// maxInterned bounds seenSet.acks; it is emptied when full.
const maxInterned = 256

// recordAck records the first ack's payload on d, sharing the remembered copy of an equal
// recent payload, and forgets the oldest envelopes while the payloads kept pass maxBytes.
func (s *seenSet) recordAck(d *delivery, raw json.RawMessage) {
	kept, cost := s.intern(raw)
	if !d.recordAck(kept) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !d.inSet {
		return // forgotten already
	}
	d.cost = cost
	s.bytes += cost
	for s.bytes > s.maxBytes && s.count > 1 {
		s.dropOldest()
	}
}

// intern returns the remembered copy of an ack payload equal to raw, remembering raw if none;
// cost is raw's size when it is a new copy, zero when shared.
func (s *seenSet) intern(raw json.RawMessage) (kept json.RawMessage, cost int) {
	if raw == nil {
		return nil, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if kept, ok := s.acks[string(raw)]; ok {
		return kept, 0
	}
	if len(s.acks) >= maxInterned {
		clear(s.acks)
	}
	s.acks[string(raw)] = raw
	return raw, len(raw)
}

type seenKey struct {
	key string
	at  time.Duration // since seenSet.base
}

func newSeenSet(limit int, maxAge time.Duration, maxBytes int, now func() time.Time) *seenSet {
	return &seenSet{limit: limit, maxAge: maxAge, maxBytes: maxBytes, now: now, base: now(),
		keys: make(map[string]*delivery), acks: make(map[string]json.RawMessage), ring: make([]seenKey, limit)}
}

// Add records key and reports whether it was new, with its delivery record either way.
func (s *seenSet) Add(key string) (*delivery, bool) {
	now := s.now().Sub(s.base)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(now)
	if d, ok := s.keys[key]; ok {
		return d, false
	}
	if s.count == s.limit {
		s.dropOldest()
	}
	d := &delivery{inSet: true}
	s.ring[(s.head+s.count)%s.limit] = seenKey{key: key, at: now}
	s.count++
	s.keys[key] = d
	return d, true
}

// forget drops the envelopes first seen more than maxAge before now.
func (s *seenSet) forget(now time.Duration) {
	for s.count > 0 && now-s.ring[s.head].at > s.maxAge {
		s.dropOldest()
	}
}

func (s *seenSet) dropOldest() {
	if d := s.keys[s.ring[s.head].key]; d != nil {
		s.bytes -= d.cost
		d.cost, d.inSet = 0, false
	}
	delete(s.keys, s.ring[s.head].key)
	s.ring[s.head] = seenKey{}
	s.head = (s.head + 1) % s.limit
	s.count--
}
