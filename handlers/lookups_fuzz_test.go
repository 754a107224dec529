package handlers

import (
	"context"
	"encoding/json"
	"testing"

	"hirebot/fakeslack/blockkit"
)

// FuzzLookupReplies feeds any text to the three lookup commands: every reply must be a private
// message Slack accepts, with fallback text, and whatever it offers to share must share cleanly.
func FuzzLookupReplies(f *testing.F) {
	h := newTestHandlers(f)
	for _, seed := range []string{"", "help", "seattle senior", "<!channel>", "system design", "degree testing salary", "```", "*_~", "\xff\xfe", "random"} {
		f.Add(seed)
	}
	specs := h.Routes().Commands[:3]
	f.Fuzz(func(t *testing.T, text string) {
		for _, spec := range specs {
			resp, err := spec.Handle(context.Background(), Command{Name: spec.Name, Text: text, UserID: "U1", ChannelID: "C1"})
			if err != nil || len(resp.Replies) != 1 {
				t.Fatalf("%s %q: %d replies, err %v", spec.Name, text, len(resp.Replies), err)
			}
			m := resp.Replies[0]
			raw, _ := json.Marshal(m.Blocks)
			if m.Text == "" || m.Public {
				t.Errorf("%s %q: fallback %q, public %v", spec.Name, text, m.Text, m.Public)
			}
			if problems := blockkit.ValidateMessageBlocks(raw); len(problems) > 0 {
				t.Errorf("%s %q: %v", spec.Name, text, problems)
			}
			if v := shareValue(m); v != "" {
				if _, err := h.Share(context.Background(), Action{ActionID: ActionShare, Value: v, UserID: "U1"}); err != nil {
					t.Errorf("%s %q: sharing %q failed: %v", spec.Name, text, v, err)
				}
			}
		}
	})
}
