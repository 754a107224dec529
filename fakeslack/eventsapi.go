package fakeslack

import (
	"context"
	"fmt"
)

// Envelope types and event types of the Events API.
const (
	TypeEventsAPI     = "events_api"
	TypeAppHomeOpened = "app_home_opened" // PayloadType of an events_api envelope: the inner event type
)

// App Home tabs, for OpenHome.
const (
	TabHome     = "home"
	TabMessages = "messages"
)

// OpenHome opens the app's App Home as userID on tab (TabHome or
// TabMessages) and sends the app_home_opened event in an events_api
// envelope. On the Home tab the event carries the view last published for
// the user, if any, as Slack does. Like other envelopes it is redelivered
// until acked; it accepts no response payload, and an event never acked
// shows the user nothing.
func (s *Server) OpenHome(ctx context.Context, userID, tab string) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.homeOpenedLocked(userID, tab)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) homeOpenedLocked(userID, tab string) (*envelope, error) {
	if s.st.users[userID] == nil {
		return nil, errorf("unknown user %q", userID)
	}
	if tab != TabHome && tab != TabMessages {
		return nil, errorf("tab %q is neither %q nor %q", tab, TabHome, TabMessages)
	}
	dm := s.dmLocked(userID)
	event := map[string]any{"type": TypeAppHomeOpened, "user": userID, "channel": dm, "tab": tab,
		"event_ts": s.nowTS()}
	if v := s.st.home.views[userID]; v != nil && tab == TabHome {
		event["view"] = s.viewJSONLocked(v)
	}
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeEventsAPI, PayloadType: TypeAppHomeOpened,
		Payload: mustJSON(s.eventCallbackLocked(event)), UserID: userID, ChannelID: dm}}, nil
}

// eventCallbackLocked wraps an inner event the way the Events API does.
func (s *Server) eventCallbackLocked(event map[string]any) map[string]any {
	return map[string]any{
		"token": VerificationToken, "team_id": s.opts.TeamID, "api_app_id": s.opts.AppID,
		"event": event, "type": "event_callback", "event_id": s.newIDLocked("Ev"),
		"event_time": s.now().Unix(), "is_ext_shared_channel": false,
		"event_context": "4-" + randomHex(24),
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": s.opts.TeamID, "user_id": s.opts.BotUserID,
			"is_bot": true, "is_enterprise_install": false,
		}},
	}
}

// nowTS is the current time as an event_ts or action_ts, "secs.micros".
func (s *Server) nowTS() string {
	us := s.now().UnixMicro()
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}
