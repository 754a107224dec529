package playground

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
)

//go:embed page.html
var pageSource string

// pageTemplate is the page's frame; the fragments inside it come from the renderer. The frame
// has a handful of fixed placeholders, filled by plain replacement with the same escaping
// html/template gives them: html/template's reflection would keep every exported method of
// everything linked in (the whole Slack client) in the production binary.
type pageTemplate struct {
	source string
}

// Placeholders of page.html.
const (
	phWorkspace   = "{{.State.Workspace}}"
	phUserID      = "{{.State.User.ID}}"
	phChannelID   = "{{.State.Channel.ID}}"
	phSeq         = "{{.State.Seq}}"
	phOnline      = "{{if .State.Connected}} online{{end}}"
	phConnection  = "{{if .State.Connected}}hirebot connected{{else}}hirebot connecting…{{end}}"
	phRealName    = "{{.State.User.RealName}}"
	phRole        = "{{.State.User.Role}}"
	phSidebar     = "{{.Sidebar}}"
	phHeader      = "{{.Header}}"
	phMessages    = "{{.Messages}}"
	phModal       = "{{.Modal}}"
	phPlaceholder = "{{.Placeholder}}"
	phNoteHidden  = "{{if not .State.Channel.ReadOnly}} hidden{{end}}"
	phNote        = "{{.ReadOnlyNote}}"
	phFormHidden  = "{{if .State.Channel.ReadOnly}} hidden{{end}}"
)

var placeholders = []string{phWorkspace, phUserID, phChannelID, phSeq, phOnline, phConnection, phRealName,
	phRole, phSidebar, phHeader, phMessages, phModal, phPlaceholder, phNoteHidden, phNote, phFormHidden}

// parsePage checks the page frame has no placeholder it cannot fill, and that the static files
// it links to are there.
func parsePage(static fs.FS) (*pageTemplate, error) {
	if _, err := fs.Stat(static, "app.js"); err != nil {
		return nil, fmt.Errorf("playground: static files: %w", err)
	}
	rest := pageSource
	for _, ph := range placeholders {
		rest = strings.ReplaceAll(rest, ph, "")
	}
	if i := strings.Index(rest, "{{"); i >= 0 {
		end := min(len(rest), i+40)
		return nil, fmt.Errorf("playground: page template: unknown placeholder at %q", rest[i:end])
	}
	return &pageTemplate{source: pageSource}, nil
}

// pageData is what the frame shows: the state, and the renderer's fragments, which are HTML
// already escaped.
type pageData struct {
	State        State
	Sidebar      string
	Header       string
	Messages     string
	Modal        string
	Placeholder  string // the message box's hint, e.g. "Message #hiring"
	ReadOnlyNote string // shown instead of the message box where nothing can be sent
}

// escapeHTML escapes text for an HTML element or a quoted attribute as html/template does.
var escapeHTML = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;").Replace

// render fills the frame with d.
func (p *pageTemplate) render(d pageData) string {
	online, connection := "", "hirebot connecting…"
	if d.State.Connected {
		online, connection = " online", "hirebot connected"
	}
	return strings.NewReplacer(
		phWorkspace, escapeHTML(d.State.Workspace),
		phUserID, escapeHTML(d.State.User.ID),
		phChannelID, escapeHTML(d.State.Channel.ID),
		phSeq, strconv.FormatUint(d.State.Seq, 10),
		phOnline, online,
		phConnection, connection,
		phRealName, escapeHTML(d.State.User.RealName),
		phRole, escapeHTML(d.State.User.Role),
		phSidebar, d.Sidebar,
		phHeader, d.Header,
		phMessages, d.Messages,
		phModal, d.Modal,
		phPlaceholder, escapeHTML(d.Placeholder),
		phNoteHidden, hiddenUnless(d.State.Channel.ReadOnly && d.State.Tab != TabHome),
		phNote, escapeHTML(d.ReadOnlyNote),
		phFormHidden, hiddenUnless(!d.State.Channel.ReadOnly),
	).Replace(p.source)
}

// hiddenUnless is the hidden attribute for an element shown only when shown is true.
func hiddenUnless(shown bool) string {
	if shown {
		return ""
	}
	return " hidden"
}

// serveIndex renders the whole page for ?user=, ?channel= and ?tab=, so it shows the workspace before
// any script runs.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	st := s.state(r.URL.Query().Get("user"), r.URL.Query().Get("channel"), r.URL.Query().Get("tab"))
	placeholder := "Message #" + st.Channel.Name
	if st.Channel.IsDM {
		placeholder = "Message " + st.Channel.Name
	}
	// The fragments were rendered with everything they show escaped (see renderer).
	page := s.page.render(pageData{State: st, Placeholder: placeholder, ReadOnlyNote: readOnlyNote,
		Sidebar: st.HTML.Sidebar, Header: st.HTML.Header, Messages: st.HTML.Messages, Modal: st.HTML.Modal})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, page)
}

// serveState answers GET /api/state?user=&channel=&tab= with what that person sees there.
func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	st := s.state(r.URL.Query().Get("user"), r.URL.Query().Get("channel"), r.URL.Query().Get("tab"))
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
