package fakeslack

import (
	"context"
	"encoding/json"
	"unicode/utf8"
)

// ClickViewButton clicks the button with actionID in an open modal as
// userID and sends the block_actions envelope.
func (s *Server) ClickViewButton(ctx context.Context, userID string, view View, actionID string) (*Envelope, error) {
	return s.ClickViewBlockButton(ctx, userID, view, "", actionID)
}

// ClickViewBlockButton is ClickViewButton restricted to the block with
// blockID, for views where several blocks use the same action_id.
func (s *Server) ClickViewBlockButton(ctx context.Context, userID string, view View, blockID, actionID string) (*Envelope, error) {
	return s.viewAction(ctx, userID, view.ID, blockID, actionID, func(e element) (Value, error) {
		if e.typ() != "button" {
			return Value{}, errorf("action_id %q is a %s, not a button", actionID, e.typ())
		}
		return Value{Type: "button"}, nil
	})
}

// SelectViewOption picks value in an element of an open modal, like
// SelectOption does in a message.
func (s *Server) SelectViewOption(ctx context.Context, userID string, view View, actionID, value string) (*Envelope, error) {
	return s.SelectViewBlockOption(ctx, userID, view, "", actionID, value)
}

// SelectViewBlockOption is SelectViewOption restricted to the block with
// blockID.
func (s *Server) SelectViewBlockOption(ctx context.Context, userID string, view View, blockID, actionID, value string) (*Envelope, error) {
	return s.viewAction(ctx, userID, view.ID, blockID, actionID, func(e element) (Value, error) {
		if e.typ() == "button" {
			return Value{}, errorf("action_id %q is a button; use ClickViewButton", actionID)
		}
		return valueFromString(e, value)
	})
}

// SetViewValue sets what the user entered in the element with actionID of
// an open modal (its Type may be left empty; options are given by value).
// Like Slack, it sends block_actions only for elements outside input
// blocks or in input blocks with dispatch_action; otherwise the value is
// only kept in the view state and the returned Envelope is nil.
func (s *Server) SetViewValue(ctx context.Context, userID, viewID, actionID string, v Value) (*Envelope, error) {
	return s.SetViewBlockValue(ctx, userID, viewID, "", actionID, v)
}

// SetViewBlockValue is SetViewValue restricted to the block with blockID,
// for forms whose inputs share an action_id and differ by block_id.
func (s *Server) SetViewBlockValue(ctx context.Context, userID, viewID, blockID, actionID string, v Value) (*Envelope, error) {
	return s.viewAction(ctx, userID, viewID, blockID, actionID, func(e element) (Value, error) {
		if v.Type != "" && v.Type != e.typ() {
			return Value{}, errorf("action_id %q is a %s, not a %s", actionID, e.typ(), v.Type)
		}
		v = v.clone()
		v.Type = e.typ()
		return v, resolveOptions(e, &v)
	})
}

// viewAction updates the view state for an element and sends block_actions
// when Slack would.
func (s *Server) viewAction(ctx context.Context, userID, viewID, blockID, actionID string, pick func(element) (Value, error)) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.viewActionLocked(userID, viewID, blockID, actionID, pick)
	s.mu.Unlock()
	if err != nil || env == nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) viewActionLocked(userID, viewID, blockID, actionID string, pick func(element) (Value, error)) (*envelope, error) {
	v, u, err := s.openViewOfLocked(userID, viewID, false)
	if err != nil {
		return nil, err
	}
	e, err := findElement(v.elements(), blockID, actionID)
	if err != nil {
		return nil, err
	}
	val, err := pick(e)
	if err != nil {
		return nil, err
	}
	if val.Type != "button" {
		if v.State[e.blockID] == nil {
			v.State[e.blockID] = map[string]Value{}
		}
		v.State[e.blockID][e.actionID()] = val
		v.Seq = s.bumpLocked()
		s.emitLocked(Event{Type: EventViewUpdated, View: ptr(s.viewLocked(v))})
	}
	if e.blockType == "input" && !e.dispatch {
		return nil, nil
	}
	trig := s.newTriggerLocked(userID)
	payload := s.interactionBase(TypeBlockActions, u, trig)
	payload["container"] = map[string]any{"type": "view", "view_id": v.ID}
	payload["view"] = s.viewJSONLocked(v)
	payload["actions"] = []any{s.actionJSONLocked(e, val)}
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeBlockActions,
		Payload: mustJSON(payload), TriggerID: trig, UserID: userID, ViewID: v.ID}}, nil
}

// openViewOfLocked finds an open view of userID; top requires it to be
// the one the user sees (the top of the stack).
func (s *Server) openViewOfLocked(userID, viewID string, top bool) (*viewRec, *User, error) {
	v, u := s.st.views[viewID], s.st.users[userID]
	stack := s.st.stacks[userID]
	switch {
	case u == nil:
		return nil, nil, errorf("unknown user %q", userID)
	case v == nil || v.Closed || v.UserID != userID:
		return nil, nil, errorf("user %s has no open view %q", userID, viewID)
	case top && (len(stack) == 0 || stack[len(stack)-1] != viewID):
		return nil, nil, errorf("view %s is not the top of the stack of user %s", viewID, userID)
	}
	return v, u, nil
}

// SubmitView presses the submit button of the user's top modal and sends
// the view_submission envelope. values (block_id → action_id → value)
// overlay what the user already entered and, for untouched inputs, their
// initial values (see InitialState). Like the Slack client, it refuses to
// submit an empty required input or text outside min_length/max_length.
func (s *Server) SubmitView(ctx context.Context, userID, viewID string, values map[string]map[string]Value) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.submitLocked(userID, viewID, values)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) submitLocked(userID, viewID string, values map[string]map[string]Value) (*envelope, error) {
	v, u, err := s.openViewOfLocked(userID, viewID, true)
	if err != nil {
		return nil, err
	}
	var f struct {
		Submit any `json:"submit"`
	}
	if _ = json.Unmarshal(v.Raw, &f); f.Submit == nil {
		return nil, errorf("view %s has no submit button", viewID)
	}
	state, err := s.submittedState(v, values)
	if err != nil {
		return nil, err
	}
	v.State, v.Errors, v.Submitting = state, nil, true
	v.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventViewUpdated, View: ptr(s.viewLocked(v))})
	trig := s.newTriggerLocked(userID)
	payload := s.interactionBase(TypeViewSubmit, u, trig)
	payload["view"] = s.viewJSONLocked(v)
	payload["response_urls"] = s.viewResponseURLsLocked(v)
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeViewSubmit,
		Payload: mustJSON(payload), AcceptsResponsePayload: true, TriggerID: trig, UserID: userID, ViewID: v.ID}}, nil
}

// submittedState merges initial values, the user's input and values, and
// checks them the way the Slack client does before it submits.
func (s *Server) submittedState(v *viewRec, values map[string]map[string]Value) (map[string]map[string]Value, error) {
	elems := v.elements()
	given := map[string]map[string]Value{}
	for blockID, acts := range values {
		for actionID, val := range acts {
			e, err := findElement(elems, blockID, actionID)
			if err != nil {
				return nil, err
			}
			val = val.clone()
			val.Type = e.typ()
			if err := resolveOptions(e, &val); err != nil {
				return nil, err
			}
			if given[blockID] == nil {
				given[blockID] = map[string]Value{}
			}
			given[blockID][actionID] = val
		}
	}
	state := mergeState(mergeState(initialState(elems), v.State), given)
	for _, e := range elems {
		if e.blockType == "input" {
			if err := checkInput(e, state[e.blockID][e.actionID()]); err != nil {
				return nil, err
			}
		}
	}
	return state, nil
}

// checkInput is the Slack client's own check of one input before submit.
func checkInput(e element, v Value) error {
	if v.isEmpty() {
		if !e.optional {
			return errorf("required input %s/%s is empty", e.blockID, e.actionID())
		}
		return nil
	}
	n := utf8.RuneCountInString(v.Value)
	if minLen, ok := intField(e.el, "min_length"); ok && n < minLen {
		return errorf("input %s/%s needs at least %d characters", e.blockID, e.actionID(), minLen)
	}
	if maxLen, ok := intField(e.el, "max_length"); ok && n > maxLen {
		return errorf("input %s/%s allows at most %d characters", e.blockID, e.actionID(), maxLen)
	}
	return nil
}

// viewResponseURLsLocked issues a response URL for each conversation or
// channel select with response_url_enabled that has a value.
func (s *Server) viewResponseURLsLocked(v *viewRec) []map[string]any {
	out := []map[string]any{}
	for _, e := range v.elements() {
		if on, _ := e.el["response_url_enabled"].(bool); !on || e.blockType != "input" {
			continue
		}
		val := v.State[e.blockID][e.actionID()]
		channel := val.SelectedConversation + val.SelectedChannel
		if channel == "" {
			continue
		}
		_, url := s.newResponseURLLocked(responseURL{kind: "view", userID: v.UserID, channelID: channel})
		out = append(out, map[string]any{"block_id": e.blockID, "action_id": e.actionID(),
			"channel_id": channel, "response_url": url})
	}
	return out
}

// CloseView presses Cancel on the user's top modal: it closes that view
// (the whole stack if the view has clear_on_close) and, if the view has
// notify_on_close, sends view_closed. Otherwise the Envelope is nil.
func (s *Server) CloseView(ctx context.Context, userID, viewID string) (*Envelope, error) {
	return s.closeViews(ctx, userID, viewID, false)
}

// DismissViews presses the × of the user's modal: every view of the stack
// closes, and view_closed with is_cleared:true is sent for the root view
// if it has notify_on_close. Otherwise the Envelope is nil.
func (s *Server) DismissViews(ctx context.Context, userID string) (*Envelope, error) {
	return s.closeViews(ctx, userID, "", true)
}

func (s *Server) closeViews(ctx context.Context, userID, viewID string, all bool) (*Envelope, error) {
	if err := s.WaitConnected(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	env, err := s.closeViewsLocked(userID, viewID, all)
	s.mu.Unlock()
	if err != nil || env == nil {
		return nil, err
	}
	return s.sendEnvelope(ctx, env)
}

func (s *Server) closeViewsLocked(userID, viewID string, all bool) (*envelope, error) {
	stack := s.st.stacks[userID]
	if all {
		if len(stack) == 0 {
			return nil, errorf("user %s has no open view", userID)
		}
		viewID = stack[len(stack)-1]
	}
	v, u, err := s.openViewOfLocked(userID, viewID, true)
	if err != nil {
		return nil, err
	}
	cleared := all || v.ClearOnClose
	notify := v
	if cleared {
		notify = s.st.views[stack[0]]
	}
	var payload map[string]any
	if notify.NotifyOnClose {
		payload = s.interactionBase(TypeViewClosed, u, "")
		payload["view"] = s.viewJSONLocked(notify)
		payload["is_cleared"] = cleared
	}
	if cleared {
		s.clearStackLocked(userID)
	} else {
		s.popViewLocked(userID)
	}
	if payload == nil {
		return nil, nil
	}
	return &envelope{pub: &Envelope{ID: newUUID(), Type: TypeInteractive, PayloadType: TypeViewClosed,
		Payload: mustJSON(payload), UserID: userID, ViewID: notify.ID}}, nil
}

// intField reads an integer property of a decoded element.
func intField(m map[string]any, key string) (int, bool) {
	n, ok := m[key].(interface{ Int64() (int64, error) })
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return int(i), err == nil
}
