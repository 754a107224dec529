package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func TestSlashCommandAckShowsEphemeral(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, func(b *bot, evt socketmode.Event) {
		b.ack(evt, map[string]any{"text": "Bands for Berlin"})
	})
	waitFor(t, func() bool { return b.hellos.Load() == 1 })
	if s.Hellos() != 1 {
		t.Errorf("server sent %d hellos", s.Hellos())
	}
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "berlin")
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t)
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok {
		t.Fatalf("data %T", evt.Data)
	}
	want := slack.SlashCommand{Token: fakeslack.VerificationToken, TeamID: "T0001", TeamDomain: "acme",
		ChannelID: slacktest.Hiring, ChannelName: "hiring", UserID: slacktest.HiringManager, UserName: "hana",
		Command: "/salary", Text: "berlin", ResponseURL: env.ResponseURL, TriggerID: env.TriggerID, APIAppID: "A0001"}
	if cmd != want {
		t.Errorf("slash command\n got %+v\nwant %+v", cmd, want)
	}
	if !evt.Request.AcceptsResponsePayload || evt.Request.RetryAttempt != 0 || evt.Request.EnvelopeID != env.ID {
		t.Errorf("request %+v", evt.Request)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil || ack.Ignored != "" || !strings.Contains(string(ack.Payload), "Bands") {
		t.Fatalf("ack %+v err %v", ack, err)
	}
	msgs := s.Messages(slacktest.Hiring)
	if len(msgs) != 1 || !msgs[0].Ephemeral || msgs[0].VisibleTo != slacktest.HiringManager ||
		msgs[0].Text != "Bands for Berlin" || msgs[0].Via != fakeslack.ViaAck {
		t.Errorf("messages %+v", msgs)
	}
}

func TestSlashCommandInChannelAck(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, func(b *bot, evt socketmode.Event) {
		b.ack(evt, map[string]any{"response_type": "in_channel", "text": "Posting opened"})
	})
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/posting", "open")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(slacktest.Hiring)
	if len(msgs) != 2 || msgs[0].User != slacktest.Recruiter || msgs[0].Text != "/posting open" ||
		msgs[1].Ephemeral || msgs[1].Text != "Posting opened" {
		t.Errorf("messages %+v", msgs)
	}
}

func TestAckWithInvalidBlocksShowsError(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, func(b *bot, evt socketmode.Event) {
		b.ack(evt, map[string]any{"blocks": []any{map[string]any{"type": "header", "text": md("no")}}})
	})
	ctx := testCtx(t)
	env, _ := s.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/x", "")
	ack, err := env.WaitAck(ctx)
	if err != nil || len(ack.Errors) != 1 {
		t.Fatalf("ack %+v %v", ack, err)
	}
	ue := s.UserErrors()
	if len(ue) != 1 || ue[0].Code != fakeslack.ErrInvalidBlocks || len(s.Messages(slacktest.Hiring)) != 0 {
		t.Errorf("user errors %+v", ue)
	}
}

func TestUnackedEnvelopeIsRedelivered(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 500 * time.Millisecond})
	b := startBot(t, s, func(b *bot, evt socketmode.Event) {
		if evt.Request.RetryAttempt == 1 {
			b.ack(evt, nil)
		}
	})
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
	if err != nil {
		t.Fatal(err)
	}
	first, retry := b.next(t), b.next(t)
	if first.Request.EnvelopeID != env.ID || retry.Request.EnvelopeID != env.ID {
		t.Errorf("envelope ids %q %q, want %q", first.Request.EnvelopeID, retry.Request.EnvelopeID, env.ID)
	}
	if first.Request.RetryAttempt != 0 || first.Request.RetryReason != "" ||
		retry.Request.RetryAttempt != 1 || retry.Request.RetryReason != "timeout" {
		t.Errorf("attempts %d/%q then %d/%q", first.Request.RetryAttempt, first.Request.RetryReason,
			retry.Request.RetryAttempt, retry.Request.RetryReason)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil || ack.Attempt != 1 || env.Deliveries() != 2 {
		t.Errorf("ack %+v err %v deliveries %d", ack, err, env.Deliveries())
	}
}

func TestNeverAckedCommandTimesOut(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 50 * time.Millisecond, MaxRetries: 2})
	b := startBot(t, s, func(*bot, socketmode.Event) {})
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); !errors.Is(err, fakeslack.ErrNotAcked) {
		t.Fatalf("WaitAck: %v, want ErrNotAcked", err)
	}
	ue, err := s.WaitUserError(ctx, func(e fakeslack.UserError) bool { return e.EnvelopeID == env.ID })
	if err != nil || ue.Code != "operation_timeout" || ue.UserID != slacktest.HiringManager ||
		ue.Text != `/salary failed with the error "operation_timeout"` {
		t.Errorf("user error %+v %v", ue, err)
	}
	if env.Deliveries() != 3 {
		t.Errorf("deliveries %d, want 3", env.Deliveries())
	}
	late := b.next(t)
	b.ack(late, nil)
	waitFor(t, func() bool { return len(s.Acks()) == 1 })
	if a := s.Acks()[0]; a.Ignored != "late" {
		t.Errorf("late ack %+v", a)
	}
}

// waitFor polls a condition the fake offers no wait for (test-only).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// rawSocket opens a Socket Mode connection with gorilla and reads hello.
func rawSocket(t *testing.T, s *fakeslack.Server, pings *atomic.Int32) *websocket.Conn {
	t.Helper()
	_, wsURL, err := apiClient(s).StartSocketModeContext(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	// A bound so a broken fake fails the test instead of hanging it.
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	ws.SetPingHandler(func(data string) error {
		pings.Add(1)
		return ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	var hello struct {
		Type           string
		NumConnections int `json:"num_connections"`
		ConnectionInfo struct {
			AppID string `json:"app_id"`
		} `json:"connection_info"`
		DebugInfo struct {
			ApproximateConnectionTime int `json:"approximate_connection_time"`
		} `json:"debug_info"`
	}
	if err := ws.ReadJSON(&hello); err != nil {
		t.Fatal(err)
	}
	if hello.Type != "hello" || hello.NumConnections < 1 || hello.ConnectionInfo.AppID != "A0001" || hello.DebugInfo.ApproximateConnectionTime != 3600 {
		t.Errorf("hello %+v", hello)
	}
	return ws
}

type rawEnvelope struct {
	EnvelopeID   string          `json:"envelope_id"`
	Type         string          `json:"type"`
	Payload      json.RawMessage `json:"payload"`
	RetryAttempt int             `json:"retry_attempt"`
	RetryReason  string          `json:"retry_reason"`
}

func TestOversizedAckIsDropped(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 200 * time.Millisecond, MaxRetries: 50})
	var pings atomic.Int32
	ws := rawSocket(t, s, &pings)
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/big", "")
	if err != nil {
		t.Fatal(err)
	}
	var got rawEnvelope
	if err := ws.ReadJSON(&got); err != nil || got.EnvelopeID != env.ID || got.Type != "slash_commands" {
		t.Fatalf("envelope %+v %v", got, err)
	}
	big := `{"envelope_id":"` + env.ID + `","payload":{"text":"` + strings.Repeat("x", 20480) + `"}}`
	if err := ws.WriteMessage(websocket.TextMessage, []byte(big)); err != nil {
		t.Fatal(err)
	}
	_, _, err = ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseMessageTooBig {
		t.Fatalf("read after big ack: %v, want close 1009", err)
	}
	if len(s.Acks()) != 0 {
		t.Errorf("oversized ack counted: %+v", s.Acks())
	}

	// The envelope is still un-acked: it comes again on the next socket.
	ws2 := rawSocket(t, s, &pings)
	if err := ws2.ReadJSON(&got); err != nil || got.EnvelopeID != env.ID || got.RetryAttempt < 1 || got.RetryReason != "timeout" {
		t.Fatalf("redelivery %+v %v", got, err)
	}
	if err := ws2.WriteJSON(map[string]any{"envelope_id": env.ID, "payload": map[string]string{"text": "small"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestServerSendsPings(t *testing.T) {
	s := newServer(t, fakeslack.Options{PingInterval: 10 * time.Millisecond})
	var pings atomic.Int32
	ws := rawSocket(t, s, &pings)
	go func() {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	waitFor(t, func() bool { return pings.Load() >= 2 })
}

func TestSocketTicketIsSingleUse(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	_, wsURL, err := apiClient(s).StartSocketModeContext(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	_, resp, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("second dial with the same ticket: %v", err)
	}
}

func TestReconnectAfterRefreshAndDrop(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, func(b *bot, evt socketmode.Event) { b.ack(evt, map[string]string{"text": "pong"}) })
	ctx := testCtx(t)
	faults := []struct {
		name   string
		inject func()
	}{
		{"refresh_requested", s.RequestRefresh},
		{"dropped", s.DropConnections},
		{"link_disabled", func() { s.Disconnect("link_disabled") }},
	}
	for i, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			f.inject()
			if err := s.WaitConnected(ctx); err != nil {
				t.Fatal(err)
			}
			if s.Hellos() != i+2 {
				t.Errorf("hellos %d, want %d", s.Hellos(), i+2)
			}
			env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/ping", "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := env.WaitAck(ctx); err != nil {
				t.Fatalf("no ack after reconnect: %v", err)
			}
		})
	}
	waitFor(t, func() bool { return b.hellos.Load() == 4 })
}

func TestEnvelopeWaitsForReconnect(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 100 * time.Millisecond, MaxRetries: 100})
	var dropped atomic.Bool
	startBot(t, s, func(b *bot, evt socketmode.Event) {
		if dropped.CompareAndSwap(false, true) {
			s.DropConnections() // the socket dies before the ack
			return
		}
		b.ack(evt, nil)
	})
	ctx, cancel := context.WithTimeout(testCtx(t), 10*time.Second)
	defer cancel()
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/x", "")
	if err != nil {
		t.Fatal(err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil || ack.Attempt < 1 {
		t.Fatalf("ack %+v %v", ack, err)
	}
}

// TestHoldDeliveriesSendsHeldEnvelopesOnRelease: envelopes sent while deliveries are held reach
// the app only on release, in order and as first attempts; later ones go out at once.
func TestHoldDeliveriesSendsHeldEnvelopesOnRelease(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	release := s.HoldDeliveries()
	var envs []*fakeslack.Envelope
	for _, text := range []string{"one", "two", "three"} {
		env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", text)
		if err != nil {
			t.Fatal(err)
		}
		envs = append(envs, env)
	}
	for _, env := range envs {
		if n := env.Deliveries(); n != 0 {
			t.Fatalf("envelope %s went out %d times while deliveries were held", env.ID, n)
		}
	}
	release()
	release() // a second call does nothing
	for i, env := range envs {
		evt := b.next(t)
		if evt.Request.EnvelopeID != env.ID || evt.Request.RetryAttempt != 0 {
			t.Errorf("delivery %d: %+v, want envelope %s, first attempt", i, evt.Request, env.ID)
		}
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatal(err)
		}
	}
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "four")
	if err != nil {
		t.Fatal(err)
	}
	if evt := b.next(t); evt.Request.EnvelopeID != env.ID {
		t.Errorf("after release: %+v", evt.Request)
	}
}
