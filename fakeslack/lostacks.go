package fakeslack

// LoseAcks makes the next n acks from the app vanish on the way, as when the app dies after
// handling an envelope but before its ack frame leaves, or the socket drops under it: Slack never
// sees them, so each envelope is redelivered after AckTimeout, to whichever connection is open.
func (s *Server) LoseAcks(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lose = n
}
