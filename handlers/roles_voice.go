package handlers

import (
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
)

// roleVoice rewrites what the lookups say in the words of one of several roles, and returns nil
// when nothing needs rewriting (a single role). Two things change:
//   - the command examples the answers suggest take the role's word first ("`/salary seattle`"
//     becomes "`/salary frontend seattle`"), so that running one does not ask which role;
//   - for an added role, whose figures come from its own files, the phrases naming the guide's
//     role and figures ("Python backend", "the guide") name the role and "your data". Whole
//     phrases only: a role's own text ("the guidelines wiki") keeps its words.
func roleVoice(lib *content.Library, r *content.Role) func(string) string {
	if lib.Single() {
		return nil
	}
	var pairs []string
	for _, c := range []string{salaryCommand, questionsCommand, faqCommand} {
		pairs = append(pairs, "`"+c+" ", "`"+c+" "+r.Key+" ", "`"+c+"`", "`"+c+" "+r.Key+"`")
	}
	hints := strings.NewReplacer(pairs...)
	if r.Key == content.BuiltinRoleKey {
		return hints.Replace
	}
	words := map[string]string{
		"Python backend": r.Name,
		"From the guide": "From your data",
		"The guide's":    "Your data's",
		"the guide's":    "your data's",
		"the guide":      "your data",
	}
	phrases := regexp.MustCompile(`\b(Python backend|From the guide|The guide's|the guide's|the guide)\b`)
	return func(s string) string {
		return phrases.ReplaceAllStringFunc(hints.Replace(s), func(m string) string { return words[m] })
	}
}

// voiced is a in l's role's words (see roleVoice), rewritten once.
func (l *Lookups) voiced(a answer) answer {
	if l.voice == nil || a.voiced {
		return a
	}
	a.voiced = true
	a.text = l.voice(a.text)
	blocks := make([]slack.Block, len(a.blocks))
	for i, b := range a.blocks {
		blocks[i] = l.voicedBlock(b)
	}
	a.blocks = blocks
	if a.image != nil {
		img := &answerImage{name: a.image.name, title: l.voice(a.image.title), alt: l.voice(a.image.alt),
			chart: a.image.chart, at: a.image.at}
		img.chart.Title, img.chart.Subtitle = l.voice(img.chart.Title), l.voice(img.chart.Subtitle)
		a.image = img
	}
	return a
}

// voicedBlock is a copy of b with its text in l's words; blocks without text are b itself.
func (l *Lookups) voicedBlock(b slack.Block) slack.Block {
	say := func(t *slack.TextBlockObject) *slack.TextBlockObject {
		if t == nil {
			return nil
		}
		c := *t
		c.Text = l.voice(c.Text)
		return &c
	}
	switch b := b.(type) {
	case *slack.HeaderBlock:
		c := *b
		c.Text = say(b.Text)
		return &c
	case *slack.SectionBlock:
		c := *b
		c.Text = say(b.Text)
		c.Fields = make([]*slack.TextBlockObject, len(b.Fields))
		for i, f := range b.Fields {
			c.Fields[i] = say(f)
		}
		return &c
	case *slack.ContextBlock:
		c := *b
		c.ContextElements.Elements = make([]slack.MixedElement, len(b.ContextElements.Elements))
		for i, e := range b.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); ok {
				e = say(t)
			}
			c.ContextElements.Elements[i] = e
		}
		return &c
	}
	return b
}
