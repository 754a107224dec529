// Package playground serves a page that looks and behaves like Slack, for trying hirebot in a
// browser without a Slack workspace. The page is a window on a fakeslack.Server: commands,
// clicks and form submissions become the same Socket Mode envelopes real Slack sends, so the
// bot that answers is the real one, connected exactly as in production.
//
// The page is rendered on the server (Block Kit and mrkdwn become HTML here, with everything a
// message says escaped); a little script sends what the user does to the JSON API under /api/
// and, on every change the fake Slack reports through Server-Sent Events, fetches the state
// again.
package playground

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"hirebot/fakeslack"
)

//go:embed static
var staticFiles embed.FS

// Command is a slash command the bot answers, offered as the user types "/".
type Command struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Usage       string `json:"usage"`
}

// Shortcut is a global or message shortcut of the bot, offered in the message box's ⚡ menu
// (global) or in a message's "More actions" menu (message).
type Shortcut struct {
	CallbackID  string `json:"callback_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Message     bool   `json:"message"` // a message shortcut; otherwise a global one
}

// SweepReport counts what one reminder sweep did, and says what comes next.
type SweepReport struct {
	Sent      int `json:"sent"`
	Deferred  int `json:"deferred"`
	Failed    int `json:"failed"`
	Escalated int `json:"escalated"`
	Kits      int `json:"kits"` // interview kits sent to panelists of interviews starting soon
	// Next is the reminder the schedule sends next; nil when none is scheduled.
	Next *Reminder `json:"next,omitempty"`
}

// Reminder is a scheduled feedback reminder.
type Reminder struct {
	User      string    `json:"user"` // the interviewer it goes to
	Candidate string    `json:"candidate"`
	At        time.Time `json:"at"`
}

// Config wires the playground to a fake Slack and to the running bot.
type Config struct {
	Slack  *fakeslack.Server // required
	Logger *slog.Logger      // optional

	// Sweep runs the bot's reminder sweep once, now. Nil hides nothing but answers an error.
	Sweep func(ctx context.Context) (SweepReport, error)
	// FastForward makes the next scheduled reminder due now and sweeps, so that a demo walks
	// through reminders and escalation without waiting days. Nil answers an error.
	FastForward func(ctx context.Context) (SweepReport, error)
	// Commands lists the bot's slash commands; nil or empty means any command is sent.
	Commands func() []Command
	// Shortcuts lists the bot's shortcuts; nil or empty offers none.
	Shortcuts func() []Shortcut

	// HistoryPath is a file that keeps the conversations across restarts: read by New, written
	// by Serve on every change. Empty keeps nothing.
	HistoryPath string

	Workspace     string           // shown in the sidebar; default "Acme"
	ActionTimeout time.Duration    // how long an action waits for the bot's ack; default 15s
	Now           func() time.Time // clock for local times; default time.Now
}

// Server is the playground's HTTP handler.
type Server struct {
	cfg    Config
	log    *slog.Logger
	mux    *http.ServeMux
	page   *pageTemplate
	static http.Handler
	csrf   *http.CrossOriginProtection // refuses state-changing requests from other sites' pages
}

// New checks cfg and builds the playground's handler. It opens every person's direct message
// with the bot, so the sidebar shows them from the start, and puts back the conversations kept
// in cfg.HistoryPath.
func New(cfg Config) (*Server, error) {
	if cfg.Slack == nil {
		return nil, errors.New("playground: Config.Slack is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Workspace == "" {
		cfg.Workspace = "Acme"
	}
	if cfg.ActionTimeout <= 0 {
		cfg.ActionTimeout = 15 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("playground: static files: %w", err)
	}
	page, err := parsePage(sub)
	if err != nil {
		return nil, err
	}
	for _, u := range cfg.Slack.Users() {
		if !u.IsBot {
			cfg.Slack.DMChannel(u.ID)
		}
	}
	s := &Server{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), page: page,
		static: http.StripPrefix("/static/", http.FileServerFS(sub)), csrf: http.NewCrossOriginProtection()}
	s.routes()
	s.restoreHistory()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.serveIndex)
	s.mux.Handle("GET /static/", s.static)
	s.mux.HandleFunc("GET /api/state", s.serveState)
	s.mux.HandleFunc("GET /api/events", s.serveEvents)
	s.mux.HandleFunc("POST /api/command", s.handle(s.command))
	s.mux.HandleFunc("POST /api/click", s.handle(s.click))
	s.mux.HandleFunc("POST /api/select", s.handle(s.selectValue))
	s.mux.HandleFunc("POST /api/sync", s.handle(s.sync))
	s.mux.HandleFunc("POST /api/submit", s.handle(s.submit))
	s.mux.HandleFunc("POST /api/close", s.handle(s.closeView))
	s.mux.HandleFunc("POST /api/home", s.handle(s.openHome))
	s.mux.HandleFunc("POST /api/shortcut", s.handle(s.shortcut))
	s.mux.HandleFunc("POST /api/sweep", s.handle(s.sweep))
	s.mux.HandleFunc("POST /api/fast-forward", s.handle(s.fastForward))
	s.mux.HandleFunc("GET /api/files/{id}", s.serveFile)
}

// serveFile serves a finished upload of the fake Slack: an image (PNG, JPEG, GIF) inline, for
// the image blocks that show it; any other file as a download, typed as plain text when it is
// text and as bytes otherwise, so that a browser never runs or renders what a file says.
// Uploads not finished are not served.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.cfg.Slack.File(r.PathValue("id"))
	if !ok || !f.Complete {
		http.NotFound(w, r)
		return
	}
	kind, disposition := downloadType(f.Content), "attachment"
	if kind == "image/png" || kind == "image/jpeg" || kind == "image/gif" {
		disposition = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", kind)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": cmp.Or(f.Name, f.ID)}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(f.Content)
}

// downloadType is the Content-Type a file is served with: an image type, text/plain for UTF-8
// text (Markdown, CSV…), never HTML or a script; application/octet-stream for anything else.
func downloadType(b []byte) string {
	switch kind := http.DetectContentType(b); {
	case kind == "image/png" || kind == "image/jpeg" || kind == "image/gif":
		return kind
	case utf8.Valid(b) && !bytes.ContainsRune(b, 0):
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

// ServeHTTP serves the page, its files and the API. Requests from other sites are refused, and
// so are Host names that are not loopback when the listener is (against DNS rebinding).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !hostAllowed(r) {
		http.Error(w, "playground: unexpected Host header", http.StatusMisdirectedRequest)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	s.csrf.Handler(s.mux).ServeHTTP(w, r)
}

// hostAllowed accepts any Host when the playground listens beyond loopback (the user chose
// that), and only loopback names when it listens on loopback.
func hostAllowed(r *http.Request) bool {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return true
	}
	tcp, ok := local.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// Serve serves the playground on ln until ctx ends, then shuts down, ending open event streams.
// Meanwhile it keeps the conversation history, if Config.HistoryPath names a file.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if s.cfg.HistoryPath != "" {
		histCtx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { s.keepHistory(histCtx) })
		defer func() { stop(); wg.Wait() }()
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("playground: serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("playground: shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("playground: serve: %w", err)
	}
	return nil
}

// now is the injected clock.
func (s *Server) now() time.Time { return s.cfg.Now() }
