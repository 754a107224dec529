package fakeslack

import "strings"

// chatGetPermalink answers chat.getPermalink: a link to a message, in
// Slack's shape https://<domain>.slack.com/archives/<channel>/p<ts without
// the dot>. Ephemeral and deleted messages have none.
func (s *Server) chatGetPermalink(r *apiRequest) result {
	channel, ts := r.get("channel"), r.get("message_ts")
	if _, ok := s.st.channels[channel]; !ok {
		return fail("channel_not_found")
	}
	m := s.findMessageLocked(channel, ts)
	if m == nil || m.Deleted || m.Ephemeral {
		return fail("message_not_found")
	}
	link := "https://" + s.teamDomain() + ".slack.com/archives/" + channel + "/p" + strings.ReplaceAll(ts, ".", "")
	return okResult("channel", channel, "permalink", link)
}
