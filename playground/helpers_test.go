package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"hirebot/fakeslack"
)

// envelope is a Socket Mode frame as the test bot reads it.
type envelope struct {
	Type       string          `json:"type"`
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// payload is the part of an envelope's payload the tests look at.
type payload struct {
	Type       string `json:"type"`
	CallbackID string `json:"callback_id"`
	Command    string `json:"command"`
	Text       string `json:"text"`
	TriggerID  string `json:"trigger_id"`
	Actions    []struct {
		ActionID       string            `json:"action_id"`
		BlockID        string            `json:"block_id"`
		SelectedOption *fakeslack.Option `json:"selected_option"`
	} `json:"actions"`
	View struct {
		ID    string `json:"id"`
		State struct {
			Values map[string]map[string]fakeslack.Value `json:"values"`
		} `json:"state"`
	} `json:"view"`
}

// testBot is a hand-written Socket Mode app: reply decides each envelope's ack payload (nil
// acks with none) and may call the Web API first. Every envelope is also sent to got.
type testBot struct {
	t    *testing.T
	fake *fakeslack.Server
	got  chan payload
}

func startTestBot(t *testing.T, fake *fakeslack.Server, reply func(b *testBot, p payload) any) *testBot {
	t.Helper()
	b := &testBot{t: t, fake: fake, got: make(chan payload, 100)}
	var opened struct {
		URL string `json:"url"`
	}
	b.call(fake.AppToken(), "apps.connections.open", nil, &opened)
	ws, _, err := websocket.DefaultDialer.Dial(opened.URL, nil)
	if err != nil {
		t.Fatalf("dial Socket Mode: %v", err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ws.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			var env envelope
			if ws.ReadJSON(&env) != nil {
				return
			}
			if env.EnvelopeID == "" {
				continue
			}
			var p payload
			_ = json.Unmarshal(env.Payload, &p)
			ack := map[string]any{"envelope_id": env.EnvelopeID}
			if r := reply(b, p); r != nil {
				ack["payload"] = r
			}
			if ws.WriteJSON(ack) != nil {
				return
			}
			b.got <- p
		}
	})
	if err := fake.WaitConnected(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	return b
}

// call calls a Web API method with a JSON body and decodes the answer into out.
func (b *testBot) call(token, method string, params map[string]any, out any) {
	b.t.Helper()
	body, _ := json.Marshal(params)
	req, _ := http.NewRequest(http.MethodPost, b.fake.APIURL()+method, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Errorf("%s: %v", method, err)
		return
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var ok struct {
		OK bool `json:"ok"`
	}
	if json.Unmarshal(raw, &ok); !ok.OK {
		b.t.Errorf("%s: %s", method, raw)
	}
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
}

// next returns the next envelope the bot acked.
func (b *testBot) next() payload {
	b.t.Helper()
	select {
	case p := <-b.got:
		return p
	case <-time.After(10 * time.Second):
		b.t.Fatal("the bot received nothing")
		return payload{}
	}
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newTestServer serves a playground for a new fake Slack; adjust edits its Config.
func newTestServer(t *testing.T, adjust func(*Config)) (*httptest.Server, *fakeslack.Server) {
	t.Helper()
	fake, err := fakeslack.New(fakeslack.Options{TriggerTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	AddTeam(fake)
	cfg := Config{Slack: fake, ActionTimeout: 10 * time.Second}
	if adjust != nil {
		adjust(&cfg)
	}
	pg, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(pg)
	t.Cleanup(srv.Close)
	return srv, fake
}

// postJSON posts to the API and returns the status and decoded answer.
func postJSON(t *testing.T, srv *httptest.Server, path string, body any) (int, answer) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(srv.URL+"/api/"+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans answer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		t.Fatalf("%s: answer is not JSON: %v", path, err)
	}
	return resp.StatusCode, ans
}

// getState fetches what user sees in channel.
func getState(t *testing.T, srv *httptest.Server, user, channel string) State {
	t.Helper()
	return getTab(t, srv, user, channel, "")
}

// getTab fetches what user sees in channel on a tab of the app's page.
func getTab(t *testing.T, srv *httptest.Server, user, channel, tab string) State {
	t.Helper()
	resp, err := http.Get(srv.URL + "/api/state?user=" + user + "&channel=" + channel + "&tab=" + tab)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st State
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// blocksJSON is a message or view's blocks for a test bot's replies.
func blocksJSON(t *testing.T, s string) json.RawMessage {
	t.Helper()
	if !json.Valid([]byte(s)) {
		t.Fatalf("test blocks are not JSON: %s", s)
	}
	return json.RawMessage(strings.TrimSpace(s))
}
