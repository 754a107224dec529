package fakeslack

import (
	"encoding/json"
	"slices"
	"unicode/utf8"

	"hirebot/fakeslack/blockkit"
)

// chatPostMessage posts a message as the bot. A user id as channel posts
// to the bot's DM with that user.
func (s *Server) chatPostMessage(r *apiRequest) result {
	c, res := s.botChannelLocked(r.get("channel"))
	if res != nil {
		return res
	}
	if res := s.dmBotLocked(r.get("channel"), c); res != nil {
		return res
	}
	text, blocks, res := s.contentLocked(r, nil)
	if res != nil {
		return res
	}
	metadata, res := metadataArg(r)
	if res != nil {
		return res
	}
	m := s.postLocked(Message{Channel: c.ID, ThreadTS: r.get("thread_ts"), User: s.opts.BotUserID,
		Text: text, Blocks: blocks, Metadata: metadata, Via: ViaPostMessage})
	return okResult("channel", c.ID, "ts", m.TS, "message", s.messageJSON(m))
}

// chatPostEphemeral posts a message only user can see.
func (s *Server) chatPostEphemeral(r *apiRequest) result {
	c, res := s.botChannelLocked(r.get("channel"))
	if res != nil {
		return res
	}
	user := r.get("user")
	switch {
	case user == "":
		return fail("user_not_found")
	case s.st.users[user] == nil:
		return fail("user_not_found")
	case !slices.Contains(c.Members, user):
		return fail("user_not_in_channel")
	}
	text, blocks, res := s.contentLocked(r, nil)
	if res != nil {
		return res
	}
	m := s.postLocked(Message{Channel: c.ID, ThreadTS: r.get("thread_ts"), User: s.opts.BotUserID,
		Text: text, Blocks: blocks, Ephemeral: true, VisibleTo: user, Via: ViaPostEphemeral})
	return okResult("message_ts", m.TS)
}

// chatUpdate edits a message the bot posted. Absent text or blocks keep
// their previous value; "blocks":[] removes the blocks.
func (s *Server) chatUpdate(r *apiRequest) result {
	m, res := s.botMessageLocked(r, "cant_update_message")
	if res != nil {
		return res
	}
	text, blocks, res := s.contentLocked(r, m)
	if res != nil {
		return res
	}
	s.editLocked(m, text, blocks, ViaUpdate)
	return okResult("channel", m.Channel, "ts", m.TS, "text", m.Text, "message", s.messageJSON(m))
}

// chatDelete deletes a message the bot posted.
func (s *Server) chatDelete(r *apiRequest) result {
	m, res := s.botMessageLocked(r, "cant_delete_message")
	if res != nil {
		return res
	}
	s.deleteLocked(m)
	return okResult("channel", m.Channel, "ts", m.TS)
}

// botChannelLocked resolves a channel the bot may post to.
func (s *Server) botChannelLocked(arg string) (*Channel, result) {
	c, ok := s.resolveChannelLocked(arg)
	if !ok || arg == "" {
		return nil, fail("channel_not_found")
	}
	if !slices.Contains(c.Members, s.opts.BotUserID) {
		return nil, fail("not_in_channel")
	}
	return c, nil
}

// dmBotLocked refuses a direct message to a bot user (cannot_dm_bot), as
// Slack does: arg is the channel argument, c what it resolved to.
func (s *Server) dmBotLocked(arg string, c *Channel) result {
	if !c.IsIM {
		return nil
	}
	for _, id := range c.Members {
		if u := s.st.users[id]; id != s.opts.BotUserID && u != nil && u.IsBot {
			return fail("cannot_dm_bot")
		}
	}
	if arg == s.opts.BotUserID {
		return fail("cannot_dm_bot")
	}
	return nil
}

// botMessageLocked finds the visible, non-ephemeral message named by the
// channel and ts parameters; notOwn is the error when a human wrote it.
func (s *Server) botMessageLocked(r *apiRequest, notOwn string) (*Message, result) {
	if _, ok := s.st.channels[r.get("channel")]; !ok {
		return nil, fail("channel_not_found")
	}
	m := s.findMessageLocked(r.get("channel"), r.get("ts"))
	if m == nil || m.Deleted || m.Ephemeral {
		return nil, fail("message_not_found")
	}
	if m.User != s.opts.BotUserID {
		return nil, fail(notOwn)
	}
	return m, nil
}

// contentLocked reads and checks text and blocks. With prev (an update),
// absent fields keep prev's values; otherwise a message needs one of them.
func (s *Server) contentLocked(r *apiRequest, prev *Message) (string, json.RawMessage, result) {
	text, hasText := r.params["text"]
	rawBlocks, hasBlocks := r.params["blocks"]
	var blocks json.RawMessage
	if hasBlocks && rawBlocks != "" {
		var arr []json.RawMessage
		if json.Unmarshal([]byte(rawBlocks), &arr) != nil {
			return "", nil, fail("invalid_blocks_format")
		}
		if errs := blockkit.ValidateMessageBlocks(json.RawMessage(rawBlocks)); len(errs) > 0 {
			return "", nil, failMessages("invalid_blocks", errs)
		}
		if errs := s.checkSlackFilesLocked(json.RawMessage(rawBlocks)); len(errs) > 0 {
			return "", nil, failMessages("invalid_blocks", errs)
		}
		if len(arr) > 0 {
			blocks = s.normalizeBlocksLocked(json.RawMessage(rawBlocks))
		}
	}
	if utf8.RuneCountInString(text) > blockkit.MaxMessageText {
		return "", nil, fail("msg_too_long")
	}
	if errs := blockkit.CheckEscapes(text); len(errs) > 0 {
		// Slack would accept it; the fake refuses so that tests catch the unescaped text.
		return "", nil, failMessages("invalid_text", errs)
	}
	if prev != nil {
		if !hasText {
			text = prev.Text
		}
		if !hasBlocks {
			blocks = prev.Blocks
		}
	}
	if text == "" && blocks == nil {
		return "", nil, fail("no_text")
	}
	return text, blocks, nil
}

// messageJSON is a message object as the Web API and payloads show it.
func (s *Server) messageJSON(m *Message) map[string]any {
	out := map[string]any{"type": "message", "text": m.Text, "user": m.User, "ts": m.TS, "team": s.opts.TeamID}
	if m.User == s.opts.BotUserID {
		out["bot_id"] = s.opts.BotID
		out["app_id"] = s.opts.AppID
	}
	if m.Blocks != nil {
		out["blocks"] = m.Blocks
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if len(m.Files) > 0 {
		files := make([]map[string]any, len(m.Files))
		for i, id := range m.Files {
			f := s.st.files[id]
			files[i] = map[string]any{"id": id, "name": f.Name, "title": f.Title, "size": f.Length}
		}
		out["files"] = files
	}
	if m.Edited {
		out["edited"] = map[string]any{"user": m.User, "ts": m.TS}
	}
	return out
}
