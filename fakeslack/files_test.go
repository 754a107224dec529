package fakeslack_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func TestUploadFileThroughExternalUpload(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	content := "# Backend Developer\n\nWe sponsor visas.\n"
	f, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{
		Filename: "posting.md", FileSize: len(content), Content: content, Title: "Job posting",
		Channel: slacktest.General, InitialComment: "Here it is",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 1 || files[0].ID != f.ID || string(files[0].Content) != content || !files[0].Complete || files[0].Title != "Job posting" {
		t.Fatalf("files = %+v, summary %+v", files, f)
	}
	var shared []fakeslack.Message
	for _, m := range s.Messages(slacktest.General) {
		if len(m.Files) > 0 {
			shared = append(shared, m)
		}
	}
	if len(shared) != 1 || shared[0].Text != "Here it is" || shared[0].Files[0] != f.ID || shared[0].Via != fakeslack.ViaFileUpload {
		t.Errorf("shared messages = %+v", shared)
	}
}

func TestUploadFileErrors(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	bot := s.BotToken()
	s.AddChannel(fakeslack.Channel{ID: "C0SECRET", Name: "secret", Members: []string{slacktest.HiringManager}})
	for _, form := range []url.Values{
		{"length": {"3"}},
		{"filename": {"a.md"}},
		{"filename": {"a.md"}, "length": {"0"}},
		{"filename": {"a.md"}, "length": {"x"}},
	} {
		if _, _, body := post(t, s, "files.getUploadURLExternal", bot, form); body["error"] != "invalid_arguments" {
			t.Errorf("%v: %v, want invalid_arguments", form, body)
		}
	}
	_, _, body := post(t, s, "files.getUploadURLExternal", bot, url.Values{"filename": {"a.md"}, "length": {"3"}})
	uploadURL, id := body["upload_url"].(string), body["file_id"].(string)
	if !strings.HasPrefix(uploadURL, s.URL()) || id == "" {
		t.Fatalf("getUploadURLExternal = %v", body)
	}
	complete := func(files, channel string) string {
		_, _, body := post(t, s, "files.completeUploadExternal", bot, url.Values{"files": {files}, "channel_id": {channel}})
		e, _ := body["error"].(string)
		return e
	}
	if got := complete(`[{"id":"`+id+`"}]`, ""); got != "file_not_found" {
		t.Errorf("complete before the upload: %q, want file_not_found", got)
	}
	resp, err := http.Post(uploadURL, "application/octet-stream", strings.NewReader("toolong"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("upload of 7 bytes for 3: status %d, want 400", resp.StatusCode)
	}
	resp, err = http.Post(uploadURL, "application/octet-stream", strings.NewReader("abc"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("upload: status %d", resp.StatusCode)
	}
	for files, want := range map[string]string{
		"":                      "invalid_arguments",
		"[]":                    "invalid_arguments",
		`[{"id":"F0NOPE"}]`:     "file_not_found",
		`[{"id":"` + id + `"}]`: "not_in_channel",
	} {
		if got := complete(files, "C0SECRET"); got != want {
			t.Errorf("complete %q: %q, want %q", files, got, want)
		}
	}
	if got := complete(`[{"id":"`+id+`"}]`, slacktest.General); got != "" {
		t.Errorf("complete: %q", got)
	}
	if got := complete(`[{"id":"`+id+`"}]`, slacktest.General); got != "file_not_found" {
		t.Errorf("complete twice: %q, want file_not_found", got)
	}
}

// TestImageBlockShowsAnUploadedImage: an image block may show by slack_file id a file uploaded
// privately (no channel) only once it is finished and only when it is an image.
func TestImageBlockShowsAnUploadedImage(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	ctx := context.Background()
	upload := func(name, content string) string {
		f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: name, FileSize: len(content), Content: content})
		if err != nil {
			t.Fatal(err)
		}
		return f.ID
	}
	pngID := upload("chart.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	textID := upload("notes.md", "# not an image\n")
	for _, m := range s.Messages(slacktest.General) {
		if len(m.Files) > 0 {
			t.Errorf("a private upload was shared: %+v", m)
		}
	}
	post := func(id string) error {
		img := slack.NewImageBlockSlackFile(&slack.SlackFileObject{ID: id}, "a chart", "", nil)
		_, _, err := api.PostMessageContext(ctx, slacktest.General, slack.MsgOptionText("chart", false), slack.MsgOptionBlocks(img))
		return err
	}
	if err := post(pngID); err != nil {
		t.Errorf("image block with an uploaded PNG: %v", err)
	}
	for _, id := range []string{textID, "F0NOSUCHFILE"} {
		if err := post(id); err == nil || !strings.Contains(err.Error(), "invalid_blocks") {
			t.Errorf("image block with %s: %v, want invalid_blocks", id, err)
		}
	}
}

// TestRestoreFiles puts back files kept from an earlier run: they are served as before, and a
// new upload gets an id of its own.
func TestRestoreFiles(t *testing.T) {
	first := newServer(t, fakeslack.Options{})
	content := "# Backend Developer\n"
	f, err := apiClient(first).UploadFileContext(context.Background(), slack.UploadFileParameters{
		Filename: "posting.md", FileSize: len(content), Content: content, Title: "Job posting", Channel: slacktest.General})
	if err != nil {
		t.Fatal(err)
	}
	kept := first.Files()

	s := newServer(t, fakeslack.Options{})
	if n := s.RestoreFiles(append(kept,
		fakeslack.File{ID: "F0NOTOURS", Name: "x.md", Content: []byte("x")}, // not an id the fake makes
		fakeslack.File{ID: "F00000FFFF", Name: "empty.md"},                  // nothing to serve
	)); n != 1 {
		t.Fatalf("restored %d files, want 1", n)
	}
	if n := s.RestoreFiles(kept); n != 0 {
		t.Errorf("restored %d files twice", n)
	}
	got, ok := s.File(f.ID)
	if !ok || string(got.Content) != content || got.Name != "posting.md" || got.Title != "Job posting" || !got.Complete || got.Length != len(content) {
		t.Fatalf("restored file = %+v", got)
	}
	next, err := apiClient(s).UploadFileContext(context.Background(), slack.UploadFileParameters{
		Filename: "b.md", FileSize: 1, Content: "b", Channel: slacktest.General})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID == f.ID {
		t.Errorf("a new upload took the restored file's id %s", f.ID)
	}
	if got, _ := s.File(f.ID); string(got.Content) != content {
		t.Errorf("the restored file changed: %q", got.Content)
	}
}

// files.delete as Slack documents it: the file goes, and with it the message that shared it
// alone; a message with text keeps its text; errors file_not_found, file_deleted and
// cant_delete_file.
func TestDeleteFile(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	ctx := context.Background()
	upload := func(comment string) string {
		t.Helper()
		f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
			Filename: "export.json", FileSize: 2, Content: "{}", Channel: slacktest.General, InitialComment: comment})
		if err != nil {
			t.Fatal(err)
		}
		return f.ID
	}
	alone, withText, refused := upload(""), upload("Here it is"), upload("")
	s.SetUndeletable(refused, true)

	for _, id := range []string{alone, withText} {
		if err := api.DeleteFileContext(ctx, id); err != nil {
			t.Fatalf("files.delete %s: %v", id, err)
		}
		if f, _ := s.File(id); !f.Deleted || f.Content != nil {
			t.Errorf("after files.delete: %+v", f)
		}
	}
	var left []string
	for _, m := range s.Messages(slacktest.General) {
		left = append(left, strings.TrimSpace(m.Text+" "+strings.Join(m.Files, ",")))
	}
	// The commented one keeps its text, the refused one its file; the other is gone.
	if strings.Join(left, "; ") != "Here it is; "+refused {
		t.Errorf("messages left: %q", left)
	}
	for _, c := range []struct{ id, want string }{
		{alone, "file_deleted"}, {"F0NONE", "file_not_found"}, {refused, "cant_delete_file"}, {"", "invalid_arguments"},
	} {
		if err := api.DeleteFileContext(ctx, c.id); err == nil || err.Error() != c.want {
			t.Errorf("files.delete %q = %v, want %s", c.id, err, c.want)
		}
	}
}
