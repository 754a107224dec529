package fakeslack_test

import (
	"errors"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// replicas opens n raw sockets, as n replicas of one app would, and
// returns them by connection id (ids start at 1 on a fresh server).
func replicas(t *testing.T, s *fakeslack.Server, n int) map[int]*websocket.Conn {
	t.Helper()
	var pings atomic.Int32
	socks := map[int]*websocket.Conn{}
	for i := 1; i <= n; i++ {
		socks[i] = rawSocket(t, s, &pings)
	}
	if err := s.WaitConnections(testCtx(t), n); err != nil {
		t.Fatal(err)
	}
	if got, want := s.ConnIDs(), ids(1, n); !slices.Equal(got, want) {
		t.Fatalf("ConnIDs %v, want %v", got, want)
	}
	return socks
}

// ids returns from, from+1, …, to.
func ids(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// readEnvelope reads the next envelope frame on ws.
func readEnvelope(t *testing.T, ws *websocket.Conn) rawEnvelope {
	t.Helper()
	var got rawEnvelope
	if err := ws.ReadJSON(&got); err != nil {
		t.Fatalf("read envelope: %v", err)
	}
	return got
}

// ackOn acks an envelope on ws with no payload.
func ackOn(t *testing.T, ws *websocket.Conn, envelopeID string) {
	t.Helper()
	if err := ws.WriteJSON(map[string]string{"envelope_id": envelopeID}); err != nil {
		t.Fatalf("ack: %v", err)
	}
}

// waitEvent returns the first event for which match is true.
func waitEvent(t *testing.T, events <-chan fakeslack.Event, match func(fakeslack.Event) bool) fakeslack.Event {
	t.Helper()
	ctx := testCtx(t)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatal("event stream ended")
			}
			if match(e) {
				return e
			}
		case <-ctx.Done():
			t.Fatal("event never came")
		}
	}
}

func TestEnvelopesSpreadAcrossConnections(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(strconv.Itoa(n)+" sockets", func(t *testing.T) {
			s := newServer(t, fakeslack.Options{})
			socks := replicas(t, s, n)
			ctx := testCtx(t)
			for i := range 2 * n {
				var env *fakeslack.Envelope
				var err error
				if i%2 == 0 {
					env, err = s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
				} else {
					env, err = s.OpenHome(ctx, slacktest.HiringManager, "home")
				}
				if err != nil {
					t.Fatal(err)
				}
				want := i%n + 1 // in turn, in id order
				if env.Conn() != want {
					t.Fatalf("envelope %d went to socket %d, want %d", i, env.Conn(), want)
				}
				got := readEnvelope(t, socks[want])
				if got.EnvelopeID != env.ID || got.RetryAttempt != 0 {
					t.Fatalf("socket %d read %+v, want %s", want, got, env.ID)
				}
				ackOn(t, socks[want], env.ID)
				ack, err := env.WaitAck(ctx)
				if err != nil || ack.Conn != want || ack.Ignored != "" {
					t.Fatalf("ack %+v %v", ack, err)
				}
				if d := env.DeliveredOn(); !slices.Equal(d, []int{want}) || env.Deliveries() != 1 {
					t.Errorf("envelope %d delivered on %v", i, d)
				}
			}
			if acks := s.Acks(); len(acks) != 2*n {
				t.Errorf("%d acks, want %d", len(acks), 2*n)
			}
		})
	}
}

func TestUnackedEnvelopeMovesToAnotherConnection(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	cases := []struct {
		name    string
		sockets int
		fail    func(s *fakeslack.Server, ws *websocket.Conn) // what happens to socket 1 after it got the envelope
		closed  bool                                          // socket 1 is gone afterwards
	}{
		{"stops acking, 2 sockets", 2, func(*fakeslack.Server, *websocket.Conn) {}, false},
		{"stops acking, 3 sockets", 3, func(*fakeslack.Server, *websocket.Conn) {}, false},
		{"replica dies", 3, func(_ *fakeslack.Server, ws *websocket.Conn) { _ = ws.Close() }, true},
		{"replica closes cleanly", 2, func(_ *fakeslack.Server, ws *websocket.Conn) {
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
			_ = ws.Close()
		}, true},
		{"dropped by the fake", 3, func(s *fakeslack.Server, _ *websocket.Conn) { s.DropConnection(1) }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, fakeslack.Options{AckTimeout: 250 * time.Millisecond, MaxRetries: 3})
			socks := replicas(t, s, tc.sockets)
			events, stop := s.Subscribe()
			defer stop()
			ctx := testCtx(t)
			env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
			if err != nil {
				t.Fatal(err)
			}
			if first := readEnvelope(t, socks[1]); first.EnvelopeID != env.ID {
				t.Fatalf("socket 1 read %+v", first)
			}
			tc.fail(s, socks[1])

			retry := waitEvent(t, events, func(e fakeslack.Event) bool {
				return e.Type == fakeslack.EventEnvelopeSent && e.Envelope.ID == env.ID && e.Attempt == 1
			})
			if retry.Conn == 1 || socks[retry.Conn] == nil {
				t.Fatalf("redelivered on socket %d, want another open one", retry.Conn)
			}
			got := readEnvelope(t, socks[retry.Conn])
			if got.EnvelopeID != env.ID || got.RetryAttempt != 1 || got.RetryReason != "timeout" {
				t.Fatalf("redelivery %+v", got)
			}
			ackOn(t, socks[retry.Conn], env.ID)
			ack, err := env.WaitAck(ctx)
			if err != nil || ack.Attempt != 1 || ack.Conn != retry.Conn {
				t.Fatalf("ack %+v %v", ack, err)
			}
			if d := env.DeliveredOn(); !slices.Equal(d, []int{1, retry.Conn}) {
				t.Errorf("delivered on %v, want [1 %d]", d, retry.Conn)
			}

			if tc.closed {
				if slices.Contains(s.ConnIDs(), 1) {
					t.Errorf("socket 1 still listed: %v", s.ConnIDs())
				}
				return
			}
			// The socket that stalled acks at last: Slack ignores the duplicate.
			ackOn(t, socks[1], env.ID)
			late := waitEvent(t, events, func(e fakeslack.Event) bool { return e.Type == fakeslack.EventAck && e.Conn == 1 })
			if late.Ack.Ignored != "duplicate" {
				t.Errorf("second ack %+v, want ignored as duplicate", late.Ack)
			}
			if counted := slices.DeleteFunc(s.Acks(), func(a fakeslack.Ack) bool { return a.Ignored != "" }); len(counted) != 1 {
				t.Errorf("acks that counted: %+v", counted)
			}
		})
	}
}

func TestEnvelopeOfDeadLastSocketWaitsForNext(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 100 * time.Millisecond, MaxRetries: 50})
	socks := replicas(t, s, 1)
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
	if err != nil {
		t.Fatal(err)
	}
	readEnvelope(t, socks[1])
	s.DropConnection(1)

	var pings atomic.Int32
	next := rawSocket(t, s, &pings)
	got := readEnvelope(t, next)
	if got.EnvelopeID != env.ID || got.RetryAttempt < 1 {
		t.Fatalf("redelivery %+v", got)
	}
	ackOn(t, next, env.ID)
	if ack, err := env.WaitAck(ctx); err != nil || ack.Conn != 2 {
		t.Fatalf("ack %+v %v", ack, err)
	}
}

func TestConnectionLimit(t *testing.T) {
	cases := []struct {
		name    string
		then    func(s *fakeslack.Server)
		refused bool
	}{
		{"ten open", func(*fakeslack.Server) {}, true},
		// Sockets told to disconnect count until they close: an app at the
		// limit must close one before it opens another.
		{"ten told to reconnect", (*fakeslack.Server).RequestRefresh, true},
		{"one of ten dropped", func(s *fakeslack.Server) { s.DropConnection(4) }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, fakeslack.Options{})
			replicas(t, s, fakeslack.MaxConnections)
			tc.then(s)

			_, wsURL, err := apiClient(s).StartSocketModeContext(testCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			ws, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
			if err != nil {
				t.Fatalf("dial: %v", err) // Slack upgrades the socket, then refuses
			}
			defer ws.Close()
			_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			var first struct {
				Type           string
				Reason         string
				NumConnections int                   `json:"num_connections"`
				DebugInfo      struct{ Host string } `json:"debug_info"`
			}
			if err := ws.ReadJSON(&first); err != nil {
				t.Fatal(err)
			}
			if !tc.refused {
				if first.Type != "hello" || first.NumConnections != fakeslack.MaxConnections {
					t.Fatalf("first frame %+v, want hello with num_connections 10", first)
				}
				if err := s.WaitConnections(testCtx(t), fakeslack.MaxConnections); err != nil {
					t.Fatal(err)
				}
				if got := s.ConnIDs(); !slices.Equal(got, append(append(ids(1, 3), ids(5, 10)...), 11)) {
					t.Errorf("ConnIDs %v", got)
				}
				return
			}
			if first.Type != "disconnect" || first.Reason != "too_many_websockets" || first.DebugInfo.Host == "" {
				t.Fatalf("first frame %+v, want disconnect too_many_websockets", first)
			}
			_, _, err = ws.ReadMessage()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != websocket.CloseAbnormalClosure {
				t.Errorf("after the refusal: %v, want the connection to end without a close frame (1006)", err)
			}
			if s.Hellos() != fakeslack.MaxConnections {
				t.Errorf("hellos %d, want %d", s.Hellos(), fakeslack.MaxConnections)
			}
		})
	}
}

func TestClosingOneConnectionLeavesOthersWorking(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	socks := replicas(t, s, 3)
	if !s.DropConnection(2) || s.DropConnection(2) {
		t.Fatal("DropConnection(2) should succeed once")
	}
	if got := s.ConnIDs(); !slices.Equal(got, []int{1, 3}) || s.Connections() != 2 {
		t.Fatalf("ConnIDs %v after dropping 2", got)
	}
	if _, _, err := socks[2].ReadMessage(); err == nil {
		t.Error("dropped socket still readable")
	}
	ctx := testCtx(t)
	for i, want := range []int{1, 3, 1, 3} {
		env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		if env.Conn() != want {
			t.Fatalf("envelope %d on socket %d, want %d", i, env.Conn(), want)
		}
		if got := readEnvelope(t, socks[want]); got.EnvelopeID != env.ID {
			t.Fatalf("socket %d read %+v", want, got)
		}
		ackOn(t, socks[want], env.ID)
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSlackGoReplicasShareEnvelopes(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	var bots []*bot
	for range 3 {
		bots = append(bots, startBot(t, s, nil))
	}
	if err := s.WaitConnections(testCtx(t), 3); err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	for range 6 {
		env, err := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
		if err != nil {
			t.Fatal(err)
		}
		if ack, err := env.WaitAck(ctx); err != nil || ack.Conn != env.Conn() || env.Deliveries() != 1 {
			t.Fatalf("ack %+v %v, delivered on %v", ack, err, env.DeliveredOn())
		}
	}
	for i, b := range bots {
		if got := len(b.got); got != 2 {
			t.Errorf("replica %d got %d envelopes, want 2", i, got)
		}
	}
}
