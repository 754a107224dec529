package handlers

import (
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// markdown renders the draft as Markdown that job boards accept.
func (d postingDoc) markdown() string {
	var b strings.Builder
	b.WriteString("# " + d.Title + "\n\n**" + d.Company + "** · " + strings.Join(d.Meta, " · ") + "\n")
	for _, s := range d.Sections {
		b.WriteString("\n## " + s.Heading + "\n")
		for _, p := range s.Paragraphs {
			b.WriteString("\n" + p + "\n")
		}
		for _, l := range s.Lists {
			if l.Title != "" {
				b.WriteString("\n### " + l.Title + "\n")
			}
			b.WriteString("\n")
			for _, it := range l.Items {
				b.WriteString("- " + it + "\n")
			}
		}
	}
	return b.String()
}

// blocks renders the draft for Slack: the title as a header, the company and the role's facts,
// then every section, split so no section block goes over Slack's limit.
func (d postingDoc) blocks() []slack.Block {
	blocks := []slack.Block{
		header(d.Title),
		contextBlock("*" + escape(d.Company) + "* · " + escape(strings.Join(d.Meta, " · "))),
	}
	for _, s := range d.Sections {
		blocks = append(blocks, sections(s.mrkdwn())...)
	}
	return blocks
}

// mrkdwn is one section as Slack mrkdwn: a bold heading, paragraphs, then lists under italic
// titles.
func (s postingSection) mrkdwn() string {
	parts := []string{"*" + escape(s.Heading) + "*"}
	for _, p := range s.Paragraphs {
		parts = append(parts, escape(p))
	}
	for _, l := range s.Lists {
		items := make([]string, len(l.Items))
		for i, it := range l.Items {
			items[i] = escape(it)
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
