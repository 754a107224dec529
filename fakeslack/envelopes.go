package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Envelope types and interactive payload types.
const (
	TypeSlashCommands = "slash_commands"
	TypeInteractive   = "interactive"
	TypeBlockActions  = "block_actions"
	TypeViewSubmit    = "view_submission"
	TypeViewClosed    = "view_closed"
)

// Envelope is one request the fake sent the app over Socket Mode. Its
// fields never change; delivery state is read through its methods.
type Envelope struct {
	ID                     string
	Type                   string // TypeSlashCommands, TypeInteractive or TypeEventsAPI
	PayloadType            string // interactive: TypeBlockActions, TypeViewSubmit, …; events_api: the event type
	Payload                json.RawMessage
	AcceptsResponsePayload bool
	TriggerID              string
	ResponseURL            string // slash commands and message interactions
	UserID                 string
	ChannelID              string
	ViewID                 string
	At                     time.Time

	s *Server
}

// Ack is an acknowledgement the app sent for an envelope.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // nil when the ack had none
	At         time.Time
	Attempt    int // retry_attempt of the delivery that was current when the ack came
	Conn       int // id of the socket the ack came on (see Server.ConnIDs)
	// Ignored is "" for the ack that counted, otherwise why Slack ignores
	// it: "duplicate", "late" (after the last retry timed out) or
	// "unknown_envelope".
	Ignored string
	Errors  []string // problems with the payload, if Slack rejected it
}

// ErrNotAcked is returned by WaitAck when every delivery timed out.
var ErrNotAcked = errors.New("fakeslack: envelope was never acked in time")

// errNoEnvelope is returned by WaitAck on a nil Envelope (nothing was sent).
var errNoEnvelope = errors.New("fakeslack: no envelope was sent")

// WaitAck waits for the ack that counted for e. It returns ErrNotAcked
// once the last retry has timed out, and an error on a nil Envelope (an
// action for which Slack sends nothing). Effects of the ack (a posted
// reply, a closed or updated view) are applied before WaitAck returns.
func (e *Envelope) WaitAck(ctx context.Context) (Ack, error) {
	if e == nil {
		return Ack{}, errNoEnvelope
	}
	// Each envelope has its own signal: hundreds of requests waiting at once would otherwise all
	// wake, and all take the server's lock, on every change anywhere.
	for {
		e.s.mu.Lock()
		env := e.s.st.envelopes[e.ID]
		ack, expired, closed, settled := env.ack, env.expired, e.s.closed, env.settled
		e.s.mu.Unlock()
		switch {
		case ack != nil:
			return *ack, nil
		case expired:
			return Ack{}, ErrNotAcked
		case closed:
			return Ack{}, ErrClosed
		}
		select {
		case <-settled:
		case <-ctx.Done():
			return Ack{}, ctx.Err()
		}
	}
}

// Deliveries reports how many times e was sent (1 + retries so far).
func (e *Envelope) Deliveries() int {
	if e == nil {
		return 0
	}
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.s.st.envelopes[e.ID].sent
}

// Conn returns the id of the socket that e was last sent on (see
// Server.ConnIDs), or 0 while it has not been sent yet.
func (e *Envelope) Conn() int {
	if e == nil {
		return 0
	}
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if env := e.s.st.envelopes[e.ID]; len(env.conns) > 0 {
		return env.conns[len(env.conns)-1]
	}
	return 0
}

// DeliveredOn returns the id of the socket of every delivery of e, first
// delivery first: one entry per Deliveries.
func (e *Envelope) DeliveredOn() []int {
	if e == nil {
		return nil
	}
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return slices.Clone(e.s.st.envelopes[e.ID].conns)
}

// Acks returns every ack received, oldest first, ignored ones included.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Ack, len(s.st.acks))
	copy(out, s.st.acks)
	return out
}

// envelope is the delivery state of an Envelope; guarded by Server.mu.
type envelope struct {
	pub     *Envelope
	attempt int // retry_attempt of the current delivery
	sent    int
	conns   []int // socket id of each delivery
	last    *conn // socket of the latest delivery
	ack     *Ack
	expired bool
	timer   *time.Timer
	settled chan struct{} // closed once acked or expired, or when the server closes (see settleLocked)
	command string        // slash command text shown in errors, e.g. "/hire"
	rurl    *responseURL
	// malformed marks a payload sent by SendMalformed: its ack has no
	// effect and its expiry shows nothing.
	malformed bool
}

func (e *envelope) stopTimer() {
	if e.timer != nil {
		e.timer.Stop()
	}
}

// settleLocked wakes whoever waits for env's ack: it came, the retries ran out, or the server
// closed. Guarded by Server.mu.
func (e *envelope) settleLocked() {
	select {
	case <-e.settled:
	default:
		close(e.settled)
	}
}

// frame is the envelope as written on the socket.
func (e *envelope) frame() []byte {
	reason := ""
	if e.attempt > 0 {
		reason = "timeout"
	}
	b, _ := json.Marshal(map[string]any{
		"envelope_id": e.pub.ID, "type": e.pub.Type, "payload": e.pub.Payload,
		"accepts_response_payload": e.pub.AcceptsResponsePayload,
		"retry_attempt":            e.attempt, "retry_reason": reason,
	})
	return b
}

// sendEnvelope registers env and delivers it; the app must be connected.
func (s *Server) sendEnvelope(ctx context.Context, env *envelope) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, fmt.Errorf("fakeslack: send %s: %w", env.pub.Type, err)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	env.pub.s, env.pub.At = s, s.now()
	env.settled = make(chan struct{})
	s.st.envelopes[env.pub.ID] = env
	c, frame := s.deliverLocked(env)
	s.mu.Unlock()
	if c != nil {
		_ = c.writeFrame(frame)
	}
	return env.pub, nil
}

// deliverLocked arms the ack timer and picks a socket for env, another
// than the one that let it time out if several are open; with no socket
// open, env waits for the next hello.
func (s *Server) deliverLocked(env *envelope) (*conn, []byte) {
	if s.st.held { // no ack timer yet: the envelope has not left
		if !slices.Contains(s.st.waiting, env) {
			s.st.waiting = append(s.st.waiting, env)
		}
		return nil, nil
	}
	attempt := env.attempt
	env.timer = time.AfterFunc(s.opts.AckTimeout, func() { s.ackTimeout(env.pub.ID, attempt) })
	c := s.pickConnLocked(env.last)
	if c == nil {
		if !slices.Contains(s.st.waiting, env) {
			s.st.waiting = append(s.st.waiting, env)
		}
		return nil, nil
	}
	return c, s.sentLocked(env, c)
}

// sentLocked records a delivery on c and returns the frame to write.
func (s *Server) sentLocked(env *envelope, c *conn) []byte {
	env.sent++
	env.last = c
	env.conns = append(env.conns, c.id)
	s.bumpLocked()
	s.emitLocked(Event{Type: EventEnvelopeSent, Envelope: env.pub, Attempt: env.attempt, Conn: c.id})
	s.log.Debug("fakeslack: envelope sent", "id", env.pub.ID, "type", env.pub.Type, "attempt", env.attempt, "conn", c.id)
	return env.frame()
}

// ackTimeout redelivers an envelope whose delivery attempt was not acked,
// or gives up after MaxRetries redeliveries.
func (s *Server) ackTimeout(id string, attempt int) {
	s.mu.Lock()
	env := s.st.envelopes[id]
	if s.closed || env == nil || env.ack != nil || env.expired || env.attempt != attempt {
		s.mu.Unlock()
		return
	}
	if env.attempt >= s.opts.MaxRetries {
		env.expired = true
		env.settleLocked()
		s.expireLocked(env)
		s.bumpLocked()
		s.mu.Unlock()
		return
	}
	env.attempt++
	c, frame := s.deliverLocked(env)
	s.mu.Unlock()
	if c != nil {
		_ = c.writeFrame(frame)
	}
}

// expireLocked shows the user what Slack shows when an app never answers.
func (s *Server) expireLocked(env *envelope) {
	if env.pub.Type == TypeEventsAPI || env.malformed {
		return // nobody is waiting on an event
	}
	e := UserError{UserID: env.pub.UserID, ChannelID: env.pub.ChannelID, ViewID: env.pub.ViewID, EnvelopeID: env.pub.ID}
	switch env.pub.PayloadType {
	case "":
		e.Code, e.Text = ErrOperationTimeout, env.command+` failed with the error "operation_timeout"`
	case TypeViewClosed:
		return
	default:
		e.Code, e.Text = ErrTroubleConnecting, "We had some trouble connecting. Try again?"
	}
	if v := s.st.views[env.pub.ViewID]; v != nil {
		v.Submitting = false
	}
	s.userErrorLocked(e)
}

// ackLocked records an ack and, if it counts, applies its payload.
func (s *Server) ackLocked(id string, payload json.RawMessage, conn int) {
	ack := Ack{EnvelopeID: id, Payload: payload, At: s.now(), Conn: conn}
	env := s.st.envelopes[id]
	switch {
	case env == nil:
		ack.Ignored = "unknown_envelope"
	case env.ack != nil:
		ack.Ignored, ack.Attempt = "duplicate", env.attempt
	case env.expired:
		ack.Ignored, ack.Attempt = "late", env.attempt
	default:
		ack.Attempt = env.attempt
		env.stopTimer()
		ack.Errors = s.applyAckLocked(env, payload)
		env.ack = &ack
		env.settleLocked()
	}
	s.st.acks = append(s.st.acks, ack)
	s.bumpLocked()
	s.emitLocked(Event{Type: EventAck, Ack: &ack, Conn: conn})
}

// applyAckLocked applies an ack payload the way Slack does for the
// envelope's kind; it returns the payload's problems, if any.
func (s *Server) applyAckLocked(env *envelope, payload json.RawMessage) []string {
	if env.malformed {
		return nil
	}
	switch env.pub.PayloadType {
	case "":
		return s.applyCommandAckLocked(env, payload)
	case TypeViewSubmit:
		return s.applySubmissionAckLocked(env, payload)
	}
	return nil // block_actions and view_closed acks carry nothing Slack uses
}

// isEmptyPayload reports whether an ack carried no payload.
func isEmptyPayload(p json.RawMessage) bool {
	s := string(p)
	return s == "" || s == "null" || s == "{}" || s == `""`
}

func itoa(n int) string { return strconv.Itoa(n) }
