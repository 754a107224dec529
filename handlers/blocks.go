package handlers

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit limits the builders below respect (see the fake Slack's blockkit package for all).
const (
	maxSectionText = 3000
	maxHeaderText  = 150
	maxButtonValue = 2000
)

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func header(text string) slack.Block {
	return slack.NewHeaderBlock(plain(truncate(text, maxHeaderText)))
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(truncate(text, maxSectionText)), nil, nil)
}

// sections splits long mrkdwn text at line breaks into as many section blocks as it needs, so no
// section goes over Slack's 3000-character limit.
func sections(text string) []slack.Block {
	var blocks []slack.Block
	for _, chunk := range splitLines(text, maxSectionText) {
		blocks = append(blocks, section(chunk))
	}
	return blocks
}

func fieldsSection(text string, fields []string) slack.Block {
	objs := make([]*slack.TextBlockObject, len(fields))
	for i, f := range fields {
		objs[i] = mrkdwn(f)
	}
	var t *slack.TextBlockObject
	if text != "" {
		t = mrkdwn(text)
	}
	return slack.NewSectionBlock(t, objs, nil)
}

func contextBlock(text string) slack.Block {
	return slack.NewContextBlock("", mrkdwn(truncate(text, maxSectionText)))
}

func divider() slack.Block { return slack.NewDividerBlock() }

// splitLines cuts text into pieces of at most limit characters, breaking between lines where it can.
func splitLines(text string, limit int) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		for utf8.RuneCountInString(line) > limit {
			head := truncateRunes(line, limit)
			flush(&out, &cur)
			out = append(out, head)
			line = line[len(head):]
		}
		if utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(line)+1 > limit {
			flush(&out, &cur)
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	flush(&out, &cur)
	return out
}

func flush(out *[]string, cur *strings.Builder) {
	if strings.TrimSpace(cur.String()) != "" {
		*out = append(*out, cur.String())
	}
	cur.Reset()
}

// truncate shortens s to at most limit characters, ending with an ellipsis when it cut anything.
func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return truncateRunes(s, limit-1) + "…"
}

func truncateRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// escape makes text safe to show in mrkdwn without mentioning anyone, pinging a channel or being
// swallowed as a control sequence: it escapes the three characters Slack reserves, &, < and >.
// Use it for the content files' texts, whose formatting is the team's to choose; user-written
// text goes through literal.
func escape(s string) string {
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// wordJoiner (U+2060) is invisible, never a line break and, being a default-ignorable code point,
// dropped by Unicode-aware search normalisation, so "snake_case" is still found as typed.
const wordJoiner = "\u2060"

// literal shows user-written text (a candidate's name, a role, a scorecard note) exactly as
// typed in mrkdwn. On top of escape it neutralises Slack's formatting marks, *, _, ~ and `:
// each gets a word joiner on both sides, so it is never at a word boundary, where Slack looks
// for the start or end of bold, italics, strike-through or code. The marks stay visible as
// typed. Inside backticks use code instead: formatting does not apply there, and the text
// should stay copyable.
func literal(s string) string {
	return escape(unmark(s))
}

// unmark is literal without escape: it neutralises the formatting marks of user-written text
// that goes into a longer text, a template's paragraph, which is escaped as a whole when shown.
func unmark(s string) string {
	return markEscaper.Replace(s)
}

var markEscaper = strings.NewReplacer(
	"*", wordJoiner+"*"+wordJoiner, "_", wordJoiner+"_"+wordJoiner,
	"~", wordJoiner+"~"+wordJoiner, "`", wordJoiner+"`"+wordJoiner)

// didYouMean is the one way a lookup that matched nothing offers the nearest match
// (found with content.Suggest): shown is its name as mrkdwn, command what to try instead.
func didYouMean(shown, command string) string {
	return " Did you mean *" + shown + "*? Try " + code(command) + "."
}

// code shows text as inline code, for a command to copy: "`/feedback summary Jane Doe`". Its
// &, < and > are escaped, and a backtick in it, which would end the code early, becomes a
// look-alike (U+02CB).
func code(s string) string {
	return "`" + strings.ReplaceAll(escape(s), "`", "\u02cb") + "`"
}

// bullets renders items as a mrkdwn bullet list.
func bullets(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(it)
	}
	return b.String()
}

// mentions is a list of user mentions: "<@U1>, <@U2>".
func mentions(users []string) string {
	parts := make([]string, len(users))
	for i, u := range users {
		parts[i] = "<@" + u + ">"
	}
	return strings.Join(parts, ", ")
}
