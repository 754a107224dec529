package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// ackUndecodable acks an envelope slack-go could not decode (a payload shape it does not know),
// by the envelope_id read from the raw frame: unacked, Slack would send it again and again, and
// the user would see an error. Only the cause and the size are logged, never the content, which
// may carry what people typed.
func (b *Bot) ackUndecodable(ctx context.Context, bad *socketmode.ErrorBadMessage) {
	var head struct {
		EnvelopeID string          `json:"envelope_id"`
		Type       json.RawMessage `json:"type"`
	}
	_ = json.Unmarshal(bad.Message, &head) // fields of the wrong type stay empty
	var typ string
	_ = json.Unmarshal(head.Type, &typ)
	log := b.log.With(slog.Int("bytes", len(bad.Message)), slog.Any("err", bad.Cause))
	if head.EnvelopeID == "" {
		log.Warn("undecodable Socket Mode frame without an envelope_id; nothing to ack")
		return
	}
	log = log.With(slog.String("envelope", head.EnvelopeID), slog.String("type", typ))
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := b.sendAck(ctx, head.EnvelopeID, nil); err != nil {
		log.Error("undecodable envelope: ack failed", "ack_err", err)
		return
	}
	log.Warn("undecodable envelope acked and dropped")
}
