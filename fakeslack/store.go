package fakeslack

import (
	"context"
	"encoding/json"
	"slices"
	"time"
)

// state is everything the Server knows; guarded by Server.mu.
type state struct {
	users      map[string]*User
	userOrder  []string
	groups     map[string]*UserGroup // user groups by id (S…)
	channels   map[string]*Channel
	chanOrder  []string
	messages   []*Message
	views      map[string]*viewRec
	viewOrder  []string
	stacks     map[string][]string // user id → open view ids, root first
	home       homeState           // Home tabs, see home.go
	triggers   map[string]*trigger
	envelopes  map[string]*envelope
	acks       []Ack
	calls      []Call
	userErrors []UserError
	rateLimits map[string]*rateLimit
	failures   map[string]*failure      // method → the errors its next calls answer (FailNext)
	delays     map[string]time.Duration // method → how long its answers are held (DelayAnswers)
	files      map[string]*File         // by file id
	rejected   map[string]string        // token → the error every call with it answers
	responses  map[string]*responseURL
	tickets    map[string]bool // socket tickets → used
	conns      []*conn         // sockets that got hello and take envelopes
	live       map[*conn]bool  // every socket not yet closed
	hellos     int
	connIDs    int         // last connection id given out
	nextConn   int         // round-robin position in conns
	waiting    []*envelope // envelopes to send once a socket is open (and deliveries are not held)
	held       bool        // HoldDeliveries: new envelopes wait until released
	subs       []*subscriber
}

func newState() state {
	return state{
		users:      map[string]*User{},
		groups:     map[string]*UserGroup{},
		channels:   map[string]*Channel{},
		views:      map[string]*viewRec{},
		stacks:     map[string][]string{},
		triggers:   map[string]*trigger{},
		envelopes:  map[string]*envelope{},
		rateLimits: map[string]*rateLimit{},
		failures:   map[string]*failure{},
		delays:     map[string]time.Duration{},
		files:      map[string]*File{},
		rejected:   map[string]string{},
		responses:  map[string]*responseURL{},
		tickets:    map[string]bool{},
		live:       map[*conn]bool{},
	}
}

// Where a message came from (Message.Via).
const (
	ViaAck           = "ack"                          // the ack of a slash command
	ViaResponseURL   = "response_url"                 // a POST to a response URL
	ViaPostMessage   = "chat.postMessage"             // Web API
	ViaPostEphemeral = "chat.postEphemeral"           // Web API
	ViaUpdate        = "chat.update"                  // Web API edit
	ViaFileUpload    = "files.completeUploadExternal" // Web API: a message sharing files
	ViaCommand       = "slash_command"                // a user's command shown in channel (response_type in_channel)
)

// Message is a message as the workspace shows it.
type Message struct {
	Channel   string
	TS        string
	ThreadTS  string
	User      string // author: the bot user id or a human
	Text      string
	Blocks    json.RawMessage // as stored, with generated block_id/action_id filled in
	Metadata  json.RawMessage // chat.postMessage's metadata: {"event_type":…,"event_payload":{…}}
	Files     []string        // ids of the files the message shares (see Server.Files)
	Ephemeral bool
	VisibleTo string // for ephemeral messages: the only user who sees it
	Via       string // see the Via constants; the last change wins
	Deleted   bool
	Edited    bool
	Seq       uint64 // change counter value of the last change, see Cursor
}

func (m *Message) clone() Message {
	out := *m
	out.Blocks = slices.Clone(m.Blocks)
	out.Metadata = slices.Clone(m.Metadata)
	out.Files = slices.Clone(m.Files)
	return out
}

// Messages returns the messages of a channel that are not deleted, oldest
// first, ephemeral ones included (check VisibleTo).
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.st.messages {
		if m.Channel == channel && !m.Deleted {
			out = append(out, m.clone())
		}
	}
	return out
}

// Message returns one message, deleted or not.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findMessageLocked(channel, ts); m != nil {
		return m.clone(), true
	}
	return Message{}, false
}

func (s *Server) findMessageLocked(channel, ts string) *Message {
	for _, m := range s.st.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

// WaitMessage returns the first message, oldest first, for which match is
// true, waiting for new messages and changes until ctx ends. Messages that
// already exist are checked first, so a message posted before the call is
// never missed; deleted messages are included (Deleted is set) so a test
// can wait for a deletion. To ignore earlier messages use WaitMessageAfter.
func (s *Server) WaitMessage(ctx context.Context, match func(Message) bool) (Message, error) {
	return s.WaitMessageAfter(ctx, 0, match)
}

// WaitMessageAfter is WaitMessage restricted to messages posted or changed
// after cursor (see Cursor).
func (s *Server) WaitMessageAfter(ctx context.Context, cursor uint64, match func(Message) bool) (Message, error) {
	var found Message
	err := s.waitFor(ctx, func() bool {
		for _, m := range s.st.messages {
			if m.Seq > cursor && match(m.clone()) {
				found = m.clone()
				return true
			}
		}
		return false
	})
	return found, err
}

// postLocked stores a new message, stamping TS and Seq.
func (s *Server) postLocked(m Message) *Message {
	m.TS = s.newTSLocked()
	m.Seq = s.bumpLocked()
	rec := &m
	s.st.messages = append(s.st.messages, rec)
	s.emitLocked(Event{Type: EventMessagePosted, Message: ptr(rec.clone())})
	return rec
}

// editLocked replaces the content of m.
func (s *Server) editLocked(m *Message, text string, blocks json.RawMessage, via string) {
	m.Text, m.Blocks, m.Via, m.Edited = text, blocks, via, true
	m.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventMessageUpdated, Message: ptr(m.clone())})
}

// deleteLocked marks m deleted.
func (s *Server) deleteLocked(m *Message) {
	m.Deleted = true
	m.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventMessageDeleted, Message: ptr(m.clone())})
}

// UserError is an error Slack shows a user instead of what the app meant
// to show: a command or interaction not acked in time, an ack whose
// payload Slack rejects, a view_submission response it cannot apply.
type UserError struct {
	UserID     string
	ChannelID  string // for slash commands and message interactions
	ViewID     string // for view interactions
	EnvelopeID string
	Code       string   // see the Err constants
	Text       string   // what the user sees
	Details    []string // validation messages, when Code is about a bad payload
	At         time.Time
	Seq        uint64
}

// UserError codes.
const (
	ErrOperationTimeout  = "operation_timeout"  // slash command never acked
	ErrTroubleConnecting = "trouble_connecting" // interaction not acked, or a response Slack could not apply
	ErrInvalidBlocks     = "invalid_blocks"     // ack message rejected by Block Kit validation
	ErrInvalidView       = "invalid_arguments"  // view in a response_action rejected by validation
	ErrPushLimit         = "push_limit_reached" // response_action push on a full stack
)

// UserErrors returns every error shown to a user, oldest first.
func (s *Server) UserErrors() []UserError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.userErrors)
}

// WaitUserError waits for an error shown to a user for which match is true
// (existing ones are checked first).
func (s *Server) WaitUserError(ctx context.Context, match func(UserError) bool) (UserError, error) {
	var found UserError
	err := s.waitFor(ctx, func() bool {
		for _, e := range s.st.userErrors {
			if match(e) {
				found = e
				return true
			}
		}
		return false
	})
	return found, err
}

func (s *Server) userErrorLocked(e UserError) {
	e.At = s.now()
	e.Seq = s.bumpLocked()
	s.st.userErrors = append(s.st.userErrors, e)
	s.log.Debug("fakeslack: error shown to user", "user", e.UserID, "code", e.Code, "details", e.Details)
	s.emitLocked(Event{Type: EventUserError, UserError: ptr(e)})
}

func ptr[T any](v T) *T { return &v }

// PostUserMessage posts a message as a human user, as if typed in the
// Slack client (the bot cannot edit or delete it).
func (s *Server) PostUserMessage(userID, channelID, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.channels[channelID]
	switch {
	case s.st.users[userID] == nil:
		return Message{}, errorf("unknown user %q", userID)
	case c == nil:
		return Message{}, errorf("unknown channel %q", channelID)
	case !slices.Contains(c.Members, userID):
		return Message{}, errorf("user %s is not in channel %s", userID, channelID)
	}
	return s.postLocked(Message{Channel: channelID, User: userID, Text: text, Via: "user"}).clone(), nil
}
