package fakeslack

import (
	"slices"
	"sync"
	"time"
)

// EventType names a change in the workspace.
type EventType string

// Event types.
const (
	EventMessagePosted  EventType = "message_posted"
	EventMessageUpdated EventType = "message_updated"
	EventMessageDeleted EventType = "message_deleted"
	EventViewOpened     EventType = "view_opened"
	EventViewUpdated    EventType = "view_updated" // content replaced, errors shown, or user input changed
	EventViewClosed     EventType = "view_closed"
	EventEnvelopeSent   EventType = "envelope_sent" // Envelope set; Attempt is its retry_attempt
	EventAck            EventType = "ack"
	EventAckDropped     EventType = "ack_dropped" // oversized ack frame; socket closed with 1009
	EventUserError      EventType = "user_error"
	EventConnected      EventType = "connected" // a socket got hello; Conn is its id
	EventDisconnected   EventType = "disconnected"
	EventConnRefused    EventType = "connection_refused" // a socket over MaxConnections got disconnect too_many_websockets
	EventAPICall        EventType = "api_call"
)

// Event is one change, as delivered by Subscribe. Exactly the pointer
// fields that fit Type are set.
type Event struct {
	Seq       uint64
	Type      EventType
	At        time.Time
	Message   *Message
	View      *View
	Envelope  *Envelope
	Attempt   int
	Ack       *Ack
	UserError *UserError
	Call      *Call
	Reason    string // for EventDisconnected, EventConnRefused and EventAckDropped
	// Conn is the socket's id (see Server.ConnIDs) for EventConnected,
	// EventDisconnected, EventEnvelopeSent and EventAck.
	Conn int
}

// Subscribe returns a channel receiving every later change, in order, and
// a function that ends the subscription. Events are queued without bound,
// so a slow reader never blocks the server; the channel is closed when the
// subscription ends or the server closes.
func (s *Server) Subscribe() (<-chan Event, func()) {
	sub := &subscriber{wake: make(chan struct{}, 1), done: make(chan struct{}), out: make(chan Event)}
	go sub.run()
	s.mu.Lock()
	if s.closed {
		sub.close()
	} else {
		s.st.subs = append(s.st.subs, sub)
	}
	s.mu.Unlock()
	cancel := func() {
		s.mu.Lock()
		s.st.subs = slices.DeleteFunc(s.st.subs, func(x *subscriber) bool { return x == sub })
		s.mu.Unlock()
		sub.close()
	}
	return sub.out, cancel
}

// emitLocked queues e for every subscriber.
func (s *Server) emitLocked(e Event) {
	e.Seq = s.seq
	e.At = s.now()
	for _, sub := range s.st.subs {
		sub.push(e)
	}
}

// subscriber is an unbounded queue pumped into out by run.
type subscriber struct {
	mu    sync.Mutex
	queue []Event
	wake  chan struct{}
	done  chan struct{}
	out   chan Event
	once  sync.Once
}

func (sub *subscriber) push(e Event) {
	sub.mu.Lock()
	sub.queue = append(sub.queue, e)
	sub.mu.Unlock()
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}

func (sub *subscriber) close() { sub.once.Do(func() { close(sub.done) }) }

func (sub *subscriber) run() {
	defer close(sub.out)
	for {
		sub.mu.Lock()
		if len(sub.queue) == 0 {
			sub.mu.Unlock()
			select {
			case <-sub.wake:
				continue
			case <-sub.done:
				return
			}
		}
		e := sub.queue[0]
		sub.queue = sub.queue[1:]
		sub.mu.Unlock()
		select {
		case sub.out <- e:
		case <-sub.done:
			return
		}
	}
}
