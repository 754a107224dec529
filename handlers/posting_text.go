package handlers

import (
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// markdown renders the draft as Markdown that job boards accept. Every text is escaped, so
// nothing in it (a "<script>", a "*", a "[link](…)") becomes markup or raw HTML, and each
// placeholder stays marked in bold for the author to replace.
func (d postingDoc) markdown() string {
	var b strings.Builder
	b.WriteString("# " + mdEscape(d.Title) + "\n\n**" + mdEscape(d.Company) + "** · " + mdEscape(strings.Join(d.Meta, " · ")) + "\n")
	for _, s := range d.Sections {
		b.WriteString("\n## " + mdEscape(s.Heading) + "\n")
		for _, p := range s.Paragraphs {
			b.WriteString("\n" + mdEscape(p) + "\n")
		}
		for _, l := range s.Lists {
			if l.Title != "" {
				b.WriteString("\n### " + mdEscape(l.Title) + "\n")
			}
			b.WriteString("\n")
			for _, it := range l.Items {
				if content.IsPlaceholder(it) {
					b.WriteString("- **" + mdEscape(it) + "**\n")
				} else {
					b.WriteString("- " + mdEscape(it) + "\n")
				}
			}
		}
	}
	return b.String()
}

// mdInline escapes the characters that make inline Markdown: emphasis, code, links and images
// (no "[" is left to follow a "!"), tables and strike-through with a backslash, and "<" and ">" as entities, so no HTML tag survives.
var mdInline = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`,
	"<", "&lt;", ">", "&gt;",
)

// mdLineStart matches what would start a block at the beginning of a line: a heading, a quote
// (already an entity), a list item or a numbered one, a rule or a code fence.
var mdLineStart = regexp.MustCompile(`^(\s*)([#+=-]|\d+[.)])`)

// mdEscape makes text plain in Markdown, line by line.
func mdEscape(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = mdInline.Replace(l)
		lines[i] = mdLineStart.ReplaceAllStringFunc(l, func(m string) string {
			trimmed := strings.TrimLeft(m, " \t")
			lead := m[:len(m)-len(trimmed)]
			if last := len(trimmed) - 1; trimmed[last] == '.' || trimmed[last] == ')' {
				return lead + trimmed[:last] + `\` + trimmed[last:]
			}
			return lead + `\` + trimmed
		})
	}
	return strings.Join(lines, "\n")
}

// blocks renders the draft for Slack: the title as a header, the company and the role's facts,
// then every section, split so no section block goes over Slack's limit. What the author typed
// shows as typed, its marks no formatting; the template's text keeps its own.
func (d postingDoc) blocks() []slack.Block {
	blocks := []slack.Block{
		header(d.Title),
		contextBlock("*" + literal(d.Company) + "* · " + escape(strings.Join(d.Meta, " · "))),
	}
	for _, s := range d.slackSections {
		blocks = append(blocks, sections(s.mrkdwn())...)
	}
	return blocks
}

// mrkdwn is one section as Slack mrkdwn: a bold heading, paragraphs, then lists under italic
// titles. The author's text in it is already unmarked (see postingDoc.slackSections).
func (s postingSection) mrkdwn() string {
	parts := []string{"*" + escape(s.Heading) + "*"}
	for _, p := range s.Paragraphs {
		parts = append(parts, escape(p))
	}
	for _, l := range s.Lists {
		items := make([]string, len(l.Items))
		for i, it := range l.Items {
			items[i] = escape(it)
			if content.IsPlaceholder(it) {
				items[i] = ":warning: *" + items[i] + "*"
			}
		}
		list := bullets(items)
		if l.Title != "" {
			list = "_" + escape(l.Title) + "_\n" + list
		}
		parts = append(parts, list)
	}
	return strings.Join(parts, "\n\n")
}

// postingHint is a phrase of the word list found in the author's inputs or in the draft.
type postingHint struct {
	Where string // "the title", "the company name", "your notes", "the draft"
	Flag  content.Flag
}

// postingHints checks the author's own inputs, then the finished draft, against the word list.
// A phrase found in an input is reported there only, not again for the draft that contains it.
func postingHints(w content.Wording, f data.PostingFields, draft string) []postingHint {
	var hints []postingHint
	seen := map[string]bool{}
	for _, in := range []struct{ where, text string }{
		{"the title", f.Title}, {"the company name", f.Company}, {"your notes", f.Notes}, {"the draft", draft},
	} {
		for _, fl := range w.Check(in.text) {
			if !seen[fl.Term.Phrases[0]] {
				seen[fl.Term.Phrases[0]] = true
				hints = append(hints, postingHint{Where: in.where, Flag: fl})
			}
		}
	}
	return hints
}

// postingHintsText is the wording hints as a mrkdwn list.
func postingHintsText(hints []postingHint) string {
	items := make([]string, len(hints))
	for i, h := range hints {
		items[i] = "“" + escape(h.Flag.Phrase) + "” in " + h.Where + ": " + escape(h.Flag.Term.Reason) +
			". Try “" + escape(h.Flag.Term.Suggestion) + "”."
	}
	return ":bulb: *Wording hints*\n" + bullets(items)
}

// postingConfirmText is what the author must confirm before publishing, as a mrkdwn list.
func postingConfirmText(confirm []string) string {
	items := make([]string, len(confirm))
	for i, c := range confirm {
		items[i] = escape(c)
	}
	return ":warning: *Confirm before publishing*: the draft marks these for you to check or replace. " +
		"Tick the benefits you offer and enter your salary range in *Edit* to fill them in.\n" + bullets(items)
}
