package fakeslack

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
)

// element is an interactive element found in a message or view.
type element struct {
	blockID   string
	blockType string // section, actions or input
	dispatch  bool   // input block with dispatch_action
	optional  bool   // input block marked optional
	el        map[string]any
}

func (e element) typ() string      { s, _ := e.el["type"].(string); return s }
func (e element) actionID() string { s, _ := e.el["action_id"].(string); return s }

// decodeBlocks parses a blocks array keeping numbers exact.
func decodeBlocks(raw json.RawMessage) []map[string]any {
	var blocks []map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	_ = dec.Decode(&blocks)
	return blocks
}

// elementsOf lists the interactive elements of one block.
func elementsOf(b map[string]any) []element {
	typ, _ := b["type"].(string)
	id, _ := b["block_id"].(string)
	var els []any
	switch typ {
	case "section":
		els = []any{b["accessory"]}
	case "actions":
		els, _ = b["elements"].([]any)
	case "input":
		els = []any{b["element"]}
	}
	dispatch, _ := b["dispatch_action"].(bool)
	optional, _ := b["optional"].(bool)
	var out []element
	for _, e := range els {
		m, ok := e.(map[string]any)
		if ok && m["type"] != "image" {
			out = append(out, element{blockID: id, blockType: typ, dispatch: dispatch, optional: optional, el: m})
		}
	}
	return out
}

// allElements lists the interactive elements of a blocks array.
func allElements(raw json.RawMessage) []element {
	var out []element
	for _, b := range decodeBlocks(raw) {
		out = append(out, elementsOf(b)...)
	}
	return out
}

// normalizeBlocksLocked fills in a block_id on every block and an action_id
// on every interactive element that lacks one, as Slack does when it
// stores a message or a view.
func (s *Server) normalizeBlocksLocked(raw json.RawMessage) json.RawMessage {
	blocks := decodeBlocks(raw)
	for _, b := range blocks {
		if _, ok := b["block_id"]; !ok {
			b["block_id"] = shortID()
		}
		for _, e := range elementsOf(b) {
			if _, ok := e.el["action_id"]; !ok {
				e.el["action_id"] = shortID()
			}
		}
	}
	out, _ := json.Marshal(blocks)
	return out
}

// shortID returns a random id shaped like the ones Slack generates.
func shortID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
