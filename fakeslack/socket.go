package fakeslack

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Socket Mode limits.
const (
	MaxConnections = 10    // concurrent sockets per app
	MaxAckFrame    = 20480 // ack frames this large or larger are dropped with close code 1009
	writeTimeout   = 10 * time.Second
)

// conn is one Socket Mode connection.
type conn struct {
	id   int // 1, 2, … in the order sockets were accepted, before hello; see ConnIDs
	ws   *websocket.Conn
	wmu  sync.Mutex // serializes data frames
	done chan struct{}
	once sync.Once
}

// writeFrame writes one JSON text frame.
func (c *conn) writeFrame(frame []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

// writeJSON writes v as one JSON text frame.
func (c *conn) writeJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.writeFrame(b)
}

// abort closes the TCP connection without a close frame.
func (c *conn) abort() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.NetConn().Close()
	})
}

// closeWith sends a close frame, then closes the connection.
func (c *conn) closeWith(code int, text string) {
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.abort()
}

var upgrader = websocket.Upgrader{
	CheckOrigin:     func(*http.Request) bool { return true },
	ReadBufferSize:  32 << 10,
	WriteBufferSize: 32 << 10,
}

// serveSocket accepts a Socket Mode connection with a ticket from
// apps.connections.open; each ticket works once.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	if !s.useTicket(r.URL.Query().Get("ticket")) {
		http.Error(w, "invalid_ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(1 << 20)
	c := &conn{ws: ws, done: make(chan struct{})}
	if !s.startConn(c) {
		return
	}
	defer s.conns.Done()
	go s.pingLoop(c)
	s.readLoop(c)
	s.log.Debug("fakeslack: socket closed", "conn", c.id)
	s.dropConn(c, "connection closed")
	c.abort()
	s.mu.Lock()
	delete(s.st.live, c)
	s.mu.Unlock()
}

// useTicket marks a socket ticket used; it reports whether it was valid.
func (s *Server) useTicket(ticket string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	used, ok := s.st.tickets[ticket]
	if !ok || used || s.closed {
		return false
	}
	s.st.tickets[ticket] = true
	return true
}

// startConn sends hello, registers c and sends envelopes that waited for
// a socket. It reports false if c was refused: over MaxConnections, the
// socket gets Slack's disconnect frame instead of hello.
func (s *Server) startConn(c *conn) bool {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.abort()
		return false
	}
	if len(s.st.live) >= MaxConnections {
		s.bumpLocked()
		s.emitLocked(Event{Type: EventConnRefused, Reason: "too_many_websockets"})
		s.mu.Unlock()
		s.refuseConn(c)
		return false
	}
	s.conns.Add(1)
	s.st.connIDs++
	c.id = s.st.connIDs
	s.st.live[c] = true
	hello := map[string]any{
		"type": "hello", "num_connections": len(s.st.live),
		"connection_info": map[string]any{"app_id": s.opts.AppID},
		"debug_info": map[string]any{"host": "applink-fake-1", "started": s.now().UTC().Format("2006-01-02 15:04:05.000"),
			"build_number": 1, "approximate_connection_time": 3600},
	}
	s.mu.Unlock()
	err := c.writeJSON(hello)
	s.mu.Lock()
	if err != nil || s.closed {
		delete(s.st.live, c)
		s.mu.Unlock()
		s.conns.Done()
		c.abort()
		return false
	}
	// Kept in id order, though hellos may finish out of order.
	i, _ := slices.BinarySearchFunc(s.st.conns, c.id, func(x *conn, id int) int { return cmp.Compare(x.id, id) })
	s.st.conns = slices.Insert(s.st.conns, i, c)
	s.st.hellos++
	var waiting []*envelope
	if !s.st.held {
		waiting, s.st.waiting = s.st.waiting, nil
	}
	s.bumpLocked()
	s.emitLocked(Event{Type: EventConnected, Conn: c.id})
	var frames [][]byte
	for _, e := range waiting {
		if e.ack == nil && !e.expired {
			frames = append(frames, s.sentLocked(e, c))
		}
	}
	s.mu.Unlock()
	s.log.Debug("fakeslack: socket connected", "conn", c.id, "waiting", len(frames))
	for _, f := range frames {
		_ = c.writeFrame(f)
	}
	return true
}

// refuseConn turns away a socket over MaxConnections as Slack does: its
// only frame is {"type":"disconnect","reason":"too_many_websockets",…},
// with no hello before it, and the connection then ends without a close
// frame (clients see 1006). It never counts as a connection.
func (s *Server) refuseConn(c *conn) {
	s.log.Warn("fakeslack: socket refused", "reason", "too_many_websockets", "max", MaxConnections)
	_ = c.writeJSON(disconnectFrame("too_many_websockets"))
	c.abort()
}

// pingLoop sends a WebSocket PING every PingInterval.
func (s *Server) pingLoop(c *conn) {
	t := time.NewTicker(s.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(writeTimeout)) != nil {
				return
			}
		case <-c.done:
			return
		}
	}
}

// readLoop reads ack frames until the connection fails.
func (s *Server) readLoop(c *conn) {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		if len(data) >= MaxAckFrame {
			s.dropOversized(c, len(data))
			return
		}
		s.handleFrame(c, data)
	}
}

// dropOversized answers a frame Slack would not accept: the ack is not
// counted and the socket is closed with 1009, as Slack does.
func (s *Server) dropOversized(c *conn, size int) {
	s.mu.Lock()
	s.bumpLocked()
	s.emitLocked(Event{Type: EventAckDropped, Reason: "frame of " + itoa(size) + " bytes"})
	s.mu.Unlock()
	s.log.Warn("fakeslack: dropped oversized socket frame", "bytes", size)
	s.dropConn(c, "frame too large")
	c.closeWith(websocket.CloseMessageTooBig, "Max frame length of 20480 has been exceeded.")
}

// handleFrame processes one frame from the app on c: an envelope ack,
// which counts whichever socket it comes on.
func (s *Server) handleFrame(c *conn, data []byte) {
	var f struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &f); err != nil || f.EnvelopeID == "" {
		s.log.Warn("fakeslack: ignored socket frame", "frame", string(data))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lose > 0 {
		s.lose--
		s.log.Debug("fakeslack: ack lost on the way", "id", f.EnvelopeID)
		return
	}
	s.ackLocked(f.EnvelopeID, f.Payload, c.id)
}

// dropConn forgets c; it reports whether c was registered.
func (s *Server) dropConn(c *conn, reason string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.st.conns {
		if x == c {
			s.st.conns = append(s.st.conns[:i:i], s.st.conns[i+1:]...)
			s.bumpLocked()
			s.emitLocked(Event{Type: EventDisconnected, Reason: reason, Conn: c.id})
			return true
		}
	}
	return false
}

// pickConnLocked returns the open socket for the next delivery, taking
// them in turn (in id order), or nil if none is open. With
// several open it never returns avoid, the socket of a delivery that went
// un-acked.
func (s *Server) pickConnLocked(avoid *conn) *conn {
	n := len(s.st.conns)
	if n == 0 {
		return nil
	}
	c := s.st.conns[s.st.nextConn%n]
	s.st.nextConn++
	if c == avoid && n > 1 {
		c = s.st.conns[s.st.nextConn%n]
		s.st.nextConn++
	}
	return c
}

func disconnectFrame(reason string) map[string]any {
	return map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": "applink-fake-1"}}
}
