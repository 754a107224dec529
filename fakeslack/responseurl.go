package fakeslack

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// Response URL limits (Slack: "up to 5 times within 30 minutes").
const (
	ResponseURLMaxUses  = 5
	ResponseURLLifetime = 30 * time.Minute
)

// responseURL is where an app may answer one interaction later.
type responseURL struct {
	id        string
	kind      string // "command", "action" or "view"
	userID    string
	channelID string
	command   string   // for commands: "/cmd text", echoed for in_channel replies
	source    *Message // for message actions: the message clicked
	last      *Message // for commands: the latest reply, the "original" to replace
	echoed    bool
	created   time.Time
	uses      int
}

// original is the message replace_original and delete_original act on.
func (ru *responseURL) original() *Message {
	if ru.kind == "action" {
		return ru.source
	}
	return ru.last
}

// newResponseURLLocked registers a response URL and returns its address.
func (s *Server) newResponseURLLocked(ru responseURL) (*responseURL, string) {
	ru.id = randomHex(12)
	ru.created = s.now()
	rec := &ru
	s.st.responses[ru.id] = rec
	return rec, s.base + "/response/" + ru.id
}

// serveResponseURL answers POST /response/<id>. A live URL takes a JSON
// message and answers {"ok":true}, or {"ok":false,"error":…} (HTTP 200)
// for a message Slack rejects. An unknown URL, one older than 30 minutes
// or one already used 5 times answers HTTP 404 with the plain-text body
// "Expired url", which is what Slack sends for expired response URLs.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	status, res := s.answerResponseURLLocked(id, body)
	out, _ := json.Marshal(res)
	call := Call{Method: "response_url", Params: map[string]string{"id": id}, Body: body, At: s.now(), Status: status}
	if status == http.StatusOK {
		call.Response = out
	}
	s.st.calls = append(s.st.calls, call)
	s.bumpLocked()
	s.emitLocked(Event{Type: EventAPICall, Call: &call})
	s.mu.Unlock()

	switch status {
	case http.StatusOK:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(out)
	case http.StatusNotFound:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "Expired url")
	default:
		http.Error(w, "invalid_payload", status)
	}
}

func (s *Server) answerResponseURLLocked(id string, body []byte) (int, result) {
	ru := s.st.responses[id]
	if s.closed || ru == nil || s.now().Sub(ru.created) > ResponseURLLifetime || ru.uses >= ResponseURLMaxUses {
		return http.StatusNotFound, nil
	}
	if !json.Valid(body) {
		return http.StatusBadRequest, nil
	}
	ru.uses++
	p, errs := parseMessagePayload(body)
	if errs == nil {
		errs = s.checkSlackFilesLocked(p.Blocks)
	}
	if errs != nil {
		return http.StatusOK, failMessages("invalid_blocks", errs)
	}
	return http.StatusOK, s.respondLocked(ru, p, ViaResponseURL)
}

// respondLocked applies a reply to an interaction, from an ack or a
// response URL: delete or replace the original, or post a new message,
// ephemeral unless response_type is in_channel. A replaced message keeps
// its visibility; in_channel replies to a command also show the command.
func (s *Server) respondLocked(ru *responseURL, p msgPayload, from string) result {
	blocks := s.replyBlocksLocked(p.Blocks)
	orig := ru.original()
	if orig != nil && orig.Deleted {
		orig = nil
	}
	switch {
	case p.DeleteOriginal:
		if orig != nil {
			s.deleteLocked(orig)
		}
		return okResult()
	case p.ReplaceOriginal && orig != nil:
		s.editLocked(orig, p.Text, blocks, from)
		return okResult()
	}
	inChannel := p.ResponseType == "in_channel"
	if inChannel && ru.kind == "command" && !ru.echoed {
		ru.echoed = true
		s.postLocked(Message{Channel: ru.channelID, User: ru.userID, Text: ru.command, Via: ViaCommand})
	}
	if p.Text == "" && blocks == nil {
		if ru.echoed && inChannel {
			return okResult()
		}
		return fail("no_text")
	}
	m := Message{Channel: ru.channelID, ThreadTS: p.ThreadTS, User: s.opts.BotUserID, Text: p.Text, Blocks: blocks, Via: from}
	if !inChannel {
		m.Ephemeral, m.VisibleTo = true, ru.userID
	}
	ru.last = s.postLocked(m)
	return okResult()
}

// replyBlocksLocked normalizes reply blocks; an empty array means none.
func (s *Server) replyBlocksLocked(raw json.RawMessage) json.RawMessage {
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) != nil || len(arr) == 0 {
		return nil
	}
	return s.normalizeBlocksLocked(raw)
}
