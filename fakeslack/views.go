package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"hirebot/fakeslack/blockkit"
)

// MaxViewStack is how many views a modal stack holds (root + 2 pushes).
const MaxViewStack = 3

// View is a modal as the user sees it.
type View struct {
	ID              string
	ExternalID      string
	Hash            string
	CallbackID      string
	PrivateMetadata string
	UserID          string // whose screen it is on
	Title           string
	Raw             json.RawMessage // the view as the bot sent it, generated ids filled in
	Blocks          json.RawMessage
	State           map[string]map[string]Value // user input: block_id → action_id → value
	Errors          map[string]string           // block_id → message, from response_action errors
	NotifyOnClose   bool
	ClearOnClose    bool
	RootViewID      string
	PreviousViewID  string
	Position        int  // 0 for the root view of the stack; -1 once closed
	Closed          bool // closed views stay visible to WaitView and View
	Submitting      bool // submitted; the view_submission awaits its ack
	Seq             uint64
}

// viewRec is a stored view; guarded by Server.mu.
type viewRec struct {
	View
	// elems are allElements(elemsOf): the view's elements, read again only when its blocks
	// change (a submission reads them twice, and a view is submitted many times in benchmarks).
	elems   []element
	elemsOf json.RawMessage
}

// elements returns v's interactive elements, which callers only read.
func (v *viewRec) elements() []element {
	if v.elemsOf == nil || len(v.elemsOf) != len(v.Blocks) || (len(v.Blocks) > 0 && &v.elemsOf[0] != &v.Blocks[0]) {
		v.elems, v.elemsOf = allElements(v.Blocks), v.Blocks
	}
	return v.elems
}

// viewFields is what the fake reads from a view object.
type viewFields struct {
	Type  string `json:"type"`
	Title struct {
		Text string `json:"text"`
	} `json:"title"`
	Blocks          json.RawMessage `json:"blocks"`
	CallbackID      string          `json:"callback_id"`
	PrivateMetadata string          `json:"private_metadata"`
	ExternalID      string          `json:"external_id"`
	NotifyOnClose   bool            `json:"notify_on_close"`
	ClearOnClose    bool            `json:"clear_on_close"`
}

// OpenViews returns a user's modal stack, root first.
func (s *Server) OpenViews(userID string) []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, id := range s.st.stacks[userID] {
		out = append(out, s.viewLocked(s.st.views[id]))
	}
	return out
}

// View returns a view by id, open or closed.
func (s *Server) View(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.st.views[id]
	if !ok {
		return View{}, false
	}
	return s.viewLocked(v), true
}

// WaitView returns the first view, oldest first, for which match is true,
// waiting for views to open or change until ctx ends. Existing views are
// checked first; closed views are included (Closed is set). To ignore
// earlier views use WaitViewAfter. match only reads the view it is given
// (the returned view is a copy of its own).
func (s *Server) WaitView(ctx context.Context, match func(View) bool) (View, error) {
	return s.WaitViewAfter(ctx, 0, match)
}

// WaitViewAfter is WaitView restricted to views opened or changed after
// cursor (see Cursor).
func (s *Server) WaitViewAfter(ctx context.Context, cursor uint64, match func(View) bool) (View, error) {
	var found View
	err := s.waitFor(ctx, func() bool {
		for _, id := range s.st.viewOrder {
			// match sees the stored view (it runs under the lock and keeps nothing); only the
			// one it picks is copied, so that a wait does not copy every view at every change.
			if v := s.st.views[id]; v.Seq > cursor && match(s.viewShallowLocked(v)) {
				found = s.viewLocked(v)
				return true
			}
		}
		return false
	})
	return found, err
}

// viewShallowLocked is v with its stack position, sharing v's slices and maps: for a match
// function to read under the lock, never to hand out.
func (s *Server) viewShallowLocked(v *viewRec) View {
	out := v.View
	out.Position = slices.Index(s.st.stacks[v.UserID], v.ID)
	return out
}

// viewLocked returns a deep copy of v with its stack position.
func (s *Server) viewLocked(v *viewRec) View {
	out := v.View
	out.Raw = slices.Clone(v.Raw)
	out.Blocks = slices.Clone(v.Blocks)
	out.State = cloneState(v.State)
	out.Errors = maps.Clone(v.Errors)
	out.Position = slices.Index(s.st.stacks[v.UserID], v.ID)
	return out
}

// viewsOpen opens a modal, replacing any stack the user had open.
func (s *Server) viewsOpen(r *apiRequest) result {
	tr, res := s.triggerLocked(r.get("trigger_id"))
	if res != nil {
		return res
	}
	raw, f, res := s.modalArgLocked(r.get("view"), "")
	if res != nil {
		return res
	}
	tr.used = true
	s.clearStackLocked(tr.userID)
	v := s.newViewLocked(tr.userID, raw, f, "")
	return okResult("view", s.viewJSONLocked(v))
}

// viewsPush pushes a modal onto the user's open stack.
func (s *Server) viewsPush(r *apiRequest) result {
	tr, res := s.triggerLocked(r.get("trigger_id"))
	if res != nil {
		return res
	}
	stack := s.st.stacks[tr.userID]
	switch {
	case len(stack) == 0:
		return fail("not_found")
	case len(stack) >= MaxViewStack:
		return fail("push_limit_reached")
	}
	raw, f, res := s.modalArgLocked(r.get("view"), "")
	if res != nil {
		return res
	}
	tr.used = true
	v := s.newViewLocked(tr.userID, raw, f, stack[len(stack)-1])
	return okResult("view", s.viewJSONLocked(v))
}

// viewsUpdate replaces an open view, found by view_id or external_id.
func (s *Server) viewsUpdate(r *apiRequest) result {
	if r.get("view_id") == "" && r.get("external_id") == "" {
		return failMessages("invalid_arguments", []string{"missing required field: view_id"})
	}
	v := s.findOpenViewLocked(r.get("view_id"), r.get("external_id"))
	if v == nil {
		return fail("not_found")
	}
	if h := r.get("hash"); h != "" && h != v.Hash {
		return fail("hash_conflict")
	}
	raw, f, res := s.modalArgLocked(r.get("view"), v.ID)
	if res != nil {
		return res
	}
	s.replaceViewLocked(v, raw, f)
	return okResult("view", s.viewJSONLocked(v))
}

// findOpenViewLocked finds an open view by id, else by external id.
func (s *Server) findOpenViewLocked(id, externalID string) *viewRec {
	if v := s.st.views[id]; v != nil && !v.Closed {
		return v
	}
	if externalID == "" {
		return nil
	}
	for _, vid := range s.st.viewOrder {
		if v := s.st.views[vid]; !v.Closed && v.ExternalID == externalID {
			return v
		}
	}
	return nil
}

// modalArgLocked parses and checks a modal view argument; self is the id
// of the view being replaced, which may keep its external_id.
func (s *Server) modalArgLocked(arg, self string) (json.RawMessage, viewFields, result) {
	var f viewFields
	if arg == "" {
		return nil, f, failMessages("invalid_arguments", []string{"missing required field: view"})
	}
	if errs := blockkit.ValidateView(json.RawMessage(arg)); len(errs) > 0 {
		return nil, f, failMessages("invalid_arguments", errs)
	}
	_ = json.Unmarshal([]byte(arg), &f)
	if f.Type != "modal" {
		return nil, f, failMessages("invalid_arguments", []string{"must be a valid enum value [json-pointer:/view/type]"})
	}
	if f.ExternalID != "" {
		if other := s.findOpenViewLocked("", f.ExternalID); other != nil && other.ID != self {
			return nil, f, fail("duplicate_external_id")
		}
	}
	return s.normalizeViewLocked(json.RawMessage(arg)), f, nil
}

// normalizeViewLocked fills in generated block and action ids.
func (s *Server) normalizeViewLocked(raw json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	m["blocks"] = s.normalizeBlocksLocked(m["blocks"])
	out, _ := json.Marshal(m)
	return out
}

// newViewLocked stores a view and puts it on top of the user's stack.
func (s *Server) newViewLocked(userID string, raw json.RawMessage, f viewFields, previous string) *viewRec {
	v := &viewRec{}
	v.ID, v.UserID, v.PreviousViewID = s.newIDLocked("V"), userID, previous
	v.RootViewID = v.ID
	if previous != "" {
		v.RootViewID = s.st.views[previous].RootViewID
	}
	v.State = map[string]map[string]Value{}
	s.setViewContentLocked(v, raw, f)
	s.st.views[v.ID] = v
	s.st.viewOrder = append(s.st.viewOrder, v.ID)
	s.st.stacks[userID] = append(s.st.stacks[userID], v.ID)
	v.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventViewOpened, View: ptr(s.viewLocked(v))})
	return v
}

// replaceViewLocked swaps the content of v, keeping user input for inputs
// whose block_id and action_id are unchanged, as Slack does.
func (s *Server) replaceViewLocked(v *viewRec, raw json.RawMessage, f viewFields) {
	s.setViewContentLocked(v, raw, f)
	keep := map[string]map[string]Value{}
	for _, e := range v.elements() {
		if val, ok := v.State[e.blockID][e.actionID()]; ok {
			if keep[e.blockID] == nil {
				keep[e.blockID] = map[string]Value{}
			}
			keep[e.blockID][e.actionID()] = val
		}
	}
	v.State, v.Errors, v.Submitting = keep, nil, false
	v.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventViewUpdated, View: ptr(s.viewLocked(v))})
}

func (s *Server) setViewContentLocked(v *viewRec, raw json.RawMessage, f viewFields) {
	v.Raw = raw
	var m struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(raw, &m)
	v.Blocks = m.Blocks
	v.Hash = fmt.Sprintf("%d.%s", s.now().Unix(), randomHex(4))
	v.Title, v.CallbackID, v.PrivateMetadata = f.Title.Text, f.CallbackID, f.PrivateMetadata
	v.ExternalID, v.NotifyOnClose, v.ClearOnClose = f.ExternalID, f.NotifyOnClose, f.ClearOnClose
}

// popViewLocked closes the top view of a user's stack.
func (s *Server) popViewLocked(userID string) {
	stack := s.st.stacks[userID]
	if len(stack) == 0 {
		return
	}
	s.st.stacks[userID] = stack[:len(stack)-1]
	s.closeViewLocked(s.st.views[stack[len(stack)-1]])
}

// clearStackLocked closes every view of a user's stack, top first.
func (s *Server) clearStackLocked(userID string) {
	for len(s.st.stacks[userID]) > 0 {
		s.popViewLocked(userID)
	}
	delete(s.st.stacks, userID)
}

func (s *Server) closeViewLocked(v *viewRec) {
	v.Closed, v.Submitting = true, false
	v.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventViewClosed, View: ptr(s.viewLocked(v))})
}

// viewJSONLocked is a view object as Slack returns and sends it.
func (s *Server) viewJSONLocked(v *viewRec) map[string]any {
	out := map[string]any{
		"private_metadata": "", "callback_id": "", "external_id": "", "close": nil, "submit": nil,
		"clear_on_close": false, "notify_on_close": false, "submit_disabled": false,
	}
	var sent map[string]json.RawMessage
	_ = json.Unmarshal(v.Raw, &sent)
	for k, val := range sent {
		out[k] = val
	}
	var previous any
	if v.PreviousViewID != "" {
		previous = v.PreviousViewID
	}
	out["id"], out["team_id"], out["hash"] = v.ID, s.opts.TeamID, v.Hash
	out["state"] = map[string]any{"values": stateJSON(v.State)}
	out["root_view_id"], out["previous_view_id"] = v.RootViewID, previous
	out["app_id"], out["bot_id"], out["app_installed_team_id"] = s.opts.AppID, s.opts.BotID, s.opts.TeamID
	return out
}
