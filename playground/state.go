package playground

import (
	"cmp"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hirebot/fakeslack"
)

// Person is a simulated member of the workspace, as the page shows them.
type Person struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	RealName  string `json:"real_name"`
	Role      string `json:"role"`
	TZ        string `json:"tz"`
	TZLabel   string `json:"tz_label"`
	LocalTime string `json:"local_time"` // e.g. "Tue 15:04"
	DM        string `json:"dm"`         // their direct message with the bot
	DMLatest  uint64 `json:"dm_latest"`  // change counter of the newest message they can see there
	Avatar    int    `json:"avatar"`     // avatar colour, 0-5

	loc *time.Location
}

// Conversation is a channel or the viewer's direct message with the bot.
type Conversation struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	IsDM    bool   `json:"is_dm"`
	Members int    `json:"members"`
	Latest  uint64 `json:"latest"` // change counter of the newest message the viewer can see
	// ReadOnly is set for the DM with the bot: hirebot's manifest makes the app's Messages tab
	// read-only, so Slack shows a note instead of the message box there.
	ReadOnly bool `json:"read_only"`
}

// readOnlyNote is what Slack shows instead of the message box in a read-only Messages tab.
const readOnlyNote = "Sending messages to this app has been turned off."

// MessageState is a message as the viewer sees it.
type MessageState struct {
	TS        string          `json:"ts"`
	User      string          `json:"user"`
	Text      string          `json:"text"`
	Blocks    json.RawMessage `json:"blocks,omitempty"`
	Ephemeral bool            `json:"ephemeral"`
	Edited    bool            `json:"edited"`
	Files     []FileState     `json:"files,omitempty"` // the files the message shares

	seq uint64
}

// FileState is a file a message shares, as the page shows it: its title, name and size, and
// where to download it. A file the fake Slack no longer has (or never finished) is not
// available.
type FileState struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Title     string `json:"title"`
	Size      int    `json:"size"`
	URL       string `json:"url,omitempty"`
	Available bool   `json:"available"`
}

// ViewState is the modal on top of the viewer's stack.
type ViewState struct {
	ID         string                                `json:"id"`
	CallbackID string                                `json:"callback_id"`
	Title      string                                `json:"title"`
	Errors     map[string]string                     `json:"errors,omitempty"`
	Values     map[string]map[string]fakeslack.Value `json:"values"`
	Submitting bool                                  `json:"submitting"`
	Depth      int                                   `json:"depth"` // views in the stack
}

// Tabs of the app's page, the direct message with the bot: its Home and its Messages.
const (
	TabHome     = fakeslack.TabHome
	TabMessages = fakeslack.TabMessages
)

// HomeState is the Home tab the bot last published for the viewer.
type HomeState struct {
	ID   string `json:"id"`
	Hash string `json:"hash"`
}

// State is what one person sees in one conversation, as data and as the page's HTML.
type State struct {
	Seq           uint64         `json:"seq"`
	Connected     bool           `json:"connected"`
	Workspace     string         `json:"workspace"`
	User          Person         `json:"user"`
	Channel       Conversation   `json:"channel"`
	Tab           string         `json:"tab"`  // in the DM with the bot: TabHome or TabMessages; else empty
	Home          *HomeState     `json:"home"` // on the Home tab, the view shown; nil before one is published
	People        []Person       `json:"people"`
	Conversations []Conversation `json:"conversations"`
	Messages      []MessageState `json:"messages"`
	View          *ViewState     `json:"view"`
	Commands      []Command      `json:"commands"`
	Shortcuts     []Shortcut     `json:"shortcuts"`
	HTML          Fragments      `json:"html"`
}

// Fragments are the parts of the page, rendered on the server.
type Fragments struct {
	Sidebar  string `json:"sidebar"`
	Header   string `json:"header"`
	Messages string `json:"messages"`
	Modal    string `json:"modal"`
	ModalKey string `json:"modal_key"` // changes whenever the modal must be drawn again
}

// workspace is a snapshot of the fake Slack's people and conversations for rendering one state.
type workspace struct {
	bot      string
	users    []fakeslack.User    // in the order they joined
	channels []fakeslack.Channel // in the order they were created
	byUser   map[string]fakeslack.User
	byChan   map[string]fakeslack.Channel
}

func (s *Server) snapshot() workspace {
	ws := workspace{bot: s.cfg.Slack.BotUserID(), users: s.cfg.Slack.Users(), channels: s.cfg.Slack.Channels(),
		byUser: map[string]fakeslack.User{}, byChan: map[string]fakeslack.Channel{}}
	for _, u := range ws.users {
		ws.byUser[u.ID] = u
	}
	for _, c := range ws.channels {
		ws.byChan[c.ID] = c
	}
	return ws
}

// UserName is the name a mention of a user shows.
func (w workspace) UserName(id string) string {
	if u, ok := w.byUser[id]; ok {
		return displayName(u)
	}
	return ""
}

// ChannelName is the name a mention of a channel shows.
func (w workspace) ChannelName(id string) string {
	if c, ok := w.byChan[id]; ok && !c.IsIM {
		return c.Name
	}
	return ""
}

// displayName is the name Slack shows for a person.
func displayName(u fakeslack.User) string {
	return cmp.Or(u.RealName, u.Name, u.ID)
}

// state builds what userID sees in channelID, on tab of the DM with the bot. An unknown user is
// the first person; a conversation the user cannot see falls back to their direct message with
// the bot (for a DM) or to #hiring.
func (s *Server) state(userID, channelID, tab string) State {
	fake := s.cfg.Slack
	st := State{Seq: fake.Cursor(), Connected: fake.Connections() > 0, Workspace: s.cfg.Workspace}
	ws := s.snapshot()
	st.People = s.people(ws)
	st.User = st.People[0]
	for _, p := range st.People {
		if p.ID == userID {
			st.User = p
		}
	}
	st.Conversations = s.conversations(ws, st.User)
	st.Channel = pickConversation(st.Conversations, channelID, ws)
	var home *fakeslack.View
	if st.Channel.IsDM {
		st.Tab = TabMessages
		if tab == TabHome {
			st.Tab = TabHome
			if v, ok := fake.HomeView(st.User.ID); ok {
				home = &v
				st.Home = &HomeState{ID: v.ID, Hash: v.Hash}
			}
		}
	}
	if st.Tab != TabHome {
		st.Messages = s.visibleMessages(st.Channel.ID, st.User.ID)
	}
	if s.cfg.Commands != nil {
		st.Commands = s.cfg.Commands()
	}
	if s.cfg.Shortcuts != nil {
		st.Shortcuts = s.cfg.Shortcuts()
	}
	views := fake.OpenViews(st.User.ID)
	var top *fakeslack.View
	if len(views) > 0 {
		top = &views[len(views)-1]
		st.View = viewState(*top, len(views))
	}
	st.HTML = s.fragments(ws, st, top, home)
	return st
}

// people lists the humans of the workspace with their roles, zones and DMs.
func (s *Server) people(ws workspace) []Person {
	var out []Person
	for _, u := range ws.users {
		if u.IsBot {
			continue
		}
		loc := zone(u.TZ)
		p := Person{ID: u.ID, Name: u.Name, RealName: displayName(u), Role: cmp.Or(roles[u.ID], "Member"),
			TZ: u.TZ, TZLabel: u.TZLabel, LocalTime: s.now().In(loc).Format("Mon 15:04"),
			DM: s.cfg.Slack.DMChannel(u.ID), Avatar: len(out) % 6, loc: loc}
		p.DMLatest = latest(s.visibleMessages(p.DM, p.ID))
		out = append(out, p)
	}
	if len(out) == 0 { // a workspace with only the bot: act as a stand-in person
		out = append(out, Person{ID: "U0NOBODY", RealName: "Nobody", Role: "Member", loc: time.UTC})
	}
	return out
}

// conversations lists the channels the person is in, then their DM with the bot.
func (s *Server) conversations(ws workspace, p Person) []Conversation {
	var out []Conversation
	for _, c := range ws.channels {
		if c.IsIM || c.IsMPIM || !slices.Contains(c.Members, p.ID) {
			continue
		}
		out = append(out, Conversation{ID: c.ID, Name: c.Name, Members: len(c.Members),
			Latest: latest(s.visibleMessages(c.ID, p.ID))})
	}
	if p.DM != "" {
		out = append(out, Conversation{ID: p.DM, Name: ws.UserName(ws.bot), IsDM: true, Members: 2, Latest: p.DMLatest, ReadOnly: true})
	}
	return out
}

// pickConversation finds the requested conversation among those the person sees.
func pickConversation(convs []Conversation, id string, ws workspace) Conversation {
	var dm, hiring Conversation
	for _, c := range convs {
		switch {
		case c.ID == id:
			return c
		case c.IsDM:
			dm = c
		case c.ID == Hiring:
			hiring = c
		}
	}
	if c, ok := ws.byChan[id]; (ok && c.IsIM) || hiring.ID == "" {
		if dm.ID != "" {
			return dm
		}
	}
	if hiring.ID != "" {
		return hiring
	}
	if len(convs) > 0 {
		return convs[0]
	}
	return Conversation{}
}

// visibleMessages lists a conversation's messages that userID can see, oldest first.
func (s *Server) visibleMessages(channelID, userID string) []MessageState {
	if channelID == "" {
		return nil
	}
	var out []MessageState
	for _, m := range s.cfg.Slack.Messages(channelID) {
		if m.Ephemeral && m.VisibleTo != userID {
			continue
		}
		out = append(out, MessageState{TS: m.TS, User: m.User, Text: m.Text, Blocks: m.Blocks,
			Ephemeral: m.Ephemeral, Edited: m.Edited, Files: s.fileStates(m.Files), seq: m.Seq})
	}
	return out
}

// fileStates describes the files of a message.
func (s *Server) fileStates(ids []string) []FileState {
	var out []FileState
	for _, id := range ids {
		fs := FileState{ID: id}
		if f, ok := s.cfg.Slack.File(id); ok && f.Complete {
			fs = FileState{ID: id, Name: f.Name, Title: cmp.Or(f.Title, f.Name), Size: len(f.Content),
				URL: "/api/files/" + url.PathEscape(id), Available: true}
		}
		out = append(out, fs)
	}
	return out
}

// latest is the largest change counter among messages.
func latest(ms []MessageState) uint64 {
	var n uint64
	for _, m := range ms {
		n = max(n, m.seq)
	}
	return n
}

// viewState describes the modal on top of a stack of depth views.
func viewState(v fakeslack.View, depth int) *ViewState {
	return &ViewState{ID: v.ID, CallbackID: v.CallbackID, Title: v.Title, Errors: v.Errors,
		Values: v.State, Submitting: v.Submitting, Depth: depth}
}

// zone loads an IANA zone, falling back to UTC.
func zone(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	return time.UTC
}

// messageTime reads a message timestamp "secs.micros".
func messageTime(ts string) time.Time {
	secs, micros, _ := strings.Cut(ts, ".")
	s, _ := strconv.ParseInt(secs, 10, 64)
	us, _ := strconv.ParseInt(micros, 10, 64)
	return time.Unix(s, us*1000)
}
