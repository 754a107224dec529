package bot

import "sync"

// seenSet remembers the most recent keys it was given, up to a fixed number, so that an envelope
// Slack delivers again is recognised without memory growing forever.
type seenSet struct {
	mu    sync.Mutex
	limit int
	keys  map[string]struct{}
	ring  []string
	next  int
}

func newSeenSet(limit int) *seenSet {
	return &seenSet{limit: limit, keys: make(map[string]struct{}, limit), ring: make([]string, limit)}
}

// Add records key and reports whether it was new.
func (s *seenSet) Add(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.keys[key]; ok {
		return false
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.keys, old)
	}
	s.ring[s.next] = key
	s.next = (s.next + 1) % s.limit
	s.keys[key] = struct{}{}
	return true
}
