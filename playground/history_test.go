package playground

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
)

// servePlayground runs a playground with a history file on a fresh fake Slack until stop.
func servePlayground(t *testing.T, history string) (fake *fakeslack.Server, url string, stop func()) {
	t.Helper()
	fake, err := fakeslack.New(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	AddTeam(fake)
	pg, err := New(Config{Slack: fake, HistoryPath: history, ActionTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pg.Serve(ctx, ln) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		fake.Close()
	}
	t.Cleanup(stop)
	return fake, "http://" + ln.Addr().String(), stop
}

func TestHistorySurvivesRestart(t *testing.T) {
	history := filepath.Join(t.TempDir(), "playground.history.json")
	fake, url, stop := servePlayground(t, history)

	resp, err := http.Post(url+"/api/command", "application/json",
		strings.NewReader(fmt.Sprintf(`{"user":%q,"channel":%q,"text":"Morning all"}`, hana, Hiring)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	bot := &testBot{t: t, fake: fake}
	bot.call(fake.BotToken(), "chat.postMessage", map[string]any{"channel": fake.DMChannel(ivan), "text": "Heads-up",
		"blocks": blocksJSON(t, menuBlocks)}, nil)
	bot.call(fake.BotToken(), "chat.postEphemeral", map[string]any{"channel": Hiring, "user": hana, "text": "Only for Hana"}, nil)
	before := slices.DeleteFunc(append(fake.Messages(Hiring), fake.Messages(fake.DMChannel(ivan))...),
		func(m fakeslack.Message) bool { return m.Ephemeral })

	// Saved on every change, not only at the end: a crash keeps what was said.
	waitFile(t, history, "Heads-up")
	stop()

	fake, url, _ = servePlayground(t, history)
	after := append(fake.Messages(Hiring), fake.Messages(fake.DMChannel(ivan))...)
	if len(after) != 2 {
		t.Fatalf("after a restart: %+v", after)
	}
	for i, m := range after {
		b := before[i]
		if m.TS != b.TS || m.User != b.User || m.Text != b.Text || string(m.Blocks) != string(b.Blocks) || m.Ephemeral {
			t.Errorf("message %d came back as %+v, was %+v", i, m, b)
		}
	}
	st := getStateAt(t, url, ivan, fake.DMChannel(ivan))
	mustContainAll(t, st.HTML.Messages, "Share in channel", `data-action="share"`)

	// New messages come after the old ones, and the file keeps both.
	later, err := fake.PostUserMessage(hana, Hiring, "Back again")
	if err != nil {
		t.Fatal(err)
	}
	if messageTime(later.TS).Compare(messageTime(after[0].TS)) <= 0 {
		t.Errorf("new message %s is not after the restored %s", later.TS, after[0].TS)
	}
	waitFile(t, history, "Back again")
	if raw, _ := os.ReadFile(history); !strings.Contains(string(raw), "Morning all") || strings.Contains(string(raw), "Only for Hana") {
		t.Errorf("history file: %s", raw)
	}
}

func TestHistoryIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.json")
	convs := map[string][]fakeslack.Message{}
	for i := range historyLimit + 20 {
		ts := fmt.Sprintf("%d.%06d", 1700000000+i, 0)
		convs[Hiring] = append(convs[Hiring], fakeslack.Message{Channel: Hiring, TS: ts, User: hana, Text: fmt.Sprint(i)})
	}
	convs[General] = []fakeslack.Message{{Channel: General, TS: "1600000000.000000", User: ivan, Text: "old but alone"}}
	if err := saveHistory(path, convs); err != nil {
		t.Fatal(err)
	}
	got, err := loadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != historyLimit+1 || got[0].Text != "old but alone" || got[1].Text != "20" || got[len(got)-1].Text != fmt.Sprint(historyLimit+19) {
		t.Errorf("kept %d messages, first %+v, second %+v", len(got), got[0], got[1])
	}
}

func TestBrokenHistoryStartsEmpty(t *testing.T) {
	tests := []struct{ name, content string }{
		{"not JSON", "{"},
		{"other version", `{"version":99,"messages":[{"channel":"C0HIRING","ts":"1.000001","user":"U0HM","text":"x"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "h.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			fake, _, _ := servePlayground(t, path)
			if msgs := fake.Messages(Hiring); len(msgs) != 0 {
				t.Errorf("restored %+v", msgs)
			}
		})
	}
}

// waitFile waits until the file at path contains want.
func waitFile(t *testing.T, path, want string) {
	t.Helper()
	ctx := testCtx(t)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if raw, err := os.ReadFile(path); err == nil && strings.Contains(string(raw), want) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never contained %q", path, want)
		case <-tick.C:
		}
	}
}

// getStateAt fetches what user sees in channel from a playground at url.
func getStateAt(t *testing.T, url, user, channel string) State {
	t.Helper()
	return getState(t, &httptest.Server{URL: url}, user, channel)
}
