package blockkit

import (
	"encoding/json"
	"slices"
)

// ValidateMessageBlocks checks the blocks array of a message (at most
// MaxMessageBlocks). Pointers start at /blocks.
func ValidateMessageBlocks(blocks json.RawMessage) []string {
	c := newChecker()
	v, err := decode(blocks)
	if err != nil {
		c.failf("/blocks", "must provide an array")
		return c.errs
	}
	c.blocks(v, "/blocks", MaxMessageBlocks)
	return c.errs
}

// ValidateMessage checks a message payload as sent in an ack or to a
// response_url: text (at most MaxMessageText characters), blocks and
// response_type. Other message fields are not checked; "blocks":null
// counts as no blocks.
func ValidateMessage(msg json.RawMessage) []string {
	c := newChecker()
	v, err := decode(msg)
	if err != nil {
		c.failf("", "must provide an object")
		return c.errs
	}
	m, ok := c.object(v, "")
	if !ok {
		return c.errs
	}
	m.str("text", 0, MaxMessageText)
	if s, ok := m.m["text"].(string); ok {
		c.escapes(s, m.at("text"))
	}
	m.enum("response_type", "ephemeral", "in_channel")
	if b := m.m["blocks"]; b != nil { // slack-go sends "blocks":null for none
		c.blocks(b, "/blocks", MaxMessageBlocks)
	}
	return c.errs
}

// ValidateView checks a view object (a modal or a Home tab) as passed to
// views.open, views.push, views.update or a view_submission response.
// Pointers start at /view.
func ValidateView(view json.RawMessage) []string {
	c := newChecker()
	v, err := decode(view)
	if err != nil {
		c.failf("/view", "must provide an object")
		return c.errs
	}
	c.view(v, "/view")
	return c.errs
}

// view checks a view object at ptr.
func (c *checker) view(v any, ptr string) {
	o, ok := c.object(v, ptr)
	if !ok {
		return
	}
	o.require("type", "blocks")
	typ, _ := o.str("type", 0, 0)
	switch typ {
	case "modal":
		o.allow("type", "title", "blocks", "close", "submit", "private_metadata", "callback_id",
			"clear_on_close", "notify_on_close", "external_id", "submit_disabled")
		o.require("title")
		o.text("title", plainOnly, MaxViewTitle)
		o.text("close", plainOnly, MaxViewButton)
		o.text("submit", plainOnly, MaxViewButton)
		o.boolean("clear_on_close")
		o.boolean("notify_on_close")
		o.boolean("submit_disabled")
		if hasInput(o.m["blocks"]) && !o.has("submit") {
			c.failf(ptr, "missing required field: submit")
		}
	case "home":
		o.allow("type", "blocks", "private_metadata", "callback_id", "external_id")
	default:
		if o.has("type") {
			c.failf(o.at("type"), "must be a valid enum value")
		}
	}
	o.str("private_metadata", 0, MaxPrivateMetadata)
	o.str("callback_id", 0, MaxCallbackID)
	o.str("external_id", 0, MaxExternalID)
	if b, ok := o.m["blocks"]; ok {
		c.blocks(b, o.at("blocks"), MaxViewBlocks)
	}
}

func hasInput(blocks any) bool {
	a, _ := blocks.([]any)
	for _, b := range a {
		if typeOf(b) == "input" {
			return true
		}
	}
	return false
}

// ValidateViewSubmissionResponse checks the payload of a view_submission
// ack against the view that was submitted: response_action, the new view
// of an update or push, and that every errors key is the block_id of an
// input block of view (Slack ignores other keys and shows the user a
// generic error). A null or empty payload, which closes the view, is valid.
// view may be nil to skip the errors key check.
func ValidateViewSubmissionResponse(resp, view json.RawMessage) []string {
	c := newChecker()
	if len(resp) == 0 || string(resp) == "null" {
		return nil
	}
	v, err := decode(resp)
	if err != nil {
		c.failf("", "must provide an object")
		return c.errs
	}
	o, ok := c.object(v, "")
	if !ok || len(o.m) == 0 {
		return c.errs
	}
	o.allow("response_action", "view", "errors")
	o.require("response_action")
	action, _ := o.str("response_action", 0, 0)
	switch action {
	case "clear":
	case "update", "push":
		if o.require("view") {
			c.view(o.m["view"], "/view")
		}
	case "errors":
		if o.require("errors") {
			c.submissionErrors(o.m["errors"], view)
		}
	default:
		if o.has("response_action") {
			c.failf("/response_action", "must be a valid enum value")
		}
	}
	return c.errs
}

// submissionErrors checks the errors object of a response_action errors.
func (c *checker) submissionErrors(v any, view json.RawMessage) {
	e, ok := c.object(v, "/errors")
	if !ok {
		return
	}
	inputs := InputBlockIDs(view)
	keys := make([]string, 0, len(e.m))
	for k := range e.m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e.str(k, 1, MaxText)
		if view != nil && !slices.Contains(inputs, k) {
			c.failf(e.at(k), "must be the block_id of an input block in the view")
		}
	}
}

// InputBlockIDs returns the block_id of every input block of a view, in
// order. Input blocks without a block_id are skipped.
func InputBlockIDs(view json.RawMessage) []string {
	var v struct {
		Blocks []struct {
			Type    string `json:"type"`
			BlockID string `json:"block_id"`
		} `json:"blocks"`
	}
	if json.Unmarshal(view, &v) != nil {
		return nil
	}
	var ids []string
	for _, b := range v.Blocks {
		if b.Type == "input" && b.BlockID != "" {
			ids = append(ids, b.BlockID)
		}
	}
	return ids
}
