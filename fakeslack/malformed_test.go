package fakeslack_test

import (
	"encoding/json"
	"sync/atomic"
	"testing"

	"hirebot/fakeslack"
)

func TestMalformedEnvelopeIsSentAsItIsAndItsAckCounts(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	var pings atomic.Int32
	ws := rawSocket(t, s, &pings)
	ctx := testCtx(t)
	env, err := s.SendMalformed(ctx, fakeslack.TypeInteractive, json.RawMessage(`{"type":42}`))
	if err != nil {
		t.Fatal(err)
	}
	var got rawEnvelope
	if err := ws.ReadJSON(&got); err != nil {
		t.Fatal(err)
	}
	if got.EnvelopeID != env.ID || got.Type != fakeslack.TypeInteractive || string(got.Payload) != `{"type":42}` {
		t.Errorf("frame %+v, want envelope %s with the payload as it is", got, env.ID)
	}
	if s.Acked(env.ID) {
		t.Error("Acked before any ack")
	}
	if err := ws.WriteJSON(map[string]string{"envelope_id": env.ID}); err != nil {
		t.Fatal(err)
	}
	if ack, err := env.WaitAck(ctx); err != nil || ack.Ignored != "" || len(ack.Errors) > 0 {
		t.Fatalf("ack %+v, %v", ack, err)
	}
	if !s.Acked(env.ID) || s.Acked("no-such-envelope") {
		t.Error("Acked does not report which envelope was acked")
	}
	if _, err := s.SendMalformed(ctx, fakeslack.TypeInteractive, json.RawMessage(`{"type":`)); err == nil {
		t.Error("a payload that is not JSON was accepted")
	}
}
