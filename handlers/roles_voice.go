package handlers

import (
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
)

// roleVoice rewrites the words the salary answers use for the guide's role and figures ("Python
// backend", "the guide") for an added role, whose figures come from its own files: its name, and
// "your data". The built-in role's answers are left as written. Only the bot's own words change:
// the content's text (locations, notes, sources) has no such phrase to match.
func roleVoice(r *content.Role) *strings.Replacer {
	if r == nil || r.Key == content.BuiltinRoleKey {
		return nil
	}
	return strings.NewReplacer(
		"Python backend", r.Name,
		"From the guide", "From your data",
		"The guide's", "Your data's",
		"the guide's", "your data's",
		"the guide", "your data",
	)
}

// voiced is a in l's role's voice (see roleVoice).
func (l *Lookups) voiced(a answer) answer {
	if l.voice == nil {
		return a
	}
	a.text = l.voice.Replace(a.text)
	blocks := make([]slack.Block, len(a.blocks))
	for i, b := range a.blocks {
		blocks[i] = l.voicedBlock(b)
	}
	a.blocks = blocks
	if a.image != nil {
		img := &answerImage{name: a.image.name, title: l.voice.Replace(a.image.title), alt: l.voice.Replace(a.image.alt),
			chart: a.image.chart, at: a.image.at}
		img.chart.Title, img.chart.Subtitle = l.voice.Replace(img.chart.Title), l.voice.Replace(img.chart.Subtitle)
		a.image = img
	}
	return a
}

// voicedBlock is a copy of b with its text in l's voice; blocks without text are b itself.
func (l *Lookups) voicedBlock(b slack.Block) slack.Block {
	say := func(t *slack.TextBlockObject) *slack.TextBlockObject {
		if t == nil {
			return nil
		}
		c := *t
		c.Text = l.voice.Replace(c.Text)
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
