package fakeslack

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Slack's external upload, in three steps: files.getUploadURLExternal
// reserves a file id and an upload URL for a declared length;
// the app POSTs the bytes to the upload URL (raw, or as the "file" field
// of a multipart form); files.completeUploadExternal finishes the files
// and, with channel_id, shares them in a message carrying a files array.

// MaxFileSize is the largest file Slack accepts: 1 GB.
const MaxFileSize = 1 << 30

// File is an uploaded file.
type File struct {
	ID       string
	Name     string
	Title    string
	Length   int
	Content  []byte
	Uploaded bool // the bytes arrived at the upload URL
	Complete bool // files.completeUploadExternal finished it
	Deleted  bool // files.delete deleted it
	// Undeletable makes files.delete answer cant_delete_file for it (see SetUndeletable).
	Undeletable bool
}

// Files returns every file reserved so far, in no particular order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, f := range s.st.files {
		c := *f
		c.Content = append([]byte(nil), f.Content...)
		out = append(out, c)
	}
	return out
}

// File returns the file with that id, if one was reserved.
func (s *Server) File(id string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.st.files[id]
	if !ok {
		return File{}, false
	}
	c := *f
	c.Content = append([]byte(nil), f.Content...)
	return c, true
}

// filesGetUploadURLExternal reserves a file: filename and length are required.
func (s *Server) filesGetUploadURLExternal(r *apiRequest) result {
	name := r.get("filename")
	n, err := strconv.Atoi(r.get("length"))
	switch {
	case name == "" || r.get("length") == "" || err != nil:
		return fail("invalid_arguments")
	case n <= 0 || n > MaxFileSize:
		return fail("invalid_arguments")
	}
	id := s.newIDLocked("F")
	s.st.files[id] = &File{ID: id, Name: name, Length: n}
	return okResult("upload_url", s.base+"/upload/"+id, "file_id", id)
}

// serveUpload receives a file's bytes at its upload URL. Like Slack it
// answers "OK - <length>" with status 200, and refuses bytes whose count
// differs from the declared length.
func (s *Server) serveUpload(w http.ResponseWriter, hr *http.Request) {
	id := strings.TrimPrefix(hr.URL.Path, "/upload/")
	if hr.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := uploadBody(hr)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.files[id]
	switch {
	case f == nil || f.Complete:
		http.Error(w, "file not found", http.StatusNotFound)
		return
	case len(body) != f.Length:
		http.Error(w, "length mismatch: declared "+strconv.Itoa(f.Length)+", got "+strconv.Itoa(len(body)), http.StatusBadRequest)
		return
	}
	f.Content, f.Uploaded = body, true
	s.bumpLocked()
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(body)))
}

// uploadBody is the bytes of an upload: the "file" part of a multipart
// form, or the raw body.
func uploadBody(hr *http.Request) ([]byte, error) {
	body := io.LimitReader(hr.Body, MaxFileSize+1)
	if !strings.HasPrefix(hr.Header.Get("Content-Type"), "multipart/form-data") {
		return io.ReadAll(body)
	}
	mr, err := hr.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, err
		}
		if p.FormName() == "file" {
			return io.ReadAll(p)
		}
	}
}

// filesCompleteUploadExternal finishes uploaded files and, with
// channel_id (or channels), shares them there in one message whose text
// is initial_comment.
func (s *Server) filesCompleteUploadExternal(r *apiRequest) result {
	var specs []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.get("files")), &specs); err != nil || len(specs) == 0 {
		return fail("invalid_arguments")
	}
	var files []*File
	for _, sp := range specs {
		f := s.st.files[sp.ID]
		if sp.ID == "" || f == nil || !f.Uploaded || f.Complete {
			return fail("file_not_found")
		}
		files = append(files, f)
	}
	channel := r.get("channel_id")
	if channel == "" {
		channel, _, _ = strings.Cut(r.get("channels"), ",")
	}
	var c *Channel
	if channel != "" {
		var res result
		if c, res = s.botChannelLocked(channel); res != nil {
			return res
		}
	}
	out := make([]map[string]any, len(files))
	for i, f := range files {
		f.Complete = true
		if specs[i].Title != "" {
			f.Title = specs[i].Title
		} else {
			f.Title = f.Name
		}
		out[i] = map[string]any{"id": f.ID, "title": f.Title}
	}
	if c != nil {
		m := Message{Channel: c.ID, ThreadTS: r.get("thread_ts"), User: s.opts.BotUserID,
			Text: r.get("initial_comment"), Via: ViaFileUpload}
		for _, f := range files {
			m.Files = append(m.Files, f.ID)
		}
		s.postLocked(m)
	}
	return okResult("files", out)
}

// checkSlackFilesLocked checks what image blocks show by slack_file id: like Slack, a file must
// exist, be uploaded and finished, and be a PNG, JPEG or GIF image. (A slack_file given by url
// is taken as it is.)
func (s *Server) checkSlackFilesLocked(raw json.RawMessage) []string {
	var errs []string
	for i, b := range decodeBlocks(raw) {
		if b["type"] != "image" {
			continue
		}
		sf, _ := b["slack_file"].(map[string]any)
		id, _ := sf["id"].(string)
		if sf == nil || id == "" {
			continue
		}
		ptr := " [json-pointer:/blocks/" + strconv.Itoa(i) + "/slack_file/id]"
		switch f := s.st.files[id]; {
		case f == nil || !f.Complete:
			errs = append(errs, "invalid slack file: no such file "+id+ptr)
		case !isImage(f.Content):
			errs = append(errs, "invalid slack file: "+id+" is not a png, jpg, jpeg or gif image"+ptr)
		}
	}
	return errs
}

// isImage reports whether b starts as a PNG, JPEG or GIF image does.
func isImage(b []byte) bool {
	switch http.DetectContentType(b) {
	case "image/png", "image/jpeg", "image/gif":
		return true
	}
	return false
}

// SetUndeletable makes files.delete refuse the file with that id (cant_delete_file), as Slack
// refuses a file the caller may not delete; false lifts it.
func (s *Server) SetUndeletable(id string, undeletable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.st.files[id]; f != nil {
		f.Undeletable = undeletable
	}
}

// filesDelete deletes a file (https://api.slack.com/methods/files.delete): file is required;
// an unknown id answers file_not_found, one deleted already file_deleted, and one the caller may
// not delete cant_delete_file. The file leaves the messages that share it; a message that shared
// only files and no text goes with them, one with text keeps its text.
func (s *Server) filesDelete(r *apiRequest) result {
	id := r.get("file")
	f := s.st.files[id]
	switch {
	case id == "":
		return fail("invalid_arguments")
	case f == nil:
		return fail("file_not_found")
	case f.Deleted:
		return fail("file_deleted")
	case f.Undeletable:
		return fail("cant_delete_file")
	}
	f.Deleted, f.Content = true, nil
	for _, m := range s.st.messages {
		if m.Deleted || !slices.Contains(m.Files, id) {
			continue
		}
		files := slices.DeleteFunc(slices.Clone(m.Files), func(x string) bool { return x == id })
		if len(files) == 0 && m.Text == "" {
			s.deleteLocked(m)
			continue
		}
		m.Files = files
		s.editLocked(m, m.Text, m.Blocks, ViaFileUpload)
	}
	s.bumpLocked()
	return okResult()
}
