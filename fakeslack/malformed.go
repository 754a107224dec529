package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
)

// SendMalformed sends the app an envelope of envelopeType (TypeInteractive,
// TypeSlashCommands or TypeEventsAPI) whose payload is raw, as it is: a
// payload the app cannot decode, such as {"type":42}, tests how it copes
// with input it does not understand. The envelope has an envelope_id and
// is retried like any other until acked; an ack counts but has no effect,
// and an envelope never acked shows nobody anything.
func (s *Server) SendMalformed(ctx context.Context, envelopeType string, raw json.RawMessage) (*Envelope, error) {
	if !json.Valid(raw) {
		return nil, fmt.Errorf("fakeslack: a malformed payload must still be JSON, as Slack's frames always are")
	}
	env := &envelope{pub: &Envelope{ID: newUUID(), Type: envelopeType, Payload: raw}, malformed: true}
	return s.sendEnvelope(ctx, env)
}

// Acked reports whether an ack that counted came for the envelope with
// this id (ignored acks, such as late ones, do not count).
func (s *Server) Acked(envelopeID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	env := s.st.envelopes[envelopeID]
	return env != nil && env.ack != nil
}
