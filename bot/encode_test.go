package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/content"
	"hirebot/handlers"
)

// A memoised answer is encoded once, and its ack carries the very bytes a fresh encoding of the
// same message gives, every time it is sent.
func TestMemoisedAnswerAcksWithTheSameBytes(t *testing.T) {
	c, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	lookups := handlers.NewLookups(c, nil)
	bot, err := New(Config{AppToken: "xapp-test", BotToken: "xoxb-test"})
	if err != nil {
		t.Fatal(err)
	}
	bot.router = NewRouter(handlers.Features{Lookups: lookups}.Routes())
	var acked []json.RawMessage
	bot.sendAck = func(_ context.Context, _ string, payload any) error {
		raw, _ := payload.(json.RawMessage)
		acked = append(acked, raw)
		return nil
	}
	for _, text := range []string{"seattle senior", "", "help", "sf", "remote junior", "atlantis"} {
		resp, err := lookups.Salary(context.Background(), handlers.Command{Name: "/salary", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		m := resp.Replies[0]
		if text == "seattle senior" && m.Encoded == nil {
			t.Fatal("a band's answer carries no Encoding: it is not memoised")
		}
		fresh := m
		fresh.Encoded = nil
		want, err := json.Marshal(newMessageBody(fresh))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			acked = nil
			req := &socketmode.Request{EnvelopeID: "env-" + text + string(rune('0'+i)), Type: "slash_commands", AcceptsResponsePayload: true}
			cmd := slack.SlashCommand{Command: "/salary", Text: text, UserID: "U01", ChannelID: "C1", ResponseURL: "http://127.0.0.1:1/r"}
			bot.handleRequest(context.Background(), socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: req}, bot.cfg.Now())
			if len(acked) != 1 || !bytes.Equal(acked[0], want) {
				t.Fatalf("/salary %q, ack %d:\n got %s\nwant %s", text, i, acked, want)
			}
		}
	}
}
