package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

func TestUndecodableEnvelopeIsAckedAndLoggedWithoutItsContent(t *testing.T) {
	tb := startTestBot(t, commandRoutes(map[string]handlers.CommandFunc{
		"/ok": func(context.Context, handlers.Command) (handlers.Response, error) {
			return textReply("still here"), nil
		},
	}), nil)
	const secret = "candidate-salary-expectation-98765"
	payload := json.RawMessage(`{"type":42,"user":{"id":"U0REC"},"note":"` + secret + `"}`)
	ctx := tb.Ctx()
	env, err := tb.Fake.SendMalformed(ctx, fakeslack.TypeInteractive, payload)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		t.Fatalf("the undecodable envelope was not acked: %v\nlogs:\n%s", err, tb.Logs.String())
	}
	if ack.Attempt != 0 || !tb.Fake.Acked(env.ID) {
		t.Errorf("acked on attempt %d, want the first delivery", ack.Attempt)
	}
	if env.Deliveries() != 1 {
		t.Errorf("sent %d times, want once", env.Deliveries())
	}
	// The line is written just after the ack leaves, so it may trail the ack by a moment.
	var line string
	for deadline := time.Now().Add(2 * time.Second); line == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, l := range strings.Split(tb.Logs.String(), "\n") {
			if strings.Contains(l, "undecodable envelope acked") {
				line = l
			}
		}
	}
	if line == "" {
		t.Fatalf("no log line for the undecodable envelope:\n%s", tb.Logs.String())
	}
	frame := len(`{"envelope_id":"","type":"interactive","payload":,"accepts_response_payload":false,"retry_attempt":0,"retry_reason":""}`) +
		len(env.ID) + len(payload)
	slacktest.MustContain(t, line, "envelope="+env.ID, "bytes="+strconv.Itoa(frame), "parsing interaction callback", "type=interactive")
	if logs := tb.Logs.String(); strings.Contains(logs, secret) || strings.Contains(logs, "123 34") {
		t.Errorf("the logs show the envelope's content:\n%s", logs)
	}
	if _, msg := tb.command("/ok", ""); msg.Text != "still here" {
		t.Errorf("after an undecodable envelope the bot answered %q", msg.Text)
	}
}
