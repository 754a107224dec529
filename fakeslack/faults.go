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
