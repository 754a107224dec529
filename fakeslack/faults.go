package fakeslack

import (
	"context"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// WaitConnected waits until at least one socket is open and has received
// hello. Sockets closed by DropConnections, Disconnect or RequestRefresh
// are forgotten before those return, so calling WaitConnected after them
// waits for the app to reconnect.
func (s *Server) WaitConnected(ctx context.Context) error {
	return s.waitFor(ctx, func() bool { return len(s.st.conns) > 0 })
}

// WaitConnections waits until at least n sockets are open and have
// received hello, e.g. one per replica of the app.
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() bool { return len(s.st.conns) >= n })
}

// Connections returns how many sockets are open and take envelopes.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.conns)
}

// ConnIDs returns the ids of the sockets that are open and take
// envelopes, in ascending order. A socket's id is given when it is
// accepted, before hello: 1, 2, … in the order they came, never reused.
// Envelope.Conn, Ack.Conn and Event.Conn name sockets by them. Each
// delivery goes to one of these sockets, taking them in turn in this order.
func (s *Server) ConnIDs() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, len(s.st.conns))
	for i, c := range s.st.conns {
		ids[i] = c.id
	}
	return ids
}

// DropConnection closes the socket with id abruptly, without a close
// frame, as when one replica of the app dies or loses its network; the
// other sockets stay open. Envelopes it left un-acked are sent again to
// another socket when their AckTimeout passes. It reports whether the
// socket was open; it is forgotten before DropConnection returns.
func (s *Server) DropConnection(id int) bool {
	s.mu.Lock()
	var found *conn
	for c := range s.st.live {
		if c.id == id {
			found = c
		}
	}
	delete(s.st.live, found)
	s.mu.Unlock()
	if found == nil {
		return false
	}
	s.dropConn(found, "dropped")
	found.abort()
	return true
}

// Hellos returns how many hello frames were sent, i.e. connections made.
func (s *Server) Hellos() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.hellos
}

// takeConns forgets every open socket and returns them.
func (s *Server) takeConns(reason string) []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns := s.st.conns
	s.st.conns = nil
	for _, c := range conns {
		s.bumpLocked()
		s.emitLocked(Event{Type: EventDisconnected, Reason: reason, Conn: c.id})
	}
	return conns
}

// DropConnections closes every socket abruptly, without a close frame, as
// a network failure would.
func (s *Server) DropConnections() {
	conns := s.takeConns("dropped")
	s.mu.Lock()
	for _, c := range conns {
		delete(s.st.live, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.abort()
	}
}

// DisconnectGrace is how long a socket told to disconnect stays open for
// the app to close it; like Slack, nothing new is sent on it meanwhile.
const DisconnectGrace = 10 * time.Second

// Disconnect sends every socket {"type":"disconnect","reason":reason,…}.
// The sockets get no more envelopes; the app is expected to reconnect and
// close them, else the fake closes them after DisconnectGrace. Slack's
// reasons are "warning", "refresh_requested", "link_disabled" and
// "too_many_websockets".
func (s *Server) Disconnect(reason string) {
	for _, c := range s.takeConns(reason) {
		_ = c.writeJSON(disconnectFrame(reason))
		time.AfterFunc(DisconnectGrace, func() { c.closeWith(websocket.CloseNormalClosure, "") })
	}
}

// RequestRefresh asks the app to reconnect, as Slack does every few hours.
func (s *Server) RequestRefresh() { s.Disconnect("refresh_requested") }

// HoldDeliveries keeps every envelope sent from now on (a click, a submission, a command) from
// the app, as when Slack's delivery lags, until release is called: release sends the held
// envelopes in order on the open sockets, and later ones go out at once again. Meanwhile users
// can act on what they see, as quick clicks do before the app answers the first; ack timeouts
// start when an envelope goes out. Calling release again does nothing.
func (s *Server) HoldDeliveries() (release func()) {
	s.mu.Lock()
	s.st.held = true
	s.mu.Unlock()
	var once sync.Once
	return func() { once.Do(s.releaseDeliveries) }
}

func (s *Server) releaseDeliveries() {
	type out struct {
		c     *conn
		frame []byte
	}
	s.mu.Lock()
	s.st.held = false
	held := s.st.waiting
	s.st.waiting = nil
	var frames []out
	for _, e := range held {
		if e.ack != nil || e.expired {
			continue
		}
		if c, f := s.deliverLocked(e); c != nil {
			frames = append(frames, out{c, f})
		}
	}
	s.mu.Unlock()
	for _, f := range frames {
		_ = f.c.writeFrame(f.frame)
	}
}

// RateLimitFor holds method under a rate limit for d from now, by the
// fake's clock (Options.Now): every call to it meanwhile, however many,
// answers HTTP 429 {"ok":false,"error":"ratelimited"} with a Retry-After
// header of the time left (rounded up to whole seconds), as Slack does
// for a method over its tier. Unlike RateLimit, which refuses a number of
// calls, it outlasts any number of retries made inside the window. A
// later RateLimit or RateLimitFor for the method replaces it.
func (s *Server) RateLimitFor(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.rateLimits[method] = &rateLimit{until: s.now().Add(d)}
}

// LiftRateLimit ends any rate limit on method at once.
func (s *Server) LiftRateLimit(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.st.rateLimits, method)
}

// DelayAnswers holds every answer to method for d after the call has taken effect (a message
// is posted at once, its answer arrives d later), as a slow network would: an app that dies or
// gives up meanwhile never learns that Slack took the call. Zero ends it.
func (s *Server) DelayAnswers(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.st.delays, method)
		return
	}
	s.st.delays[method] = d
}
