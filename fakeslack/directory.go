package fakeslack

import (
	"slices"
	"strings"
	"time"
)

// User is a member of the workspace.
type User struct {
	ID       string
	Name     string // handle, e.g. "hana"
	RealName string
	TZ       string // IANA zone, e.g. "America/Los_Angeles"
	TZLabel  string // e.g. "Pacific Standard Time"
	TZOffset int    // seconds east of UTC; derived from TZ when zero
	IsBot    bool
}

// Channel is a conversation: a channel (C…), a DM with the bot (D…) or a
// group DM (G…).
type Channel struct {
	ID      string
	Name    string
	Members []string // user ids
	IsIM    bool
	IsMPIM  bool
}

func (s *Server) initDirectory() {
	s.AddUser(User{ID: s.opts.BotUserID, Name: "hirebot", RealName: "hirebot", IsBot: true,
		TZ: "America/Los_Angeles", TZLabel: "Pacific Standard Time", TZOffset: -28800})
}

// AddUser adds or replaces a user. A zero TZOffset is derived from TZ when
// the zone is known to the system.
func (s *Server) AddUser(u User) {
	if u.TZ != "" && u.TZOffset == 0 {
		if loc, err := time.LoadLocation(u.TZ); err == nil {
			_, u.TZOffset = s.now().In(loc).Zone()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.users[u.ID]; !ok {
		s.st.userOrder = append(s.st.userOrder, u.ID)
	}
	s.st.users[u.ID] = &u
	s.bumpLocked()
}

// AddChannel adds or replaces a channel.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChannelLocked(c)
}

func (s *Server) addChannelLocked(c Channel) {
	c.Members = slices.Clone(c.Members)
	if _, ok := s.st.channels[c.ID]; !ok {
		s.st.chanOrder = append(s.st.chanOrder, c.ID)
	}
	s.st.channels[c.ID] = &c
	s.bumpLocked()
}

// Users returns every user in the order they were added.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.st.userOrder))
	for _, id := range s.st.userOrder {
		out = append(out, *s.st.users[id])
	}
	return out
}

// User returns one user.
func (s *Server) User(id string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.users[id]
	if !ok {
		return User{}, false
	}
	return *u, true
}

// Channels returns every conversation in the order they were created.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.st.chanOrder))
	for _, id := range s.st.chanOrder {
		c := *s.st.channels[id]
		c.Members = slices.Clone(c.Members)
		out = append(out, c)
	}
	return out
}

// Channel returns one conversation.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.channels[id]
	if !ok {
		return Channel{}, false
	}
	out := *c
	out.Members = slices.Clone(c.Members)
	return out, true
}

// DMChannel returns the id of the DM between userID and the bot, opening it
// if needed ("" if the user does not exist).
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmLocked(userID)
}

// dmLocked returns (creating) the bot's DM with userID.
func (s *Server) dmLocked(userID string) string {
	if _, ok := s.st.users[userID]; !ok {
		return ""
	}
	id := "D" + strings.TrimPrefix(userID, "U")
	if _, ok := s.st.channels[id]; !ok {
		s.addChannelLocked(Channel{ID: id, Name: userID, Members: []string{userID, s.opts.BotUserID}, IsIM: true})
	}
	return id
}

// resolveChannelLocked maps a channel argument (id, user id for a DM, or
// name with or without '#') to a conversation.
func (s *Server) resolveChannelLocked(arg string) (*Channel, bool) {
	if c, ok := s.st.channels[arg]; ok {
		return c, true
	}
	if strings.HasPrefix(arg, "U") || strings.HasPrefix(arg, "W") {
		if id := s.dmLocked(arg); id != "" {
			return s.st.channels[id], true
		}
		return nil, false
	}
	name := strings.TrimPrefix(arg, "#")
	for _, id := range s.st.chanOrder {
		if c := s.st.channels[id]; !c.IsIM && c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// channelName is the channel_name Slack sends in slash command payloads.
func channelName(c *Channel) string {
	switch {
	case c.IsIM:
		return "directmessage"
	case c.IsMPIM:
		return "privategroup"
	}
	return c.Name
}

// UserGroup is a user group (S…), such as @hiring-admins.
type UserGroup struct {
	ID       string
	Handle   string   // e.g. "hiring-admins"
	Users    []string // member user ids
	Disabled bool
}

// AddUserGroup adds or replaces a user group; replacing one changes its members at once, as
// editing a group in Slack does.
func (s *Server) AddUserGroup(g UserGroup) {
	g.Users = slices.Clone(g.Users)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.groups[g.ID] = &g
	s.bumpLocked()
}

// usergroupsUsersList answers usergroups.users.list: the members of one group. A disabled group
// lists its members only with include_disabled, as Slack does.
func (s *Server) usergroupsUsersList(r *apiRequest) result {
	id := r.get("usergroup")
	if id == "" {
		return fail("invalid_arguments")
	}
	g, ok := s.st.groups[id]
	if !ok || (g.Disabled && r.get("include_disabled") != "true" && r.get("include_disabled") != "1") {
		return fail("no_such_subteam")
	}
	return okResult("users", slices.Clone(g.Users))
}
