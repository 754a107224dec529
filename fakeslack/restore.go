package fakeslack

import (
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
