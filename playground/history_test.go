package playground

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

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
	noFiles := func(string) (fakeslack.File, bool) { return fakeslack.File{}, false }
	if err := saveHistory(path, convs, noFiles); err != nil {
		t.Fatal(err)
	}
	h, err := loadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	got := h.messages
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

// TestHistoryKeepsFilesAndMetadata: after a restart a shared file is still shown and served, an
// image block still finds its upload, and messages keep their metadata.
func TestHistoryKeepsFilesAndMetadata(t *testing.T) {
	history := filepath.Join(t.TempDir(), "playground.history.json")
	fake, _, stop := servePlayground(t, history)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()))
	dm := fake.DMChannel(hana)
	md := "# Backend Developer\n"
	shared, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{Filename: "posting.md", Title: "Job posting",
		Content: md, FileSize: len(md), Channel: dm, InitialComment: "Your posting as Markdown"})
	if err != nil {
		t.Fatal(err)
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	chart, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{Filename: "chart.png", Reader: bytes.NewReader(pic.Bytes()), FileSize: pic.Len()})
	if err != nil {
		t.Fatal(err)
	}
	bot := &testBot{t: t, fake: fake}
	bot.call(fake.BotToken(), "chat.postMessage", map[string]any{"channel": dm, "text": "Chart",
		"blocks":   blocksJSON(t, `[{"type":"image","alt_text":"a chart","slack_file":{"id":"`+chart.ID+`"}}]`),
		"metadata": map[string]any{"event_type": "hirebot_chart", "event_payload": map[string]any{"n": 1}}}, nil)
	waitFile(t, history, "hirebot_chart")
	stop()

	fake, url, _ := servePlayground(t, history)
	msgs := fake.Messages(dm)
	if len(msgs) != 2 || !slices.Equal(msgs[0].Files, []string{shared.ID}) || !strings.Contains(string(msgs[1].Metadata), "hirebot_chart") {
		t.Fatalf("after a restart: %+v", msgs)
	}
	st := getStateAt(t, url, hana, dm)
	mustContainAll(t, st.HTML.Messages, `href="/api/files/`+shared.ID+`"`, "Job posting", `<img src="/api/files/`+chart.ID+`"`)
	for id, want := range map[string][]byte{shared.ID: []byte(md), chart.ID: pic.Bytes()} {
		resp, err := http.Get(url + "/api/files/" + id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Equal(body, want) {
			t.Errorf("%s after a restart: %d, %d bytes", id, resp.StatusCode, len(body))
		}
	}
	// A new upload does not take a restored file's id.
	next, err := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL())).UploadFileContext(context.Background(),
		slack.UploadFileParameters{Filename: "b.md", Content: "b", FileSize: 1, Channel: dm})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID == shared.ID || next.ID == chart.ID {
		t.Errorf("new upload got a restored id %s", next.ID)
	}
}
