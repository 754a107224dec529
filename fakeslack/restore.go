package fakeslack

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// RestoreMessages adds messages kept from an earlier run with their channels, timestamps,
// authors and content, as if they had been posted then, so that their buttons still work.
// Ephemeral and deleted messages, messages of unknown channels and timestamps already taken
// are skipped. Messages posted later get later timestamps. It returns how many were added.
func (s *Server) RestoreMessages(ms []Message) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range ms {
		us, ok := tsMicros(m.TS)
		if !ok || m.Ephemeral || m.Deleted || s.st.channels[m.Channel] == nil || s.findMessageLocked(m.Channel, m.TS) != nil {
			continue
		}
		rec := m.clone()
		rec.Seq = s.bumpLocked()
		s.st.messages = append(s.st.messages, &rec)
		s.lastTS = max(s.lastTS, us)
		s.emitLocked(Event{Type: EventMessagePosted, Message: ptr(rec.clone())})
		n++
	}
	return n
}

// RestoreFiles adds finished files kept from an earlier run, with their ids, names, titles and
// contents, so that restored messages sharing or showing them still find them. Files whose id is
// taken, that have no content or whose id is not one the fake hands out are skipped; files
// uploaded later get new ids. It returns how many were added.
func (s *Server) RestoreFiles(fs []File) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range fs {
		seq, ok := idSeq("F", f.ID)
		if !ok || len(f.Content) == 0 || s.st.files[f.ID] != nil {
			continue
		}
		s.st.files[f.ID] = &File{ID: f.ID, Name: f.Name, Title: cmp.Or(f.Title, f.Name), Length: len(f.Content),
			Content: slices.Clone(f.Content), Uploaded: true, Complete: true}
		s.ids = max(s.ids, seq)
		n++
	}
	return n
}

// idSeq reads the counter of an id newIDLocked made with prefix: "F00000002A" is 42.
func idSeq(prefix, id string) (uint64, bool) {
	hexPart, ok := strings.CutPrefix(id, prefix)
	if !ok || len(hexPart) != 9 {
		return 0, false
	}
	n, err := strconv.ParseUint(hexPart, 16, 64)
	if err != nil || strings.ToUpper(hexPart) != hexPart {
		return 0, false
	}
	return n, true
}

// tsMicros reads a message timestamp "secs.micros" as microseconds.
func tsMicros(ts string) (int64, bool) {
	secs, micros, ok := strings.Cut(ts, ".")
	s, err1 := strconv.ParseInt(secs, 10, 64)
	us, err2 := strconv.ParseInt(micros, 10, 64)
	if !ok || err1 != nil || err2 != nil || len(micros) != 6 {
		return 0, false
	}
	return s*1_000_000 + us, true
}
