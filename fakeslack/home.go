package fakeslack

import (
	"context"
	"encoding/json"

	"hirebot/fakeslack/blockkit"
)

// EventHomePublished is sent to subscribers when views.publish changes a
// user's Home tab; View is set.
const EventHomePublished EventType = "home_published"

// homeState holds each user's Home tab; guarded by Server.mu. Its maps are
// made on first use.
type homeState struct {
	views     map[string]*viewRec // user id → the latest published home view
	publishes map[string]int      // user id → successful views.publish calls
}

// HomeView returns the Home tab last published for userID. Its ID stays
// the same across publishes, its Hash changes with each; Position is -1
// (a Home tab is not on a modal stack).
func (s *Server) HomeView(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.st.home.views[userID]
	if v == nil {
		return View{}, false
	}
	return s.viewLocked(v), true
}

// HomePublishes returns how many times views.publish succeeded for userID,
// so a test can check that an app debounces its Home tab updates.
func (s *Server) HomePublishes(userID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.home.publishes[userID]
}

// WaitHomeAfter waits until views.publish changes userID's Home tab after
// cursor (see Cursor) and returns the view. Pass 0 to accept a view
// published before the call.
func (s *Server) WaitHomeAfter(ctx context.Context, cursor uint64, userID string) (View, error) {
	var found View
	err := s.waitFor(ctx, func() bool {
		v := s.st.home.views[userID]
		if v == nil || v.Seq <= cursor {
			return false
		}
		found = s.viewLocked(v)
		return true
	})
	return found, err
}

// viewsPublish sets a user's Home tab.
func (s *Server) viewsPublish(r *apiRequest) result {
	userID := r.get("user_id")
	if userID == "" {
		return failMessages("invalid_arguments", []string{"missing required field: user_id"})
	}
	if _, ok := s.st.users[userID]; !ok {
		return fail("user_not_found")
	}
	old := s.st.home.views[userID]
	if h := r.get("hash"); h != "" && (old == nil || h != old.Hash) {
		return fail("hash_conflict")
	}
	raw, f, res := s.homeArgLocked(r.get("view"), userID)
	if res != nil {
		return res
	}
	v := old
	if v == nil {
		v = &viewRec{}
		v.ID, v.UserID = s.newIDLocked("V"), userID
		v.RootViewID = v.ID
		s.homeMapsLocked()
		s.st.home.views[userID] = v
	}
	s.setViewContentLocked(v, raw, f)
	v.State, v.Errors = map[string]map[string]Value{}, nil
	s.st.home.publishes[userID]++
	v.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventHomePublished, View: ptr(s.viewLocked(v))})
	return okResult("view", s.viewJSONLocked(v))
}

func (s *Server) homeMapsLocked() {
	if s.st.home.views == nil {
		s.st.home.views = map[string]*viewRec{}
		s.st.home.publishes = map[string]int{}
	}
}

// homeArgLocked parses and checks a home view argument with the Block Kit
// checks modals get (at most 100 blocks, private_metadata ≤ 3000,
// callback_id ≤ 255). userID's own Home tab may keep its external_id.
func (s *Server) homeArgLocked(arg, userID string) (json.RawMessage, viewFields, result) {
	var f viewFields
	if arg == "" {
		return nil, f, failMessages("invalid_arguments", []string{"missing required field: view"})
	}
	if errs := blockkit.ValidateView(json.RawMessage(arg)); len(errs) > 0 {
		return nil, f, failMessages("invalid_arguments", errs)
	}
	_ = json.Unmarshal([]byte(arg), &f)
	if f.Type != "home" {
		return nil, f, failMessages("invalid_arguments", []string{"must be a valid enum value [json-pointer:/view/type]"})
	}
	if f.ExternalID != "" {
		for uid, v := range s.st.home.views {
			if uid != userID && v.ExternalID == f.ExternalID {
				return nil, f, fail("duplicate_external_id")
			}
		}
		if s.findOpenViewLocked("", f.ExternalID) != nil {
			return nil, f, fail("duplicate_external_id")
		}
	}
	return s.normalizeViewLocked(json.RawMessage(arg)), f, nil
}

// ClickHomeButton clicks the button with actionID in userID's Home tab and
// sends block_actions with a view container, the home view, a trigger_id
// (so the app may open a modal) and no response_url, as Slack does.
func (s *Server) ClickHomeButton(ctx context.Context, userID, actionID string) (*Envelope, error) {
	return s.ClickHomeBlockButton(ctx, userID, "", actionID)
}

// ClickHomeBlockButton is ClickHomeButton for the button with actionID in
// block blockID, for a Home tab whose buttons share an action_id (one
// "Submit feedback" per interview). An empty blockID matches any block.
func (s *Server) ClickHomeBlockButton(ctx context.Context, userID, blockID, actionID string) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.homeClickLocked(userID, blockID, actionID)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) homeClickLocked(userID, blockID, actionID string) (*envelope, error) {
	u, v := s.st.users[userID], s.st.home.views[userID]
	switch {
	case u == nil:
		return nil, errorf("unknown user %q", userID)
	case v == nil:
		return nil, errorf("user %s has no Home tab published", userID)
	}
	e, err := findElement(allElements(v.Blocks), blockID, actionID)
	if err != nil {
		return nil, err
	}
	if e.typ() != "button" {
		return nil, errorf("action_id %q is a %s, not a button", actionID, e.typ())
	}
	trig := s.newTriggerLocked(userID)
	payload := s.interactionBase(TypeBlockActions, u, trig)
	payload["container"] = map[string]any{"type": "view", "view_id": v.ID}
	payload["view"] = s.viewJSONLocked(v)
	payload["actions"] = []any{s.actionJSONLocked(e, Value{Type: "button"})}
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeBlockActions,
		Payload: mustJSON(payload), TriggerID: trig, UserID: userID, ViewID: v.ID}}, nil
}
