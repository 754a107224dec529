package fakeslack

import (
	"encoding/json"

	"hirebot/fakeslack/blockkit"
)

// msgPayload is a message sent in an ack or to a response URL.
type msgPayload struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

// parseMessagePayload reads and validates a message payload; a JSON string
// is taken as the text.
func parseMessagePayload(raw json.RawMessage) (msgPayload, []string) {
	var p msgPayload
	if json.Unmarshal(raw, &p.Text) == nil {
		raw, _ = json.Marshal(map[string]string{"text": p.Text})
	}
	if errs := blockkit.ValidateMessage(raw); len(errs) > 0 {
		return p, errs
	}
	_ = json.Unmarshal(raw, &p)
	return p, nil
}

// applyCommandAckLocked shows the message in a slash command ack.
func (s *Server) applyCommandAckLocked(env *envelope, payload json.RawMessage) []string {
	if isEmptyPayload(payload) {
		return nil
	}
	p, errs := parseMessagePayload(payload)
	if errs == nil {
		errs = s.checkSlackFilesLocked(p.Blocks)
	}
	if errs != nil {
		s.userErrorLocked(UserError{UserID: env.pub.UserID, ChannelID: env.pub.ChannelID, EnvelopeID: env.pub.ID,
			Code: ErrInvalidBlocks, Text: env.command + ` failed with the error "invalid_blocks"`, Details: errs})
		return errs
	}
	if res := s.respondLocked(env.rurl, p, ViaAck); res["ok"] != true {
		code, _ := res["error"].(string)
		return []string{code}
	}
	return nil
}

// submission is a view_submission ack payload.
type submission struct {
	ResponseAction string            `json:"response_action"`
	View           json.RawMessage   `json:"view"`
	Errors         map[string]string `json:"errors"`
}

// applySubmissionAckLocked applies a view_submission response: close the
// view (empty ack), clear the stack, update or push a view, or show errors
// on input blocks while keeping what the user typed.
func (s *Server) applySubmissionAckLocked(env *envelope, payload json.RawMessage) []string {
	v := s.st.views[env.pub.ViewID]
	if v == nil || v.Closed {
		return nil
	}
	v.Submitting = false
	if isEmptyPayload(payload) {
		s.closeViewAndAboveLocked(v)
		return nil
	}
	errs := blockkit.ValidateViewSubmissionResponse(payload, v.Raw)
	var r submission
	_ = json.Unmarshal(payload, &r)
	if r.ResponseAction == "errors" {
		s.showErrorsLocked(v, env, r.Errors, errs)
		return errs
	}
	if errs != nil {
		s.userErrorLocked(UserError{UserID: v.UserID, ViewID: v.ID, EnvelopeID: env.pub.ID,
			Code: ErrInvalidView, Text: "We had some trouble connecting. Try again?", Details: errs})
		return errs
	}
	switch r.ResponseAction {
	case "clear":
		s.clearStackLocked(v.UserID)
	case "update":
		var f viewFields
		_ = json.Unmarshal(r.View, &f)
		s.replaceViewLocked(v, s.normalizeViewLocked(r.View), f)
	case "push":
		if len(s.st.stacks[v.UserID]) >= MaxViewStack {
			s.userErrorLocked(UserError{UserID: v.UserID, ViewID: v.ID, EnvelopeID: env.pub.ID,
				Code: ErrPushLimit, Text: "We had some trouble connecting. Try again?"})
			return []string{ErrPushLimit}
		}
		var f viewFields
		_ = json.Unmarshal(r.View, &f)
		s.newViewLocked(v.UserID, s.normalizeViewLocked(r.View), f, v.ID)
	}
	return nil
}

// showErrorsLocked shows errors under input blocks. Keys that are not
// input block_ids make Slack show a generic error instead (errs says which).
func (s *Server) showErrorsLocked(v *viewRec, env *envelope, errors map[string]string, errs []string) {
	inputs := blockkit.InputBlockIDs(v.Raw)
	shown := map[string]string{}
	for k, msg := range errors {
		for _, id := range inputs {
			if id == k {
				shown[k] = msg
			}
		}
	}
	v.Errors = shown
	v.Seq = s.bumpLocked()
	s.emitLocked(Event{Type: EventViewUpdated, View: ptr(s.viewLocked(v))})
	if len(shown) != len(errors) || errs != nil {
		s.userErrorLocked(UserError{UserID: v.UserID, ViewID: v.ID, EnvelopeID: env.pub.ID,
			Code: ErrTroubleConnecting, Text: "We had some trouble connecting. Try again?", Details: errs})
	}
}

// closeViewAndAboveLocked closes v and any view pushed on top of it.
func (s *Server) closeViewAndAboveLocked(v *viewRec) {
	for {
		stack := s.st.stacks[v.UserID]
		if len(stack) == 0 || v.Closed {
			return
		}
		s.popViewLocked(v.UserID)
	}
}
