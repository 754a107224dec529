package playground

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// TestImageBlocksShowUploadedFiles uploads a PNG to the fake Slack as the bot does, and checks
// the page shows it in an image block and serves it, and serves nothing else.
func TestImageBlocksShowUploadedFiles(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()))
	f, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{
		Filename: "chart.png", Reader: bytes.NewReader(pic.Bytes()), FileSize: pic.Len()})
	if err != nil {
		t.Fatal(err)
	}
	html := (&renderer{}).block(block{Type: "image", AltText: "a chart", SlackFile: &struct {
		ID string `json:"id"`
	}{ID: f.ID}})
	if !strings.Contains(html, `<img src="/api/files/`+f.ID+`" alt="a chart">`) {
		t.Errorf("image block rendered as %s", html)
	}
	for _, tc := range []struct {
		id, kind string
		status   int
	}{{f.ID, "image/png", http.StatusOK}, {"F0NOPE", "", http.StatusNotFound}} {
		resp, err := http.Get(srv.URL + "/api/files/" + tc.id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || (tc.kind != "" && (resp.Header.Get("Content-Type") != tc.kind || !bytes.Equal(body, pic.Bytes()))) {
			t.Errorf("%s: %d %s, %d bytes", tc.id, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	}
}

// TestMessagesShowSharedFiles uploads files to a DM as the bot does with its Markdown export: the
// page shows each as a card with its title, name, size and a download link, and the link serves
// the content as a download that a browser never renders or runs.
func TestMessagesShowSharedFiles(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()))
	dm := fake.DMChannel(hana)
	upload := func(name, title, content string) *slack.FileSummary {
		t.Helper()
		f, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{Filename: name, Title: title,
			Content: content, FileSize: len(content), Channel: dm, InitialComment: "Here is " + name})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	md := "# Backend Developer\n\nWe sponsor visas.\n"
	posting := upload("backend-developer.md", "Job posting: Backend Developer", md)
	page := upload("page.html", "", `<script>alert("hi")</script>`)
	blob := upload("blob.bin", "", "\x00\x01\x02\xff")

	st := getState(t, srv, hana, dm)
	var shared []FileState
	for _, m := range st.Messages {
		shared = append(shared, m.Files...)
	}
	if len(shared) != 3 || shared[0].ID != posting.ID || shared[0].Name != "backend-developer.md" || shared[0].Size != len(md) || !shared[0].Available {
		t.Fatalf("files in the state: %+v", shared)
	}
	mustContainAll(t, st.HTML.Messages, "Here is backend-developer.md",
		`<a class="sk-file-title" href="/api/files/`+posting.ID+`" download="backend-developer.md">Job posting: Backend Developer</a>`,
		`<span class="sk-file-meta">backend-developer.md · 39 B</span>`, ">Download</a>")

	for _, tc := range []struct{ id, kind, disposition, body string }{
		{posting.ID, "text/plain; charset=utf-8", `attachment; filename=backend-developer.md`, md},
		{page.ID, "text/plain; charset=utf-8", `attachment; filename=page.html`, `<script>alert("hi")</script>`},
		{blob.ID, "application/octet-stream", `attachment; filename=blob.bin`, "\x00\x01\x02\xff"},
	} {
		resp, err := http.Get(srv.URL + "/api/files/" + tc.id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		h := resp.Header
		if resp.StatusCode != http.StatusOK || h.Get("Content-Type") != tc.kind || h.Get("Content-Disposition") != tc.disposition ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox") || string(body) != tc.body {
			t.Errorf("%s: %d %v %q", tc.id, resp.StatusCode, h, body)
		}
	}
}

func TestFileSize(t *testing.T) {
	for n, want := range map[int]string{0: "0 B", 999: "999 B", 1000: "1 KB", 4321: "4 KB", 999_499: "999 KB", 1_260_000: "1.3 MB", 999_700: "1.0 MB"} {
		if got := fileSize(n); got != want {
			t.Errorf("fileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestAFileNoLongerKeptSaysSo: a message whose file the fake Slack does not have shows that the
// file is no longer available, with no link.
func TestAFileNoLongerKeptSaysSo(t *testing.T) {
	got := fileHTML(FileState{ID: "F000000009"})
	if !strings.Contains(got, "no longer available") || strings.Contains(got, "href") {
		t.Errorf("a missing file renders as %s", got)
	}
}
