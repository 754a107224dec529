package fakeslack

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// metadataEventType is what Slack accepts as a metadata event_type.
var metadataEventType = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

// metadataArg reads chat.postMessage's metadata argument (a JSON
// object, sent URL-encoded in a form or inline in a JSON body) and returns
// it as stored: {"event_type":…,"event_payload":{…}}; nil when absent.
// A body that is not such an object, or an event_type outside
// ^[a-zA-Z0-9_]+$, answers invalid_metadata_format; a payload that is not
// an object of strings, numbers, booleans, or objects and arrays of them,
// answers invalid_metadata_schema.
func metadataArg(r *apiRequest) (json.RawMessage, result) {
	raw, ok := r.params["metadata"]
	if !ok || raw == "" {
		return nil, nil
	}
	var md struct {
		EventType    *string         `json:"event_type"`
		EventPayload json.RawMessage `json:"event_payload"`
	}
	if json.Unmarshal([]byte(raw), &md) != nil || md.EventType == nil || !metadataEventType.MatchString(*md.EventType) {
		return nil, fail("invalid_metadata_format")
	}
	var payload map[string]any
	if json.Unmarshal(md.EventPayload, &payload) != nil || payload == nil || !metadataValues(payload) {
		return nil, fail("invalid_metadata_schema")
	}
	out, _ := json.Marshal(map[string]any{"event_type": *md.EventType, "event_payload": payload})
	return out, nil
}

// metadataValues reports whether every value is a string, number, boolean,
// or an object or array of those.
func metadataValues(v any) bool {
	switch x := v.(type) {
	case string, float64, bool:
		return true
	case map[string]any:
		for _, e := range x {
			if !metadataValues(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range x {
			if !metadataValues(e) {
				return false
			}
		}
		return true
	}
	return false
}

// Limits of conversations.history.
const (
	historyDefaultLimit = 100
	historyMaxLimit     = 999
)

// conversationsHistory lists a conversation's messages newest first, as
// Slack does: top-level messages only (no thread replies, no ephemeral or
// deleted ones), between oldest and latest (exclusive unless inclusive),
// limit per page (100 by default, at most 999) with a next_cursor while
// has_more. Metadata is included only with include_all_metadata.
func (s *Server) conversationsHistory(r *apiRequest) result {
	c, ok := s.st.channels[r.get("channel")]
	switch {
	case !ok:
		return fail("channel_not_found")
	case !slices.Contains(c.Members, s.opts.BotUserID):
		return fail("not_in_channel")
	}
	limit := historyDefaultLimit
	if v := r.get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fail("invalid_limit")
		}
		if n > 0 {
			limit = min(n, historyMaxLimit)
		}
	}
	oldest, ok1 := timelineMicros(r.get("oldest"), 0)
	latest, ok2 := timelineMicros(r.get("latest"), s.now().UnixMicro()+1)
	if !ok1 || !ok2 {
		return fail("invalid_ts_oldest")
	}
	inclusive := r.get("inclusive") == "true" || r.get("inclusive") == "1"
	if cur := r.get("cursor"); cur != "" {
		next, ok := decodeHistoryCursor(cur)
		if !ok {
			return fail("invalid_cursor")
		}
		latest, inclusive = next, false
	}
	withMeta := r.get("include_all_metadata") == "true" || r.get("include_all_metadata") == "1"
	var page []*Message
	hasMore := false
	for i := len(s.st.messages) - 1; i >= 0; i-- {
		m := s.st.messages[i]
		if m.Channel != c.ID || m.Deleted || m.Ephemeral || (m.ThreadTS != "" && m.ThreadTS != m.TS) {
			continue
		}
		ts, _ := tsMicros(m.TS)
		if ts > latest || ts < oldest || (!inclusive && (ts == latest || ts == oldest)) {
			continue
		}
		if len(page) == limit {
			hasMore = true
			break
		}
		page = append(page, m)
	}
	msgs := make([]map[string]any, len(page))
	for i, m := range page {
		msgs[i] = s.messageJSON(m)
		if withMeta && m.Metadata != nil {
			msgs[i]["metadata"] = m.Metadata
		}
	}
	res := okResult("messages", msgs, "has_more", hasMore, "pin_count", 0,
		"channel_actions_ts", nil, "channel_actions_count", 0)
	if hasMore {
		last, _ := tsMicros(page[len(page)-1].TS)
		res["response_metadata"] = map[string]any{"next_cursor": encodeHistoryCursor(last)}
	}
	return res
}

// timelineMicros reads an oldest or latest argument (a message timestamp
// "1700000000.000100", or whole seconds) as microseconds; empty is def.
func timelineMicros(ts string, def int64) (int64, bool) {
	if ts == "" {
		return def, true
	}
	secPart, frac, _ := strings.Cut(ts, ".")
	sec, err := strconv.ParseInt(secPart, 10, 64)
	if err != nil || len(frac) > 6 {
		return 0, false
	}
	us := int64(0)
	if frac != "" {
		f, err := strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
		if err != nil {
			return 0, false
		}
		us = f
	}
	return sec*1e6 + us, true
}

// History cursors have Slack's form: base64 of "next_ts:" and the
// timestamp, in microseconds, of the last message returned.
func encodeHistoryCursor(us int64) string {
	return base64.StdEncoding.EncodeToString([]byte("next_ts:" + strconv.FormatInt(us, 10)))
}

func decodeHistoryCursor(cur string) (int64, bool) {
	b, err := base64.StdEncoding.DecodeString(cur)
	if err != nil {
		return 0, false
	}
	v, ok := strings.CutPrefix(string(b), "next_ts:")
	if !ok {
		return 0, false
	}
	us, err := strconv.ParseInt(v, 10, 64)
	return us, err == nil
}
