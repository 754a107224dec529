package fakeslack

import "context"

// Interactive payload types of shortcuts.
const (
	TypeShortcut      = "shortcut"       // a global shortcut
	TypeMessageAction = "message_action" // a message shortcut
)

// GlobalShortcut runs the app's global shortcut callbackID as userID (from
// the search bar or the composer's shortcut menu) and sends the shortcut
// payload. Like Slack, it carries a trigger_id but no channel and no
// response_url.
func (s *Server) GlobalShortcut(ctx context.Context, userID, callbackID string) (*Envelope, error) {
	return s.shortcut(ctx, func() (*envelope, error) { return s.globalShortcutLocked(userID, callbackID) })
}

// MessageShortcut runs the app's message shortcut callbackID on msg as
// userID (from the message's "more actions" menu) and sends the
// message_action payload, with a trigger_id and a response_url that posts
// to msg's channel. msg may be a stale copy: it is looked up again by
// channel and ts.
func (s *Server) MessageShortcut(ctx context.Context, userID string, msg Message, callbackID string) (*Envelope, error) {
	return s.shortcut(ctx, func() (*envelope, error) { return s.messageShortcutLocked(userID, msg, callbackID) })
}

func (s *Server) shortcut(ctx context.Context, build func() (*envelope, error)) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := build()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) globalShortcutLocked(userID, callbackID string) (*envelope, error) {
	u := s.st.users[userID]
	switch {
	case u == nil:
		return nil, errorf("unknown user %q", userID)
	case callbackID == "":
		return nil, errorf("a shortcut needs a callback_id")
	}
	trig := s.newTriggerLocked(userID)
	payload := s.interactionBase(TypeShortcut, u, trig)
	payload["callback_id"], payload["action_ts"] = callbackID, s.nowTS()
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeShortcut,
		Payload: mustJSON(payload), TriggerID: trig, UserID: userID}}, nil
}

func (s *Server) messageShortcutLocked(userID string, msg Message, callbackID string) (*envelope, error) {
	m, u := s.findMessageLocked(msg.Channel, msg.TS), s.st.users[userID]
	switch {
	case u == nil:
		return nil, errorf("unknown user %q", userID)
	case callbackID == "":
		return nil, errorf("a shortcut needs a callback_id")
	case m == nil || m.Deleted:
		return nil, errorf("no message %s in %s", msg.TS, msg.Channel)
	case m.Ephemeral:
		return nil, errorf("message %s is ephemeral: Slack offers no shortcuts on it", m.TS)
	}
	c := s.st.channels[m.Channel]
	ru, url := s.newResponseURLLocked(responseURL{kind: "shortcut", userID: userID, channelID: m.Channel})
	trig := s.newTriggerLocked(userID)
	payload := s.interactionBase(TypeMessageAction, u, trig)
	payload["callback_id"], payload["action_ts"] = callbackID, s.nowTS()
	payload["message_ts"], payload["message"] = m.TS, s.messageJSON(m)
	payload["channel"] = map[string]any{"id": c.ID, "name": channelName(c)}
	payload["response_url"] = url
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeMessageAction,
		Payload: mustJSON(payload), TriggerID: trig, ResponseURL: url, UserID: userID, ChannelID: m.Channel},
		rurl: ru}, nil
}
