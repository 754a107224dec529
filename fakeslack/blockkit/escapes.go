package blockkit

import (
	"regexp"
	"strings"
)

// Slack reads <…> in mrkdwn and in a message's top-level text as a control sequence: a mention,
// a channel, a link or a special command. The bot under test never pings a channel or a group
// and mentions only real ids, so anything else in angle brackets is text that should have been
// escaped (&lt; &gt;): Slack would swallow it, or turn a name typed by a user into a ping.
var (
	controlSeq = regexp.MustCompile(`<([^<>]*)>`)
	userID     = regexp.MustCompile(`^@[UW][A-Z0-9]+(\|[^|]*)?$`)
	channelID  = regexp.MustCompile(`^#[CGD][A-Z0-9]+(\|[^|]*)?$`)
	linkTarget = regexp.MustCompile(`^(https?://|mailto:)[^\s|]+(\|[^|]*)?$`)
	dateSeq    = regexp.MustCompile(`^!date\^\d+\^[^|]*(\|[^|]*)?$`)
)

// CheckEscapes reports every control sequence in mrkdwn text that is not a well-formed, intended
// mention, channel, link or date: <!channel>, <!here>, <!everyone>, <!subteam^…>, a <@…> or <#…>
// that is not an id, and a literal <word> that Slack would swallow. Messages name the offending
// sequence.
func CheckEscapes(text string) []string {
	var errs []string
	for _, m := range controlSeq.FindAllStringSubmatch(text, -1) {
		if problem := controlProblem(m[1]); problem != "" {
			errs = append(errs, problem+": "+m[0])
		}
	}
	return errs
}

func controlProblem(inner string) string {
	switch {
	case strings.HasPrefix(inner, "!"):
		if dateSeq.MatchString(inner) {
			return ""
		}
		return "must not ping a channel or a group, or use a special command"
	case strings.HasPrefix(inner, "@"):
		if userID.MatchString(inner) {
			return ""
		}
		return "must mention only a user id (U… or W…)"
	case strings.HasPrefix(inner, "#"):
		if channelID.MatchString(inner) {
			return ""
		}
		return "must link only a channel id (C…, G… or D…)"
	case linkTarget.MatchString(inner):
		return ""
	}
	return "must escape < and > in text (&lt; &gt;): Slack swallows it as a control sequence"
}

// escapes checks the mrkdwn text at ptr.
func (c *checker) escapes(text, ptr string) {
	for _, e := range CheckEscapes(text) {
		c.failf(ptr, "%s", e)
	}
}
