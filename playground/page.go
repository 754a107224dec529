package playground

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
)

//go:embed page.html
var pageSource string

// pageTemplate is the page's frame; the fragments inside it come from the renderer.
type pageTemplate struct {
	tmpl *template.Template
}

// parsePage parses the page frame and checks the static files it links to are there.
func parsePage(static fs.FS) (*pageTemplate, error) {
	if _, err := fs.Stat(static, "app.js"); err != nil {
		return nil, fmt.Errorf("playground: static files: %w", err)
	}
	t, err := template.New("page").Parse(pageSource)
	if err != nil {
		return nil, fmt.Errorf("playground: page template: %w", err)
	}
	return &pageTemplate{tmpl: t}, nil
}

// pageData is what the frame shows: the state, with the renderer's fragments marked as HTML
// that is already escaped.
type pageData struct {
	State        State
	Sidebar      template.HTML
	Header       template.HTML
	Messages     template.HTML
	Modal        template.HTML
	Placeholder  string // the message box's hint, e.g. "Message #hiring"
	ReadOnlyNote string // shown instead of the message box where nothing can be sent
}

// serveIndex renders the whole page for ?user= and ?channel=, so it shows the workspace before
// any script runs.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	st := s.state(r.URL.Query().Get("user"), r.URL.Query().Get("channel"))
	placeholder := "Message #" + st.Channel.Name
	if st.Channel.IsDM {
		placeholder = "Message " + st.Channel.Name
	}
	// The fragments were rendered with everything they show escaped (see renderer).
	data := pageData{State: st, Placeholder: placeholder, ReadOnlyNote: readOnlyNote,
		Sidebar: template.HTML(st.HTML.Sidebar), Header: template.HTML(st.HTML.Header),
		Messages: template.HTML(st.HTML.Messages), Modal: template.HTML(st.HTML.Modal)}
	var buf bytes.Buffer
	if err := s.page.tmpl.Execute(&buf, data); err != nil {
		s.log.Error("playground: render page", "err", err)
		http.Error(w, "playground: could not render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// serveState answers GET /api/state?user=&channel= with what that person sees there.
func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	st := s.state(r.URL.Query().Get("user"), r.URL.Query().Get("channel"))
	writeJSON(w, http.StatusOK, st)
}

// writeJSON writes v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"ok":false,"error":"could not encode the answer"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
