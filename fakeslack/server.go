package fakeslack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configures a Server. Zero values get the defaults noted.
type Options struct {
	AppToken  string // default "xapp-1-FAKE-app"
	BotToken  string // default "xoxb-fake-bot"
	TeamID    string // default "T0001"
	TeamName  string // default "Acme"
	AppID     string // default "A0001"
	BotUserID string // default "U0BOT"
	BotID     string // default "B0BOT"

	AckTimeout   time.Duration // un-acked envelopes are redelivered after this; default 3s
	MaxRetries   int           // redeliveries of an un-acked envelope; default 3
	TriggerTTL   time.Duration // trigger_id lifetime; default 3s
	PingInterval time.Duration // WebSocket PING period; default 10s

	Logger *slog.Logger     // optional
	Now    func() time.Time // clock for timestamps and expiry checks; default time.Now
}

func (o *Options) setDefaults() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&o.AppToken, "xapp-1-FAKE-app")
	def(&o.BotToken, "xoxb-fake-bot")
	def(&o.TeamID, "T0001")
	def(&o.TeamName, "Acme")
	def(&o.AppID, "A0001")
	def(&o.BotUserID, "U0BOT")
	def(&o.BotID, "B0BOT")
	if o.AckTimeout <= 0 {
		o.AckTimeout = 3 * time.Second
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 3
	}
	if o.TriggerTTL <= 0 {
		o.TriggerTTL = 3 * time.Second
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// ErrClosed is returned by waits and actions once the Server is closed.
var ErrClosed = errors.New("fakeslack: server closed")

// Server is a fake Slack workspace with one installed app. It serves the
// Web API under /api/, Socket Mode at /link/ and response URLs under
// /response/, and keeps the visible state of the workspace (messages,
// modals, acks) for tests to drive and observe. All methods are safe for
// concurrent use.
type Server struct {
	opts  Options
	log   *slog.Logger
	ln    net.Listener
	http  *http.Server
	base  string // http://127.0.0.1:PORT
	mux   *http.ServeMux
	conns sync.WaitGroup // socket goroutines

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every change
	seq     uint64        // change counter, see Cursor
	ids     uint64        // counter for generated ids
	lastTS  int64         // last message timestamp, microseconds
	st      state
	lose    int // acks still to lose on the way, see LoseAcks
}

// New starts a Server listening on 127.0.0.1 on a free port.
func New(opts Options) (*Server, error) {
	opts.setDefaults()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeslack: listen: %w", err)
	}
	s := &Server{
		opts:    opts,
		log:     opts.Logger,
		ln:      ln,
		base:    "http://" + ln.Addr().String(),
		changed: make(chan struct{}),
		st:      newState(),
	}
	s.initDirectory()
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/api/", s.serveAPI)
	s.mux.HandleFunc("/link/", s.serveSocket)
	s.mux.HandleFunc("/response/", s.serveResponseURL)
	s.mux.HandleFunc("/upload/", s.serveUpload)
	s.http = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// Close stops the server, closes every socket and ends all waits with ErrClosed.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var conns []*conn
	for c := range s.st.live {
		conns = append(conns, c)
	}
	s.st.conns = nil
	for _, e := range s.st.envelopes {
		e.stopTimer()
		e.settleLocked()
	}
	subs := s.st.subs
	s.st.subs = nil
	s.bumpLocked()
	s.mu.Unlock()

	for _, c := range conns {
		c.abort()
	}
	for _, sub := range subs {
		sub.close()
	}
	err := s.http.Close()
	s.conns.Wait()
	return err
}

// APIURL is the Web API base URL, with the trailing slash slack.OptionAPIURL wants.
func (s *Server) APIURL() string { return s.base + "/api/" }

// URL is the base URL of the server, e.g. "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.base }

// AppToken is the app-level token (xapp-…) accepted by apps.connections.open.
func (s *Server) AppToken() string { return s.opts.AppToken }

// BotToken is the bot token (xoxb-…) accepted by every other method.
func (s *Server) BotToken() string { return s.opts.BotToken }

// TeamID is the workspace id.
func (s *Server) TeamID() string { return s.opts.TeamID }

// AppID is the installed app's id.
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the bot's user id.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// Handler serves the Web API, Socket Mode and response URLs, so another
// server (a playground) can mount the fake. URLs the fake hands out
// (socket and response URLs) still point at its own listener.
func (s *Server) Handler() http.Handler { return s.mux }

// now is the injected clock.
func (s *Server) now() time.Time { return s.opts.Now() }

// bumpLocked records a change and wakes every waiter. Callers hold s.mu.
func (s *Server) bumpLocked() uint64 {
	s.seq++
	close(s.changed)
	s.changed = make(chan struct{})
	return s.seq
}

// Cursor returns the current change counter. Records changed later carry a
// larger Seq; pass it to WaitMessageAfter or WaitViewAfter to ignore
// everything that happened before.
func (s *Server) Cursor() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}

// waitFor blocks until check, run under s.mu, returns true.
func (s *Server) waitFor(ctx context.Context, check func() bool) error {
	for {
		s.mu.Lock()
		ok, closed, ch := check(), s.closed, s.changed
		s.mu.Unlock()
		switch {
		case ok:
			return nil
		case closed:
			return ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// newIDLocked returns prefix followed by a unique, Slack-looking suffix.
func (s *Server) newIDLocked(prefix string) string {
	s.ids++
	return fmt.Sprintf("%s%09X", prefix, s.ids)
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newUUID returns a random version 4 UUID, the shape of envelope ids.
func newUUID() string {
	h := randomHex(16)
	return strings.Join([]string{h[0:8], h[8:12], "4" + h[13:16], "a" + h[17:20], h[20:32]}, "-")
}

// newTSLocked returns a unique, increasing message timestamp "secs.micros".
func (s *Server) newTSLocked() string {
	us := s.now().UnixMicro()
	if us <= s.lastTS {
		us = s.lastTS + 1
	}
	s.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// teamDomain is the workspace's subdomain.
func (s *Server) teamDomain() string {
	return strings.ToLower(strings.ReplaceAll(s.opts.TeamName, " ", "-"))
}
