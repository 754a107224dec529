package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"hirebot/fakeslack"
)

// historyLimit is how many messages of each conversation the history keeps, newest first.
const historyLimit = 500

// historyVersion is the format of the history file; a file of another version is ignored.
const historyVersion = 1

// historyFileLimit is the largest uploaded file the history keeps; a message sharing a larger
// one comes back saying the file is no longer available.
const historyFileLimit = 5 << 20

// historyFile is the playground's conversation history on disk. Ephemeral messages are not
// kept: the Slack client forgets them too when it reloads. Files are the uploads the kept
// messages share or show in image blocks, with their contents. (Fields added to version 1 are
// optional, so older files still load.)
type historyFile struct {
	Version  int            `json:"version"`
	Messages []savedMessage `json:"messages"`
	Files    []savedFile    `json:"files,omitempty"`
}

type savedMessage struct {
	Channel  string          `json:"channel"`
	TS       string          `json:"ts"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	User     string          `json:"user"`
	Text     string          `json:"text"`
	Blocks   json.RawMessage `json:"blocks,omitempty"`
	Metadata json.RawMessage `json:"metadata,omitempty"`
	Files    []string        `json:"files,omitempty"`
	Via      string          `json:"via,omitempty"`
	Edited   bool            `json:"edited,omitempty"`
}

type savedFile struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Title   string `json:"title,omitempty"`
	Content []byte `json:"content"` // base64 in the file
}

// history is what the history file holds, as the fake Slack takes it back.
type history struct {
	messages []fakeslack.Message
	files    []fakeslack.File
}

// loadHistory reads the messages and files kept at path; a missing file is an empty history.
func loadHistory(path string) (history, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return history{}, nil
	}
	if err != nil {
		return history{}, fmt.Errorf("read history: %w", err)
	}
	var h historyFile
	if err := json.Unmarshal(raw, &h); err != nil {
		return history{}, fmt.Errorf("read history %s: %w", path, err)
	}
	if h.Version != historyVersion {
		return history{}, fmt.Errorf("read history %s: version %d, want %d", path, h.Version, historyVersion)
	}
	out := history{messages: make([]fakeslack.Message, 0, len(h.Messages))}
	for _, m := range h.Messages {
		out.messages = append(out.messages, fakeslack.Message{Channel: m.Channel, TS: m.TS, ThreadTS: m.ThreadTS, User: m.User,
			Text: m.Text, Blocks: m.Blocks, Metadata: m.Metadata, Files: m.Files, Via: m.Via, Edited: m.Edited})
	}
	for _, f := range h.Files {
		out.files = append(out.files, fakeslack.File{ID: f.ID, Name: f.Name, Title: f.Title, Content: f.Content})
	}
	return out, nil
}

// saveHistory writes the newest historyLimit messages of each conversation to path, with the
// files they share or show (looked up with file, up to historyFileLimit each), through a
// temporary file so that a crash never leaves half a history.
func saveHistory(path string, convs map[string][]fakeslack.Message, file func(id string) (fakeslack.File, bool)) error {
	h := historyFile{Version: historyVersion, Messages: []savedMessage{}}
	for _, msgs := range convs {
		msgs = slices.DeleteFunc(slices.Clone(msgs), func(m fakeslack.Message) bool { return m.Ephemeral || m.Deleted })
		for _, m := range msgs[max(0, len(msgs)-historyLimit):] {
			h.Messages = append(h.Messages, savedMessage{Channel: m.Channel, TS: m.TS, ThreadTS: m.ThreadTS, User: m.User,
				Text: m.Text, Blocks: m.Blocks, Metadata: m.Metadata, Files: m.Files, Via: m.Via, Edited: m.Edited})
		}
	}
	slices.SortStableFunc(h.Messages, func(a, b savedMessage) int { return messageTime(a.TS).Compare(messageTime(b.TS)) })
	seen := map[string]bool{}
	for _, m := range h.Messages {
		for _, id := range append(slices.Clone(m.Files), blockFileIDs(m.Blocks)...) {
			if seen[id] {
				continue
			}
			seen[id] = true
			if f, ok := file(id); ok && f.Complete && len(f.Content) <= historyFileLimit {
				h.Files = append(h.Files, savedFile{ID: f.ID, Name: f.Name, Title: f.Title, Content: f.Content})
			}
		}
	}
	raw, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("save history: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	return nil
}

// restoreHistory puts the kept messages back into the fake Slack, before the bot connects.
func (s *Server) restoreHistory() {
	if s.cfg.HistoryPath == "" {
		return
	}
	h, err := loadHistory(s.cfg.HistoryPath)
	if err != nil {
		s.log.Warn("playground: starting with empty conversations; the history will be written again", "err", err)
		return
	}
	files := s.cfg.Slack.RestoreFiles(h.files)
	n := s.cfg.Slack.RestoreMessages(h.messages)
	s.log.Info("playground: restored conversation history", "path", s.cfg.HistoryPath, "messages", n, "files", files)
}

// keepHistory saves the conversations whenever a message is posted, edited or deleted, until
// ctx ends, then once more.
func (s *Server) keepHistory(ctx context.Context) {
	events, cancel := s.cfg.Slack.Subscribe()
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			s.saveHistory()
			return
		case e, open := <-events:
			if !open {
				return
			}
			if !changesHistory(e.Type) {
				continue
			}
		drain: // one save for a burst of changes
			for {
				select {
				case _, open := <-events:
					if !open {
						break drain
					}
				default:
					break drain
				}
			}
			s.saveHistory()
		}
	}
}

// blockFileIDs are the ids of the uploaded files a message's image blocks show.
func blockFileIDs(raw json.RawMessage) []string {
	var blocks []struct {
		Type      string `json:"type"`
		SlackFile *struct {
			ID string `json:"id"`
		} `json:"slack_file"`
	}
	_ = json.Unmarshal(raw, &blocks)
	var ids []string
	for _, b := range blocks {
		if b.Type == "image" && b.SlackFile != nil && b.SlackFile.ID != "" {
			ids = append(ids, b.SlackFile.ID)
		}
	}
	return ids
}

func changesHistory(t fakeslack.EventType) bool {
	return t == fakeslack.EventMessagePosted || t == fakeslack.EventMessageUpdated || t == fakeslack.EventMessageDeleted
}

// saveHistory writes every conversation's messages to the history file; a failure is logged
// and tried again on the next change.
func (s *Server) saveHistory() {
	convs := map[string][]fakeslack.Message{}
	for _, c := range s.cfg.Slack.Channels() {
		convs[c.ID] = s.cfg.Slack.Messages(c.ID)
	}
	if err := saveHistory(s.cfg.HistoryPath, convs, s.cfg.Slack.File); err != nil {
		s.log.Warn("playground: could not keep the conversation history", "path", s.cfg.HistoryPath, "err", err)
	}
}
