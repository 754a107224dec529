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
