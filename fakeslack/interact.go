package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// VerificationToken is the deprecated verification token sent as "token"
// in every payload.
const VerificationToken = "fakeVerificationToken00000"

func errorf(format string, args ...any) error { return fmt.Errorf("fakeslack: "+format, args...) }

// trigger is a trigger_id: it opens one modal, within TriggerTTL.
type trigger struct {
	userID  string
	created time.Time
	used    bool
}

// newTriggerLocked issues a trigger_id for userID.
func (s *Server) newTriggerLocked(userID string) string {
	s.ids++
	id := fmt.Sprintf("%d.%d.%s", s.now().UnixMilli(), s.ids, randomHex(16))
	s.st.triggers[id] = &trigger{userID: userID, created: s.now()}
	return id
}

// triggerLocked checks a trigger_id without using it up.
func (s *Server) triggerLocked(id string) (*trigger, result) {
	tr := s.st.triggers[id]
	switch {
	case id == "":
		return nil, failMessages("invalid_arguments", []string{"missing required field: trigger_id"})
	case tr == nil:
		return nil, fail("invalid_trigger_id")
	case tr.used:
		return nil, fail("exchanged_trigger_id")
	case s.now().Sub(tr.created) > s.opts.TriggerTTL:
		return nil, fail("expired_trigger_id")
	}
	return tr, nil
}

// SlashCommand runs a slash command as userID in channelID (a C…, D… or G…
// id; see DMChannel) and sends the slash_commands envelope. It waits for
// the app to be connected.
func (s *Server) SlashCommand(ctx context.Context, userID, channelID, command, text string) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.slashEnvelopeLocked(userID, channelID, command, text)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) slashEnvelopeLocked(userID, channelID, command, text string) (*envelope, error) {
	u, c := s.st.users[userID], s.st.channels[channelID]
	switch {
	case u == nil:
		return nil, errorf("unknown user %q", userID)
	case c == nil:
		return nil, errorf("unknown channel %q", channelID)
	case !strings.HasPrefix(command, "/"):
		return nil, errorf("command %q must start with /", command)
	}
	// Slack forwards the form fields of the command, so every value is a
	// string, is_enterprise_install included.
	line := strings.TrimSpace(command + " " + text)
	ru, url := s.newResponseURLLocked(responseURL{kind: "command", userID: userID, channelID: channelID, command: line})
	trig := s.newTriggerLocked(userID)
	payload := map[string]any{
		"token": VerificationToken, "team_id": s.opts.TeamID, "team_domain": s.teamDomain(),
		"channel_id": c.ID, "channel_name": channelName(c), "user_id": u.ID, "user_name": u.Name,
		"command": command, "text": text, "api_app_id": s.opts.AppID, "is_enterprise_install": "false",
		"response_url": url, "trigger_id": trig,
	}
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeSlashCommands, Payload: mustJSON(payload),
		AcceptsResponsePayload: true, TriggerID: trig, ResponseURL: url, UserID: userID, ChannelID: channelID},
		command: command, rurl: ru}, nil
}

// ClickButton clicks the button with actionID in a message as userID and
// sends the block_actions envelope. msg may be a stale copy: the message
// is looked up again by channel and ts. If several blocks hold a button
// with actionID, use ClickBlockButton.
func (s *Server) ClickButton(ctx context.Context, userID string, msg Message, actionID string) (*Envelope, error) {
	return s.ClickBlockButton(ctx, userID, msg, "", actionID)
}

// ClickBlockButton is ClickButton restricted to the block with blockID.
func (s *Server) ClickBlockButton(ctx context.Context, userID string, msg Message, blockID, actionID string) (*Envelope, error) {
	return s.messageAction(ctx, userID, msg, blockID, actionID, func(e element) (Value, error) {
		if e.typ() != "button" {
			return Value{}, errorf("action_id %q is a %s, not a button", actionID, e.typ())
		}
		return Value{Type: "button"}, nil
	})
}

// SelectOption picks value in a message's select menu, overflow menu,
// radio buttons, checkboxes, date or time picker with actionID, as userID.
// value is an option value, a user or conversation id, "YYYY-MM-DD",
// "HH:mm" or unix seconds, depending on the element.
func (s *Server) SelectOption(ctx context.Context, userID string, msg Message, actionID, value string) (*Envelope, error) {
	return s.SelectBlockOption(ctx, userID, msg, "", actionID, value)
}

// SelectBlockOption is SelectOption restricted to the block with blockID.
func (s *Server) SelectBlockOption(ctx context.Context, userID string, msg Message, blockID, actionID, value string) (*Envelope, error) {
	return s.messageAction(ctx, userID, msg, blockID, actionID, func(e element) (Value, error) {
		if e.typ() == "button" {
			return Value{}, errorf("action_id %q is a button; use ClickButton", actionID)
		}
		return valueFromString(e, value)
	})
}

// messageAction sends block_actions for an element of a visible message.
func (s *Server) messageAction(ctx context.Context, userID string, msg Message, blockID, actionID string,
	pick func(element) (Value, error)) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.messageActionLocked(userID, msg, blockID, actionID, pick)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) messageActionLocked(userID string, msg Message, blockID, actionID string,
	pick func(element) (Value, error)) (*envelope, error) {
	m, u := s.findMessageLocked(msg.Channel, msg.TS), s.st.users[userID]
	switch {
	case u == nil:
		return nil, errorf("unknown user %q", userID)
	case m == nil || m.Deleted:
		return nil, errorf("no message %s in %s", msg.TS, msg.Channel)
	case m.Ephemeral && m.VisibleTo != userID:
		return nil, errorf("user %s cannot see ephemeral message %s", userID, m.TS)
	}
	e, err := findElement(allElements(m.Blocks), blockID, actionID)
	if err != nil {
		return nil, err
	}
	val, err := pick(e)
	if err != nil {
		return nil, err
	}
	ru, url := s.newResponseURLLocked(responseURL{kind: "action", userID: userID, channelID: m.Channel, source: m})
	trig := s.newTriggerLocked(userID)
	state := map[string]map[string]Value{}
	if val.Type != "button" {
		state[e.blockID] = map[string]Value{e.actionID(): val}
	}
	c := s.st.channels[m.Channel]
	payload := s.interactionBase(TypeBlockActions, u, trig)
	payload["container"] = map[string]any{"type": "message", "message_ts": m.TS, "channel_id": m.Channel, "is_ephemeral": m.Ephemeral}
	payload["channel"] = map[string]any{"id": c.ID, "name": channelName(c)}
	if !m.Ephemeral {
		payload["message"] = s.messageJSON(m)
	}
	payload["state"] = map[string]any{"values": state}
	payload["response_url"] = url
	payload["actions"] = []any{s.actionJSONLocked(e, val)}
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeBlockActions,
		Payload: mustJSON(payload), TriggerID: trig, ResponseURL: url, UserID: userID, ChannelID: m.Channel},
		rurl: ru}, nil
}

// interactionBase is what every interactive payload carries.
func (s *Server) interactionBase(typ string, u *User, trig string) map[string]any {
	p := map[string]any{
		"type": typ, "team": map[string]any{"id": s.opts.TeamID, "domain": s.teamDomain()},
		"user":       map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.opts.TeamID},
		"api_app_id": s.opts.AppID, "token": VerificationToken, "enterprise": nil, "is_enterprise_install": false,
	}
	if trig != "" {
		p["trigger_id"] = trig
	}
	return p
}

// actionJSONLocked is one entry of a block_actions payload's actions.
func (s *Server) actionJSONLocked(e element, val Value) map[string]any {
	var act map[string]any
	_ = json.Unmarshal(mustJSON(val), &act)
	if val.Type == "button" {
		act = map[string]any{"type": "button", "text": e.el["text"]}
		for _, k := range []string{"value", "style", "url"} {
			if v, ok := e.el[k]; ok {
				act[k] = v
			}
		}
	}
	act["action_id"], act["block_id"] = e.actionID(), e.blockID
	ts := s.now().UnixMicro()
	act["action_ts"] = fmt.Sprintf("%d.%06d", ts/1e6, ts%1e6)
	return act
}

// findElement picks the one element with actionID (and blockID if set).
func findElement(elems []element, blockID, actionID string) (element, error) {
	var found []element
	for _, e := range elems {
		if e.actionID() == actionID && (blockID == "" || e.blockID == blockID) {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return element{}, errorf("no element with action_id %q (block_id %q)", actionID, blockID)
	case 1:
		return found[0], nil
	}
	var blocks []string
	for _, e := range found {
		blocks = append(blocks, e.blockID)
	}
	return element{}, errorf("action_id %q is in several blocks %q; pass a block_id", actionID, blocks)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
