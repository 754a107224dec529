package fakeslack

import (
	"context"
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

// Connections returns how many sockets are open.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.conns)
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
	for range conns {
		s.bumpLocked()
		s.emitLocked(Event{Type: EventDisconnected, Reason: reason})
	}
	return conns
}

// DropConnections closes every socket abruptly, without a close frame, as
// a network failure would.
func (s *Server) DropConnections() {
	for _, c := range s.takeConns("dropped") {
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
