package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hirebot/fakeslack"
)

// harness runs the real hirebot binary's run function against an in-repo fake Slack.
type harness struct {
	t    testing.TB
	fake *fakeslack.Server
	env  map[string]string
	logs *syncBuffer
	stop func() error
}

// syncBuffer collects the bot's log output for inspection.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newFake(t testing.TB, opts fakeslack.Options) *fakeslack.Server {
	t.Helper()
	fake, err := fakeslack.New(opts)
	if err != nil {
		t.Fatalf("start fake Slack: %v", err)
	}
	t.Cleanup(func() { fake.Close() })
	return fake
}

// startBot starts hirebot against fake with the given extra environment and waits until it has
// a Socket Mode connection. The bot is stopped (as by SIGTERM) when the test ends.
func startBot(t testing.TB, fake *fakeslack.Server, env map[string]string) *harness {
	t.Helper()
	h := &harness{t: t, fake: fake, logs: &syncBuffer{}, env: map[string]string{
		"SLACK_APP_TOKEN":   fake.AppToken(),
		"SLACK_BOT_TOKEN":   fake.BotToken(),
		"SLACK_API_URL":     fake.APIURL(),
		"HIREBOT_DB":        filepath.Join(t.TempDir(), "hirebot.db"),
		"HIREBOT_LOG_LEVEL": "debug",
	}}
	for k, v := range env {
		h.env[k] = v
	}
	h.start()
	return h
}

func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, func(k string) string { return h.env[k] }, &bytes.Buffer{}, h.logs)
	}()
	var once sync.Once
	var stopErr error
	h.stop = func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	h.t.Cleanup(func() {
		if err := h.stop(); err != nil {
			h.t.Errorf("hirebot stopped with an error: %v", err)
		}
		if logs := h.logs.String(); strings.Contains(logs, h.fake.BotToken()) || strings.Contains(logs, h.fake.AppToken()) {
			h.t.Error("a Slack token appears in the logs")
		}
		if h.t.Failed() {
			h.t.Logf("hirebot logs:\n%s", h.logs.String())
		}
	})
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := h.fake.WaitConnected(wctx); err != nil {
		h.t.Fatalf("hirebot did not connect: %v\nlogs:\n%s", err, h.logs.String())
	}
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// command runs a slash command as user in channel and returns the reply the user sees.
func (h *harness) command(user, channel, command, text string) fakeslack.Message {
	h.t.Helper()
	ctx := h.ctx()
	cursor := h.fake.Cursor()
	env, err := h.fake.SlashCommand(ctx, user, channel, command, text)
	if err != nil {
		h.t.Fatalf("%s %s: %v", command, text, err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		h.t.Fatalf("%s %s was not acked: %v", command, text, err)
	}
	msg, err := h.fake.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool {
		return m.Channel == channel && m.User == h.fake.BotUserID() && (m.VisibleTo == user || !m.Ephemeral) &&
			(m.Via == fakeslack.ViaAck || m.Via == fakeslack.ViaResponseURL) // a reply, not another post
	})
	if err != nil {
		h.t.Fatalf("%s %s: no reply: %v\nlogs:\n%s", command, text, err, h.logs.String())
	}
	return msg
}

// texts is every text a message's blocks show, joined, for asserting on what the user reads.
func texts(t testing.TB, m fakeslack.Message) string {
	t.Helper()
	var decoded any
	if err := json.Unmarshal(m.Blocks, &decoded); err != nil {
		t.Fatalf("message blocks are not JSON: %v", err)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for _, child := range x {
				walk(child)
			}
		case []any:
			for _, child := range x {
				walk(child)
			}
		}
	}
	walk(decoded)
	return m.Text + "\n" + strings.Join(out, "\n")
}

func mustContain(t testing.TB, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

// run sends a slash command that answers by opening a modal, and waits only for its ack.
func (h *harness) run(user, channel, command, text string) {
	h.t.Helper()
	ctx := h.ctx()
	env, err := h.fake.SlashCommand(ctx, user, channel, command, text)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		h.t.Fatalf("%s %s not acked: %v", command, text, err)
	}
}

// waitView waits for user's open modal with callbackID.
func (h *harness) waitView(user, callbackID string) fakeslack.View {
	h.t.Helper()
	return h.waitViewAfter(0, user, callbackID)
}

// waitViewAfter waits for user's open modal with callbackID, opened or changed after cursor.
func (h *harness) waitViewAfter(cursor uint64, user, callbackID string) fakeslack.View {
	h.t.Helper()
	v, err := h.fake.WaitViewAfter(h.ctx(), cursor, func(v fakeslack.View) bool {
		return v.UserID == user && v.CallbackID == callbackID && !v.Closed
	})
	if err != nil {
		h.t.Fatalf("no %s modal for %s: %v\nlogs:\n%s", callbackID, user, err, h.logs.String())
	}
	return v
}

// submitView submits a modal and returns the ack and the view as it is after the ack.
func (h *harness) submitView(user string, v fakeslack.View, values map[string]map[string]fakeslack.Value) (fakeslack.Ack, fakeslack.View) {
	h.t.Helper()
	ctx := h.ctx()
	env, err := h.fake.SubmitView(ctx, user, v.ID, values)
	if err != nil {
		h.t.Fatalf("submit %s: %v", v.CallbackID, err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		h.t.Fatalf("submission of %s not acked: %v\nlogs:\n%s", v.CallbackID, err, h.logs.String())
	}
	after, _ := h.fake.View(v.ID)
	return ack, after
}

// submit submits a modal and returns the ack payload.
func (h *harness) submit(user string, v fakeslack.View, values map[string]map[string]fakeslack.Value) string {
	h.t.Helper()
	ack, _ := h.submitView(user, v, values)
	return string(ack.Payload)
}

// submitOK submits a modal that Slack must accept, and returns the view after the ack.
func (h *harness) submitOK(user string, v fakeslack.View, values map[string]map[string]fakeslack.Value) fakeslack.View {
	h.t.Helper()
	ack, after := h.submitView(user, v, values)
	if len(ack.Errors) > 0 {
		h.t.Fatalf("Slack refused the answer to %s: %v", v.CallbackID, ack.Errors)
	}
	return after
}

// waitDM waits for a direct message from the bot to user that contains want, posted after cursor.
func (h *harness) waitDM(cursor uint64, user, want string) fakeslack.Message {
	h.t.Helper()
	return h.waitDMMatch(cursor, user, func(m fakeslack.Message) bool { return strings.Contains(texts(h.t, m), want) })
}

// waitDMMatch waits for a direct message from the bot to user, posted after cursor, that match
// accepts.
func (h *harness) waitDMMatch(cursor uint64, user string, match func(fakeslack.Message) bool) fakeslack.Message {
	h.t.Helper()
	dm := h.fake.DMChannel(user)
	m, err := h.fake.WaitMessageAfter(h.ctx(), cursor, func(m fakeslack.Message) bool {
		return m.Channel == dm && m.User == h.fake.BotUserID() && !m.Deleted && match(m)
	})
	if err != nil {
		h.t.Fatalf("no matching direct message to %s: %v\nlogs:\n%s", user, err, h.logs.String())
	}
	return m
}

// dmsContaining counts the bot's current direct messages to user that contain want.
func (h *harness) dmsContaining(user, want string) int {
	n := 0
	for _, m := range h.fake.Messages(h.fake.DMChannel(user)) {
		if strings.Contains(texts(h.t, m), want) {
			n++
		}
	}
	return n
}

// click clicks a button in a message and waits for the ack.
func (h *harness) click(user string, m fakeslack.Message, actionID string) {
	h.t.Helper()
	ctx := h.ctx()
	env, err := h.fake.ClickButton(ctx, user, m, actionID)
	if err != nil {
		h.t.Fatalf("click %s: %v", actionID, err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		h.t.Fatalf("click %s not acked: %v", actionID, err)
	}
}

// clickView clicks a button in user's modal and waits for the ack.
func (h *harness) clickView(user string, v fakeslack.View, actionID string) {
	h.t.Helper()
	ctx := h.ctx()
	env, err := h.fake.ClickViewButton(ctx, user, v, actionID)
	if err != nil {
		h.t.Fatalf("click %s: %v", actionID, err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		h.t.Fatalf("click %s was not acked: %v", actionID, err)
	}
}
